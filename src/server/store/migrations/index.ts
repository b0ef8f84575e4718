import type { Migration, MigrationProvider } from 'kysely';

import * as m0001_sandbox from './0001_sandbox.js';
import * as m0100_platform from './0100_platform.js';
import * as m0110_dunning_recoveries from './0110_dunning_recoveries.js';

/**
 * Every migration of the store, in the order they run.
 *
 * To add one: create `NNNN_name.ts` in this folder with the next number,
 * exporting `up(db)` (and `down(db)` when it can be undone) built with
 * Kysely's schema builder, one statement per call (PGlite runs one statement
 * per query), then import it here and append it to this list. Add the new
 * tables' row types to `Database` in ../schema.ts. Never edit or reorder a
 * migration that has shipped: a database that already ran it will not run it
 * again.
 */
export const migrations: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['0001_sandbox', m0001_sandbox],
  ['0100_platform', m0100_platform],
  ['0110_dunning_recoveries', m0110_dunning_recoveries],
];

/** Kysely migration provider over `migrations`, for the Migrator. */
export function listMigrationProvider(list: ReadonlyArray<readonly [string, Migration]> = migrations): MigrationProvider {
  return {
    async getMigrations() {
      return Object.fromEntries(list);
    },
  };
}
