/** Invoice operations: list, read with lines and taxes, PDF, pay now, and payment status. */
import type Stripe from 'stripe';
import type { InvoiceDetail, InvoiceList, InvoiceListQuery, PayInvoiceRequest, Payment } from '../../../contract/index.js';
import { ProviderError, notFound } from '../provider.js';
import { call, owned, retrieveOwned, translateStripeError, type StripeContext } from './context.js';
import { declineReasonOf, idOf, mapInvoice, mapInvoiceDetail, mapPayment, taxRateIdsOf } from './map/index.js';

/** Expansions for one invoice: its payments' PaymentIntents, discount coupons and the account's tax IDs. */
const INVOICE_EXPAND = ['payments.data.payment.payment_intent', 'total_discount_amounts.discount.source.coupon', 'account_tax_ids'];

/** Returns the PaymentIntent Stripe created to collect the invoice (the default invoice payment). */
export async function paymentIntentOfInvoice(context: StripeContext, invoice: Stripe.Invoice): Promise<Stripe.PaymentIntent | null> {
  let payments = invoice.payments?.data;
  if (!payments) {
    const list = await call(() => context.stripe.invoicePayments.list({ invoice: invoice.id, limit: 10 }));
    payments = list.data;
  }
  const chosen = payments.find((payment) => payment.is_default) ?? payments[0];
  const reference = chosen?.payment?.payment_intent;
  if (!reference) return null;
  const id = idOf(reference);
  if (id === null) return null;
  return call(() => context.stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] }), 'payment', id);
}

export async function retrieveInvoice(context: StripeContext, customerId: string, invoiceId: string): Promise<Stripe.Invoice> {
  return retrieveOwned(() => context.stripe.invoices.retrieve(invoiceId, { expand: INVOICE_EXPAND }), customerId, 'invoice', invoiceId);
}

export async function listInvoices(context: StripeContext, customerId: string, query: InvoiceListQuery): Promise<InvoiceList> {
  if (query.starting_after) await retrieveInvoice(context, customerId, query.starting_after);
  const page = await call(() =>
    context.stripe.invoices.list({
      customer: customerId,
      limit: query.limit ?? 10,
      ...(query.starting_after ? { starting_after: query.starting_after } : {}),
      ...(query.status ? { status: query.status } : {}),
    }),
  );
  const invoices = page.data.filter((invoice) => idOf(invoice.customer) === customerId);
  const data = await Promise.all(
    invoices.map(async (invoice) => {
      // Only open invoices can carry a payment error or an unfinished payment worth showing in the list.
      const intent = invoice.status === 'open' ? await paymentIntentOfInvoice(context, invoice) : null;
      return mapInvoice(invoice, { paymentIntent: intent, timeZone: context.options.issuerTimeZone ?? 'UTC' });
    }),
  );
  return { object: 'list', data, has_more: page.has_more, next_cursor: page.has_more ? (data.at(-1)?.id ?? null) : null };
}

export async function getInvoice(context: StripeContext, customerId: string, invoiceId: string): Promise<InvoiceDetail> {
  const invoice = await retrieveInvoice(context, customerId, invoiceId);
  const [intent, taxRates] = await Promise.all([
    invoice.status === 'open' ? paymentIntentOfInvoice(context, invoice) : Promise.resolve(null),
    context.taxRates(taxRateIdsOf(invoice)),
  ]);
  return mapInvoiceDetail(invoice, {
    paymentIntent: intent,
    taxRates,
    timeZone: context.options.issuerTimeZone ?? 'UTC',
    issuer: context.options.issuer ?? null,
  });
}

/**
 * Returns Stripe's own PDF of the invoice.
 * NOTE: Stripe renders the PDF in the customer's preferred locale, so the
 * `locale` the portal asks for is not applied.
 */
export async function renderInvoicePdf(context: StripeContext, customerId: string, invoiceId: string): Promise<Uint8Array> {
  const invoice = await retrieveInvoice(context, customerId, invoiceId);
  if (!invoice.invoice_pdf) throw new ProviderError('invoice_not_finalized', 'The invoice has no PDF until it is finalized.', 409, 'id');
  if (context.options.fetchInvoicePdf) return context.options.fetchInvoicePdf(invoice.invoice_pdf);
  const response = await fetch(invoice.invoice_pdf);
  if (!response.ok) throw new ProviderError('provider_error', `Stripe returned HTTP ${response.status} for the invoice PDF.`, 502);
  return new Uint8Array(await response.arrayBuffer());
}

/** Returns the error's PaymentIntent id, which Stripe sends when an invoice payment needs the customer. */
function intentIdOfError(error: unknown): string | null {
  const raw = (error as { raw?: { payment_intent?: { id?: string } | string } } | null)?.raw;
  return idOf((raw?.payment_intent as string | { id: string } | undefined) ?? null);
}

/**
 * Pays an open invoice on-session: `off_session: false` lets the issuer ask
 * for 3-D Secure, which comes back as `requires_action` with the
 * PaymentIntent's client secret for Stripe.js. A decline is reported as
 * `payment_declined` with the customer-facing reason.
 */
export async function payInvoice(context: StripeContext, customerId: string, invoiceId: string, input: PayInvoiceRequest): Promise<Payment> {
  const invoice = await retrieveInvoice(context, customerId, invoiceId);
  if (invoice.status !== 'open' || invoice.amount_remaining <= 0) {
    throw new ProviderError('invoice_not_payable', `Invoice ${invoiceId} is ${invoice.status ?? 'draft'} and cannot be paid.`, 409, 'id');
  }
  if (input.payment_method_id) {
    const methodId = input.payment_method_id;
    await retrieveOwned(() => context.stripe.paymentMethods.retrieve(methodId), customerId, 'payment_method', methodId).catch((error) => {
      if (error instanceof ProviderError && error.status === 404) throw new ProviderError('resource_missing', `No payment_method with id ${methodId}.`, 404, 'payment_method_id');
      throw error;
    });
  }

  try {
    await context.stripe.invoices.pay(invoiceId, { off_session: false, ...(input.payment_method_id ? { payment_method: input.payment_method_id } : {}) });
  } catch (error) {
    const intentId = intentIdOfError(error);
    const intent = intentId ? await call(() => context.stripe.paymentIntents.retrieve(intentId), 'payment', intentId) : await paymentIntentOfInvoice(context, invoice);
    if (intent && (intent.status === 'requires_action' || intent.status === 'requires_confirmation')) return mapPayment(intent, invoiceId);
    const stripeError = error as { type?: string; raw?: Record<string, string | undefined> };
    if (stripeError?.type === 'StripeCardError' || intent?.last_payment_error) {
      const reason = declineReasonOf(intent?.last_payment_error ?? (stripeError.raw as Parameters<typeof declineReasonOf>[0])) ?? 'bank_declined';
      throw new ProviderError('payment_declined', 'The payment was declined.', 402, null, reason);
    }
    throw translateStripeError(error, 'invoice', invoiceId);
  }

  const paid = await retrieveInvoice(context, customerId, invoiceId);
  const intent = await paymentIntentOfInvoice(context, paid);
  if (!intent) throw new ProviderError('provider_error', `Stripe reported no payment for invoice ${invoiceId}.`, 502);
  return mapPayment(intent, invoiceId);
}

/** Reads a payment (a PaymentIntent) of one of the customer's invoices. */
export async function getPayment(context: StripeContext, customerId: string, paymentId: string): Promise<Payment> {
  const intent = await retrieveOwned(() => context.stripe.paymentIntents.retrieve(paymentId, { expand: ['latest_charge'] }), customerId, 'payment', paymentId);
  const payments = await call(() => context.stripe.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: paymentId }, limit: 1 }));
  const invoiceId = idOf(payments.data[0]?.invoice as string | { id: string } | undefined);
  if (invoiceId === null) throw notFound('payment', paymentId);
  const invoice = await call(() => context.stripe.invoices.retrieve(invoiceId), 'payment', paymentId);
  owned(invoice, customerId, 'payment', paymentId);
  return mapPayment(intent, invoiceId);
}
