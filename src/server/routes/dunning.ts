import { defineRoutes } from './define.js';

export const dunningRoutes = defineRoutes({
  'dunning.retrieve': {
    objectType: null,
    handle: ({ env, customerId }) => env.provider.getDunningState(customerId),
  },
  'dunning.recordEvent': {
    objectType: 'dunning_state',
    async handle({ env, customerId, body, audit }) {
      audit.objectId = customerId;
      const before = await env.provider.getDunningState(customerId);
      audit.before = before;
      const state = await env.provider.recordDunningEvent(customerId, body);
      audit.after = state;
      await env.dunningMetrics?.recordBannerEvent(before, body);
      return state;
    },
  },
  'dunning.requestExtension': {
    objectType: 'dunning_state',
    async handle({ env, customerId, body, audit }) {
      audit.objectId = customerId;
      audit.before = await env.provider.getDunningState(customerId);
      const state = await env.provider.requestDunningExtension(customerId, body);
      audit.after = state;
      return state;
    },
  },
});
