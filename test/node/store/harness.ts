// Opens stores for tests: PGlite always, PostgreSQL when KEEL_TEST_DATABASE_URL
// is set. Each PostgreSQL store gets its own schema, dropped on close, so test
// files running in parallel never see each other's rows.

import { randomBytes } from 'node:crypto';

import { sql } from 'kysely';

import { openStore, type Store } from '../../../src/server/store/index.js';

export interface StoreTarget {
  name: 'pglite' | 'postgres';
  /** Reason this target is skipped, or false when it runs. */
  skip: string | false;
  open(): Promise<Store>;
}

/** Returns the PGlite target and the PostgreSQL target (skipped without a URL). */
export function storeTargets(): StoreTarget[] {
  const url = process.env.KEEL_TEST_DATABASE_URL;
  return [
    { name: 'pglite', skip: false, open: () => openStore() },
    {
      name: 'postgres',
      skip: url ? false : 'KEEL_TEST_DATABASE_URL is not set, so the PostgreSQL half is skipped',
      open: () => openPostgresTestStore(url ?? ''),
    },
  ];
}

/** Opens a PostgreSQL store in a fresh schema that `close()` drops. */
export async function openPostgresTestStore(url: string): Promise<Store> {
  const schema = `keel_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const store = await openStore({ url, schema, maxConnections: 4 });
  return {
    ...store,
    close: async () => {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
      await store.close();
    },
  };
}

/** Empties every table of the store except the migration bookkeeping. */
export async function resetStore(store: Store): Promise<void> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_tables
    where schemaname = current_schema() and tablename not like 'kysely_%'
  `.execute(store.db);
  if (rows.length === 0) return;
  const tables = sql.join(rows.map((row) => sql.id(row.tablename)));
  await sql`truncate ${tables} cascade`.execute(store.db);
}
