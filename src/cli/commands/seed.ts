import { CliError } from '../errors.js';
import { parseCommandArgs } from '../parse.js';
import { dataDirPath, describeStore } from '../state.js';
import { openCliStore, seedIfEmpty, SEED_SANDBOX_ID } from '../store.js';

export const SEED_HELP = `Usage: keel seed [options]

Create the demo sandbox: plans, prices and customers in every dunning state,
with their invoice histories. Does nothing when the sandbox already exists.

Options:
  --data-dir DIR        Directory for the PGlite database and keys (default: .keel, or KEEL_DATA_DIR)
  --database-url URL    Use PostgreSQL at URL instead of PGlite (or KEEL_DATABASE_URL)
  -h, --help            Show this help
`;

export async function seedCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('seed', args, {
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(SEED_HELP);
    return 0;
  }
  if (args.length > 0 && values['data-dir'] === undefined && values['database-url'] === undefined) {
    throw new CliError('keel seed takes no arguments besides its options.');
  }
  const dataDir = dataDirPath(values['data-dir'] as string | undefined);
  const databaseUrl = (values['database-url'] as string | undefined) ?? process.env.KEEL_DATABASE_URL;
  const where = describeStore(databaseUrl, dataDir);

  const store = await openCliStore({ dataDir, databaseUrl });
  try {
    const seeded = await seedIfEmpty(store);
    if (seeded === null) {
      process.stderr.write(`The demo sandbox ${SEED_SANDBOX_ID} already exists in ${where}; nothing changed.\n`);
      return 0;
    }
    process.stderr.write(`Seeded the demo sandbox ${SEED_SANDBOX_ID} in ${where} with ${seeded.length} customers:\n`);
    for (const customer of seeded) process.stdout.write(`  ${customer.id.padEnd(24)} ${customer.description}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
