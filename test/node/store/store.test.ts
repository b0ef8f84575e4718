import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { sql } from 'kysely';

import { migrations, openStore, toJson, type Store } from '../../../src/server/store/index.js';
import { resetStore, storeTargets } from './harness.js';

const CREATED_AT = new Date('2026-11-01T00:00:00Z');

async function insertSandbox(store: Store, id: string): Promise<void> {
  await store.db
    .insertInto('sandboxes')
    .values({ id, clock_now: CREATED_AT, created_at: CREATED_AT, settings: toJson({}) as never })
    .execute();
}

for (const target of storeTargets()) {
  describe(`store on ${target.name}`, { skip: target.skip }, () => {
    let store: Store;

    before(async () => {
      store = await target.open();
    });
    after(async () => {
      await store?.close();
    });

    test('migrations applied once', async () => {
      const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
      assert.deepEqual(
        rows.map((row) => row.name),
        migrations.map(([name]) => name),
      );
    });

    test('int8 reads as number', async () => {
      await resetStore(store);
      await insertSandbox(store, 'sb_int8');
      await store.db
        .insertInto('customers')
        .values({
          sandbox_id: 'sb_int8',
          id: 'cus_1',
          email: null,
          name: null,
          country: 'JP',
          locale: 'ja',
          time_zone: 'Asia/Tokyo',
          currency: 'jpy',
          address: null,
          default_payment_method_id: null,
          cash_balance: 9_007_199_254_740_991,
          created_at: CREATED_AT,
          metadata: toJson({ plan: 'pro' }),
        })
        .execute();
      const row = await store.db.selectFrom('customers').selectAll().where('id', '=', 'cus_1').executeTakeFirstOrThrow();
      assert.equal(row.cash_balance, 9_007_199_254_740_991);
      assert.deepEqual(row.metadata, { plan: 'pro' });
      assert.ok(row.created_at instanceof Date);
      assert.equal(row.created_at.toISOString(), CREATED_AT.toISOString());
    });

    test('unsafe int8 raises', async () => {
      await assert.rejects(sql`select 9007199254740993::int8 as big`.execute(store.db), /safe integer/);
    });

    test('date reads as text', async () => {
      const { rows } = await sql<{ day: string }>`select ${'2026-11-30'}::date as day`.execute(store.db);
      assert.equal(rows[0]?.day, '2026-11-30');
    });

    test('jsonb array round trip', async () => {
      await resetStore(store);
      await insertSandbox(store, 'sb_json');
      await store.db
        .insertInto('products')
        .values({
          sandbox_id: 'sb_json',
          id: 'prod_1',
          name: 'Pro',
          description: null,
          tax_category: 'standard',
          features: toJson(['a', 'b']),
          active: true,
          created_at: CREATED_AT,
        })
        .execute();
      const row = await store.db.selectFrom('products').select('features').executeTakeFirstOrThrow();
      assert.deepEqual(row.features, ['a', 'b']);
    });

    test('failed transaction rolls back', async () => {
      await resetStore(store);
      await assert.rejects(
        store.transaction(async (trx) => {
          await trx.insertInto('sandboxes').values({ id: 'sb_rollback', clock_now: CREATED_AT, created_at: CREATED_AT, settings: '{}' }).execute();
          throw new Error('abort on purpose');
        }),
        /abort on purpose/,
      );
      const found = await store.db.selectFrom('sandboxes').select('id').where('id', '=', 'sb_rollback').executeTakeFirst();
      assert.equal(found, undefined);
    });

    test('update reports affected rows', async () => {
      await resetStore(store);
      await insertSandbox(store, 'sb_rows');
      const result = await store.db.updateTable('sandboxes').set({ object_seq: 5 }).where('id', '=', 'sb_rows').executeTakeFirst();
      assert.equal(result.numUpdatedRows, 1n);
    });

    test('concurrent transactions serialize', async () => {
      await resetStore(store);
      await insertSandbox(store, 'sb_counter');
      // Each transaction reads, yields, then writes: without exclusive use of
      // the connection (PGlite) or a row lock (PostgreSQL) increments are lost.
      const increment = () =>
        store.transaction(async (trx) => {
          const row = await trx
            .selectFrom('sandboxes')
            .select('object_seq')
            .where('id', '=', 'sb_counter')
            .forUpdate()
            .executeTakeFirstOrThrow();
          await new Promise((resolve) => setImmediate(resolve));
          await trx.updateTable('sandboxes').set({ object_seq: row.object_seq + 1 }).where('id', '=', 'sb_counter').execute();
        });
      await Promise.all(Array.from({ length: 20 }, increment));
      const row = await store.db.selectFrom('sandboxes').select('object_seq').where('id', '=', 'sb_counter').executeTakeFirstOrThrow();
      assert.equal(row.object_seq, 20);
    });

    test('query waits for open transaction', async () => {
      await resetStore(store);
      let releaseTransaction!: () => void;
      const transactionReleased = new Promise<void>((resolve) => {
        releaseTransaction = resolve;
      });
      let inserted!: () => void;
      const insertDone = new Promise<void>((resolve) => {
        inserted = resolve;
      });
      const transaction = store.transaction(async (trx) => {
        await trx.insertInto('sandboxes').values({ id: 'sb_pending', clock_now: CREATED_AT, created_at: CREATED_AT, settings: '{}' }).execute();
        inserted();
        await transactionReleased;
      });
      await insertDone;
      // A reader outside the transaction must not see its uncommitted row.
      const reading = store.db.selectFrom('sandboxes').select('id').where('id', '=', 'sb_pending').execute();
      releaseTransaction();
      await transaction;
      const rows = await reading;
      if (store.kind === 'pglite') {
        // The read queued behind the transaction, so it sees the committed row.
        assert.equal(rows.length, 1);
      } else {
        assert.ok(rows.length <= 1);
      }
    });

    test('savepoint rollback keeps outer work', async () => {
      await resetStore(store);
      const trx = await store.db.startTransaction().execute();
      await trx.insertInto('sandboxes').values({ id: 'sb_outer', clock_now: CREATED_AT, created_at: CREATED_AT, settings: '{}' }).execute();
      const savepoint = await trx.savepoint('inner').execute();
      await savepoint.insertInto('sandboxes').values({ id: 'sb_inner', clock_now: CREATED_AT, created_at: CREATED_AT, settings: '{}' }).execute();
      await savepoint.rollbackToSavepoint('inner').execute();
      await trx.commit().execute();
      const ids = (await store.db.selectFrom('sandboxes').select('id').orderBy('id').execute()).map((row) => row.id);
      assert.deepEqual(ids, ['sb_outer']);
    });
  });
}

describe('store on PGlite data directory', () => {
  test('reopen keeps rows', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'keel-store-'));
    try {
      const first = await openStore({ dataDir });
      await insertSandbox(first, 'sb_persisted');
      await first.close();

      const second = await openStore({ dataDir });
      const row = await second.db.selectFrom('sandboxes').select('id').executeTakeFirst();
      await second.close();
      assert.equal(row?.id, 'sb_persisted');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('store options', () => {
  test('invalid schema name rejected', async () => {
    await assert.rejects(openStore({ url: 'postgres://127.0.0.1:1/none', schema: 'bad; drop' }), /invalid schema name/);
  });
});
