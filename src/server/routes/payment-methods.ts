import { notFound, type BillingProvider } from '../providers/provider.js';
import { defineRoutes } from './define.js';

async function findPaymentMethod(provider: BillingProvider, customerId: string, paymentMethodId: string) {
  const list = await provider.listPaymentMethods(customerId);
  const method = list.data.find((item) => item.id === paymentMethodId);
  if (!method) throw notFound('payment method', paymentMethodId);
  return method;
}

export const paymentMethodRoutes = defineRoutes({
  'paymentMethods.list': {
    objectType: null,
    handle: ({ env, customerId }) => env.provider.listPaymentMethods(customerId),
  },
  'paymentMethods.createSetup': {
    objectType: 'setup',
    async handle({ env, customerId, body, audit }) {
      const setup = await env.provider.createSetup(customerId, body);
      // The client secret authorizes confirming the setup, so the audit row keeps only the id.
      audit.objectId = setup.id;
      audit.after = { id: setup.id };
      return setup;
    },
  },
  'paymentMethods.completeSetup': {
    objectType: 'setup',
    async handle({ env, customerId, params, body, audit }) {
      const result = await env.provider.completeSetup(customerId, params.id as string, body);
      audit.after = result;
      return result;
    },
  },
  'paymentMethods.setDefault': {
    objectType: 'payment_method',
    async handle({ env, customerId, params, audit }) {
      const paymentMethodId = params.id as string;
      audit.before = await findPaymentMethod(env.provider, customerId, paymentMethodId);
      const method = await env.provider.setDefaultPaymentMethod(customerId, paymentMethodId);
      audit.after = method;
      return method;
    },
  },
  'paymentMethods.remove': {
    objectType: 'payment_method',
    async handle({ env, customerId, params, audit }) {
      const paymentMethodId = params.id as string;
      audit.before = await findPaymentMethod(env.provider, customerId, paymentMethodId);
      const deleted = await env.provider.removePaymentMethod(customerId, paymentMethodId);
      audit.after = deleted;
      return deleted;
    },
  },
});
