import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import type { Store } from '../../../src/server/store/index.js';
import { ProviderError } from '../../../src/server/providers/provider.js';
import { newSandbox, openTestStore } from './helpers.js';

let store: Store;
before(async () => {
  store = await openTestStore();
});
after(async () => {
  await store?.close();
});

// 2026-11-01T16:00Z is already 2026-11-02 01:00 in Japan, so the three days count from the 2nd.
const ISSUED_AT = new Date('2026-11-01T16:00:00Z');

async function openJpyInvoice() {
  const engine = await newSandbox(store, ISSUED_AT);
  await engine.createCustomer({ id: 'cus_jp', country: 'JP', locale: 'ja-JP', timeZone: 'Asia/Tokyo', currency: 'JPY' });
  const invoiceId = await engine.createInvoice('cus_jp', [{ description: 'Plan', amount: 3_000 }]);
  return { engine, invoiceId };
}

test('voucher expires 23:59:59 JST', async () => {
  const { engine, invoiceId } = await openJpyInvoice();
  const voucher = await engine.createKonbiniVoucher('cus_jp', invoiceId);
  assert.equal(voucher.expires_at.toISOString(), '2026-11-05T14:59:59.000Z');
  assert.equal(voucher.amount, 3_300);
  assert.match(voucher.confirmation_number, /^\d{11}$/);
  assert.deepEqual(
    voucher.stores.map((store) => store.store),
    ['familymart', 'lawson', 'ministop', 'seicomart'],
  );

  await engine.advanceTo(new Date('2026-11-05T14:59:58Z'));
  const stillPending = await store.db.selectFrom('konbini_vouchers').selectAll().where('sandbox_id', '=', engine.sandboxId).executeTakeFirstOrThrow();
  assert.equal(stillPending.status, 'pending');

  await engine.advanceTo(new Date('2026-11-05T15:00:00Z'));
  const expired = await store.db.selectFrom('konbini_vouchers').selectAll().where('sandbox_id', '=', engine.sandboxId).executeTakeFirstOrThrow();
  assert.equal(expired.status, 'expired');
  await assert.rejects(engine.payKonbiniVoucher(voucher.id), (error: unknown) => error instanceof ProviderError && error.code === 'konbini_voucher_not_pending');
});

test('paid voucher pays invoice', async () => {
  const { engine, invoiceId } = await openJpyInvoice();
  const voucher = await engine.createKonbiniVoucher('cus_jp', invoiceId);
  const again = await engine.createKonbiniVoucher('cus_jp', invoiceId);
  assert.equal(again.id, voucher.id);

  const paid = await engine.payKonbiniVoucher(voucher.id);
  assert.equal(paid.status, 'paid');
  const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', invoiceId).executeTakeFirstOrThrow();
  assert.equal(invoice.status, 'paid');
  const payment = await store.db.selectFrom('payment_attempts').selectAll().where('sandbox_id', '=', engine.sandboxId).executeTakeFirstOrThrow();
  assert.equal(payment.channel, 'konbini');
});

test('konbini rejects non-yen invoice', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_us', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  const invoiceId = await engine.createInvoice('cus_us', [{ description: 'Plan', amount: 3_000 }]);
  await assert.rejects(engine.createKonbiniVoucher('cus_us', invoiceId), (error: unknown) => error instanceof ProviderError && error.code === 'payment_option_ineligible');
});
