// Store rows to HTTP contract objects. Instants become ISO 8601 strings and
// currencies stay upper-case ISO 4217 codes as the store keeps them.

import type {
  BillingDetails,
  DeclineReason,
  Invoice,
  InvoiceDetail,
  InvoiceLine,
  KonbiniVoucher,
  LastPaymentError,
  Payment,
  PaymentMethod,
  Plan,
  Subscription,
  TaxBreakdownEntry,
  TaxId,
} from '../../../contract/index.js';
import { classifyDecline } from '../../../dunning/index.js';
import type {
  CouponRow,
  CustomerRow,
  CustomerTaxIdRow,
  InvoiceLineRow,
  InvoiceRow,
  InvoiceTaxRow,
  KonbiniVoucherRow,
  PaymentAttemptRow,
  PaymentMethodRow,
  SubscriptionRow,
} from '../../store/index.js';
import type { PriceWithProduct } from './catalog.js';
import type { KonbiniStoreCode } from './konbini.js';
import { dateInTimeZone } from './time.js';

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

/** Returns the customer-facing reason of a decline code; lost, stolen and fraud read as `bank_declined`. */
export function declineReasonOf(declineCode: string | null): DeclineReason | null {
  if (!declineCode) return null;
  return classifyDecline({ declineCode }).reason as DeclineReason;
}

export function mapPaymentError(attempt: PaymentAttemptRow | null | undefined): LastPaymentError | null {
  if (!attempt || (attempt.status !== 'failed' && attempt.status !== 'requires_action')) return null;
  return {
    code: attempt.decline_code ?? attempt.failure_code,
    decline_reason: declineReasonOf(attempt.decline_code ?? attempt.failure_code),
    occurred_at: attempt.created_at.toISOString(),
  };
}

export function mapInvoice(invoice: InvoiceRow, lastAttempt: PaymentAttemptRow | null): Invoice {
  const finalized = invoice.status !== 'draft';
  const amountDue = Math.max(invoice.total, 0) - invoice.balance_applied;
  return {
    object: 'invoice',
    id: invoice.id,
    number: invoice.number,
    status: invoice.status,
    currency: invoice.currency,
    description: invoice.description,
    collection_method: invoice.collection_method,
    subtotal: invoice.subtotal,
    total_discount: invoice.discount_total,
    total_tax: invoice.tax_total,
    total: invoice.total,
    amount_due: amountDue,
    amount_paid: invoice.amount_paid,
    amount_remaining: invoice.amount_remaining,
    created: invoice.created_at.toISOString(),
    due_date: invoice.due_date ? dateInTimeZone(invoice.due_date, invoice.issuer.time_zone) : null,
    period_start: iso(invoice.period_start),
    period_end: iso(invoice.period_end),
    paid_at: iso(invoice.paid_at),
    subscription_id: invoice.subscription_id,
    default_payment_method: invoice.default_payment_method_id,
    attempt_count: invoice.attempt_count,
    next_payment_attempt: iso(invoice.next_payment_attempt),
    last_payment_error: invoice.status === 'open' ? mapPaymentError(lastAttempt) : null,
    reverse_charge: invoice.reverse_charge,
    pdf_url: finalized ? `/v1/invoices/${encodeURIComponent(invoice.id)}/pdf` : null,
    pending_payment_id: lastAttempt?.status === 'requires_action' ? lastAttempt.id : null,
  };
}

export function mapInvoiceLine(line: Pick<InvoiceLineRow, 'id' | 'description' | 'kind' | 'quantity' | 'unit_amount' | 'amount' | 'discount_amount' | 'period_start' | 'period_end' | 'tax_category'>, basisPoints: number | null): InvoiceLine {
  let kind: InvoiceLine['kind'] = line.kind === 'invoice_item' ? 'one_off' : line.kind;
  if (line.kind === 'invoice_item' && line.amount < 0) kind = 'credit';
  return {
    id: line.id,
    description: line.description,
    kind,
    quantity: line.quantity,
    unit_amount: line.unit_amount,
    amount: line.amount,
    discount_amount: line.discount_amount,
    period_start: iso(line.period_start),
    period_end: iso(line.period_end),
    tax_rate_percent: basisPoints === null ? null : basisPoints / 100,
    reduced_rate: line.tax_category === 'reduced' && basisPoints !== null && basisPoints > 0,
  };
}

export function mapTaxBreakdown(row: InvoiceTaxRow): TaxBreakdownEntry {
  return {
    tax_type: row.tax_rate_id.startsWith('jp_') ? 'jp_consumption_tax' : 'vat',
    rate_percent: row.rate_basis_points / 100,
    reduced_rate: row.reduced_rate,
    taxable_amount: row.taxable_amount,
    tax_amount: row.tax_amount,
    inclusive: false,
  };
}

export function mapInvoiceDetail(
  invoice: InvoiceRow,
  lastAttempt: PaymentAttemptRow | null,
  lines: InvoiceLineRow[],
  taxes: InvoiceTaxRow[],
  coupon: CouponRow | null,
): InvoiceDetail {
  const rateById = new Map(taxes.map((row) => [row.tax_rate_id, row.rate_basis_points]));
  const snapshot = invoice.customer_snapshot;
  const recipientVat = snapshot.tax_ids.find((taxId) => taxId.type === 'eu_vat')?.value ?? null;
  return {
    ...mapInvoice(invoice, lastAttempt),
    lines: lines.map((line) => mapInvoiceLine(line, line.tax_rate_id === null ? null : (rateById.get(line.tax_rate_id) ?? null))),
    discounts: invoice.discount_total > 0 ? [{ name: coupon?.name ?? 'Discount', amount: invoice.discount_total }] : [],
    tax_breakdown: taxes.map(mapTaxBreakdown),
    issuer: {
      name: invoice.issuer.name,
      registration_number: invoice.issuer.jp_registration_number,
      vat_id: invoice.issuer.vat_id,
      address: invoice.issuer.address.country ? { ...invoice.issuer.address, country: invoice.issuer.address.country } : null,
    },
    recipient: {
      name: snapshot.name,
      vat_id: recipientVat,
      address: snapshot.address?.country ? { ...snapshot.address, country: snapshot.address.country } : null,
      country: snapshot.country,
    },
  };
}

export function mapPayment(attempt: PaymentAttemptRow): Payment {
  return {
    object: 'payment',
    id: attempt.id,
    invoice_id: attempt.invoice_id,
    status: attempt.status === 'canceled' ? 'failed' : attempt.status,
    amount: attempt.amount,
    currency: attempt.currency,
    payment_method_id: attempt.payment_method_id,
    next_action: attempt.status === 'requires_action' ? { type: 'sandbox_authenticate', client_secret: null } : null,
    error: attempt.status === 'failed' ? mapPaymentError(attempt) : null,
    created: attempt.created_at.toISOString(),
  };
}

const DAY_MS = 86_400_000;
const KNOWN_BRANDS: ReadonlySet<string> = new Set(['visa', 'mastercard']);

export function mapPaymentMethod(paymentMethod: PaymentMethodRow, defaultId: string | null, now: Date): PaymentMethod {
  const expiresAt = Date.UTC(paymentMethod.exp_year, paymentMethod.exp_month, 1);
  const expired = now.getTime() >= expiresAt;
  return {
    object: 'payment_method',
    id: paymentMethod.id,
    type: 'card',
    card: {
      brand: KNOWN_BRANDS.has(paymentMethod.brand) ? (paymentMethod.brand as 'visa' | 'mastercard') : 'unknown',
      last4: paymentMethod.last4,
      exp_month: paymentMethod.exp_month,
      exp_year: paymentMethod.exp_year,
      country: null,
      wallet: null,
    },
    billing_name: null,
    is_default: paymentMethod.id === defaultId,
    expires_soon: !expired && expiresAt - now.getTime() <= 30 * DAY_MS,
    expired,
    created: paymentMethod.created_at.toISOString(),
  };
}

export function mapPlan(plan: PriceWithProduct): Plan {
  return {
    object: 'plan',
    id: plan.price.id,
    product_id: plan.product.id,
    name: plan.product.name,
    description: plan.product.description,
    features: plan.product.features,
    amount: plan.price.unit_amount,
    currency: plan.price.currency,
    // NOTE: the contract names only month and year; day and week prices (test use only) show as month.
    interval: plan.price.interval === 'year' ? 'year' : 'month',
    interval_count: plan.price.interval_count,
    tier_rank: plan.price.tier,
  };
}

export interface SubscriptionParts {
  subscription: SubscriptionRow;
  plan: PriceWithProduct;
  scheduledPlan: PriceWithProduct | null;
  coupon: CouponRow | null;
  /** Estimated next renewal total with tax, or null when nothing more is charged. */
  upcomingAmount: number | null;
}

export function mapSubscription(parts: SubscriptionParts): Subscription {
  const { subscription, plan, scheduledPlan, coupon } = parts;
  const ended = subscription.status === 'canceled' || subscription.status === 'incomplete_expired';
  let pauseCollection: Subscription['pause_collection'] = null;
  if (subscription.pause_collection_behavior) {
    pauseCollection = { behavior: subscription.pause_collection_behavior, resumes_at: iso(subscription.pause_collection_resumes_at) };
  } else if (subscription.status === 'paused') {
    // A paused subscription creates no invoices at all, which reads closest to `void`.
    pauseCollection = { behavior: 'void', resumes_at: iso(subscription.resumes_at) };
  }
  const nextDate = subscription.status === 'paused' ? subscription.resumes_at : subscription.current_period_end;
  return {
    object: 'subscription',
    id: subscription.id,
    status: subscription.status,
    items: [{ id: `si_${subscription.id}`, plan: mapPlan(plan), quantity: subscription.quantity }],
    currency: plan.price.currency,
    current_period_start: subscription.current_period_start.toISOString(),
    current_period_end: subscription.current_period_end.toISOString(),
    trial_end: iso(subscription.trial_end),
    cancel_at_period_end: subscription.cancel_at_period_end,
    cancel_at: subscription.cancel_at_period_end ? subscription.current_period_end.toISOString() : null,
    canceled_at: iso(subscription.canceled_at),
    pause_collection: pauseCollection,
    scheduled_change: scheduledPlan
      ? { plan: mapPlan(scheduledPlan), quantity: subscription.scheduled_quantity ?? subscription.quantity, effective_at: subscription.current_period_end.toISOString() }
      : null,
    discount: coupon
      ? { name: coupon.name, percent_off: coupon.percent_off, amount_off: coupon.amount_off, ends_at: iso(subscription.discount_end) }
      : null,
    default_payment_method: subscription.default_payment_method_id,
    upcoming_invoice:
      ended || subscription.cancel_at_period_end || parts.upcomingAmount === null || nextDate === null
        ? null
        : { amount_due: parts.upcomingAmount, currency: plan.price.currency, date: nextDate.toISOString() },
  };
}

export function mapTaxId(row: CustomerTaxIdRow): TaxId {
  return {
    object: 'tax_id',
    id: row.id,
    type: row.type as TaxId['type'],
    value: row.value,
    country: row.country,
    verification: row.verification_status as TaxId['verification'],
  };
}

export function mapBillingDetails(customer: CustomerRow, taxIds: CustomerTaxIdRow[]): BillingDetails {
  return {
    object: 'billing_details',
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    address: customer.address?.country ? { ...customer.address, country: customer.address.country } : null,
    tax_ids: taxIds.map(mapTaxId),
  };
}

export function mapKonbiniVoucher(voucher: KonbiniVoucherRow): KonbiniVoucher {
  const stores = voucher.stores as KonbiniStoreCode[];
  return {
    object: 'konbini_voucher',
    id: voucher.id,
    invoice_id: voucher.invoice_id,
    status: voucher.status === 'canceled' ? 'expired' : voucher.status,
    amount: voucher.amount,
    currency: voucher.currency,
    expires_at: voucher.expires_at.toISOString(),
    stores: stores.map((store) => ({ store: store.store, payment_code: store.payment_code, confirmation_number: store.confirmation_number })),
    hosted_voucher_url: null,
  };
}
