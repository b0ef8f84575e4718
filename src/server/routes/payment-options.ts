import { defineRoutes } from './define.js';

export const paymentOptionRoutes = defineRoutes({
  'paymentOptions.list': {
    objectType: null,
    handle: ({ env, customerId, query }) => env.provider.listPaymentOptions(customerId, query),
  },
  'paymentOptions.bankTransfer': {
    objectType: 'bank_transfer_account',
    async handle({ env, customerId, body, audit }) {
      const instructions = await env.provider.getBankTransferInstructions(customerId, body);
      audit.after = instructions;
      return instructions;
    },
  },
  'paymentOptions.konbini': {
    objectType: 'konbini_voucher',
    async handle({ env, customerId, body, audit }) {
      const voucher = await env.provider.createKonbiniVoucher(customerId, body);
      audit.objectId = voucher.id;
      audit.after = voucher;
      return voucher;
    },
  },
  'paymentOptions.payByInvoice': {
    objectType: 'pay_by_invoice_application',
    async handle({ env, customerId, body, audit }) {
      const application = await env.provider.requestPayByInvoice(customerId, body);
      audit.objectId = application.id;
      audit.after = application;
      return application;
    },
  },
});
