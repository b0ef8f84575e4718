/**
 * A valid and an invalid example for every schema an operation uses. Mock
 * handlers and fixtures start from the valid ones, and a test proves each
 * schema accepts its valid example and rejects its invalid one.
 */
import type * as z from 'zod/mini';
import * as billing from './billing-details.js';
import * as dunning from './dunning.js';
import { ApiErrorEnvelope } from './errors.js';
import { ListQuery } from './primitives.js';
import * as invoices from './invoices.js';
import * as methods from './payment-methods.js';
import * as options from './payment-options.js';
import * as sandbox from './sandbox.js';
import * as session from './session.js';
import * as subscriptions from './subscriptions.js';

export interface SchemaExample<T extends z.ZodMiniType = z.ZodMiniType> {
  schema: T;
  valid: z.infer<T>;
  /** A value the schema must reject, with what is wrong with it. */
  invalid: { value: unknown; because: string };
}

function example<T extends z.ZodMiniType>(schema: T, valid: z.infer<T>, invalid: SchemaExample['invalid']): SchemaExample<T> {
  return { schema, valid, invalid };
}

const tokyoAddress = {
  line1: '1-2-3 Marunouchi',
  line2: null,
  city: 'Chiyoda-ku',
  state: 'Tokyo',
  postal_code: '100-0005',
  country: 'JP',
};

const proPlan: subscriptions.Plan = {
  object: 'plan',
  id: 'price_pro_monthly_jpy',
  product_id: 'prod_pro',
  name: 'Pro',
  description: 'For growing teams',
  features: ['Unlimited projects', 'Priority support'],
  amount: 4980,
  currency: 'JPY',
  interval: 'month',
  interval_count: 1,
  tier_rank: 2,
};

const starterPlan: subscriptions.Plan = { ...proPlan, id: 'price_starter_monthly_jpy', product_id: 'prod_starter', name: 'Starter', amount: 1980, tier_rank: 1, features: ['3 projects'] };

const invoiceLine: invoices.InvoiceLine = {
  id: 'il_1',
  description: 'Pro (Dec 1 – Dec 31, 2026)',
  kind: 'subscription',
  quantity: 1,
  unit_amount: 12345,
  amount: 12345,
  discount_amount: 0,
  period_start: '2026-12-01T00:00:00Z',
  period_end: '2027-01-01T00:00:00Z',
  tax_rate_percent: 10,
  reduced_rate: false,
};

const invoice: invoices.Invoice = {
  object: 'invoice',
  id: 'in_jp_1',
  number: 'KEEL-0001',
  status: 'open',
  currency: 'JPY',
  description: null,
  collection_method: 'charge_automatically',
  subtotal: 20345,
  total_discount: 0,
  total_tax: 1874,
  total: 22219,
  amount_due: 22219,
  amount_paid: 0,
  amount_remaining: 22219,
  created: '2026-12-01T00:00:00Z',
  due_date: '2026-12-15',
  period_start: '2026-12-01T00:00:00Z',
  period_end: '2027-01-01T00:00:00Z',
  paid_at: null,
  subscription_id: 'sub_jp_1',
  default_payment_method: null,
  attempt_count: 1,
  next_payment_attempt: '2026-12-04T01:00:00Z',
  last_payment_error: { code: 'expired_card', decline_reason: 'expired_card', occurred_at: '2026-12-01T00:05:00Z' },
  reverse_charge: false,
  pdf_url: '/v1/invoices/in_jp_1/pdf',
  pending_payment_id: null,
};

const card: methods.PaymentMethod = {
  object: 'payment_method',
  id: 'pm_visa_4242',
  type: 'card',
  card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030, country: 'US', wallet: null },
  billing_name: '山田 太郎',
  is_default: true,
  expires_soon: false,
  expired: false,
  created: '2026-01-10T09:00:00Z',
};

const subscription: subscriptions.Subscription = {
  object: 'subscription',
  id: 'sub_jp_1',
  status: 'active',
  items: [{ id: 'si_1', plan: proPlan, quantity: 1 }],
  currency: 'JPY',
  current_period_start: '2026-12-01T00:00:00Z',
  current_period_end: '2027-01-01T00:00:00Z',
  trial_end: null,
  cancel_at_period_end: false,
  cancel_at: null,
  canceled_at: null,
  pause_collection: null,
  scheduled_change: null,
  discount: null,
  default_payment_method: 'pm_visa_4242',
  upcoming_invoice: { amount_due: 5478, currency: 'JPY', date: '2027-01-01T00:00:00Z' },
};

const portalSession: session.PortalSession = {
  object: 'portal_session',
  customer: { id: 'cus_jp_expired', name: '株式会社サンプル', email: 'billing@example.jp', country: 'JP', locale: 'ja', time_zone: 'Asia/Tokyo' },
  capabilities: ['invoices.read', 'invoices.pay', 'payment_methods.read', 'payment_methods.write', 'dunning.read'],
  locale: 'ja',
  currency: 'JPY',
  branding: { business_name: 'Acme Cloud', logo_url: null, primary_color: '#3355ff', support_email: 'support@example.com', support_url: null },
  features: {
    pause: { months: [1, 2, 3], behavior: 'void', keeps_access: false },
    cancel: { reasons: ['too_expensive', 'missing_features', 'unused', 'other'], free_text: true, mode: 'period_end' },
    plan_change: { enabled: true, downgrade_timing: 'period_end' },
    dunning: { final_stage_wall: false },
  },
  return_url: 'https://app.example.com/settings',
  expires_at: '2026-12-04T11:00:00Z',
  now: '2026-12-04T10:00:00Z',
  mode: 'sandbox',
  stripe_publishable_key: null,
};

const dunningState: dunning.DunningState = {
  object: 'dunning_state',
  as_of: '2026-12-04T10:00:00Z',
  status: 'action_required',
  reason: 'expired_card',
  tone: 'friendly',
  invoice_id: 'in_jp_1',
  amount_due: 22219,
  currency: 'JPY',
  deadline: '2026-12-15T14:59:59Z',
  next_retry_at: null,
  attempt_count: 1,
  actions: ['update_payment_method', 'bank_transfer'],
  primary_action: 'update_payment_method',
  payment_id: null,
  variant: 'a',
  dismissible: true,
  dismissed_until: null,
  payment_pending: false,
  wall: false,
  extension: { available: false, granted_until: null },
};

const taxId: billing.TaxId = { object: 'tax_id', id: 'txi_1', type: 'jp_trn', value: 'T7010705000725', country: 'JP', verification: 'verified' };

export const examples = {
  PortalSession: example(session.PortalSession, portalSession, {
    value: { ...portalSession, capabilities: ['invoices.delete'] },
    because: 'an unknown capability',
  }),
  Invoice: example(invoices.Invoice, invoice, {
    value: { ...invoice, total: '22219' },
    because: 'an amount given as a string',
  }),
  InvoiceWithNulls: example(
    invoices.Invoice,
    { ...invoice, id: 'in_draft', status: null, number: null, due_date: null, default_payment_method: null, pdf_url: null, next_payment_attempt: null, last_payment_error: null },
    { value: { ...invoice, due_date: '2026-12-15T00:00:00Z' }, because: 'a date-only field given as an instant' },
  ),
  InvoiceDetail: example(
    invoices.InvoiceDetail,
    {
      ...invoice,
      lines: [invoiceLine, { ...invoiceLine, id: 'il_2', description: 'Printed manual', kind: 'one_off', unit_amount: 8000, amount: 8000, tax_rate_percent: 8, reduced_rate: true }],
      discounts: [],
      tax_breakdown: [
        { tax_type: 'jp_consumption_tax', rate_percent: 10, reduced_rate: false, taxable_amount: 12345, tax_amount: 1234, inclusive: false },
        { tax_type: 'jp_consumption_tax', rate_percent: 8, reduced_rate: true, taxable_amount: 8000, tax_amount: 640, inclusive: false },
      ],
      issuer: { name: 'Acme Cloud 株式会社', registration_number: 'T7010705000725', vat_id: null, address: tokyoAddress },
      recipient: { name: '株式会社サンプル', vat_id: null, address: null, country: 'JP' },
    },
    { value: { ...invoice, lines: [{ ...invoiceLine, amount: '12345' }], discounts: [], tax_breakdown: [], issuer: null, recipient: null }, because: 'a line amount given as a string' },
  ),
  InvoiceList: example(
    invoices.InvoiceList,
    { object: 'list', data: [invoice], has_more: true, next_cursor: 'in_jp_1' },
    { value: { object: 'list', data: [invoice] }, because: 'missing pagination fields' },
  ),
  Payment: example(
    invoices.Payment,
    {
      object: 'payment',
      id: 'py_1',
      invoice_id: 'in_jp_1',
      status: 'requires_action',
      amount: 22219,
      currency: 'JPY',
      payment_method_id: 'pm_visa_4242',
      next_action: { type: 'sandbox_authenticate', client_secret: null },
      error: null,
      created: '2026-12-04T10:00:00Z',
    },
    { value: { object: 'payment', id: 'py_1', status: 'maybe' }, because: 'an unknown status' },
  ),
  PaymentMethod: example(methods.PaymentMethod, card, {
    value: { ...card, card: { ...card.card, last4: '42' } },
    because: 'last4 with two digits',
  }),
  PaymentMethodList: example(
    methods.PaymentMethodList,
    { object: 'list', data: [card], has_more: false, next_cursor: null },
    { value: { object: 'list', data: [{ id: 'pm_1' }], has_more: false, next_cursor: null }, because: 'an incomplete payment method' },
  ),
  SetupSession: example(
    methods.SetupSession,
    {
      object: 'setup_session',
      id: 'seti_1',
      mode: 'sandbox',
      status: 'requires_payment_method',
      client_secret: null,
      publishable_key: null,
      test_cards: [{ number: '4242424242424242', brand: 'visa', behavior: 'succeeds' }],
      replace_payment_method_id: null,
      set_default: true,
    },
    { value: { object: 'setup_session', id: 'seti_1', mode: 'paypal' }, because: 'an unknown mode' },
  ),
  CompleteSetupRequest: example(
    methods.CompleteSetupRequest,
    { card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' } },
    { value: { card: { number: '4242 4242', exp_month: 13, exp_year: 2030, cvc: '1' } }, because: 'a malformed card' },
  ),
  SetupResult: example(
    methods.SetupResult,
    { object: 'setup_result', setup_session_id: 'seti_1', status: 'succeeded', payment_method: card, next_action: null, decline_reason: null },
    { value: { object: 'setup_result', setup_session_id: 'seti_1', status: 'done' }, because: 'an unknown status' },
  ),
  PaymentOptions: example(
    options.PaymentOptions,
    {
      object: 'payment_options',
      invoice_id: 'in_jp_1',
      options: [
        { type: 'card', eligible: true, ineligible_reason: null, wallets: [], terms_days: [] },
        { type: 'bank_transfer', eligible: true, ineligible_reason: null, wallets: [], terms_days: [] },
        { type: 'konbini', eligible: true, ineligible_reason: null, wallets: [], terms_days: [] },
        { type: 'wallet', eligible: false, ineligible_reason: 'not_offered', wallets: [], terms_days: [] },
        { type: 'pay_by_invoice', eligible: true, ineligible_reason: null, wallets: [], terms_days: [14, 30] },
      ],
    },
    { value: { object: 'payment_options', invoice_id: null, options: [{ type: 'cheque', eligible: true }] }, because: 'an unknown option type' },
  ),
  BankTransferInstructions: example(
    options.BankTransferInstructions,
    {
      object: 'bank_transfer_instructions',
      currency: 'JPY',
      amount_remaining: 22219,
      reference: 'KEEL-7Q2M',
      financial_addresses: [
        { type: 'zengin', bank_name: 'サンプル銀行', bank_code: '0999', branch_name: '本店営業部', branch_code: '001', account_type: 'futsu', account_number: '1234567', account_holder_name: 'ｱｸﾒｸﾗｳﾄﾞ(ｶ' },
      ],
      bank_holidays_apply: true,
    },
    { value: { object: 'bank_transfer_instructions', currency: 'JPY', amount_remaining: 1, reference: 'x', financial_addresses: [{ type: 'zengin', bank_code: '99' }], bank_holidays_apply: true }, because: 'a malformed Zengin account' },
  ),
  KonbiniVoucher: example(
    options.KonbiniVoucher,
    {
      object: 'konbini_voucher',
      id: 'kv_1',
      invoice_id: 'in_jp_1',
      status: 'pending',
      amount: 22219,
      currency: 'JPY',
      expires_at: '2026-12-07T14:59:59Z',
      stores: [{ store: 'lawson', payment_code: '123456789012', confirmation_number: '01234567890' }],
      hosted_voucher_url: null,
    },
    { value: { object: 'konbini_voucher', id: 'kv_1', stores: [{ store: '7-eleven' }] }, because: 'an unknown store' },
  ),
  PayByInvoiceApplication: example(
    options.PayByInvoiceApplication,
    { object: 'pay_by_invoice_application', id: 'pbi_1', status: 'pending', terms_days: 30, purchase_order: 'PO-1', created: '2026-12-04T10:00:00Z' },
    { value: { object: 'pay_by_invoice_application', id: 'pbi_1', status: 'granted' }, because: 'an unknown status' },
  ),
  Subscription: example(subscriptions.Subscription, subscription, {
    value: { ...subscription, status: 'frozen' },
    because: 'an unknown status',
  }),
  PlanCatalog: example(
    subscriptions.PlanCatalog,
    {
      object: 'plan_catalog',
      subscription_id: 'sub_jp_1',
      plans: [
        { plan: starterPlan, current: false, allowed: true, disallowed_reason: null, timing: 'period_end' },
        { plan: proPlan, current: true, allowed: false, disallowed_reason: 'current_plan', timing: 'now' },
      ],
    },
    { value: { object: 'plan_catalog', subscription_id: null, plans: [{ plan: { ...proPlan, amount: -1 } }] }, because: 'a negative plan amount' },
  ),
  SubscriptionChangePreview: example(
    subscriptions.SubscriptionChangePreview,
    {
      object: 'subscription_change_preview',
      subscription_id: 'sub_jp_1',
      plan: proPlan,
      quantity: 1,
      timing: 'now',
      effective_at: '2026-12-16T00:00:00Z',
      proration_date: '2026-12-16T00:00:00Z',
      currency: 'JPY',
      lines: [
        { ...invoiceLine, id: 'il_p1', kind: 'proration', description: 'Unused time on Starter', unit_amount: -1022, amount: -1022 },
        { ...invoiceLine, id: 'il_p2', kind: 'proration', description: 'Remaining time on Pro', unit_amount: 2570, amount: 2570 },
      ],
      subtotal: 1548,
      total_tax: 154,
      amount_due_now: 1702,
      credit_applied_later: 0,
      next_invoice: { amount_due: 5478, currency: 'JPY', date: '2027-01-01T00:00:00Z' },
    },
    { value: { object: 'subscription_change_preview', subscription_id: 'sub_jp_1', amount_due_now: -5 }, because: 'a negative amount due' },
  ),
  CancelRequest: example(
    subscriptions.CancelRequest,
    { reason: 'too_expensive', feedback: '予算が足りません' },
    { value: { reason: 'bored' }, because: 'an unknown reason' },
  ),
  RetentionOfferList: example(
    subscriptions.RetentionOfferList,
    {
      object: 'list',
      data: [
        { object: 'retention_offer', id: 'offer_discount_30', type: 'discount', discount: { percent_off: 30, duration_months: 3 }, pause_months: null, plan: null },
        { object: 'retention_offer', id: 'offer_plan_starter', type: 'plan_change', discount: null, pause_months: null, plan: starterPlan },
      ],
      has_more: false,
      next_cursor: null,
    },
    { value: { object: 'list', data: [{ object: 'retention_offer', id: 'x', type: 'gift' }], has_more: false, next_cursor: null }, because: 'an unknown offer type' },
  ),
  RetentionStats: example(
    subscriptions.RetentionStats,
    {
      object: 'retention_stats',
      since: null,
      reasons: [{ reason: 'too_expensive', cancellations: 3, offers_shown: 5, offers_accepted: 2 }],
      offers: [{ offer_type: 'discount', shown: 5, accepted: 2, declined: 3 }],
    },
    { value: { object: 'retention_stats', since: null, reasons: [{ reason: 'too_expensive', cancellations: -1 }], offers: [] }, because: 'a negative count' },
  ),
  BillingDetails: example(
    billing.BillingDetails,
    { object: 'billing_details', name: '株式会社サンプル', email: 'billing@example.jp', phone: null, address: tokyoAddress, tax_ids: [taxId] },
    { value: { object: 'billing_details', name: null, email: null, phone: null, address: { country: 'Japan' }, tax_ids: [] }, because: 'a country name instead of a code' },
  ),
  UpdateBillingDetailsRequest: example(
    billing.UpdateBillingDetailsRequest,
    { email: 'ap@example.de', address: { line1: 'Friedrichstraße 1', line2: null, city: 'Berlin', state: null, postal_code: '10117', country: 'DE' } },
    { value: { email: 'not-an-email', nickname: 'x' }, because: 'a malformed email and an unknown field' },
  ),
  CreateTaxIdRequest: example(
    billing.CreateTaxIdRequest,
    { type: 'eu_vat', value: 'DE123456789' },
    { value: { type: 'vat', value: 'DE123456789' }, because: 'an unknown tax ID type' },
  ),
  DunningState: example(dunning.DunningState, dunningState, {
    value: { ...dunningState, reason: 'stolen_card' },
    because: 'a reason that must never be revealed',
  }),
  DunningEventRequest: example(
    dunning.DunningEventRequest,
    { type: 'click', invoice_id: 'in_jp_1', variant: 'a', action: 'update_payment_method' },
    { value: { type: 'hover', invoice_id: 'in_jp_1', variant: 'a' }, because: 'an unknown event type' },
  ),
  TestClock: example(
    sandbox.TestClock,
    { object: 'test_clock', frozen_time: '2026-12-04T10:00:00Z', events_run: 3 },
    { value: { object: 'test_clock', frozen_time: 'yesterday', events_run: 0 }, because: 'a time that is not ISO 8601' },
  ),
  AdvanceClockRequest: example(sandbox.AdvanceClockRequest, { duration: '7d' }, { value: { duration: 'a week' }, because: 'a duration in words' }),
  BankTransferSimulation: example(
    sandbox.BankTransferSimulation,
    { object: 'bank_transfer_simulation', customer_id: 'cus_de_reverse_charge', amount: 11900, currency: 'EUR', invoices_paid: ['in_de_1'], unapplied_amount: 0, received_at: '2026-12-04T10:00:00Z' },
    { value: { object: 'bank_transfer_simulation', customer_id: 'cus_de', amount: 1.5 }, because: 'a fractional minor amount' },
  ),
  ApiErrorEnvelope: example(
    ApiErrorEnvelope,
    { error: { code: 'parameter_invalid', message: 'email must be an email address.', param: 'email', request_id: 'req_123' } },
    { value: { error: 'Something went wrong' }, because: 'an error that is a bare string' },
  ),
  ListQuery: example(ListQuery, { limit: 25, starting_after: 'in_jp_1' }, { value: { limit: 1000 }, because: 'a page size over 100' }),
  InvoiceListQuery: example(invoices.InvoiceListQuery, { limit: 10, status: 'open' }, { value: { status: 'late' }, because: 'an unknown status' }),
  PayInvoiceRequest: example(invoices.PayInvoiceRequest, { payment_method_id: 'pm_visa_4242' }, { value: { payment_method_id: '' }, because: 'an empty id' }),
  AuthenticatePaymentRequest: example(invoices.AuthenticatePaymentRequest, { result: 'approve' }, { value: { result: 'yes' }, because: 'an unknown answer' }),
  CreateSetupRequest: example(methods.CreateSetupRequest, { replace_payment_method_id: 'pm_visa_4242', set_default: true }, { value: { set_default: 'yes' }, because: 'a string for a boolean' }),
  DeletedPaymentMethod: example(methods.DeletedPaymentMethod, { object: 'payment_method', id: 'pm_old', deleted: true }, { value: { object: 'payment_method', id: 'pm_old', deleted: false }, because: 'deleted is false' }),
  PaymentOptionsQuery: example(options.PaymentOptionsQuery, { invoice_id: 'in_jp_1' }, { value: { invoice: 'in_jp_1' }, because: 'an unknown field' }),
  BankTransferRequest: example(options.BankTransferRequest, { invoice_id: 'in_jp_1' }, { value: { invoice_id: 42 }, because: 'a number for an id' }),
  KonbiniVoucherRequest: example(options.KonbiniVoucherRequest, { invoice_id: 'in_jp_1' }, { value: {}, because: 'a missing invoice id' }),
  PayByInvoiceRequest: example(options.PayByInvoiceRequest, { terms_days: 30, purchase_order: 'PO-2026-12' }, { value: { terms_days: 0 }, because: 'zero days of terms' }),
  PlanCatalogQuery: example(subscriptions.PlanCatalogQuery, { subscription_id: 'sub_jp_1' }, { value: { subscription_id: '' }, because: 'an empty id' }),
  SubscriptionList: example(
    subscriptions.SubscriptionList,
    { object: 'list', data: [subscription], has_more: false, next_cursor: null },
    { value: { object: 'list', data: [{ ...subscription, items: 'pro' }], has_more: false, next_cursor: null }, because: 'items given as a string' },
  ),
  SubscriptionChangeRequest: example(subscriptions.SubscriptionChangeRequest, { plan_id: 'price_pro_monthly_jpy', proration_date: '2026-12-16T00:00:00Z' }, { value: { plan_id: 'price_pro_monthly_jpy', quantity: 0 }, because: 'a quantity of zero' }),
  PauseRequest: example(subscriptions.PauseRequest, { months: 1 }, { value: { months: 24 }, because: 'a pause longer than a year' }),
  RetentionOffersQuery: example(subscriptions.RetentionOffersQuery, { reason: 'too_expensive' }, { value: {}, because: 'a missing reason' }),
  AcceptOfferRequest: example(subscriptions.AcceptOfferRequest, { reason: 'unused' }, { value: { reason: 'unused', offer: 'x' }, because: 'an unknown field' }),
  TaxId: example(billing.TaxId, taxId, { value: { ...taxId, verification: 'ok' }, because: 'an unknown verification state' }),
  DeletedTaxId: example(billing.DeletedTaxId, { object: 'tax_id', id: 'txi_1', deleted: true }, { value: { object: 'tax_id', deleted: true }, because: 'a missing id' }),
  ExtensionRequest: example(dunning.ExtensionRequest, { invoice_id: 'in_jp_1' }, { value: { invoice_id: 'in_jp_1', days: 30 }, because: 'an unknown field' }),
  SimulateBankTransferRequest: example(sandbox.SimulateBankTransferRequest, { customer_id: 'cus_de_reverse_charge', amount: 11900, currency: 'EUR' }, { value: { customer_id: 'cus_de_reverse_charge', amount: 119, currency: 'eur' }, because: 'a lower-case currency code' }),
  SandboxCustomerList: example(
    sandbox.SandboxCustomerList,
    { object: 'list', data: [{ id: 'cus_jp_expired', name: '株式会社サンプル', description: 'Japanese customer past due with an expired card', locale: 'ja' }], has_more: false, next_cursor: null },
    { value: { object: 'list', data: [{ id: 'cus_1' }], has_more: false, next_cursor: null }, because: 'a customer without a description' },
  ),
} satisfies Record<string, SchemaExample>;

export type ExampleName = keyof typeof examples;
