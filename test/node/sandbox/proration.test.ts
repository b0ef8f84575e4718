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

async function invoiceLines(engine: { sandboxId: string }, invoiceId: string) {
  return store.db.selectFrom('invoice_lines').selectAll().where('sandbox_id', '=', engine.sandboxId).where('invoice_id', '=', invoiceId).orderBy('position').execute();
}

test('upgrade at mid-period prorates', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_jp', country: 'JP', locale: 'ja-JP', timeZone: 'Asia/Tokyo', currency: 'JPY' });
  await engine.attachTestCard('cus_jp', card('4242424242424242'), { setDefault: true });
  const subscriptionId = await engine.createSubscription({ customerId: 'cus_jp', priceId: 'price_basic_jpy_month' });
  // November has 30 days, so 2026-11-16T00:00Z is exactly half way through the period.
  await engine.advanceTo(new Date('2026-11-16T00:00:00Z'));

  const preview = await engine.previewPlanChange(subscriptionId, 'cus_jp', { priceId: 'price_pro_jpy_month', timing: 'now' });
  assert.deepEqual(
    preview.priced.lines.map((line) => line.amount),
    [-500, 1_500],
  );
  assert.equal(preview.priced.taxTotal, 100);
  assert.equal(preview.priced.total, 1_100);

  const subscription = await engine.changePlan(subscriptionId, 'cus_jp', { priceId: 'price_pro_jpy_month', timing: 'now' });
  assert.equal(subscription.price_id, 'price_pro_jpy_month');
  assert.equal(subscription.current_period_end.toISOString(), '2026-12-01T00:00:00.000Z');
  const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', subscription.latest_invoice_id!).executeTakeFirstOrThrow();
  assert.equal(invoice.billing_reason, 'subscription_update');
  assert.equal(invoice.total, 1_100);
  assert.equal(invoice.status, 'paid');
  const lines = await invoiceLines(engine, invoice.id);
  assert.deepEqual(
    lines.map((line) => [line.kind, line.amount]),
    [
      ['proration', -500],
      ['proration', 1_500],
    ],
  );
});

test('proration counts seconds', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_us', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  await engine.attachTestCard('cus_us', card('4242424242424242'), { setDefault: true });
  const subscriptionId = await engine.createSubscription({ customerId: 'cus_us', priceId: 'price_basic_usd_month' });
  await engine.advanceTo(new Date('2026-11-01T03:00:00Z'));

  // 2,581,200 of 2,592,000 seconds remain: 1000 × r = 995.83 and 3000 × r = 2987.5.
  const preview = await engine.previewPlanChange(subscriptionId, 'cus_us', { priceId: 'price_pro_usd_month', timing: 'now' });
  assert.deepEqual(
    preview.priced.lines.map((line) => line.amount),
    [-996, 2_988],
  );
  assert.equal(preview.priced.total, 1_992);
});

test('preview date honoured on confirm', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_us', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  await engine.attachTestCard('cus_us', card('4242424242424242'), { setDefault: true });
  const subscriptionId = await engine.createSubscription({ customerId: 'cus_us', priceId: 'price_basic_usd_month' });
  await engine.advanceTo(new Date('2026-11-16T00:00:00Z'));
  const preview = await engine.previewPlanChange(subscriptionId, 'cus_us', { priceId: 'price_pro_usd_month', timing: 'now' });
  await engine.advanceTo(new Date('2026-11-16T05:00:00Z'));

  const subscription = await engine.changePlan(subscriptionId, 'cus_us', { priceId: 'price_pro_usd_month', timing: 'now', prorationDate: preview.prorationDate });
  const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', subscription.latest_invoice_id!).executeTakeFirstOrThrow();
  assert.equal(invoice.total, preview.priced.total);
});

test('downgrade waits for period end', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_us', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  await engine.attachTestCard('cus_us', card('4242424242424242'), { setDefault: true });
  const subscriptionId = await engine.createSubscription({ customerId: 'cus_us', priceId: 'price_pro_usd_month' });
  await engine.advanceTo(new Date('2026-11-10T00:00:00Z'));

  const scheduled = await engine.changePlan(subscriptionId, 'cus_us', { priceId: 'price_basic_usd_month', timing: 'period_end' });
  assert.equal(scheduled.price_id, 'price_pro_usd_month');
  assert.equal(scheduled.scheduled_price_id, 'price_basic_usd_month');

  await engine.advanceTo(new Date('2026-12-01T00:00:00Z'));
  const renewed = await store.db.selectFrom('subscriptions').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', subscriptionId).executeTakeFirstOrThrow();
  assert.equal(renewed.price_id, 'price_basic_usd_month');
  assert.equal(renewed.scheduled_price_id, null);
  const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', renewed.latest_invoice_id!).executeTakeFirstOrThrow();
  assert.equal(invoice.total, 1_000);
});

test('downgrade now credits balance', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_us', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  await engine.attachTestCard('cus_us', card('4242424242424242'), { setDefault: true });
  const subscriptionId = await engine.createSubscription({ customerId: 'cus_us', priceId: 'price_pro_usd_month' });
  await engine.advanceTo(new Date('2026-11-16T00:00:00Z'));

  await engine.changePlan(subscriptionId, 'cus_us', { priceId: 'price_basic_usd_month', timing: 'now' });
  const customer = await store.db.selectFrom('customers').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', 'cus_us').executeTakeFirstOrThrow();
  assert.equal(customer.credit_balance, 1_000);

  await engine.advanceTo(new Date('2026-12-01T00:00:00Z'));
  const renewal = await store.db
    .selectFrom('invoices')
    .selectAll()
    .where('sandbox_id', '=', engine.sandboxId)
    .where('billing_reason', '=', 'subscription_cycle')
    .executeTakeFirstOrThrow();
  assert.equal(renewal.balance_applied, 1_000);
  assert.equal(renewal.status, 'paid');
  assert.equal(renewal.amount_paid, 0);
});
