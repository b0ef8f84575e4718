import { defineRoutes } from './define.js';

export const billingDetailsRoutes = defineRoutes({
  'billingDetails.retrieve': {
    objectType: null,
    handle: ({ env, customerId }) => env.provider.getBillingDetails(customerId),
  },
  'billingDetails.update': {
    objectType: 'billing_details',
    async handle({ env, customerId, body, audit }) {
      audit.objectId = customerId;
      audit.before = await env.provider.getBillingDetails(customerId);
      const details = await env.provider.updateBillingDetails(customerId, body);
      audit.after = details;
      return details;
    },
  },
  'billingDetails.addTaxId': {
    objectType: 'tax_id',
    async handle({ env, customerId, body, audit }) {
      const taxId = await env.provider.addTaxId(customerId, body);
      audit.objectId = taxId.id;
      audit.after = taxId;
      return taxId;
    },
  },
  'billingDetails.removeTaxId': {
    objectType: 'tax_id',
    async handle({ env, customerId, params, audit }) {
      const taxIdId = params.id as string;
      const details = await env.provider.getBillingDetails(customerId);
      audit.before = details.tax_ids.find((taxId) => taxId.id === taxIdId) ?? null;
      const deleted = await env.provider.removeTaxId(customerId, taxIdId);
      audit.after = deleted;
      return deleted;
    },
  },
});
