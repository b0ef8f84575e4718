import { createKeelServer } from '../../server/app.js';
import { createLogger, type LogLevel } from '../../server/logger.js';
import { DEFAULT_PORT, serve } from '../../server/node.js';
import { CliError } from '../errors.js';
import { parseCommandArgs, parsePort } from '../parse.js';
import { dataDirPath, describeStore, loadAdminKey, loadSecret, removeServerRecord, writeServerRecord } from '../state.js';
import { openCliStore, seedIfEmpty } from '../store.js';

export const SERVE_HELP = `Usage: keel serve [options]

Run the Keel backend with the sandbox billing engine. On first start the
demo sandbox is seeded; request logs are JSON lines on standard output.

Options:
  --port PORT            TCP port; 0 picks a free one (default: ${DEFAULT_PORT}, or KEEL_PORT)
  --host ADDRESS         Interface to listen on (default: 127.0.0.1)
  --data-dir DIR         Directory for the PGlite database, keys and server record (default: .keel, or KEEL_DATA_DIR)
  --database-url URL     Use PostgreSQL at URL instead of PGlite (or KEEL_DATABASE_URL)
  --provider NAME        Billing provider; only "sandbox" is available from the CLI (default: sandbox)
  --allowed-origin URL   Browser origin allowed to call the API; repeat for several
  --skip-seed            Do not create the demo sandbox when the store is empty
  --log-level LEVEL      debug, info, warn or error (default: info)
  -h, --help             Show this help

Stop with Ctrl+C (SIGINT) or SIGTERM.
`;

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('serve', args, {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
    provider: { type: 'string' },
    'allowed-origin': { type: 'string', multiple: true },
    'skip-seed': { type: 'boolean' },
    'log-level': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }

  const provider = (values.provider as string | undefined) ?? 'sandbox';
  if (provider !== 'sandbox') {
    throw new CliError(`Provider "${provider}" cannot be started from the CLI; use "sandbox", or mount createKeelServer in your own server for Stripe.`);
  }
  const level = ((values['log-level'] as string | undefined) ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new CliError(`Log level "${level}" is invalid; use debug, info, warn or error.`);
  const port = parsePort((values.port as string | undefined) ?? process.env.KEEL_PORT, DEFAULT_PORT);
  const hostname = (values.host as string | undefined) ?? '127.0.0.1';
  const dataDir = dataDirPath(values['data-dir'] as string | undefined);
  const databaseUrl = (values['database-url'] as string | undefined) ?? process.env.KEEL_DATABASE_URL;
  const where = describeStore(databaseUrl, dataDir);

  const secret = loadSecret(dataDir);
  const adminKey = loadAdminKey(dataDir);
  process.stderr.write(`Opening ${where}...\n`);
  const store = await openCliStore({ dataDir, databaseUrl }, true);

  let keel;
  try {
    if (!values['skip-seed']) {
      const seeded = await seedIfEmpty(store);
      if (seeded) process.stderr.write(`Seeded the demo sandbox with ${seeded.length} customers.\n`);
    }
    keel = createKeelServer({
      secret,
      adminKey,
      provider: 'sandbox',
      store,
      allowedOrigins: (values['allowed-origin'] as string[] | undefined) ?? [],
      logger: createLogger({ level }),
    });
    await keel.ready();
  } catch (error) {
    await keel?.close();
    await store.close();
    throw new CliError(`The Keel server failed to start: ${(error as Error).message}`);
  }

  let running;
  try {
    running = await serve({ server: keel, port, hostname, logger: createLogger({ level: 'warn' }) });
  } catch (error) {
    await keel.close();
    await store.close();
    throw new CliError((error as Error).message);
  }

  writeServerRecord(dataDir, { url: running.url, pid: process.pid, store: where });
  process.stderr.write(`Keel sandbox server listening on ${running.url} (store: ${where}).\n`);
  process.stderr.write(`Mint a session with "keel token --customer cus_jp_expired"; the admin key is in ${dataDir}/admin-key.\n`);

  const signal = await waitForStopSignal();
  process.stderr.write(`Received ${signal}; stopping...\n`);
  await running.close();
  await store.close();
  removeServerRecord(dataDir, process.pid);
  process.stderr.write('Keel server stopped.\n');
  return 0;
}
