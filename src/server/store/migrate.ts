import { Migrator, type Kysely, type MigrationResult } from 'kysely';

import { listMigrationProvider, migrations } from './migrations/index.js';

export class MigrationError extends Error {
  readonly migrationName: string | undefined;

  constructor(migrationName: string | undefined, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(migrationName ? `migration ${migrationName} failed: ${detail}` : `migrations failed: ${detail}`, { cause });
    this.name = 'MigrationError';
    this.migrationName = migrationName;
  }
}

/**
 * Applies every pending migration in order and returns the names applied.
 * Kysely's Migrator takes a lock table first, so instances starting together
 * against one PostgreSQL database apply each migration once.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: listMigrationProvider(migrations) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result: MigrationResult) => result.status === 'Error');
    throw new MigrationError(failed?.migrationName, error);
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
