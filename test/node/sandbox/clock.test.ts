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

test('clock runs events in order', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_monthly', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  await engine.attachTestCard('cus_monthly', card('4242424242424242'), { setDefault: true });
  await engine.createSubscription({ id: 'sub_monthly', customerId: 'cus_monthly', priceId: 'price_basic_usd_month' });

  await engine.advanceTo(new Date('2026-11-10T00:00:00Z'));
  await engine.createCustomer({ id: 'cus_failing', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  await engine.attachTestCard('cus_failing', card('4242424242424242'), { setDefault: true });
  await engine.createSubscription({ id: 'sub_failing', customerId: 'cus_failing', priceId: 'price_basic_usd_month' });
  await engine.attachTestCard('cus_failing', card('4000000000009995'), { setDefault: true });

  await engine.createCustomer({ id: 'cus_jp', country: 'JP', locale: 'ja-JP', timeZone: 'Asia/Tokyo', currency: 'JPY' });
  const invoiceId = await engine.createInvoice('cus_jp', [{ description: 'Plan', amount: 3_000 }]);
  await engine.createKonbiniVoucher('cus_jp', invoiceId);

  const events = await engine.advanceTo(new Date('2027-01-15T00:00:00Z'));
  const times = events.map((event) => event.at.getTime());
  assert.deepEqual(times, [...times].sort((a, b) => a - b), 'events run in time order');
  assert.deepEqual(
    events.slice(0, 3).map((event) => [event.type, event.objectId, event.at.toISOString()]),
    [
      ['konbini_expiry', events[0]!.objectId, '2026-11-13T14:59:59.000Z'],
      ['period_end', 'sub_monthly', '2026-12-01T00:00:00.000Z'],
      ['period_end', 'sub_failing', '2026-12-10T00:00:00.000Z'],
    ],
  );
  assert.ok(events.some((event) => event.type === 'payment_retry'), 'the failed renewal is retried');

  const logged = await engine.listEvents();
  const loggedTimes = logged.map((event) => event.occurred_at.getTime());
  assert.deepEqual(loggedTimes, [...loggedTimes].sort((a, b) => a - b), 'the event log is in clock order');
  assert.equal((await engine.now()).toISOString(), '2027-01-15T00:00:00.000Z');
});

test('same instant renewal before retry', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_x', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  await engine.attachTestCard('cus_x', card('4242424242424242'), { setDefault: true });
  await engine.createSubscription({ id: 'sub_x', customerId: 'cus_x', priceId: 'price_basic_usd_month' });
  const manual = await engine.createInvoice('cus_x', [{ description: 'Setup fee', amount: 500 }]);
  await engine.run(async (ctx) => {
    await ctx.trx
      .updateTable('invoices')
      .set({ next_payment_attempt: new Date('2026-12-01T00:00:00Z'), status: 'open' })
      .where('sandbox_id', '=', ctx.sandboxId)
      .where('id', '=', manual)
      .execute();
  });
  const events = await engine.advanceTo(new Date('2026-12-01T00:00:00Z'));
  assert.deepEqual(
    events.map((event) => event.type),
    ['period_end', 'payment_retry'],
  );
});

test('clock never moves back', async () => {
  const engine = await newSandbox(store);
  await engine.advanceTo(new Date('2026-12-01T00:00:00Z'));
  await assert.rejects(engine.advanceTo(new Date('2026-11-15T00:00:00Z')), /only moves forward/);
  assert.equal((await engine.now()).toISOString(), '2026-12-01T00:00:00.000Z');
});
