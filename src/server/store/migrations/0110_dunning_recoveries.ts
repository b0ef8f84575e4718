import { sql, type Kysely } from 'kysely';

// One row per invoice that entered dunning: the banner labels last seen for
// it, whether a customer fixed it, and whether its recovery was counted.
// Keeping this in the shared database lets one recovery be counted by one
// server instance. Row types are in src/server/dunning-metrics.ts.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dunning_recoveries')
    .addColumn('scope', 'text', (col) => col.notNull())
    .addColumn('invoice_id', 'text', (col) => col.notNull())
    .addColumn('reason', 'text')
    .addColumn('tone', 'text')
    .addColumn('variant', 'text')
    .addColumn('fixed_at', 'timestamptz')
    .addColumn('recovered_at', 'timestamptz')
    .addColumn('channel', 'text', (col) => col.check(sql`channel in ('customer', 'automatic')`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('dunning_recoveries_pkey', ['scope', 'invoice_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dunning_recoveries').execute();
}
