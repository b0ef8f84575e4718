/** Ways to pay other than the saved card: bank transfer, konbini, wallets and pay by invoice. */
import type Stripe from 'stripe';
import type {
  BankTransferInstructions,
  BankTransferRequest,
  KonbiniVoucher,
  KonbiniVoucherRequest,
  PayByInvoiceApplication,
  PayByInvoiceRequest,
  PaymentOption,
  PaymentOptions,
  PaymentOptionsQuery,
} from '../../../contract/index.js';
import { ProviderError } from '../provider.js';
import { call, type StripeContext } from './context.js';
import { paymentIntentOfInvoice, retrieveInvoice } from './invoices.js';
import { currencyOf, mapFundingInstructions, mapKonbiniVoucher, requiredInstantOf } from './map/index.js';
import { retrieveCustomer } from './payment-methods.js';

/** Stripe's bank transfer type for each currency that `customer_balance` accepts. */
const BANK_TRANSFER_TYPES: Record<string, Stripe.CustomerCreateFundingInstructionsParams.BankTransfer.Type> = {
  JPY: 'jp_bank_transfer',
  EUR: 'eu_bank_transfer',
  USD: 'us_bank_transfer',
  GBP: 'gb_bank_transfer',
  MXN: 'mx_bank_transfer',
};
/** Countries Stripe opens EUR virtual accounts in; other customers get the first. */
const EU_BANK_COUNTRIES = ['DE', 'BE', 'ES', 'FR', 'IE', 'NL'];
/**
 * Konbini bounds in yen.
 * NOTE: Stripe's own minimum and maximum were not confirmed; 300,000 is the cap
 * other processors publish, and 120 the smallest amount seen accepted.
 */
const KONBINI_MIN_JPY = 120;
const KONBINI_MAX_JPY = 300_000;
/** Customer metadata key holding a pending pay-by-invoice request. */
const PAY_BY_INVOICE_METADATA = 'keel_pay_by_invoice';

function option(type: PaymentOption['type'], ineligible: PaymentOption['ineligible_reason'], extra: Partial<PaymentOption> = {}): PaymentOption {
  return { type, eligible: ineligible === null, ineligible_reason: ineligible, wallets: [], terms_days: [], ...extra };
}

export async function listPaymentOptions(context: StripeContext, customerId: string, query: PaymentOptionsQuery): Promise<PaymentOptions> {
  const customer = await retrieveCustomer(context, customerId);
  const invoice = query.invoice_id ? await retrieveInvoice(context, customerId, query.invoice_id) : null;
  const currency = invoice ? currencyOf(invoice.currency) : currencyOf(customer.currency ?? context.options.defaultCurrency ?? 'usd');
  const payable = invoice === null || (invoice.status === 'open' && invoice.amount_remaining > 0);
  const wallets = context.options.wallets ?? [];
  const terms = context.options.payByInvoiceTermsDays ?? [];

  const bankTransfer = BANK_TRANSFER_TYPES[currency] === undefined ? 'currency_not_supported' : payable ? null : 'no_open_invoice';
  let konbini: PaymentOption['ineligible_reason'] = null;
  if (currency !== 'JPY') konbini = 'currency_not_supported';
  else if (!invoice || !payable) konbini = 'no_open_invoice';
  else if (invoice.amount_remaining > KONBINI_MAX_JPY) konbini = 'amount_too_large';
  else if (invoice.amount_remaining < KONBINI_MIN_JPY) konbini = 'amount_too_small';
  let payByInvoice: PaymentOption['ineligible_reason'] = terms.length === 0 ? 'not_offered' : null;
  if (payByInvoice === null && customer.metadata?.[PAY_BY_INVOICE_METADATA]) payByInvoice = 'already_requested';

  return {
    object: 'payment_options',
    invoice_id: invoice?.id ?? null,
    options: [
      option('card', payable ? null : 'no_open_invoice'),
      option('bank_transfer', bankTransfer),
      option('konbini', konbini),
      option('wallet', wallets.length === 0 ? 'not_offered' : null, { wallets: [...wallets] }),
      option('pay_by_invoice', payByInvoice, { terms_days: [...terms] }),
    ],
  };
}

/** Returns the customer's virtual bank account for the invoice's currency (or the customer's), with what is owed. */
export async function getBankTransferInstructions(context: StripeContext, customerId: string, input: BankTransferRequest): Promise<BankTransferInstructions> {
  const customer = await retrieveCustomer(context, customerId);
  const invoice = input.invoice_id ? await retrieveInvoice(context, customerId, input.invoice_id) : null;
  const currency = invoice ? currencyOf(invoice.currency) : currencyOf(customer.currency ?? context.options.defaultCurrency ?? 'usd');
  const type = BANK_TRANSFER_TYPES[currency];
  if (type === undefined) throw new ProviderError('payment_option_ineligible', `Bank transfer is not offered in ${currency}.`, 409, 'invoice_id');
  if (invoice && (invoice.status !== 'open' || invoice.amount_remaining <= 0)) {
    throw new ProviderError('payment_option_ineligible', `Invoice ${invoice.id} has nothing left to pay.`, 409, 'invoice_id');
  }

  let amountRemaining = invoice?.amount_remaining ?? 0;
  if (!invoice) {
    const open = await call(() => context.stripe.invoices.list({ customer: customerId, status: 'open', limit: 100 }));
    amountRemaining = open.data.filter((entry) => currencyOf(entry.currency) === currency).reduce((sum, entry) => sum + entry.amount_remaining, 0);
  }
  const country = customer.address?.country?.toUpperCase();
  const bankTransfer: Stripe.CustomerCreateFundingInstructionsParams.BankTransfer = { type };
  if (type === 'eu_bank_transfer') bankTransfer.eu_bank_transfer = { country: country && EU_BANK_COUNTRIES.includes(country) ? country : EU_BANK_COUNTRIES[0]! };

  const instructions = await call(() =>
    context.stripe.customers.createFundingInstructions(customerId, { currency: currency.toLowerCase(), funding_type: 'bank_transfer', bank_transfer: bankTransfer }),
  );
  return mapFundingInstructions(instructions, { amountRemaining, reference: invoice?.number ?? invoice?.id ?? customerId });
}

/**
 * Turns the invoice's PaymentIntent into a konbini payment and returns the
 * voucher. A voucher that is still payable is returned again instead of a new one.
 * NOTE: the invoice's `payment_settings.payment_method_types` must allow
 * `konbini` in the vendor's Stripe settings, or Stripe rejects the confirmation.
 */
export async function createKonbiniVoucher(context: StripeContext, customerId: string, input: KonbiniVoucherRequest): Promise<KonbiniVoucher> {
  const invoice = await retrieveInvoice(context, customerId, input.invoice_id);
  const now = context.now();
  if (currencyOf(invoice.currency) !== 'JPY') throw new ProviderError('payment_option_ineligible', 'Konbini accepts only JPY invoices.', 409, 'invoice_id');
  if (invoice.status !== 'open' || invoice.amount_remaining <= 0) throw new ProviderError('payment_option_ineligible', `Invoice ${invoice.id} has nothing left to pay.`, 409, 'invoice_id');
  if (invoice.amount_remaining > KONBINI_MAX_JPY) throw new ProviderError('payment_option_ineligible', 'The amount is above the konbini limit.', 409, 'invoice_id');

  const intent = await paymentIntentOfInvoice(context, invoice);
  if (!intent) throw new ProviderError('provider_error', `Stripe has no payment for invoice ${invoice.id}.`, 502);
  const existing = intent.next_action?.konbini_display_details;
  if (existing && existing.expires_at * 1000 > now.getTime()) return mapKonbiniVoucher(intent, invoice.id, now);

  const customer = await retrieveCustomer(context, customerId);
  const confirmed = await call(() =>
    context.stripe.paymentIntents.confirm(intent.id, {
      payment_method_data: { type: 'konbini', billing_details: { name: customer.name ?? undefined, email: customer.email ?? undefined } },
      payment_method_options: { konbini: { expires_after_days: context.options.konbiniExpiresAfterDays ?? 3 } },
    }),
  );
  return mapKonbiniVoucher(confirmed, invoice.id, now);
}

/**
 * Records a request for pay-by-invoice terms on the customer, for the vendor
 * to approve by switching the subscription to `send_invoice` with
 * `days_until_due`.
 */
export async function requestPayByInvoice(context: StripeContext, customerId: string, input: PayByInvoiceRequest): Promise<PayByInvoiceApplication> {
  const terms = context.options.payByInvoiceTermsDays ?? [];
  if (!terms.includes(input.terms_days)) throw new ProviderError('payment_option_ineligible', `Payment terms of ${input.terms_days} days are not offered.`, 422, 'terms_days');
  const customer = await retrieveCustomer(context, customerId);
  if (customer.metadata?.[PAY_BY_INVOICE_METADATA]) throw new ProviderError('payment_option_ineligible', 'Pay by invoice was already requested.', 409, 'terms_days');

  const created = Math.floor(context.now().getTime() / 1000);
  const record = JSON.stringify({ terms_days: input.terms_days, purchase_order: input.purchase_order ?? null, created });
  await call(() => context.stripe.customers.update(customerId, { metadata: { [PAY_BY_INVOICE_METADATA]: record } }));
  return {
    object: 'pay_by_invoice_application',
    id: `pbi_${customerId}_${created}`,
    status: 'pending',
    terms_days: input.terms_days,
    purchase_order: input.purchase_order ?? null,
    created: requiredInstantOf(created, created),
  };
}
