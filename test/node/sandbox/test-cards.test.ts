import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import type { Store } from '../../../src/server/store/index.js';
import { ProviderError } from '../../../src/server/providers/provider.js';
import { card, newSandbox, openTestStore } from './helpers.js';

let store: Store;
before(async () => {
  store = await openTestStore();
});
after(async () => {
  await store?.close();
});

const CASES: Array<{ number: string; status: string; failureCode: string | null; declineCode: string | null }> = [
  { number: '4242424242424242', status: 'succeeded', failureCode: null, declineCode: null },
  { number: '4000000000000002', status: 'failed', failureCode: 'card_declined', declineCode: 'generic_decline' },
  { number: '4000000000009995', status: 'failed', failureCode: 'card_declined', declineCode: 'insufficient_funds' },
  { number: '4000000000000069', status: 'failed', failureCode: 'expired_card', declineCode: 'expired_card' },
  { number: '4000000000000127', status: 'failed', failureCode: 'incorrect_cvc', declineCode: 'incorrect_cvc' },
  { number: '4000002500003155', status: 'requires_action', failureCode: null, declineCode: 'authentication_required' },
  { number: '4000002760003184', status: 'requires_action', failureCode: null, declineCode: 'authentication_required' },
  { number: '4000000000000341', status: 'failed', failureCode: 'card_declined', declineCode: 'generic_decline' },
  { number: '4000000000009987', status: 'failed', failureCode: 'card_declined', declineCode: 'lost_card' },
  { number: '4000000000009979', status: 'failed', failureCode: 'card_declined', declineCode: 'stolen_card' },
  { number: '4100000000000019', status: 'failed', failureCode: 'card_declined', declineCode: 'fraudulent' },
];

test('each test card outcome', async () => {
  const engine = await newSandbox(store);
  for (const [index, expected] of CASES.entries()) {
    const customerId = `cus_card_${index}`;
    await engine.createCustomer({ id: customerId, country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
    const paymentMethodId = await engine.attachTestCard(customerId, card(expected.number), { setDefault: true });
    const invoiceId = await engine.createInvoice(customerId, [{ description: 'Item', amount: 1_000 }]);

    const attempt = await engine.payInvoice(customerId, invoiceId);
    assert.equal(attempt?.status, expected.status, expected.number);
    assert.equal(attempt?.failure_code, expected.failureCode, expected.number);
    assert.equal(attempt?.decline_code, expected.declineCode, expected.number);
    assert.equal(attempt?.payment_method_id, paymentMethodId, expected.number);

    const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', invoiceId).executeTakeFirstOrThrow();
    assert.equal(invoice.status, expected.status === 'succeeded' ? 'paid' : 'open', expected.number);
  }
});

test('3-D Secure approve pays', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_3ds', country: 'FR', locale: 'fr-FR', timeZone: 'Europe/Paris', currency: 'EUR' });
  await engine.attachTestCard('cus_3ds', card('4000002760003184'), { setDefault: true });
  const invoiceId = await engine.createInvoice('cus_3ds', [{ description: 'Item', amount: 1_000 }]);
  const pending = await engine.payInvoice('cus_3ds', invoiceId);
  assert.equal(pending?.status, 'requires_action');

  const done = await engine.authenticatePayment(pending!.id, 'approve');
  assert.equal(done.status, 'succeeded');
  const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', invoiceId).executeTakeFirstOrThrow();
  assert.equal(invoice.status, 'paid');
  assert.equal(invoice.amount_paid, 1_210);
});

test('3-D Secure deny fails', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_3ds', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  await engine.attachTestCard('cus_3ds', card('4000002500003155'), { setDefault: true });
  const invoiceId = await engine.createInvoice('cus_3ds', [{ description: 'Item', amount: 1_000 }]);
  const pending = await engine.payInvoice('cus_3ds', invoiceId);

  const failed = await engine.authenticatePayment(pending!.id, 'deny');
  assert.equal(failed.status, 'failed');
  assert.equal(failed.failure_code, 'payment_intent_authentication_failure');
  const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', invoiceId).executeTakeFirstOrThrow();
  assert.equal(invoice.status, 'open');
  await assert.rejects(engine.authenticatePayment(pending!.id, 'approve'), (error: unknown) => error instanceof ProviderError && error.code === 'payment_not_pending');
});

test('unknown card number rejected', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_x', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  await assert.rejects(
    engine.attachTestCard('cus_x', card('4111111111111111')),
    (error: unknown) => error instanceof ProviderError && error.param === 'card.number',
  );
  await assert.rejects(
    engine.attachTestCard('cus_x', card('4242424242424241')),
    (error: unknown) => error instanceof ProviderError && error.code === 'card_number_invalid',
  );
  const saved = await store.db.selectFrom('payment_methods').selectAll().where('sandbox_id', '=', engine.sandboxId).execute();
  assert.equal(saved.length, 0);
});

test('card expiring on clock declines', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_exp', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  await engine.attachTestCard('cus_exp', { number: '4242424242424242', exp_month: 11, exp_year: 2026, cvc: '123' }, { setDefault: true });
  await engine.createSubscription({ customerId: 'cus_exp', priceId: 'price_basic_usd_month' });
  await engine.advanceTo(new Date('2026-12-01T00:00:00Z'));
  const attempts = await store.db.selectFrom('payment_attempts').selectAll().where('sandbox_id', '=', engine.sandboxId).orderBy('created_at').execute();
  assert.equal(attempts[0]?.status, 'succeeded');
  assert.equal(attempts[1]?.decline_code, 'expired_card');
});

test('detach last card of subscription rejected', async () => {
  const engine = await newSandbox(store);
  await engine.createCustomer({ id: 'cus_one', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
  const paymentMethodId = await engine.attachTestCard('cus_one', card('4242424242424242'), { setDefault: true });
  await engine.createSubscription({ customerId: 'cus_one', priceId: 'price_basic_usd_month' });
  await assert.rejects(engine.detachPaymentMethod('cus_one', paymentMethodId), (error: unknown) => error instanceof ProviderError && error.code === 'last_payment_method');
});
