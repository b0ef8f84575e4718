import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import type { Store } from '../../../src/server/store/index.js';
import { card, newSandbox, openTestStore } from './helpers.js';

let store: Store;
before(async () => {
  store = await openTestStore();
});
after(async () => {
  await store?.close();
});

async function attemptsOf(sandboxId: string) {
  return store.db.selectFrom('payment_attempts').selectAll().where('sandbox_id', '=', sandboxId).orderBy('created_at').orderBy('id').execute();
}

test('new default charged on retry and renewal', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_a', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  const firstCard = await engine.attachTestCard('cus_a', card('4242424242424242'), { setDefault: true });
  const subscriptionId = await engine.createSubscription({ customerId: 'cus_a', priceId: 'price_basic_usd_month' });
  // The subscription's own default is charged before the customer's.
  await engine.run(async (ctx) => {
    await ctx.trx.updateTable('subscriptions').set({ default_payment_method_id: firstCard }).where('sandbox_id', '=', ctx.sandboxId).where('id', '=', subscriptionId).execute();
  });
  const lowFunds = await engine.attachTestCard('cus_a', card('4000000000009995'), { setDefault: true });

  await engine.advanceTo(new Date('2026-12-01T00:00:00Z'));
  let attempts = await attemptsOf(engine.sandboxId);
  const renewalFailure = attempts.at(-1)!;
  assert.equal(renewalFailure.payment_method_id, lowFunds);
  assert.equal(renewalFailure.decline_code, 'insufficient_funds');
  const failedInvoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', renewalFailure.invoice_id).executeTakeFirstOrThrow();
  assert.ok(failedInvoice.next_payment_attempt, 'a retry is planned');

  const newCard = await engine.attachTestCard('cus_a', card('5555555555554444'), { setDefault: true });
  await engine.advanceTo(failedInvoice.next_payment_attempt!);
  attempts = await attemptsOf(engine.sandboxId);
  const retry = attempts.at(-1)!;
  assert.equal(retry.invoice_id, failedInvoice.id);
  assert.equal(retry.payment_method_id, newCard);
  assert.equal(retry.status, 'succeeded');

  await engine.advanceTo(new Date('2027-01-01T00:00:00Z'));
  attempts = await attemptsOf(engine.sandboxId);
  const renewal = attempts.at(-1)!;
  assert.equal(renewal.payment_method_id, newCard);
  assert.equal(renewal.status, 'succeeded');
  const subscription = await store.db.selectFrom('subscriptions').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', subscriptionId).executeTakeFirstOrThrow();
  assert.equal(subscription.status, 'active');
});

test('every retry uses new default', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_b', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  await engine.attachTestCard('cus_b', card('4242424242424242'), { setDefault: true });
  await engine.createSubscription({ customerId: 'cus_b', priceId: 'price_basic_usd_month' });
  const lowFunds = await engine.attachTestCard('cus_b', card('4000000000009995'), { setDefault: true });
  await engine.advanceTo(new Date('2026-12-01T00:00:00Z'));

  // The replacement declines too, so the retries go on, all on it.
  const replacement = await engine.attachTestCard('cus_b', card('4000000000000341'), { setDefault: true });
  await engine.advanceTo(new Date('2026-12-20T00:00:00Z'));
  const attempts = (await attemptsOf(engine.sandboxId)).filter((attempt) => attempt.created_at >= new Date('2026-12-01T00:00:00Z'));
  assert.equal(attempts[0]?.payment_method_id, lowFunds);
  const retries = attempts.slice(1);
  assert.ok(retries.length >= 2, `expected at least 2 retries, got ${retries.length}`);
  for (const retry of retries) assert.equal(retry.payment_method_id, replacement);
});

test('new default restarts stopped retries', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_c', country: 'JP', locale: 'ja-JP', timeZone: 'Asia/Tokyo', currency: 'JPY' });
  await engine.attachTestCard('cus_c', { number: '4242424242424242', exp_month: 11, exp_year: 2026, cvc: '123' }, { setDefault: true });
  await engine.createSubscription({ customerId: 'cus_c', priceId: 'price_basic_jpy_month' });
  await engine.advanceTo(new Date('2026-12-01T00:00:00Z'));
  const failed = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('status', '=', 'open').executeTakeFirstOrThrow();
  assert.equal(failed.next_payment_attempt, null, 'expired card stops retries');

  const newCard = await engine.attachTestCard('cus_c', card('4242424242424242'), { setDefault: true });
  const planned = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', failed.id).executeTakeFirstOrThrow();
  assert.ok(planned.next_payment_attempt);
  await engine.advanceTo(planned.next_payment_attempt!);
  const attempts = await attemptsOf(engine.sandboxId);
  assert.equal(attempts.at(-1)?.payment_method_id, newCard);
  const paid = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', failed.id).executeTakeFirstOrThrow();
  assert.equal(paid.status, 'paid');
});
