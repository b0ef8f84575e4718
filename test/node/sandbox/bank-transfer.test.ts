import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import type { Store } from '../../../src/server/store/index.js';
import { isValidIban } from '../../../src/server/providers/sandbox/bank-transfer.js';
import { newSandbox, openTestStore } from './helpers.js';

let store: Store;
before(async () => {
  store = await openTestStore();
});
after(async () => {
  await store?.close();
});

test('transfer settles oldest invoice first', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_jp', country: 'JP', locale: 'ja-JP', timeZone: 'Asia/Tokyo', currency: 'JPY' });
  // No card saved, so both invoices stay open.
  const older = await engine.createInvoice('cus_jp', [{ description: 'October', amount: 10_000 }], { collect: true });
  await engine.advanceBy(86_400);
  const newer = await engine.createInvoice('cus_jp', [{ description: 'November', amount: 5_000 }], { collect: true });

  const first = await engine.simulateBankTransfer({ customerId: 'cus_jp', amount: 12_000, currency: 'JPY', reference: 'KEEL12345678' });
  assert.deepEqual(first.invoicesPaid, [older]);
  assert.equal(first.unappliedAmount, 1_000);

  const second = await engine.simulateBankTransfer({ customerId: 'cus_jp', amount: 4_500, currency: 'JPY' });
  assert.deepEqual(second.invoicesPaid, [newer]);
  assert.equal(second.unappliedAmount, 0);

  const invoices = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).orderBy('created_at').execute();
  assert.deepEqual(
    invoices.map((invoice) => invoice.status),
    ['paid', 'paid'],
  );
  const payments = await store.db.selectFrom('payment_attempts').selectAll().where('sandbox_id', '=', engine.sandboxId).execute();
  assert.ok(payments.every((payment) => payment.channel === 'bank_transfer'));
});

test('transfer in wrong currency rejected', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_jp', country: 'JP', locale: 'ja-JP', timeZone: 'Asia/Tokyo', currency: 'JPY' });
  await assert.rejects(engine.simulateBankTransfer({ customerId: 'cus_jp', amount: 100, currency: 'USD' }), /billed in JPY/);
  const transfers = await store.db.selectFrom('bank_transfers').selectAll().where('sandbox_id', '=', engine.sandboxId).execute();
  assert.equal(transfers.length, 0);
});

test('virtual account per currency', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_jp', country: 'JP', locale: 'ja-JP', timeZone: 'Asia/Tokyo', currency: 'JPY' });
  await engine.createCustomer({ id: 'cus_de', country: 'DE', locale: 'de-DE', timeZone: 'Europe/Berlin', currency: 'EUR' });
  await engine.createCustomer({ id: 'cus_us', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });

  const zengin = await engine.bankTransferAccount('cus_jp');
  assert.equal(zengin.type, 'zengin');
  assert.match(zengin.details.bank_code ?? '', /^\d{4}$/);
  assert.match(zengin.details.branch_code ?? '', /^\d{3}$/);
  assert.match(zengin.details.account_number ?? '', /^\d{7}$/);
  assert.equal(zengin.details.account_type, 'futsu');
  assert.ok(zengin.details.bank_name);
  assert.ok(zengin.details.branch_name);

  const iban = await engine.bankTransferAccount('cus_de');
  assert.equal(iban.type, 'iban');
  assert.ok(isValidIban(iban.details.iban ?? ''), iban.details.iban);

  const aba = await engine.bankTransferAccount('cus_us');
  assert.equal(aba.type, 'aba');
  assert.match(aba.details.routing_number ?? '', /^\d{9}$/);

  const again = await engine.bankTransferAccount('cus_jp');
  assert.equal(again.id, zengin.id);
});

test('cash balance pays next renewal', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_jp', country: 'JP', locale: 'ja-JP', timeZone: 'Asia/Tokyo', currency: 'JPY' });
  await engine.simulateBankTransfer({ customerId: 'cus_jp', amount: 5_000, currency: 'JPY' });
  await engine.createSubscription({ customerId: 'cus_jp', priceId: 'price_basic_jpy_month' });
  const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).executeTakeFirstOrThrow();
  assert.equal(invoice.status, 'paid');
  const customer = await store.db.selectFrom('customers').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', 'cus_jp').executeTakeFirstOrThrow();
  assert.equal(customer.cash_balance, 5_000 - 1_100);
});
