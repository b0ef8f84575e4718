import { CAPABILITIES, type Capability } from '../../contract/capabilities.js';
import { createSessionSigner } from '../../server/auth/session-token.js';
import { CliError } from '../errors.js';
import { parseCommandArgs, parseDurationSeconds } from '../parse.js';
import { dataDirPath, loadSecret } from '../state.js';

export const TOKEN_HELP = `Usage: keel token --customer ID [options]

Mint a portal session token signed with the same secret as "keel serve",
and print it on standard output.

Options:
  --customer ID          Customer the session belongs to (required)
  --capabilities LIST    Comma-separated capabilities, "all" or "read" (default: all)
  --ttl DURATION         Lifetime such as 900, 15m or 12h; at most 24h (default: 15m)
  --locale TAG           Locale the portal starts in, such as ja or en-GB
  --return-url URL       Where the portal's back link leads (an absolute http or https URL)
  --data-dir DIR         Directory holding the secret (default: .keel, or KEEL_DATA_DIR)
  -h, --help             Show this help

Capabilities: ${CAPABILITIES.join(', ')}
`;

function parseCapabilities(text: string | undefined): Capability[] {
  if (text === undefined || text === 'all') return [...CAPABILITIES];
  if (text === 'read') return CAPABILITIES.filter((name) => name.endsWith('.read'));
  const names = text.split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!(CAPABILITIES as readonly string[]).includes(name)) {
      throw new CliError(`Capability "${name}" is unknown; use some of: ${CAPABILITIES.join(', ')}.`);
    }
  }
  return names as Capability[];
}

export async function tokenCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('token', args, {
    customer: { type: 'string' },
    capabilities: { type: 'string' },
    ttl: { type: 'string' },
    locale: { type: 'string' },
    'return-url': { type: 'string' },
    'data-dir': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(TOKEN_HELP);
    return 0;
  }
  const customerId = values.customer as string | undefined;
  if (!customerId) throw new CliError('keel token needs --customer ID; run "keel token --help" for the options.');

  const capabilities = parseCapabilities(values.capabilities as string | undefined);
  const ttlSeconds = values.ttl === undefined ? undefined : parseDurationSeconds(values.ttl as string, 'The --ttl value');
  const returnUrl = values['return-url'] as string | undefined;
  let returnOrigin: string | null = null;
  if (returnUrl !== undefined) {
    try {
      returnOrigin = new URL(returnUrl).origin;
    } catch {
      throw new CliError(`The --return-url value "${returnUrl}" is not an absolute URL such as https://app.example.com/account.`);
    }
  }
  const dataDir = dataDirPath(values['data-dir'] as string | undefined);
  const signer = createSessionSigner({
    secret: loadSecret(dataDir),
    returnUrlAllowlist: returnOrigin ? [returnOrigin] : [],
  });

  let session;
  try {
    session = await signer.createPortalSession({
      customerId,
      capabilities,
      ...(ttlSeconds !== undefined ? { ttlSeconds } : {}),
      ...(values.locale ? { locale: values.locale as string } : {}),
      ...(returnUrl ? { returnUrl } : {}),
    });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  process.stdout.write(`${session.token}\n`);
  process.stderr.write(`Session ${session.id} for customer ${customerId} expires at ${session.expiresAt.toISOString()}.\n`);
  return 0;
}
