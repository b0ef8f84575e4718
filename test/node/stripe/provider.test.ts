import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DunningState, InvoiceDetail, Payment, SetupResult, Subscription, SubscriptionChangePreview } from '../../../src/contract/index.js';
import { ProviderError } from '../../../src/server/providers/provider.js';
import * as z from 'zod/mini';
import { NOW, createTestProvider } from './fake/scenario.js';

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('stripe provider ownership', () => {
  it('hides another customer invoice', async () => {
    const { provider } = createTestProvider();
    const error = await rejection(provider.getInvoice('cus_a', 'in_b_open'));
    assert.equal(error.status, 404);
    assert.equal(error.code, 'resource_missing');
  });

  it('hides another customer subscription', async () => {
    const { provider } = createTestProvider();
    const error = await rejection(provider.pauseSubscription('cus_a', 'sub_b', { months: 1 }));
    assert.equal(error.status, 404);
  });

  it('hides another customer payment method', async () => {
    const { provider } = createTestProvider();
    const error = await rejection(provider.setDefaultPaymentMethod('cus_a', 'pm_b1'));
    assert.equal(error.status, 404);
  });

  it('reports a missing invoice as 404', async () => {
    const { provider } = createTestProvider();
    const error = await rejection(provider.getInvoice('cus_a', 'in_nope'));
    assert.equal(error.status, 404);
  });
});

describe('stripe provider invoices', () => {
  it('reads invoice detail with taxes', async () => {
    const { provider } = createTestProvider();
    const invoice = await provider.getInvoice('cus_a', 'in_a_open');
    assert.equal(z.safeParse(InvoiceDetail, invoice).success, true);
    assert.equal(invoice.currency, 'JPY');
    assert.deepEqual(invoice.tax_breakdown, [{ tax_type: 'jp_consumption_tax', rate_percent: 10, reduced_rate: false, taxable_amount: 1000, tax_amount: 100, inclusive: false }]);
    assert.equal(invoice.last_payment_error?.decline_reason, 'insufficient_funds');
    assert.equal(invoice.subscription_id, 'sub_a');
  });

  it('lists only the customer invoices', async () => {
    const { provider } = createTestProvider();
    const list = await provider.listInvoices('cus_a', {});
    assert.deepEqual(list.data.map((invoice) => invoice.id), ['in_a_open']);
  });

  it('surfaces requires_action on pay now', async () => {
    const { fake, provider } = createTestProvider();
    const payment = await provider.payInvoice('cus_a', 'in_a_open', { payment_method_id: 'pm_a_3ds' });
    assert.equal(z.safeParse(Payment, payment).success, true);
    assert.equal(payment.status, 'requires_action');
    assert.deepEqual(payment.next_action, { type: 'use_stripe_sdk', client_secret: 'pi_a_open_secret_fake' });
    const pay = fake.requestsTo('POST', /\/v1\/invoices\/in_a_open\/pay$/)[0];
    assert.equal(pay?.params.off_session, 'false');
  });

  it('reports a decline with its reason', async () => {
    const { provider } = createTestProvider();
    const error = await rejection(provider.payInvoice('cus_a', 'in_a_open', {}));
    assert.equal(error.code, 'payment_declined');
    assert.equal(error.declineReason, 'insufficient_funds');
  });

  it('pays with a working card', async () => {
    const { fake, provider } = createTestProvider();
    fake.paymentMethods.get('pm_new')!.customer = 'cus_a';
    const payment = await provider.payInvoice('cus_a', 'in_a_open', { payment_method_id: 'pm_new' });
    assert.equal(payment.status, 'succeeded');
    assert.equal(fake.invoices.get('in_a_open')?.status, 'paid');
  });

  it('rejects authenticate as sandbox only', async () => {
    const { provider } = createTestProvider();
    const error = await rejection(provider.authenticatePayment('cus_a', 'pi_a_open', { result: 'approve' }));
    assert.equal(error.code, 'sandbox_only');
    assert.equal(error.status, 400);
  });
});

describe('stripe provider payment setup', () => {
  it('completes setup and sets defaults', async () => {
    const { fake, provider } = createTestProvider();
    const session = await provider.createSetup('cus_a', { replace_payment_method_id: 'pm_a1', set_default: true });
    assert.equal(fake.setupIntents.get(session.id)?.usage, 'off_session');
    const intent = fake.setupIntents.get(session.id)!;
    intent.status = 'succeeded';
    intent.payment_method = 'pm_new';

    const result = await provider.completeSetup('cus_a', session.id, {});
    assert.equal(z.safeParse(SetupResult, result).success, true);
    assert.equal(result.status, 'succeeded');
    assert.equal(result.payment_method?.is_default, true);
    assert.equal(fake.customers.get('cus_a')?.invoice_settings.default_payment_method, 'pm_new');
    assert.equal(fake.subscriptions.get('sub_a')?.default_payment_method, 'pm_new');
    assert.equal(fake.paymentMethods.get('pm_a1')?.customer, null);
  });

  it('retries open invoices after setup', async () => {
    const { fake, provider } = createTestProvider();
    const session = await provider.createSetup('cus_a', {});
    Object.assign(fake.setupIntents.get(session.id)!, { status: 'succeeded', payment_method: 'pm_new' });
    await provider.completeSetup('cus_a', session.id, {});
    assert.equal(fake.invoices.get('in_a_open')?.status, 'paid');
    const pay = fake.requestsTo('POST', /\/v1\/invoices\/in_a_open\/pay$/)[0];
    assert.equal(pay?.params.payment_method, 'pm_new');
  });

  it('keeps another customer setup hidden', async () => {
    const { provider } = createTestProvider();
    const session = await provider.createSetup('cus_b', {});
    const error = await rejection(provider.completeSetup('cus_a', session.id, {}));
    assert.equal(error.status, 404);
  });
});

describe('stripe provider plan changes', () => {
  it('bills the previewed proration date', async () => {
    const { fake, provider } = createTestProvider();
    const preview = await provider.previewSubscriptionChange('cus_a', 'sub_a', { plan_id: 'price_pro_m' });
    assert.equal(z.safeParse(SubscriptionChangePreview, preview).success, true);
    assert.equal(preview.timing, 'now');
    assert.equal(preview.proration_date, NOW.toISOString());
    assert.ok(preview.amount_due_now > 0);

    await provider.changeSubscription('cus_a', 'sub_a', { plan_id: 'price_pro_m', proration_date: preview.proration_date });
    const previewed = fake.requestsTo('POST', /\/v1\/invoices\/create_preview$/).find((entry) => entry.params.subscription_details?.proration_date);
    const update = fake.requestsTo('POST', /\/v1\/subscriptions\/sub_a$/).find((entry) => entry.params.items);
    assert.equal(update?.params.proration_date, previewed?.params.subscription_details.proration_date);
    assert.equal(update?.params.payment_behavior, 'pending_if_incomplete');
    assert.equal(fake.subscriptions.get('sub_a')?.items.data[0]?.price.id, 'price_pro_m');
  });

  it('rejects a proration date in the future', async () => {
    const { provider } = createTestProvider();
    const future = new Date(NOW.getTime() + 3_600_000).toISOString();
    const error = await rejection(provider.changeSubscription('cus_a', 'sub_a', { plan_id: 'price_pro_m', proration_date: future }));
    assert.equal(error.param, 'proration_date');
  });

  it('rejects an interval change', async () => {
    const { provider } = createTestProvider();
    const error = await rejection(provider.previewSubscriptionChange('cus_a', 'sub_a', { plan_id: 'price_pro_y' }));
    assert.equal(error.code, 'plan_change_not_allowed');
  });

  it('schedules a downgrade at period end', async () => {
    const { fake, provider } = createTestProvider();
    await provider.changeSubscription('cus_a', 'sub_a', { plan_id: 'price_pro_m' });
    const subscription = await provider.changeSubscription('cus_a', 'sub_a', { plan_id: 'price_basic_m' });
    assert.equal(z.safeParse(Subscription, subscription).success, true);
    assert.equal(subscription.scheduled_change?.plan.id, 'price_basic_m');
    assert.equal(subscription.scheduled_change?.effective_at, subscription.current_period_end);
    const released = await provider.cancelScheduledChange('cus_a', 'sub_a');
    assert.equal(released.scheduled_change, null);
    assert.equal(fake.subscriptions.get('sub_a')?.items.data[0]?.price.id, 'price_pro_m');
  });
});

describe('stripe provider subscription lifecycle', () => {
  it('pauses with pause_collection', async () => {
    const { provider } = createTestProvider();
    const subscription = await provider.pauseSubscription('cus_a', 'sub_a', { months: 2 });
    assert.equal(subscription.pause_collection?.behavior, 'keep_as_draft');
    assert.equal(subscription.pause_collection?.resumes_at, '2027-02-03T00:00:00.000Z');
    const resumed = await provider.resumeSubscription('cus_a', 'sub_a');
    assert.equal(resumed.pause_collection, null);
  });

  it('rejects a pause not offered', async () => {
    const { provider } = createTestProvider();
    const error = await rejection(provider.pauseSubscription('cus_a', 'sub_a', { months: 6 }));
    assert.equal(error.code, 'pause_duration_not_offered');
  });

  it('cancels with feedback and comment', async () => {
    const { fake, provider } = createTestProvider();
    const subscription = await provider.cancelSubscription('cus_a', 'sub_a', { reason: 'too_expensive', feedback: 'Budget cut' });
    assert.equal(subscription.cancel_at_period_end, true);
    assert.equal(fake.subscriptions.get('sub_a')?.cancellation_details?.feedback, 'too_expensive');
    assert.equal(fake.subscriptions.get('sub_a')?.cancellation_details?.comment, 'Budget cut');
    const reactivated = await provider.reactivateSubscription('cus_a', 'sub_a');
    assert.equal(reactivated.cancel_at_period_end, false);
  });

  it('offers a pause to leavers', async () => {
    const { provider } = createTestProvider();
    const offers = await provider.listRetentionOffers('cus_a', 'sub_a', { reason: 'unused' });
    assert.deepEqual(offers.data.map((offer) => offer.type), ['pause']);
    const stats = await provider.retentionStats();
    assert.equal(stats.offers[0]?.shown, 1);
  });
});

describe('stripe provider dunning', () => {
  it('builds state from the failed invoice', async () => {
    const { provider } = createTestProvider();
    const state = await provider.getDunningState('cus_a');
    assert.equal(z.safeParse(DunningState, state).success, true);
    assert.equal(state.reason, 'insufficient_funds');
    assert.equal(state.invoice_id, 'in_a_open');
    assert.equal(state.amount_due, 1100);
    assert.equal(state.next_retry_at, '2026-12-05T00:00:00.000Z');
  });

  it('reports none without failures', async () => {
    const { provider } = createTestProvider();
    const state = await provider.getDunningState('cus_b');
    assert.equal(state.status, 'none');
  });

  it('grants one extension per invoice', async () => {
    const { provider } = createTestProvider();
    const state = await provider.requestDunningExtension('cus_a', { invoice_id: 'in_a_open' });
    assert.notEqual(state.extension.granted_until, null);
    const error = await rejection(provider.requestDunningExtension('cus_a', { invoice_id: 'in_a_open' }));
    assert.equal(error.code, 'extension_not_allowed');
  });
});

describe('stripe provider payment options', () => {
  it('maps zengin bank transfer instructions', async () => {
    const { provider } = createTestProvider();
    const instructions = await provider.getBankTransferInstructions('cus_a', { invoice_id: 'in_a_open' });
    assert.equal(instructions.amount_remaining, 1100);
    assert.equal(instructions.reference, 'INV-0001');
    assert.equal(instructions.financial_addresses[0]?.type, 'zengin');
    assert.equal(instructions.bank_holidays_apply, true);
  });

  it('creates a konbini voucher', async () => {
    const { provider } = createTestProvider();
    const voucher = await provider.createKonbiniVoucher('cus_a', { invoice_id: 'in_a_open' });
    assert.equal(voucher.status, 'pending');
    assert.equal(voucher.stores.length, 4);
  });

  it('rejects konbini outside JPY', async () => {
    const { provider } = createTestProvider();
    const error = await rejection(provider.createKonbiniVoucher('cus_b', { invoice_id: 'in_b_open' }));
    assert.equal(error.code, 'payment_option_ineligible');
  });
});
