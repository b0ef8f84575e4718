/**
 * The `keel` command: run the sandbox backend, mint session tokens, seed the
 * demo sandbox and move its test clock.
 *
 * @module
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clockCommand } from './commands/clock.js';
import { seedCommand } from './commands/seed.js';
import { serveCommand } from './commands/serve.js';
import { tokenCommand } from './commands/token.js';
import { CliError } from './errors.js';

export const MAIN_HELP = `Usage: keel <command> [options]

Commands:
  serve     Run the Keel backend with the sandbox billing engine
  token     Mint a portal session token for a customer
  seed      Create the demo sandbox with its customers
  clock     Show or advance the sandbox test clock

Run "keel <command> --help" for the options of a command.
`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  serve: serveCommand,
  token: tokenCommand,
  seed: seedCommand,
  clock: clockCommand,
};

/** Run the CLI with `argv` (without the node and script paths) and return the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(MAIN_HELP);
    return command === undefined ? 1 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`keel: "${command}" is not a command. Run "keel --help" for the list.\n`);
    return 1;
  }
  try {
    return await run(args);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`keel ${command}: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`keel ${command}: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
