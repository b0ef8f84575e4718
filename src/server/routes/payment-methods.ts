import { notFound, type BillingProvider } from '../providers/provider.js';
import { trackCustomerFix } from '../dunning-metrics.js';
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
    async handle({ c, env, customerId, params, body, audit }) {
      const result = await trackCustomerFix({
        provider: env.provider,
        metrics: env.dunningMetrics,
        logger: c.get('logger'),
        customerId,
        action: 'completeSetup',
        run: () => env.provider.completeSetup(customerId, params.id as string, body),
        // A saved card that is not the default is not what the next retry charges.
        fixed: (setup) => setup.status === 'succeeded' && setup.payment_method?.is_default === true,
      });
      audit.after = result;
      return result;
    },
  },
  'paymentMethods.setDefault': {
    objectType: 'payment_method',
    async handle({ c, env, customerId, params, audit }) {
      const paymentMethodId = params.id as string;
      const before = await findPaymentMethod(env.provider, customerId, paymentMethodId);
      audit.before = before;
      const method = await trackCustomerFix({
        provider: env.provider,
        metrics: env.dunningMetrics,
        logger: c.get('logger'),
        customerId,
        action: 'setDefault',
        run: () => env.provider.setDefaultPaymentMethod(customerId, paymentMethodId),
        // Making the current default the default again changes nothing.
        fixed: () => !before.is_default,
      });
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
