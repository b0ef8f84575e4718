/**
 * `npm run demo`: starts the sandbox backend and the demo app in one process
 * and stops both on Ctrl-C. Options: `--port N` (default 4400, 0 for any free
 * port) and `--data-dir DIR` (default .keel/demo).
 */
import { parseArgs } from 'node:util';
import { startDemo } from './demo-server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.KEEL_DEMO_PORT ?? '4400' },
    'data-dir': { type: 'string', default: process.env.KEEL_DEMO_DATA_DIR ?? '.keel/demo' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write('Usage: npm run demo -- [--port N] [--data-dir DIR]\n\nRuns the Keel demo app and sandbox backend on 127.0.0.1.\n');
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`The port "${values.port}" is invalid; give a whole number from 0 to 65535.\n`);
  process.exit(2);
}

const progress = (line: string) => process.stderr.write(`${line}\n`);
progress('Starting the Keel demo.');

try {
  const demo = await startDemo({ port, dataDir: values['data-dir']!, progress });
  progress(`Keel demo running at ${demo.url}/ (sandbox, no real money). Press Ctrl-C to stop.`);

  const stop = async (signal: string) => {
    progress(`Received ${signal}; stopping the demo…`);
    await demo.close();
    progress('Demo stopped.');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  progress(`The demo failed to start: ${(error as Error).message}`);
  process.exit(1);
}
