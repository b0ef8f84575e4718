import { randomUUID } from 'node:crypto';
import { DEFAULT_PORT } from '../../server/node.js';
import { CliError } from '../errors.js';
import { parseCommandArgs } from '../parse.js';
import { dataDirPath, loadAdminKey, readServerRecord } from '../state.js';

export const CLOCK_HELP = `Usage: keel clock [advance DURATION] [options]

Show the sandbox test clock of a running "keel serve", or advance it and run
the renewals, retries and pause ends that fall due.

  keel clock                 Show the clock
  keel clock advance 7d      Advance by a duration: 30m, 12h, 7d or 2w

Options:
  --url URL        Address of the server (default: the one "keel serve" recorded in the data directory,
                   else http://127.0.0.1:${DEFAULT_PORT})
  --data-dir DIR   Directory holding the admin key (default: .keel, or KEEL_DATA_DIR)
  -h, --help       Show this help
`;

interface TestClock {
  frozen_time: string;
  events_run: number;
}

async function callServer(url: string, adminKey: string, init: RequestInit): Promise<TestClock> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${adminKey}` } });
  } catch {
    throw new CliError(`No Keel server responded at ${new URL(url).origin}; start one with "keel serve" or pass --url.`);
  }
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | TestClock | null;
  if (!response.ok) {
    const message = body && 'error' in body && body.error?.message ? body.error.message : `HTTP ${response.status}`;
    throw new CliError(`The server rejected the request: ${message}`);
  }
  return body as TestClock;
}

export async function clockCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('clock', args, { url: { type: 'string' }, 'data-dir': { type: 'string' } }, true);
  if (values.help) {
    process.stdout.write(CLOCK_HELP);
    return 0;
  }
  const dataDir = dataDirPath(values['data-dir'] as string | undefined);
  const base = ((values.url as string | undefined) ?? readServerRecord(dataDir)?.url ?? `http://127.0.0.1:${DEFAULT_PORT}`).replace(/\/$/, '');
  const adminKey = loadAdminKey(dataDir);

  const [action, duration, ...rest] = positionals;
  if (action === undefined) {
    const clock = await callServer(`${base}/v1/sandbox/clock`, adminKey, { method: 'GET' });
    process.stdout.write(`Test clock at ${base} reads ${clock.frozen_time}.\n`);
    return 0;
  }
  if (action !== 'advance') throw new CliError(`"${action}" is not a clock action; use "keel clock advance 7d" or "keel clock".`);
  if (duration === undefined || rest.length > 0) throw new CliError('keel clock advance needs one duration, such as 30m, 12h, 7d or 2w.');
  if (!/^\d{1,4}[mhdw]$/.test(duration)) {
    throw new CliError(`"${duration}" is not a clock duration; write a number with m, h, d or w, such as 7d.`);
  }

  const clock = await callServer(`${base}/v1/sandbox/clock/advance`, adminKey, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ duration }),
  });
  process.stdout.write(`Test clock advanced by ${duration} to ${clock.frozen_time}; ${clock.events_run} scheduled events ran.\n`);
  return 0;
}
