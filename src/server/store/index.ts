import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';

import { migrateToLatest } from './migrate.js';
import { PGliteDialect } from './pglite-dialect.js';
import { assertSchemaName, createPostgresPool } from './postgres.js';
import type { Database } from './schema.js';

export type { Database } from './schema.js';
export * from './schema.js';
export { migrations, listMigrationProvider } from './migrations/index.js';
export { migrateToLatest, MigrationError } from './migrate.js';
export { PGliteDialect, createPGlite } from './pglite-dialect.js';

export type StoreKind = 'pglite' | 'postgres';

export interface StoreOptions {
  /** PostgreSQL connection URL; when set the store uses PostgreSQL instead of PGlite. */
  url?: string;
  /** PGlite data directory; omitted means an in-memory database. Ignored with `url`. */
  dataDir?: string;
  /** PostgreSQL schema to create and use (default: the connection's search_path). Ignored for PGlite. */
  schema?: string;
  /** Maximum pooled PostgreSQL connections. */
  maxConnections?: number;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

export interface Store {
  readonly kind: StoreKind;
  readonly db: Kysely<Database>;
  /** Runs `fn` in one transaction, committed when it resolves and rolled back when it throws. */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Reads store options from `KEEL_DATABASE_URL` and `KEEL_DATA_DIR`. */
export function storeOptionsFromEnv(env: Record<string, string | undefined> = process.env): StoreOptions {
  const options: StoreOptions = {};
  if (env.KEEL_DATABASE_URL) options.url = env.KEEL_DATABASE_URL;
  if (env.KEEL_DATA_DIR) options.dataDir = env.KEEL_DATA_DIR;
  return options;
}

/**
 * Opens the store: PostgreSQL through a `pg` pool when `url` is given,
 * otherwise PGlite in memory or in `dataDir`. Pending migrations are applied
 * before it returns.
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  let kind: StoreKind;
  let db: Kysely<Database>;

  if (options.url) {
    kind = 'postgres';
    const poolConfig: Parameters<typeof createPostgresPool>[0] = { url: options.url };
    if (options.schema !== undefined) poolConfig.schema = options.schema;
    if (options.maxConnections !== undefined) poolConfig.max = options.maxConnections;
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPostgresPool(poolConfig) }) });
  } else {
    kind = 'pglite';
    const config: { dataDir?: string } = {};
    if (options.dataDir !== undefined) config.dataDir = options.dataDir;
    db = new Kysely<Database>({ dialect: new PGliteDialect(config) });
  }

  try {
    if (kind === 'postgres' && options.schema !== undefined) {
      assertSchemaName(options.schema);
      await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db);
    }
    if (options.migrate !== false) await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }

  return {
    kind,
    db,
    transaction: (fn) => db.transaction().execute(fn),
    close: () => db.destroy(),
  };
}
