import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import type { Store } from '../../../src/server/store/index.js';
import { ProviderError } from '../../../src/server/providers/provider.js';
import type { SandboxEngine } from '../../../src/server/providers/sandbox/engine.js';
import { card, newSandbox, openTestStore } from './helpers.js';

let store: Store;
before(async () => {
  store = await openTestStore();
});
after(async () => {
  await store?.close();
});

async function subscription(engine: SandboxEngine, id: string) {
  return store.db.selectFrom('subscriptions').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', id).executeTakeFirstOrThrow();
}

async function customerWithCard(engine: SandboxEngine, number = '4242424242424242') {
  await engine.createCustomer({ id: 'cus_s', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  await engine.attachTestCard('cus_s', card(number), { setDefault: true });
}

test('cancel at period end ends', async () => {
  const engine = await newSandbox(store);
  await customerWithCard(engine);
  const id = await engine.createSubscription({ customerId: 'cus_s', priceId: 'price_basic_usd_month' });
  const scheduled = await engine.cancelSubscription(id, 'cus_s', { atPeriodEnd: true, reason: 'too_expensive' });
  assert.equal(scheduled.cancel_at_period_end, true);
  assert.equal(scheduled.status, 'active');
  await engine.advanceTo(new Date('2026-12-01T00:00:00Z'));
  const ended = await subscription(engine, id);
  assert.equal(ended.status, 'canceled');
  assert.equal(ended.ended_at?.toISOString(), '2026-12-01T00:00:00.000Z');
  const invoices = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).execute();
  assert.equal(invoices.length, 1);
});

test('reactivate undoes cancellation', async () => {
  const engine = await newSandbox(store);
  await customerWithCard(engine);
  const id = await engine.createSubscription({ customerId: 'cus_s', priceId: 'price_basic_usd_month' });
  await engine.cancelSubscription(id, 'cus_s', { atPeriodEnd: true });
  const reactivated = await engine.reactivateSubscription(id, 'cus_s');
  assert.equal(reactivated.cancel_at_period_end, false);
  await engine.advanceTo(new Date('2026-12-01T00:00:00Z'));
  assert.equal((await subscription(engine, id)).status, 'active');
});

test('cancel now is final', async () => {
  const engine = await newSandbox(store);
  await customerWithCard(engine);
  const id = await engine.createSubscription({ customerId: 'cus_s', priceId: 'price_basic_usd_month' });
  const canceled = await engine.cancelSubscription(id, 'cus_s', { atPeriodEnd: false });
  assert.equal(canceled.status, 'canceled');
  await assert.rejects(engine.reactivateSubscription(id, 'cus_s'), (error: unknown) => error instanceof ProviderError && error.code === 'subscription_state_invalid');
});

test('pause and scheduled resume', async () => {
  const engine = await newSandbox(store);
  await customerWithCard(engine);
  const id = await engine.createSubscription({ customerId: 'cus_s', priceId: 'price_basic_usd_month' });
  await engine.advanceTo(new Date('2026-11-16T00:00:00Z'));
  const paused = await engine.pauseSubscription(id, 'cus_s', { mode: 'subscription', resumesAt: new Date('2027-02-16T00:00:00Z') });
  assert.equal(paused.status, 'paused');
  const customer = await store.db.selectFrom('customers').selectAll().where('sandbox_id', '=', engine.sandboxId).executeTakeFirstOrThrow();
  assert.equal(customer.credit_balance, 500, 'unused half month credited');

  await engine.advanceTo(new Date('2027-02-15T00:00:00Z'));
  assert.equal((await subscription(engine, id)).status, 'paused');
  let invoices = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).execute();
  assert.equal(invoices.length, 1, 'no invoices while paused');

  await engine.advanceTo(new Date('2027-02-16T00:00:00Z'));
  const resumed = await subscription(engine, id);
  assert.equal(resumed.status, 'active');
  assert.equal(resumed.current_period_end.toISOString(), '2027-03-16T00:00:00.000Z');
  invoices = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).orderBy('created_at').execute();
  assert.equal(invoices.length, 2);
  assert.equal(invoices[1]?.balance_applied, 500);
  assert.equal(invoices[1]?.amount_paid, 500);
});

test('pause collection voids renewals', async () => {
  const engine = await newSandbox(store);
  await customerWithCard(engine);
  const id = await engine.createSubscription({ customerId: 'cus_s', priceId: 'price_basic_usd_month' });
  const paused = await engine.pauseSubscription(id, 'cus_s', { mode: 'collection', behavior: 'void', resumesAt: new Date('2027-01-15T00:00:00Z') });
  assert.equal(paused.status, 'active');
  await engine.advanceTo(new Date('2027-02-01T00:00:00Z'));
  const invoices = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).orderBy('created_at').execute();
  assert.deepEqual(
    invoices.map((invoice) => invoice.status),
    ['paid', 'void', 'void', 'paid'],
  );
  assert.equal((await subscription(engine, id)).pause_collection_behavior, null);
});

test('trial without card pauses', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_t', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  const id = await engine.createSubscription({ customerId: 'cus_t', priceId: 'price_basic_usd_month', trialDays: 14 });
  assert.equal((await subscription(engine, id)).status, 'trialing');
  await engine.advanceTo(new Date('2026-11-16T00:00:00Z'));
  assert.equal((await subscription(engine, id)).status, 'paused');
});

test('failed first payment expires', async () => {
  const engine = await newSandbox(store);
  await customerWithCard(engine, '4000000000000002');
  const id = await engine.createSubscription({ customerId: 'cus_s', priceId: 'price_basic_usd_month' });
  assert.equal((await subscription(engine, id)).status, 'incomplete');
  await engine.advanceTo(new Date('2026-11-02T00:00:00Z'));
  assert.equal((await subscription(engine, id)).status, 'incomplete_expired');
  const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).executeTakeFirstOrThrow();
  assert.equal(invoice.status, 'void');
});

test('dunning deadline makes unpaid', async () => {
  const engine = await newSandbox(store);
  await customerWithCard(engine);
  const id = await engine.createSubscription({ customerId: 'cus_s', priceId: 'price_basic_usd_month' });
  await engine.attachTestCard('cus_s', card('4000000000000002'), { setDefault: true });
  await engine.advanceTo(new Date('2026-12-01T00:00:00Z'));
  assert.equal((await subscription(engine, id)).status, 'past_due');
  await engine.advanceTo(new Date('2026-12-16T00:00:00Z'));
  assert.equal((await subscription(engine, id)).status, 'unpaid');
});

test('paying past due restores active', async () => {
  const engine = await newSandbox(store);
  await customerWithCard(engine);
  const id = await engine.createSubscription({ customerId: 'cus_s', priceId: 'price_basic_usd_month' });
  await engine.attachTestCard('cus_s', card('4000000000000002'), { setDefault: true });
  await engine.advanceTo(new Date('2026-12-01T00:00:00Z'));
  const open = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('status', '=', 'open').executeTakeFirstOrThrow();
  const good = await engine.attachTestCard('cus_s', card('4242424242424242'));
  const attempt = await engine.payInvoice('cus_s', open.id, { paymentMethodId: good });
  assert.equal(attempt?.status, 'succeeded');
  assert.equal((await subscription(engine, id)).status, 'active');
});
