import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import * as z from 'zod/mini';

import {
  BankTransferInstructions,
  BillingDetails,
  DunningState,
  InvoiceDetail,
  InvoiceList,
  KonbiniVoucher,
  PaymentMethodList,
  PaymentOptions,
  PlanCatalog,
  RetentionOfferList,
  RetentionStats,
  SetupResult,
  SetupSession,
  Subscription,
  SubscriptionChangePreview,
  SubscriptionList,
  TestClock,
} from '../../../src/contract/index.js';
import type { Store } from '../../../src/server/store/index.js';
import { ProviderError, type BillingPolicy } from '../../../src/server/providers/provider.js';
import { createSandboxProvider, type SandboxProvider } from '../../../src/server/providers/sandbox/index.js';
import { openTestStore } from './helpers.js';

const POLICY: BillingPolicy = {
  features: {
    pause: { months: [1, 2, 3], behavior: 'void', keeps_access: false },
    cancel: { reasons: ['too_expensive', 'unused', 'other'], free_text: true, mode: 'period_end' },
    plan_change: { enabled: true, downgrade_timing: 'period_end' },
    dunning: { final_stage_wall: false },
  },
  allowIntervalChange: true,
  extensionDays: 7,
};

let store: Store;
let provider: SandboxProvider;

before(async () => {
  store = await openTestStore();
  provider = await createSandboxProvider({ store, policy: POLICY, sandboxId: 'sb_provider' });
});
after(async () => {
  await store?.close();
});

/** Parses a provider result with its contract schema, so a shape mismatch fails the test. */
function checked<T extends z.ZodMiniType>(schema: T, value: unknown): z.infer<T> {
  const result = z.safeParse(schema, value);
  assert.ok(result.success, result.success ? '' : JSON.stringify(result.error.issues.slice(0, 3)));
  return result.data as z.infer<T>;
}

test('invoice pages cover 150 invoices', async () => {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = checked(InvoiceList, await provider.listInvoices('cus_many_invoices', { limit: 40, ...(cursor ? { starting_after: cursor } : {}) }));
    seen.push(...page.data.map((invoice) => invoice.id));
    if (!page.has_more) break;
    cursor = page.next_cursor!;
  }
  assert.equal(seen.length, 150);
  assert.equal(new Set(seen).size, 150);
});

test('invoice detail matches contract', async () => {
  for (const customerId of ['cus_jp_expired', 'cus_de_reverse_charge', 'cus_3ds_renewal', 'cus_us_annual']) {
    const list = checked(InvoiceList, await provider.listInvoices(customerId, {}));
    for (const invoice of list.data) checked(InvoiceDetail, await provider.getInvoice(customerId, invoice.id));
  }
  const german = checked(InvoiceList, await provider.listInvoices('cus_de_reverse_charge', { status: 'open' }));
  const detail = checked(InvoiceDetail, await provider.getInvoice('cus_de_reverse_charge', german.data[0]!.id));
  assert.equal(detail.reverse_charge, true);
  assert.equal(detail.recipient?.vat_id, 'DE123456789');
  assert.equal(detail.issuer?.vat_id, 'NL123456789B01');
  assert.equal(detail.last_payment_error?.decline_reason, 'insufficient_funds');
});

test('other customer invoice missing', async () => {
  const list = await provider.listInvoices('cus_jp_expired', {});
  await assert.rejects(provider.getInvoice('cus_us_annual', list.data[0]!.id), (error: unknown) => error instanceof ProviderError && error.status === 404);
});

test('dunning states of seeds', async () => {
  const expired = checked(DunningState, await provider.getDunningState('cus_jp_expired'));
  assert.equal(expired.reason, 'expired_card');
  assert.equal(expired.primary_action, 'update_payment_method');
  const lowFunds = checked(DunningState, await provider.getDunningState('cus_de_reverse_charge'));
  assert.equal(lowFunds.reason, 'insufficient_funds');
  assert.ok(lowFunds.next_retry_at);
  const authentication = checked(DunningState, await provider.getDunningState('cus_3ds_renewal'));
  assert.equal(authentication.primary_action, 'authenticate');
  assert.ok(authentication.payment_id);
  const healthy = checked(DunningState, await provider.getDunningState('cus_us_annual'));
  assert.equal(healthy.status, 'none');
});

test('3-D Secure renewal authenticated', async () => {
  const state = await provider.getDunningState('cus_3ds_renewal');
  const payment = await provider.authenticatePayment('cus_3ds_renewal', state.payment_id!, { result: 'approve' });
  assert.equal(payment.status, 'succeeded');
  const after = await provider.getDunningState('cus_3ds_renewal');
  assert.equal(after.status, 'none');
  const subscription = checked(SubscriptionList, await provider.listSubscriptions('cus_3ds_renewal', {}));
  assert.equal(subscription.data[0]?.status, 'active');
});

test('setup replaces expired card', async () => {
  const session = checked(SetupSession, await provider.createSetup('cus_jp_expired', { replace_payment_method_id: 'pm_jp_expired_visa', set_default: true }));
  assert.ok(session.test_cards.length >= 11);
  const declined = checked(SetupResult, await provider.completeSetup('cus_jp_expired', session.id, { card: { number: '4000000000000002', exp_month: 12, exp_year: 2030, cvc: '123' } }));
  assert.equal(declined.status, 'failed');

  const retry = await provider.createSetup('cus_jp_expired', { replace_payment_method_id: 'pm_jp_expired_visa', set_default: true });
  const pending = checked(SetupResult, await provider.completeSetup('cus_jp_expired', retry.id, { card: { number: '4000002500003155', exp_month: 12, exp_year: 2030, cvc: '123' } }));
  assert.equal(pending.status, 'requires_action');
  const done = checked(SetupResult, await provider.completeSetup('cus_jp_expired', retry.id, { authentication_result: 'approve' }));
  assert.equal(done.status, 'succeeded');
  assert.equal(done.payment_method?.is_default, true);

  const methods = checked(PaymentMethodList, await provider.listPaymentMethods('cus_jp_expired'));
  assert.deepEqual(
    methods.data.map((method) => method.id),
    [done.payment_method!.id],
  );
  // The new card is charged at once; this test card asks for 3-D Secure on every charge.
  const state = await provider.getDunningState('cus_jp_expired');
  assert.equal(state.primary_action, 'authenticate');
  assert.ok(state.payment_id, 'the charge on the new card awaits authentication');
});

test('pay now decline reports reason', async () => {
  const open = await provider.listInvoices('cus_de_reverse_charge', { status: 'open' });
  await assert.rejects(
    provider.payInvoice('cus_de_reverse_charge', open.data[0]!.id, {}),
    (error: unknown) => error instanceof ProviderError && error.code === 'payment_declined' && error.declineReason === 'insufficient_funds',
  );
});

test('payment options and bank transfer', async () => {
  const options = checked(PaymentOptions, await provider.listPaymentOptions('cus_jp_expired', {}));
  assert.equal(options.options.find((option) => option.type === 'konbini')?.eligible, true);
  const instructions = checked(BankTransferInstructions, await provider.getBankTransferInstructions('cus_jp_expired', {}));
  assert.equal(instructions.financial_addresses[0]?.type, 'zengin');
  assert.equal(instructions.bank_holidays_apply, true);
  const open = await provider.listInvoices('cus_jp_expired', { status: 'open' });
  const voucher = checked(KonbiniVoucher, await provider.createKonbiniVoucher('cus_jp_expired', { invoice_id: open.data[0]!.id }));
  assert.equal(voucher.status, 'pending');
  const simulation = await provider.sandbox.simulateBankTransfer({ customer_id: 'cus_jp_expired', amount: instructions.amount_remaining, currency: 'JPY' });
  assert.deepEqual(simulation.invoices_paid, [open.data[0]!.id]);
});

test('plan change preview and apply', async () => {
  const catalog = checked(PlanCatalog, await provider.listPlans('cus_us_annual', { subscription_id: 'sub_us_annual' }));
  const upgrade = catalog.plans.find((option) => option.plan.id === 'price_business_usd_year');
  assert.equal(upgrade?.timing, 'now');
  const preview = checked(SubscriptionChangePreview, await provider.previewSubscriptionChange('cus_us_annual', 'sub_us_annual', { plan_id: 'price_business_usd_year' }));
  assert.equal(preview.lines.length, 2);
  assert.ok(preview.amount_due_now > 0);
  const changed = checked(Subscription, await provider.changeSubscription('cus_us_annual', 'sub_us_annual', { plan_id: 'price_business_usd_year', proration_date: preview.proration_date }));
  assert.equal(changed.items[0]?.plan.id, 'price_business_usd_year');
});

test('cancel flow records retention', async () => {
  const offers = checked(RetentionOfferList, await provider.listRetentionOffers('cus_de_reverse_charge', 'sub_de_reverse_charge', { reason: 'too_expensive' }));
  assert.ok(offers.data.some((offer) => offer.type === 'discount'));
  const canceled = checked(
    Subscription,
    await provider.cancelSubscription('cus_de_reverse_charge', 'sub_de_reverse_charge', { reason: 'too_expensive', declined_offer_ids: offers.data.map((offer) => offer.id) }),
  );
  assert.equal(canceled.cancel_at_period_end, true);
  const stats = checked(RetentionStats, await provider.retentionStats());
  const tooExpensive = stats.reasons.find((row) => row.reason === 'too_expensive');
  assert.equal(tooExpensive?.cancellations, 1);
  const reactivated = checked(Subscription, await provider.reactivateSubscription('cus_de_reverse_charge', 'sub_de_reverse_charge'));
  assert.equal(reactivated.cancel_at_period_end, false);
});

test('billing details and tax IDs', async () => {
  const details = checked(BillingDetails, await provider.updateBillingDetails('cus_us_annual', { name: 'Acme Inc.' }));
  assert.equal(details.name, 'Acme Inc.');
  await assert.rejects(provider.addTaxId('cus_us_annual', { type: 'eu_vat', value: 'DE12' }), (error: unknown) => error instanceof ProviderError && error.code === 'tax_id_invalid');
  const unchanged = checked(BillingDetails, await provider.getBillingDetails('cus_us_annual'));
  assert.equal(unchanged.tax_ids.length, 0);
});

test('clock advance through controls', async () => {
  const before = checked(TestClock, await provider.sandbox.getClock());
  const after = checked(TestClock, await provider.sandbox.advanceClock(86_400));
  assert.equal(new Date(after.frozen_time).getTime() - new Date(before.frozen_time).getTime(), 86_400_000);
});

test('pause months not offered rejected', async () => {
  await assert.rejects(provider.pauseSubscription('cus_us_annual', 'sub_us_annual', { months: 6 }), (error: unknown) => error instanceof ProviderError && error.code === 'pause_duration_not_offered');
});

test('invoice PDF renders', async () => {
  const list = await provider.listInvoices('cus_jp_paused', {});
  const pdf = await provider.renderInvoicePdf('cus_jp_paused', list.data[0]!.id, 'ja');
  assert.equal(new TextDecoder().decode(pdf.slice(0, 5)), '%PDF-');
});

test('missing body ids name their field', async () => {
  const named = (param: string) => (error: unknown) => error instanceof ProviderError && error.code === 'resource_missing' && error.param === param;
  await assert.rejects(provider.recordDunningEvent('cus_jp_expired', { type: 'impression', invoice_id: 'in_missing', variant: 'a' }), named('invoice_id'));
  await assert.rejects(provider.requestDunningExtension('cus_jp_expired', { invoice_id: 'in_missing' }), named('invoice_id'));
  await assert.rejects(provider.createKonbiniVoucher('cus_jp_expired', { invoice_id: 'in_missing' }), named('invoice_id'));
  await assert.rejects(provider.getBankTransferInstructions('cus_jp_expired', { invoice_id: 'in_missing' }), named('invoice_id'));
  await assert.rejects(provider.listPaymentOptions('cus_jp_expired', { invoice_id: 'in_missing' }), named('invoice_id'));
  const customers = ['cus_jp_expired', 'cus_3ds_renewal', 'cus_many_invoices', 'cus_de_reverse_charge', 'cus_us_annual'];
  let open: { customer: string; invoice: string } | null = null;
  for (const customer of customers) {
    const invoice = (await provider.listInvoices(customer, { status: 'open' })).data[0];
    if (invoice) open = { customer, invoice: invoice.id };
    if (open) break;
  }
  assert.ok(open, 'a seeded customer has an open invoice');
  await assert.rejects(provider.payInvoice(open.customer, open.invoice, { payment_method_id: 'pm_missing' }), named('payment_method_id'));
  await assert.rejects(provider.createSetup('cus_jp_expired', { replace_payment_method_id: 'pm_missing' }), named('replace_payment_method_id'));
  await assert.rejects(provider.listPlans('cus_jp_expired', { subscription_id: 'sub_missing' }), named('subscription_id'));
});

test('missing path ids name id', async () => {
  await assert.rejects(provider.getInvoice('cus_jp_expired', 'in_missing'), (error: unknown) => error instanceof ProviderError && error.param === 'id');
});

// Runs last: it pays cus_de_reverse_charge's failed invoice, which earlier tests need open.
test('new default card pays the failed invoice at once', async () => {
  const before = await provider.getDunningState('cus_de_reverse_charge');
  assert.equal(before.reason, 'insufficient_funds');
  const setup = await provider.createSetup('cus_de_reverse_charge', { set_default: true });
  const done = checked(SetupResult, await provider.completeSetup('cus_de_reverse_charge', setup.id, { card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' } }));
  assert.equal(done.status, 'succeeded');

  const invoice = await provider.getInvoice('cus_de_reverse_charge', before.invoice_id!);
  assert.equal(invoice.status, 'paid');
  const after = await provider.getDunningState('cus_de_reverse_charge');
  assert.equal(after.status, 'none');
});
