/**
 * Opening the store and seeding the demo sandbox for CLI commands.
 *
 * @module
 */
import { SEED_CUSTOMERS, SEED_SANDBOX_ID, seedSandbox } from '../server/providers/sandbox/seeds.js';
import { openStore, type Store } from '../server/store/index.js';
import { CliError } from './errors.js';
import { describeStore, pgliteDir, readServerRecord } from './state.js';

export interface StoreChoice {
  dataDir: string;
  databaseUrl: string | undefined;
}

/** Open the store the options select. With `forServer`, reject when another `keel serve` already uses the PGlite directory. */
export async function openCliStore(choice: StoreChoice, forServer = false): Promise<Store> {
  const description = describeStore(choice.databaseUrl, choice.dataDir);
  if (!choice.databaseUrl) {
    const running = readServerRecord(choice.dataDir);
    if (running && running.pid !== process.pid && !forServer) {
      throw new CliError(`keel serve (pid ${running.pid}) is using ${description}; stop it first, because PGlite allows one process at a time.`);
    }
    if (running && forServer) {
      throw new CliError(`Another keel serve (pid ${running.pid}) is already using ${description} at ${running.url}; stop it or choose another --data-dir.`);
    }
  }
  try {
    return choice.databaseUrl ? await openStore({ url: choice.databaseUrl }) : await openStore({ dataDir: pgliteDir(choice.dataDir) });
  } catch (error) {
    throw new CliError(`Could not open ${description}: ${(error as Error).message}.`);
  }
}

/** Check whether the demo sandbox already exists in `store`. */
export async function isSeeded(store: Store): Promise<boolean> {
  const row = await store.db.selectFrom('sandboxes').select('id').where('id', '=', SEED_SANDBOX_ID).executeTakeFirst();
  return row !== undefined;
}

/** Seed the demo sandbox unless it exists; returns the customers seeded, or null when it already existed. */
export async function seedIfEmpty(store: Store): Promise<typeof SEED_CUSTOMERS | null> {
  if (await isSeeded(store)) return null;
  await seedSandbox(store, SEED_SANDBOX_ID);
  return SEED_CUSTOMERS;
}

export { SEED_SANDBOX_ID };
