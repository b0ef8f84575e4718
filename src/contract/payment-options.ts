/**
 * Ways to pay other than the saved card: bank transfer to a virtual account,
 * konbini, wallets and pay by invoice, each offered only when eligible.
 */
import * as z from 'zod/mini';
import { CountryCode, CurrencyCode, Id, Instant, NonNegativeMinorAmount } from './primitives.js';

export const PaymentOptionType = z.enum(['card', 'bank_transfer', 'konbini', 'wallet', 'pay_by_invoice']);

export const IneligibleReason = z.enum([
  'not_offered',
  'currency_not_supported',
  'country_not_supported',
  'amount_too_large',
  'amount_too_small',
  'no_open_invoice',
  'already_requested',
]);

export const PaymentOption = z.object({
  type: PaymentOptionType,
  eligible: z.boolean(),
  /** Why the option is not offered; null when eligible. */
  ineligible_reason: z.nullable(IneligibleReason),
  /** For `wallet`: which wallets the browser may offer. */
  wallets: z.array(z.enum(['apple_pay', 'google_pay', 'link'])),
  /** For `pay_by_invoice`: the payment terms the vendor offers, in days. */
  terms_days: z.array(z.int().check(z.minimum(1), z.maximum(120))),
});

export const PaymentOptionsQuery = z.strictObject({
  /** Ask about paying this invoice; omit for the customer's general options. */
  invoice_id: z.optional(Id),
});

export const PaymentOptions = z.object({
  object: z.literal('payment_options'),
  invoice_id: z.nullable(Id),
  options: z.array(PaymentOption),
});

/** A Japanese domestic account (Zengin). */
export const ZenginAddress = z.object({
  type: z.literal('zengin'),
  bank_name: z.string(),
  bank_code: z.string().check(z.regex(/^\d{4}$/)),
  branch_name: z.string(),
  branch_code: z.string().check(z.regex(/^\d{3}$/)),
  /** `futsu` (普通, ordinary) or `toza` (当座, checking). */
  account_type: z.enum(['futsu', 'toza']),
  account_number: z.string().check(z.regex(/^\d{7}$/)),
  account_holder_name: z.string(),
});

export const IbanAddress = z.object({
  type: z.literal('iban'),
  iban: z.string().check(z.regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/)),
  bic: z.string().check(z.regex(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/)),
  account_holder_name: z.string(),
  country: CountryCode,
});

export const AbaAddress = z.object({
  type: z.literal('aba'),
  account_number: z.string().check(z.regex(/^\d{4,17}$/)),
  routing_number: z.string().check(z.regex(/^\d{9}$/)),
  bank_name: z.string(),
  account_holder_name: z.string(),
});

export const FinancialAddress = z.discriminatedUnion('type', [ZenginAddress, IbanAddress, AbaAddress]);

export const BankTransferRequest = z.strictObject({
  invoice_id: z.optional(Id),
});

export const BankTransferInstructions = z.object({
  object: z.literal('bank_transfer_instructions'),
  currency: CurrencyCode,
  /** What is still owed on the invoice, or on all open invoices when none was named. */
  amount_remaining: NonNegativeMinorAmount,
  /** The reference the customer writes on the transfer so it is matched to them. */
  reference: z.string(),
  financial_addresses: z.array(FinancialAddress),
  /** True when the receiving banks close on weekends and national holidays (Japan). */
  bank_holidays_apply: z.boolean(),
});

export const KonbiniStore = z.enum(['familymart', 'lawson', 'ministop', 'seicomart']);

export const KonbiniVoucherRequest = z.strictObject({
  invoice_id: Id,
});

export const KonbiniVoucher = z.object({
  object: z.literal('konbini_voucher'),
  id: Id,
  invoice_id: Id,
  status: z.enum(['pending', 'paid', 'expired']),
  amount: NonNegativeMinorAmount,
  currency: CurrencyCode,
  /** 23:59:59 Japan time on the last day the voucher can be paid. */
  expires_at: Instant,
  stores: z.array(
    z.object({
      store: KonbiniStore,
      payment_code: z.string(),
      confirmation_number: z.nullable(z.string()),
    }),
  ),
  hosted_voucher_url: z.nullable(z.string()),
});

export const PayByInvoiceRequest = z.strictObject({
  terms_days: z.int().check(z.minimum(1), z.maximum(120)),
  purchase_order: z.optional(z.string().check(z.maxLength(64))),
  note: z.optional(z.string().check(z.maxLength(500))),
});

export const PayByInvoiceApplication = z.object({
  object: z.literal('pay_by_invoice_application'),
  id: Id,
  status: z.enum(['pending', 'approved', 'rejected']),
  terms_days: z.int(),
  purchase_order: z.nullable(z.string()),
  created: Instant,
});

export type PaymentOptionType = z.infer<typeof PaymentOptionType>;
export type PaymentOption = z.infer<typeof PaymentOption>;
export type PaymentOptions = z.infer<typeof PaymentOptions>;
export type PaymentOptionsQuery = z.infer<typeof PaymentOptionsQuery>;
export type FinancialAddress = z.infer<typeof FinancialAddress>;
export type BankTransferRequest = z.infer<typeof BankTransferRequest>;
export type BankTransferInstructions = z.infer<typeof BankTransferInstructions>;
export type KonbiniStore = z.infer<typeof KonbiniStore>;
export type KonbiniVoucherRequest = z.infer<typeof KonbiniVoucherRequest>;
export type KonbiniVoucher = z.infer<typeof KonbiniVoucher>;
export type PayByInvoiceRequest = z.infer<typeof PayByInvoiceRequest>;
export type PayByInvoiceApplication = z.infer<typeof PayByInvoiceApplication>;
export type IneligibleReason = z.infer<typeof IneligibleReason>;
export type ZenginAddress = z.infer<typeof ZenginAddress>;
export type IbanAddress = z.infer<typeof IbanAddress>;
export type AbaAddress = z.infer<typeof AbaAddress>;
