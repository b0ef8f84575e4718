/**
 * Invoices with their lines, per-rate tax breakdown, Japanese qualified-invoice
 * issuer fields and the EU reverse-charge flag; and the payments made on them.
 */
import * as z from 'zod/mini';
import { DeclineReason } from './dunning-reasons.js';
import { Address, CountryCode, CurrencyCode, DateOnly, Id, Instant, ListQuery, MinorAmount, NonNegativeMinorAmount, listOf } from './primitives.js';

/** Stripe's invoice statuses; null while the provider has not set one. */
export const InvoiceStatus = z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']);

export const InvoiceLineKind = z.enum(['subscription', 'proration', 'one_off', 'credit']);

export const InvoiceLine = z.object({
  id: Id,
  description: z.nullable(z.string()),
  kind: InvoiceLineKind,
  quantity: z.nullable(z.int().check(z.minimum(0))),
  unit_amount: z.nullable(MinorAmount),
  /** The line's amount before tax; negative for credits and unused-time prorations. */
  amount: MinorAmount,
  /** The discount applied to this line, as a non-negative amount. */
  discount_amount: NonNegativeMinorAmount,
  period_start: z.nullable(Instant),
  period_end: z.nullable(Instant),
  /** The tax rate applied, as a percentage such as 10 or 8; null when untaxed. */
  tax_rate_percent: z.nullable(z.number().check(z.minimum(0), z.maximum(100))),
  /** True for goods at a reduced rate (Japan's 8%), marked on qualified invoices. */
  reduced_rate: z.boolean(),
});

/**
 * Tax for one rate across the whole invoice. Japanese qualified invoices round
 * once per rate per invoice, never per line.
 */
export const TaxBreakdownEntry = z.object({
  tax_type: z.enum(['jp_consumption_tax', 'vat', 'sales_tax', 'gst', 'none']),
  rate_percent: z.number().check(z.minimum(0), z.maximum(100)),
  reduced_rate: z.boolean(),
  /** The total of the lines taxed at this rate, after discounts. */
  taxable_amount: MinorAmount,
  tax_amount: MinorAmount,
  /** True when the taxable amount already includes the tax. */
  inclusive: z.boolean(),
});

export const InvoiceDiscount = z.object({
  name: z.string(),
  amount: NonNegativeMinorAmount,
});

/** The seller, as printed on the invoice. */
export const InvoiceIssuer = z.object({
  name: z.string(),
  /** The Japanese qualified-invoice registration number, `T` + 13 digits. */
  registration_number: z.nullable(z.string().check(z.regex(/^T\d{13}$/))),
  vat_id: z.nullable(z.string()),
  address: z.nullable(Address),
});

/** The buyer, as printed on the invoice. */
export const InvoiceRecipient = z.object({
  name: z.nullable(z.string()),
  vat_id: z.nullable(z.string()),
  address: z.nullable(Address),
  country: z.nullable(CountryCode),
});

export const LastPaymentError = z.object({
  /** The provider's decline code, such as `insufficient_funds`. */
  code: z.nullable(z.string()),
  /** The reason in customer terms; lost, stolen and fraud show as `bank_declined`. */
  decline_reason: z.nullable(DeclineReason),
  occurred_at: Instant,
});

export const Invoice = z.object({
  object: z.literal('invoice'),
  id: Id,
  /** The sequential invoice number; null until the invoice is finalized. */
  number: z.nullable(z.string()),
  status: z.nullable(InvoiceStatus),
  currency: CurrencyCode,
  description: z.nullable(z.string()),
  collection_method: z.enum(['charge_automatically', 'send_invoice']),
  subtotal: MinorAmount,
  total_discount: NonNegativeMinorAmount,
  total_tax: MinorAmount,
  total: MinorAmount,
  amount_due: MinorAmount,
  amount_paid: NonNegativeMinorAmount,
  amount_remaining: MinorAmount,
  created: Instant,
  /** The date payment is due, in the issuer's calendar. */
  due_date: z.nullable(DateOnly),
  period_start: z.nullable(Instant),
  period_end: z.nullable(Instant),
  paid_at: z.nullable(Instant),
  subscription_id: z.nullable(Id),
  /** The payment method this invoice charges, when it overrides the customer's default. */
  default_payment_method: z.nullable(Id),
  attempt_count: z.int().check(z.minimum(0)),
  next_payment_attempt: z.nullable(Instant),
  last_payment_error: z.nullable(LastPaymentError),
  /** True when an EU business customer accounts for the VAT (reverse charge). */
  reverse_charge: z.boolean(),
  /** The path of the PDF on the Keel server; null until finalized. */
  pdf_url: z.nullable(z.string()),
  /** An unfinished payment, such as one waiting for 3-D Secure. */
  pending_payment_id: z.nullable(Id),
});

/** An invoice with everything printed on it. */
export const InvoiceDetail = z.object({
  ...Invoice.shape,
  lines: z.array(InvoiceLine),
  discounts: z.array(InvoiceDiscount),
  tax_breakdown: z.array(TaxBreakdownEntry),
  issuer: z.nullable(InvoiceIssuer),
  recipient: z.nullable(InvoiceRecipient),
});

export const InvoiceList = listOf(Invoice);

export const InvoiceListQuery = z.strictObject({
  ...ListQuery.shape,
  status: z.optional(InvoiceStatus),
});

export const PayInvoiceRequest = z.strictObject({
  /** Pay with this saved method instead of the default. */
  payment_method_id: z.optional(Id),
});

/**
 * What the customer must do to finish a payment. `use_stripe_sdk` goes to
 * Stripe.js with the client secret; `sandbox_authenticate` is the sandbox's
 * simulated 3-D Secure challenge.
 */
export const NextAction = z.object({
  type: z.enum(['use_stripe_sdk', 'sandbox_authenticate']),
  client_secret: z.nullable(z.string()),
});

export const PaymentStatus = z.enum(['succeeded', 'requires_action', 'processing', 'failed']);

/** One attempt to collect an invoice. */
export const Payment = z.object({
  object: z.literal('payment'),
  id: Id,
  invoice_id: Id,
  status: PaymentStatus,
  amount: NonNegativeMinorAmount,
  currency: CurrencyCode,
  payment_method_id: z.nullable(Id),
  next_action: z.nullable(NextAction),
  /** Why the payment failed, when it did. */
  error: z.nullable(LastPaymentError),
  created: Instant,
});

export const AuthenticatePaymentRequest = z.strictObject({
  /** The customer's answer to the sandbox's simulated 3-D Secure challenge. */
  result: z.enum(['approve', 'deny']),
});

export type InvoiceStatus = z.infer<typeof InvoiceStatus>;
export type InvoiceLine = z.infer<typeof InvoiceLine>;
export type TaxBreakdownEntry = z.infer<typeof TaxBreakdownEntry>;
export type InvoiceIssuer = z.infer<typeof InvoiceIssuer>;
export type InvoiceRecipient = z.infer<typeof InvoiceRecipient>;
export type LastPaymentError = z.infer<typeof LastPaymentError>;
export type Invoice = z.infer<typeof Invoice>;
export type InvoiceDetail = z.infer<typeof InvoiceDetail>;
export type InvoiceList = z.infer<typeof InvoiceList>;
export type InvoiceListQuery = z.infer<typeof InvoiceListQuery>;
export type PayInvoiceRequest = z.infer<typeof PayInvoiceRequest>;
export type NextAction = z.infer<typeof NextAction>;
export type Payment = z.infer<typeof Payment>;
export type AuthenticatePaymentRequest = z.infer<typeof AuthenticatePaymentRequest>;
export type InvoiceLineKind = z.infer<typeof InvoiceLineKind>;
export type InvoiceDiscount = z.infer<typeof InvoiceDiscount>;
export type PaymentStatus = z.infer<typeof PaymentStatus>;
