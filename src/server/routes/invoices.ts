import type { Payment } from '../../contract/invoices.js';
import { trackCustomerFix } from '../dunning-metrics.js';
import { defineRoutes } from './define.js';

/** Returns whether the payment settled the invoice or is still processing toward it. */
function paid(payment: Payment): boolean {
  return payment.status === 'succeeded' || payment.status === 'processing';
}

function pdfFileName(invoiceId: string, number: string | null): string {
  const base = (number ?? invoiceId).replace(/[^A-Za-z0-9._-]/g, '_');
  return `${base}.pdf`;
}

export const invoiceRoutes = defineRoutes({
  'invoices.list': {
    objectType: null,
    handle: ({ env, customerId, query }) => env.provider.listInvoices(customerId, query),
  },
  'invoices.retrieve': {
    objectType: 'invoice',
    handle: ({ env, customerId, params }) => env.provider.getInvoice(customerId, params.id as string),
  },
  'invoices.pdf': {
    objectType: 'invoice',
    async handle({ env, customerId, params, session }) {
      const invoiceId = params.id as string;
      const invoice = await env.provider.getInvoice(customerId, invoiceId);
      const profile = await env.provider.getCustomer(customerId);
      const locale = session?.locale ?? profile?.locale ?? 'en';
      const pdf = await env.provider.renderInvoicePdf(customerId, invoiceId, locale);
      return new Response(new Uint8Array(pdf), {
        status: 200,
        headers: {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `attachment; filename="${pdfFileName(invoiceId, invoice.number)}"`,
          'Cache-Control': 'private, no-store',
        },
      });
    },
  },
  'invoices.pay': {
    objectType: 'invoice',
    async handle({ c, env, customerId, params, body, audit }) {
      const invoiceId = params.id as string;
      const before = await env.provider.getInvoice(customerId, invoiceId);
      audit.before = { status: before.status, amount_remaining: before.amount_remaining, currency: before.currency };
      const payment = await trackCustomerFix({
        provider: env.provider,
        metrics: env.dunningMetrics,
        logger: c.get('logger'),
        customerId,
        action: 'pay',
        run: () => env.provider.payInvoice(customerId, invoiceId, body),
        fixed: paid,
      });
      audit.after = payment;
      return payment;
    },
  },
  'payments.retrieve': {
    objectType: 'payment',
    handle: ({ env, customerId, params }) => env.provider.getPayment(customerId, params.id as string),
  },
  'payments.authenticate': {
    objectType: 'payment',
    async handle({ c, env, customerId, params, body, audit }) {
      const paymentId = params.id as string;
      audit.before = await env.provider.getPayment(customerId, paymentId);
      const payment = await trackCustomerFix({
        provider: env.provider,
        metrics: env.dunningMetrics,
        logger: c.get('logger'),
        customerId,
        action: 'authenticate',
        run: () => env.provider.authenticatePayment(customerId, paymentId, body),
        fixed: paid,
      });
      audit.after = payment;
      return payment;
    },
  },
});
