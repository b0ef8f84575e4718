import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, test } from 'node:test';

import type { Store } from '../../../src/server/store/index.js';
import { SEED_CLOCK, SEED_CUSTOMERS, seedSandbox } from '../../../src/server/providers/sandbox/seeds.js';
import { openTestStore } from './helpers.js';

let store: Store;
let firstSeedMs = 0;
let secondSeedMs = 0;

const TABLES = [
  'customers',
  'customer_tax_ids',
  'products',
  'prices',
  'coupons',
  'subscriptions',
  'invoices',
  'invoice_lines',
  'invoice_taxes',
  'payment_methods',
  'payment_attempts',
  'konbini_vouchers',
  'bank_transfer_accounts',
  'sandbox_events',
] as const;

/** Reads every row of a sandbox, without the sandbox id, in a fixed order. */
async function dump(sandboxId: string): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = await store.db.selectFrom(table).selectAll().where('sandbox_id', '=', sandboxId).execute();
    result[table] = rows
      .map((row) => {
        const { sandbox_id: _sandboxId, ...rest } = row as Record<string, unknown>;
        return JSON.stringify(rest);
      })
      .sort();
  }
  const sandbox = await store.db.selectFrom('sandboxes').select(['clock_now', 'object_seq', 'invoice_number_seq']).where('id', '=', sandboxId).executeTakeFirstOrThrow();
  result.sandbox = [JSON.stringify(sandbox)];
  return result;
}

before(async () => {
  store = await openTestStore();
  let started = performance.now();
  await seedSandbox(store, 'sb_seed_a');
  firstSeedMs = performance.now() - started;
  started = performance.now();
  await seedSandbox(store, 'sb_seed_b');
  secondSeedMs = performance.now() - started;
});
after(async () => {
  await store?.close();
});

test('seeds load fast', (t) => {
  t.diagnostic(`seeding took ${firstSeedMs.toFixed(0)} ms, then ${secondSeedMs.toFixed(0)} ms on a warm database`);
  // A generous bound for a loaded CI machine; the measured time is in the diagnostic above.
  assert.ok(secondSeedMs < 10_000, `seeding took ${secondSeedMs.toFixed(0)} ms`);
});

test('seeds identical across runs', async () => {
  const first = await dump('sb_seed_a');
  const second = await dump('sb_seed_b');
  for (const table of Object.keys(first)) {
    assert.deepEqual(second[table], first[table], table);
  }
});

test('seed customers documented ids', async () => {
  const ids = (await store.db.selectFrom('customers').select('id').where('sandbox_id', '=', 'sb_seed_a').orderBy('id').execute()).map((row) => row.id);
  assert.deepEqual(ids, SEED_CUSTOMERS.map((customer) => customer.id).sort());
  const sandbox = await store.db.selectFrom('sandboxes').selectAll().where('id', '=', 'sb_seed_a').executeTakeFirstOrThrow();
  assert.equal(sandbox.clock_now.toISOString(), SEED_CLOCK.toISOString());
});

async function subscriptionOf(customerId: string) {
  return store.db.selectFrom('subscriptions').selectAll().where('sandbox_id', '=', 'sb_seed_a').where('customer_id', '=', customerId).executeTakeFirstOrThrow();
}

async function lastAttemptOf(customerId: string) {
  return store.db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('sandbox_id', '=', 'sb_seed_a')
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
}

test('Japanese expired card past due', async () => {
  const subscription = await subscriptionOf('cus_jp_expired');
  assert.equal(subscription.status, 'past_due');
  const attempt = await lastAttemptOf('cus_jp_expired');
  assert.equal(attempt.decline_code, 'expired_card');
  const customer = await store.db.selectFrom('customers').selectAll().where('sandbox_id', '=', 'sb_seed_a').where('id', '=', 'cus_jp_expired').executeTakeFirstOrThrow();
  assert.equal(customer.currency, 'JPY');
  assert.equal(customer.time_zone, 'Asia/Tokyo');
  assert.equal(customer.locale, 'ja-JP');
  const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', 'sb_seed_a').where('id', '=', attempt.invoice_id).executeTakeFirstOrThrow();
  assert.match(invoice.issuer.jp_registration_number ?? '', /^T\d{13}$/);
});

test('German reverse charge low funds', async () => {
  const subscription = await subscriptionOf('cus_de_reverse_charge');
  assert.equal(subscription.status, 'past_due');
  const attempt = await lastAttemptOf('cus_de_reverse_charge');
  assert.equal(attempt.decline_code, 'insufficient_funds');
  const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', 'sb_seed_a').where('id', '=', attempt.invoice_id).executeTakeFirstOrThrow();
  assert.equal(invoice.reverse_charge, true);
  assert.equal(invoice.currency, 'EUR');
  assert.ok(invoice.next_payment_attempt, 'a retry is planned');
  assert.deepEqual(invoice.customer_snapshot.tax_ids, [{ type: 'eu_vat', value: 'DE123456789' }]);
  assert.equal(invoice.issuer.vat_id, 'NL123456789B01');
});

test('US annual healthy', async () => {
  const subscription = await subscriptionOf('cus_us_annual');
  assert.equal(subscription.status, 'active');
  assert.equal(subscription.price_id, 'price_team_usd_year');
});

test('Japanese paused subscription', async () => {
  const subscription = await subscriptionOf('cus_jp_paused');
  assert.equal(subscription.status, 'paused');
  assert.equal(subscription.resumes_at?.toISOString(), '2027-01-20T00:00:00.000Z');
});

test('3-D Secure renewal pending', async () => {
  const attempt = await lastAttemptOf('cus_3ds_renewal');
  assert.equal(attempt.status, 'requires_action');
  assert.equal((await subscriptionOf('cus_3ds_renewal')).status, 'past_due');
});

test('150 invoices for pagination', async () => {
  const row = await store.db
    .selectFrom('invoices')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('sandbox_id', '=', 'sb_seed_a')
    .where('customer_id', '=', 'cus_many_invoices')
    .executeTakeFirstOrThrow();
  assert.equal(Number(row.count), 150);
  const numbers = await store.db.selectFrom('invoices').select('number').where('sandbox_id', '=', 'sb_seed_a').orderBy('number').execute();
  const unique = new Set(numbers.map((invoice) => invoice.number));
  assert.equal(unique.size, numbers.length, 'invoice numbers are unique');
});
