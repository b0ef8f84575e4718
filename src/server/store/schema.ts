// Database types of the store, one interface per table. Migrations in
// ./migrations create exactly these columns; change both together.
//
// Conventions: money is int8 in the currency's minor unit (read as a number);
// instants are timestamptz (read as Date); calendar dates are `date` (read as
// YYYY-MM-DD text); structured values are jsonb, written as JSON text with
// `toJson()` so PGlite and `pg` store the same thing.

import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

import type { DunningPolicy } from '../../dunning/index.js';

/** A timestamptz column: read as Date, written as Date or ISO 8601 text. */
export type Instant = ColumnType<Date, Date | string, Date | string>;
/** A nullable timestamptz column. */
export type NullableInstant = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A jsonb column holding T: read parsed, written as JSON text (see `toJson`). */
export type Json<T> = ColumnType<T, string, string>;
/** A nullable jsonb column. */
export type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

/** Serializes a value for a jsonb column. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export interface Address {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  country: string | null;
}

/** A legal entity that issues invoices, with the tax registration it prints. */
export interface InvoiceIssuer {
  name: string;
  country: string;
  /** IANA time zone of the issuer's calendar, which dates due dates. */
  time_zone: string;
  address: Address;
  /** Japanese qualified-invoice issuer registration number (T + 13 digits). */
  jp_registration_number: string | null;
  /** EU VAT identification number with its country prefix. */
  vat_id: string | null;
  /** VAT rate charged to EU customers without reverse charge, in basis points (2100 is 21%). */
  vat_rate_basis_points: number | null;
}

export interface SandboxSettings {
  /** Issuer for customers in Japan: a registered qualified-invoice issuer. */
  jp_issuer: InvoiceIssuer;
  /** Issuer for customers in the EU, and for all others. */
  eu_issuer: InvoiceIssuer;
  invoice_number_prefix: string;
  /** Subscription status once the dunning deadline passes with the invoice unpaid. */
  after_final_retry: 'unpaid' | 'canceled';
  /** Overrides of the dunning policy that plans retries and the deadline. */
  dunning_policy: Partial<DunningPolicy>;
  /** Days from voucher creation until a konbini voucher expires at 23:59:59 JST. */
  konbini_expires_after_days: number;
  /** Hours an `incomplete` subscription waits for its first payment. */
  incomplete_expires_after_hours: number;
}

export interface SandboxesTable {
  id: string;
  clock_now: Instant;
  created_at: Instant;
  /** Last issued invoice number; the next one is this plus one. */
  invoice_number_seq: Generated<number>;
  /** Counter behind deterministic object ids. */
  object_seq: Generated<number>;
  settings: Json<SandboxSettings>;
}

export interface CustomersTable {
  sandbox_id: string;
  id: string;
  email: string | null;
  name: string | null;
  country: string;
  locale: string;
  time_zone: string;
  currency: string;
  phone: string | null;
  address: NullableJson<Address>;
  default_payment_method_id: string | null;
  /** Customer credit (minor units), such as a downgrade's unused time, applied to the next invoices. */
  credit_balance: Generated<number>;
  /** Funds received by bank transfer and not yet applied to an invoice (minor units). */
  cash_balance: Generated<number>;
  created_at: Instant;
  metadata: Json<Record<string, string>>;
}

export interface CustomerTaxIdsTable {
  sandbox_id: string;
  id: string;
  customer_id: string;
  /** Stripe tax ID type, e.g. `eu_vat`, `jp_trn`. */
  type: string;
  value: string;
  country: string | null;
  verification_status: string;
  created_at: Instant;
}

export type TaxCategory = 'standard' | 'reduced';
export type PriceInterval = 'day' | 'week' | 'month' | 'year';

export interface ProductsTable {
  sandbox_id: string;
  id: string;
  name: string;
  description: string | null;
  /** `reduced` selects Japan's 8% reduced consumption tax rate. */
  tax_category: TaxCategory;
  features: Json<string[]>;
  active: boolean;
  created_at: Instant;
}

export interface PricesTable {
  sandbox_id: string;
  id: string;
  product_id: string;
  currency: string;
  unit_amount: number;
  interval: PriceInterval;
  interval_count: number;
  nickname: string | null;
  lookup_key: string | null;
  /** Ordering of plans within a product family: a higher tier is an upgrade. */
  tier: number;
  active: boolean;
  created_at: Instant;
}

export type CouponDuration = 'once' | 'repeating' | 'forever';

export interface CouponsTable {
  sandbox_id: string;
  id: string;
  name: string;
  percent_off: number | null;
  amount_off: number | null;
  currency: string | null;
  duration: CouponDuration;
  duration_in_months: number | null;
  created_at: Instant;
}

export type SubscriptionStatus =
  | 'incomplete'
  | 'incomplete_expired'
  | 'trialing'
  | 'active'
  | 'past_due'
  | 'unpaid'
  | 'canceled'
  | 'paused';

export type CollectionMethod = 'charge_automatically' | 'send_invoice';
export type PauseCollectionBehavior = 'keep_as_draft' | 'mark_uncollectible' | 'void';

export interface SubscriptionsTable {
  sandbox_id: string;
  id: string;
  customer_id: string;
  status: SubscriptionStatus;
  price_id: string;
  quantity: number;
  collection_method: CollectionMethod;
  days_until_due: number | null;
  billing_cycle_anchor: Instant;
  current_period_start: Instant;
  current_period_end: Instant;
  trial_start: NullableInstant;
  trial_end: NullableInstant;
  cancel_at_period_end: boolean;
  canceled_at: NullableInstant;
  ended_at: NullableInstant;
  cancellation_reason: string | null;
  cancellation_feedback: string | null;
  cancellation_comment: string | null;
  /** Stripe's `pause_collection`: invoices keep being created but not collected. */
  pause_collection_behavior: PauseCollectionBehavior | null;
  pause_collection_resumes_at: NullableInstant;
  /** When status is `paused`: no invoices are created until this instant (null: until resumed). */
  paused_at: NullableInstant;
  resumes_at: NullableInstant;
  default_payment_method_id: string | null;
  coupon_id: string | null;
  discount_end: NullableInstant;
  /** A change scheduled for the end of the current period. */
  scheduled_price_id: string | null;
  scheduled_quantity: number | null;
  latest_invoice_id: string | null;
  created_at: Instant;
}

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';
export type BillingReason = 'subscription_create' | 'subscription_cycle' | 'subscription_update' | 'manual';

/** Customer details copied onto the invoice when it is finalized. */
export interface InvoiceCustomerSnapshot {
  name: string | null;
  email: string | null;
  country: string;
  address: Address | null;
  tax_ids: Array<{ type: string; value: string }>;
}

export interface InvoicesTable {
  sandbox_id: string;
  id: string;
  number: string | null;
  customer_id: string;
  subscription_id: string | null;
  status: InvoiceStatus;
  billing_reason: BillingReason;
  collection_method: CollectionMethod;
  currency: string;
  /** Sum of line amounts before discounts and tax. */
  subtotal: number;
  discount_total: number;
  tax_total: number;
  total: number;
  /** Customer credit applied when the invoice was finalized. */
  balance_applied: number;
  amount_paid: number;
  amount_remaining: number;
  period_start: Instant;
  period_end: Instant;
  created_at: Instant;
  due_date: NullableInstant;
  finalized_at: NullableInstant;
  paid_at: NullableInstant;
  voided_at: NullableInstant;
  marked_uncollectible_at: NullableInstant;
  /** Whether automatic collection (charges and retries) runs for this invoice. */
  auto_advance: boolean;
  attempt_count: number;
  next_payment_attempt: NullableInstant;
  last_payment_attempt_id: string | null;
  /** Payment method this invoice charges instead of the defaults. */
  default_payment_method_id: string | null;
  /** First failed payment of the invoice, which starts dunning. */
  first_failed_at: NullableInstant;
  /** When the subscription is suspended if the invoice is still unpaid. */
  dunning_deadline: NullableInstant;
  /** Whether the customer already used their one grace extension on this invoice. */
  extension_granted: Generated<boolean>;
  reverse_charge: boolean;
  issuer: Json<InvoiceIssuer>;
  customer_snapshot: Json<InvoiceCustomerSnapshot>;
  coupon_id: string | null;
  description: string | null;
}

export type InvoiceLineKind = 'subscription' | 'proration' | 'invoice_item';

export interface InvoiceLinesTable {
  sandbox_id: string;
  id: string;
  invoice_id: string;
  position: number;
  kind: InvoiceLineKind;
  description: string;
  price_id: string | null;
  quantity: number;
  unit_amount: number;
  /** Line amount before discount: negative for a proration credit. */
  amount: number;
  discount_amount: number;
  tax_category: TaxCategory;
  /** Key into the sandbox tax table, null when the line is not taxed. */
  tax_rate_id: string | null;
  period_start: Instant;
  period_end: Instant;
}

/** Tax of one rate on one invoice: computed and rounded once per rate. */
export interface InvoiceTaxesTable {
  sandbox_id: string;
  invoice_id: string;
  tax_rate_id: string;
  position: number;
  jurisdiction: string;
  display_name: string;
  /** Rate in basis points: 1000 is 10%. */
  rate_basis_points: number;
  taxable_amount: number;
  tax_amount: number;
  reduced_rate: boolean;
  reverse_charge: boolean;
}

/** Behaviour of a test card number, see providers/sandbox/test-cards.ts. */
export type TestCardBehavior =
  | 'succeed'
  | 'generic_decline'
  | 'insufficient_funds'
  | 'expired_card'
  | 'incorrect_cvc'
  | 'authentication_required'
  | 'decline_after_attach'
  | 'lost_card'
  | 'stolen_card'
  | 'fraudulent';

export interface PaymentMethodsTable {
  sandbox_id: string;
  id: string;
  /** Null once detached. */
  customer_id: string | null;
  type: 'card';
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  funding: string;
  fingerprint: string;
  behavior: TestCardBehavior;
  created_at: Instant;
  detached_at: NullableInstant;
}

export type PaymentChannel = 'card' | 'bank_transfer' | 'konbini' | 'cash_balance';
export type PaymentAttemptStatus = 'succeeded' | 'failed' | 'requires_action' | 'canceled';

export interface PaymentAttemptsTable {
  sandbox_id: string;
  id: string;
  invoice_id: string;
  customer_id: string;
  payment_method_id: string | null;
  channel: PaymentChannel;
  amount: number;
  currency: string;
  status: PaymentAttemptStatus;
  /** Stripe error code, e.g. `card_declined`, `expired_card`. */
  failure_code: string | null;
  /** Stripe decline code, e.g. `insufficient_funds`. */
  decline_code: string | null;
  off_session: boolean;
  created_at: Instant;
  resolved_at: NullableInstant;
}

export type BankTransferType = 'zengin' | 'iban' | 'aba';

export interface BankTransferAccountsTable {
  sandbox_id: string;
  id: string;
  customer_id: string;
  currency: string;
  type: BankTransferType;
  /** Financial address fields of the type, as in Stripe's funding instructions. */
  details: Json<Record<string, string>>;
  reference: string;
  created_at: Instant;
}

export interface BankTransfersTable {
  sandbox_id: string;
  id: string;
  customer_id: string;
  account_id: string;
  amount: number;
  currency: string;
  reference: string | null;
  received_at: Instant;
  /** Part of `amount` left in the customer's cash balance after settling invoices. */
  unapplied_amount: number;
}

export type KonbiniVoucherStatus = 'pending' | 'paid' | 'expired' | 'canceled';

export interface KonbiniVouchersTable {
  sandbox_id: string;
  id: string;
  invoice_id: string;
  customer_id: string;
  amount: number;
  currency: string;
  payment_code: string;
  confirmation_number: string;
  /** Per-store payment codes: `{ store, payment_code, confirmation_number }`. */
  stores: Json<Array<{ store: string; payment_code: string; confirmation_number: string }>>;
  status: KonbiniVoucherStatus;
  created_at: Instant;
  expires_at: Instant;
  paid_at: NullableInstant;
}

/** A record of everything the engine did, in clock order, like Stripe's events. */
export interface SandboxEventsTable {
  sandbox_id: string;
  seq: number;
  id: string;
  type: string;
  object_id: string;
  occurred_at: Instant;
  data: Json<Record<string, unknown>>;
}

/** A card setup started by the portal and finished with a test card. */
export interface SetupSessionsTable {
  sandbox_id: string;
  id: string;
  customer_id: string;
  replace_payment_method_id: string | null;
  set_default: boolean;
  status: 'requires_payment_method' | 'requires_action' | 'succeeded' | 'canceled';
  /** The card waiting for 3-D Secure, or the card saved. */
  payment_method_id: string | null;
  created_at: Instant;
}

export interface DunningEventsTable {
  sandbox_id: string;
  seq: number;
  customer_id: string;
  invoice_id: string;
  type: 'impression' | 'dismissal' | 'click' | 'extension';
  variant: string | null;
  action: string | null;
  occurred_at: Instant;
}

export type RetentionOutcome = 'shown' | 'accepted' | 'declined' | 'canceled';

export interface RetentionEventsTable {
  sandbox_id: string;
  seq: number;
  customer_id: string;
  subscription_id: string;
  reason: string;
  offer_id: string | null;
  offer_type: 'discount' | 'pause' | 'plan_change' | null;
  outcome: RetentionOutcome;
  feedback: string | null;
  occurred_at: Instant;
}

export interface PayByInvoiceApplicationsTable {
  sandbox_id: string;
  id: string;
  customer_id: string;
  terms_days: number;
  purchase_order: string | null;
  note: string | null;
  status: 'pending' | 'approved' | 'rejected';
  created_at: Instant;
}

export interface Database {
  sandboxes: SandboxesTable;
  customers: CustomersTable;
  customer_tax_ids: CustomerTaxIdsTable;
  products: ProductsTable;
  prices: PricesTable;
  coupons: CouponsTable;
  subscriptions: SubscriptionsTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_taxes: InvoiceTaxesTable;
  payment_methods: PaymentMethodsTable;
  payment_attempts: PaymentAttemptsTable;
  bank_transfer_accounts: BankTransferAccountsTable;
  bank_transfers: BankTransfersTable;
  konbini_vouchers: KonbiniVouchersTable;
  sandbox_events: SandboxEventsTable;
  setup_sessions: SetupSessionsTable;
  dunning_events: DunningEventsTable;
  retention_events: RetentionEventsTable;
  pay_by_invoice_applications: PayByInvoiceApplicationsTable;
}

export type SandboxRow = Selectable<SandboxesTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type CustomerTaxIdRow = Selectable<CustomerTaxIdsTable>;
export type ProductRow = Selectable<ProductsTable>;
export type PriceRow = Selectable<PricesTable>;
export type CouponRow = Selectable<CouponsTable>;
export type SubscriptionRow = Selectable<SubscriptionsTable>;
export type SubscriptionUpdate = Updateable<SubscriptionsTable>;
export type InvoiceRow = Selectable<InvoicesTable>;
export type NewInvoice = Insertable<InvoicesTable>;
export type InvoiceLineRow = Selectable<InvoiceLinesTable>;
export type NewInvoiceLine = Insertable<InvoiceLinesTable>;
export type InvoiceTaxRow = Selectable<InvoiceTaxesTable>;
export type PaymentMethodRow = Selectable<PaymentMethodsTable>;
export type PaymentAttemptRow = Selectable<PaymentAttemptsTable>;
export type BankTransferAccountRow = Selectable<BankTransferAccountsTable>;
export type BankTransferRow = Selectable<BankTransfersTable>;
export type KonbiniVoucherRow = Selectable<KonbiniVouchersTable>;
export type SandboxEventRow = Selectable<SandboxEventsTable>;
export type SetupSessionRow = Selectable<SetupSessionsTable>;
export type PayByInvoiceApplicationRow = Selectable<PayByInvoiceApplicationsTable>;
