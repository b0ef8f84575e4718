/**
 * Stripe invoices to the contract's `Invoice` and `InvoiceDetail`: lines,
 * discounts, the per-rate tax breakdown from `total_taxes` (API version
 * 2026-11-18, pinned by `stripe` 23), the buyer's tax IDs and the EU reverse
 * charge.
 */
import type Stripe from 'stripe';
import type {
  Invoice,
  InvoiceDetail,
  InvoiceIssuer,
  InvoiceLine,
  InvoiceRecipient,
  TaxBreakdownEntry,
} from '../../../../contract/index.js';
import {
  addressOf,
  countryOf,
  currencyOf,
  dateOnlyOf,
  enumOf,
  expanded,
  idOf,
  instantOf,
  intOf,
  nonNegative,
  requiredInstantOf,
  textOf,
} from './common.js';
import { lastPaymentErrorOf } from './decline.js';

const INVOICE_STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;
const COLLECTION_METHODS = ['charge_automatically', 'send_invoice'] as const;
/** Buyer tax ID types printed as the VAT ID on EU and UK invoices. */
const VAT_ID_TYPES = new Set(['eu_vat', 'gb_vat', 'ch_vat', 'no_vat', 'is_vat', 'eu_oss_vat']);
/** PaymentIntent states in which the customer still has to do something. */
const PENDING_INTENT_STATES = new Set(['requires_action', 'requires_confirmation', 'processing']);

/** What the invoice mapper may know besides the invoice itself. */
export interface InvoiceMappingContext {
  /** Tax rates by id; `total_taxes` names a rate only by id. Missing rates are derived from the amounts. */
  taxRates?: ReadonlyMap<string, Stripe.TaxRate>;
  /** The invoice's current PaymentIntent, for the last error and an unfinished payment. */
  paymentIntent?: Stripe.PaymentIntent | null;
  /** The issuer's time zone, in which the due date is printed. Defaults to UTC. */
  timeZone?: string;
  /** The seller as printed on invoices; defaults to the Stripe account's name and tax IDs. */
  issuer?: InvoiceIssuer | null;
}

/** Returns the subscription an invoice bills, from `parent.subscription_details` (API 2025-03-31 and later). */
export function subscriptionIdOfInvoice(invoice: Stripe.Invoice): string | null {
  const legacy = (invoice as unknown as { subscription?: string | { id: string } | null }).subscription;
  return idOf(invoice.parent?.subscription_details?.subscription ?? legacy ?? null);
}

/** Returns true when the buyer accounts for the VAT: Stripe Tax's reasons, or a reverse-charge tax-exempt customer. */
export function isReverseCharge(invoice: Stripe.Invoice): boolean {
  if (invoice.customer_tax_exempt === 'reverse') return true;
  if ((invoice.total_taxes ?? []).some((tax) => tax?.taxability_reason === 'reverse_charge')) return true;
  return (invoice.lines?.data ?? []).some((line) => (line?.taxes ?? []).some((tax) => tax?.taxability_reason === 'reverse_charge'));
}

function sumAmounts(entries: ReadonlyArray<{ amount?: number | null } | null> | null | undefined): number {
  return (entries ?? []).reduce((sum, entry) => sum + intOf(entry?.amount), 0);
}

function pendingPaymentIdOf(invoice: Stripe.Invoice, intent: Stripe.PaymentIntent | null | undefined): string | null {
  if (!intent || invoice.status !== 'open') return null;
  return PENDING_INTENT_STATES.has(intent.status) ? intent.id : null;
}

function paymentErrorOf(invoice: Stripe.Invoice, intent: Stripe.PaymentIntent | null | undefined) {
  if (!intent?.last_payment_error || invoice.status === 'paid' || invoice.status === 'void') return null;
  const charge = expanded(intent.latest_charge);
  const occurredAt = charge?.created ?? invoice.status_transitions?.finalized_at ?? invoice.created;
  return lastPaymentErrorOf(intent.last_payment_error, occurredAt);
}

/** Maps an invoice's list fields. */
export function mapInvoice(invoice: Stripe.Invoice, context: InvoiceMappingContext = {}): Invoice {
  const status = enumOf(invoice.status, INVOICE_STATUSES, 'draft');
  const finalized = invoice.status !== null && invoice.status !== 'draft';
  return {
    object: 'invoice',
    id: invoice.id,
    number: textOf(invoice.number),
    status: invoice.status === null ? null : status,
    currency: currencyOf(invoice.currency),
    description: textOf(invoice.description),
    collection_method: enumOf(invoice.collection_method, COLLECTION_METHODS, 'charge_automatically'),
    subtotal: intOf(invoice.subtotal),
    total_discount: Math.max(0, sumAmounts(invoice.total_discount_amounts)),
    total_tax: sumAmounts(invoice.total_taxes),
    total: intOf(invoice.total),
    amount_due: intOf(invoice.amount_due),
    amount_paid: nonNegative(invoice.amount_paid),
    amount_remaining: intOf(invoice.amount_remaining),
    created: requiredInstantOf(invoice.created, 0),
    due_date: dateOnlyOf(invoice.due_date, context.timeZone),
    period_start: instantOf(invoice.period_start),
    period_end: instantOf(invoice.period_end),
    paid_at: instantOf(invoice.status_transitions?.paid_at),
    subscription_id: subscriptionIdOfInvoice(invoice),
    default_payment_method: idOf(invoice.default_payment_method),
    attempt_count: nonNegative(invoice.attempt_count),
    next_payment_attempt: invoice.status === 'open' ? instantOf(invoice.next_payment_attempt) : null,
    last_payment_error: paymentErrorOf(invoice, context.paymentIntent),
    reverse_charge: isReverseCharge(invoice),
    pdf_url: finalized ? `/v1/invoices/${encodeURIComponent(invoice.id)}/pdf` : null,
    pending_payment_id: pendingPaymentIdOf(invoice, context.paymentIntent),
  };
}

type InvoiceDiscount = InvoiceDetail['discounts'][number];
type TaxEntry = Stripe.Invoice.TotalTax | Stripe.InvoiceLineItem.Tax;

/** Returns a rate's percentage: the tax rate's own when known, else derived from tax over taxable amount. */
function ratePercentOf(tax: TaxEntry, taxRates: ReadonlyMap<string, Stripe.TaxRate> | undefined): number {
  const rateId = tax.tax_rate_details?.tax_rate;
  const rate = rateId ? taxRates?.get(rateId) : undefined;
  const known = rate?.effective_percentage ?? rate?.percentage;
  if (typeof known === 'number' && Number.isFinite(known)) return clampPercent(known);
  if (tax.taxability_reason === 'reverse_charge' || tax.taxability_reason === 'zero_rated') return 0;
  const taxable = intOf(tax.taxable_amount);
  if (taxable === 0) return 0;
  const amount = intOf(tax.amount);
  // An inclusive amount already contains the tax, so the net base is the taxable amount minus the tax.
  const base = tax.tax_behavior === 'inclusive' ? taxable - amount : taxable;
  return base === 0 ? 0 : clampPercent(Math.round((amount / base) * 10_000) / 100);
}

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value));
}

function taxTypeOf(rate: Stripe.TaxRate | undefined, invoiceCountry: string | null): TaxBreakdownEntry['tax_type'] {
  switch (rate?.tax_type) {
    case 'jct':
      return 'jp_consumption_tax';
    case 'vat':
      return 'vat';
    case 'sales_tax':
    case 'rst':
      return 'sales_tax';
    case 'gst':
    case 'hst':
    case 'pst':
    case 'qst':
    case 'igst':
      return 'gst';
    default:
      if (countryOf(rate?.country) === 'JP' || (rate === undefined && invoiceCountry === 'JP')) return 'jp_consumption_tax';
      return rate === undefined ? 'none' : 'vat';
  }
}

/** Japan's reduced consumption tax rate (food and newspapers), in percent. */
const JP_REDUCED_RATE = 8;

function isReducedRate(tax: TaxEntry, percent: number, taxType: TaxBreakdownEntry['tax_type']): boolean {
  if (tax.taxability_reason === 'reduced_rated' || tax.taxability_reason === 'portion_reduced_rated') return true;
  return taxType === 'jp_consumption_tax' && percent === JP_REDUCED_RATE;
}

/**
 * Groups `total_taxes` by rate. Japanese qualified invoices round tax once per
 * rate per invoice, and Stripe already reports one entry per rate and behavior.
 */
export function mapTaxBreakdown(invoice: Stripe.Invoice, taxRates?: ReadonlyMap<string, Stripe.TaxRate>): TaxBreakdownEntry[] {
  const country = countryOf(invoice.account_country);
  const groups = new Map<string, TaxBreakdownEntry>();
  for (const tax of invoice.total_taxes ?? []) {
    if (!tax) continue;
    const rateId = tax.tax_rate_details?.tax_rate ?? null;
    const rate = rateId ? taxRates?.get(rateId) : undefined;
    const percent = ratePercentOf(tax, taxRates);
    const taxType = taxTypeOf(rate, country);
    const inclusive = tax.tax_behavior === 'inclusive';
    const key = `${rateId ?? percent}:${inclusive}`;
    const existing = groups.get(key);
    if (existing) {
      existing.taxable_amount += intOf(tax.taxable_amount);
      existing.tax_amount += intOf(tax.amount);
      continue;
    }
    groups.set(key, {
      tax_type: taxType,
      rate_percent: percent,
      reduced_rate: isReducedRate(tax, percent, taxType),
      taxable_amount: intOf(tax.taxable_amount),
      tax_amount: intOf(tax.amount),
      inclusive,
    });
  }
  return [...groups.values()].sort((a, b) => b.rate_percent - a.rate_percent);
}

function lineKindOf(line: Stripe.InvoiceLineItem): InvoiceLine['kind'] {
  const parent = line.parent;
  const details = parent?.type === 'subscription_item_details' ? parent.subscription_item_details : parent?.invoice_item_details;
  if (details?.proration === true) return 'proration';
  if (intOf(line.amount) < 0) return 'credit';
  if (parent?.type === 'subscription_item_details') return 'subscription';
  return 'one_off';
}

function unitAmountOf(line: Stripe.InvoiceLineItem): number | null {
  const price = expanded(line.pricing?.price_details?.price);
  if (price && Number.isSafeInteger(price.unit_amount)) return price.unit_amount;
  const decimal = line.pricing?.unit_amount_decimal;
  if (decimal === null || decimal === undefined) return null;
  const value = Number(String(decimal));
  return Number.isSafeInteger(value) ? value : null;
}

/** Maps one invoice line. */
export function mapInvoiceLine(line: Stripe.InvoiceLineItem, taxRates?: ReadonlyMap<string, Stripe.TaxRate>, invoiceCountry: string | null = null): InvoiceLine {
  const firstTax = (line.taxes ?? []).find((tax) => tax !== null && tax !== undefined);
  const percent = firstTax ? ratePercentOf(firstTax, taxRates) : null;
  const rate = firstTax?.tax_rate_details?.tax_rate ? taxRates?.get(firstTax.tax_rate_details.tax_rate) : undefined;
  const quantity = line.quantity;
  return {
    id: line.id,
    description: textOf(line.description),
    kind: lineKindOf(line),
    quantity: typeof quantity === 'number' && Number.isSafeInteger(quantity) && quantity >= 0 ? quantity : null,
    unit_amount: unitAmountOf(line),
    amount: intOf(line.amount),
    discount_amount: Math.max(0, sumAmounts(line.discount_amounts)),
    period_start: instantOf(line.period?.start),
    period_end: instantOf(line.period?.end),
    tax_rate_percent: percent,
    reduced_rate: firstTax && percent !== null ? isReducedRate(firstTax, percent, taxTypeOf(rate, invoiceCountry)) : false,
  };
}

function discountNameOf(discount: string | Stripe.Discount | Stripe.DeletedDiscount): string {
  if (typeof discount === 'string') return discount;
  if ('source' in discount && discount.source) {
    const coupon = expanded(discount.source.coupon);
    if (coupon) return textOf(coupon.name) ?? coupon.id;
    const couponId = idOf(discount.source.coupon);
    if (couponId) return couponId;
  }
  return discount.id;
}

/** Maps the invoice-level discounts with the amount each took off. */
export function mapInvoiceDiscounts(invoice: Stripe.Invoice): InvoiceDiscount[] {
  return (invoice.total_discount_amounts ?? [])
    .filter((entry) => entry !== null && entry !== undefined)
    .map((entry) => ({ name: discountNameOf(entry.discount), amount: nonNegative(entry.amount) }));
}

function accountTaxIdOf(invoice: Stripe.Invoice, types: ReadonlySet<string>): string | null {
  for (const taxId of invoice.account_tax_ids ?? []) {
    const value = expanded(taxId);
    if (value && 'type' in value && types.has(value.type) && textOf(value.value)) return value.value;
  }
  return null;
}

/** The seller as printed: the configured issuer, else the Stripe account's name and tax IDs. */
export function mapInvoiceIssuer(invoice: Stripe.Invoice, configured?: InvoiceIssuer | null): InvoiceIssuer | null {
  if (configured) return configured;
  const name = textOf(invoice.account_name);
  if (name === null) return null;
  const registration = accountTaxIdOf(invoice, new Set(['jp_trn']));
  return {
    name,
    registration_number: registration !== null && /^T\d{13}$/.test(registration) ? registration : null,
    vat_id: accountTaxIdOf(invoice, VAT_ID_TYPES),
    address: null,
  };
}

/** The buyer as printed, from the invoice's snapshot of the customer at finalization. */
export function mapInvoiceRecipient(invoice: Stripe.Invoice): InvoiceRecipient {
  const vat = (invoice.customer_tax_ids ?? []).find((taxId) => taxId && VAT_ID_TYPES.has(taxId.type) && textOf(taxId.value));
  const address = addressOf(invoice.customer_address);
  return {
    name: textOf(invoice.customer_name),
    vat_id: vat?.value ?? null,
    address,
    country: address?.country ?? null,
  };
}

/** Maps an invoice with everything printed on it. */
export function mapInvoiceDetail(invoice: Stripe.Invoice, context: InvoiceMappingContext = {}): InvoiceDetail {
  const country = countryOf(invoice.account_country);
  return {
    ...mapInvoice(invoice, context),
    lines: (invoice.lines?.data ?? []).filter((line) => line !== null && line !== undefined).map((line) => mapInvoiceLine(line, context.taxRates, country)),
    discounts: mapInvoiceDiscounts(invoice),
    tax_breakdown: mapTaxBreakdown(invoice, context.taxRates),
    issuer: mapInvoiceIssuer(invoice, context.issuer),
    recipient: mapInvoiceRecipient(invoice),
  };
}

/** Returns the ids of the tax rates an invoice refers to, so the provider can fetch them once. */
export function taxRateIdsOf(invoice: Stripe.Invoice): string[] {
  const ids = new Set<string>();
  for (const tax of invoice.total_taxes ?? []) if (tax?.tax_rate_details?.tax_rate) ids.add(tax.tax_rate_details.tax_rate);
  for (const line of invoice.lines?.data ?? []) {
    for (const tax of line?.taxes ?? []) if (tax?.tax_rate_details?.tax_rate) ids.add(tax.tax_rate_details.tax_rate);
  }
  return [...ids];
}
