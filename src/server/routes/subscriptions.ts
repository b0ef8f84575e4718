import type { Subscription } from '../../contract/subscriptions.js';
import type { RouteInput } from './define.js';
import { defineRoutes } from './define.js';

type SubscriptionMutation = 'subscriptions.change' | 'subscriptions.cancelScheduledChange' | 'subscriptions.pause' | 'subscriptions.resume' | 'subscriptions.cancel' | 'subscriptions.reactivate' | 'subscriptions.acceptOffer';

/**
 * Run a subscription mutation with its before and after states recorded. Reading
 * the subscription first also returns 404 for another customer's subscription
 * before the provider is asked to change anything.
 */
async function mutateSubscription<Id extends SubscriptionMutation>(
  input: RouteInput<Id>,
  change: (subscriptionId: string) => Promise<Subscription>,
): Promise<Subscription> {
  const subscriptionId = input.params.id as string;
  input.audit.before = await input.env.provider.getSubscription(input.customerId, subscriptionId);
  const after = await change(subscriptionId);
  input.audit.after = after;
  return after;
}

export const subscriptionRoutes = defineRoutes({
  'subscriptions.list': {
    objectType: null,
    handle: ({ env, customerId, query }) => env.provider.listSubscriptions(customerId, query),
  },
  'subscriptions.retrieve': {
    objectType: 'subscription',
    handle: ({ env, customerId, params }) => env.provider.getSubscription(customerId, params.id as string),
  },
  'plans.list': {
    objectType: null,
    handle: ({ env, customerId, query }) => env.provider.listPlans(customerId, query),
  },
  'subscriptions.previewChange': {
    objectType: 'subscription',
    handle: ({ env, customerId, params, body }) => env.provider.previewSubscriptionChange(customerId, params.id as string, body),
  },
  'subscriptions.change': {
    objectType: 'subscription',
    handle: (input) => mutateSubscription(input, (id) => input.env.provider.changeSubscription(input.customerId, id, input.body)),
  },
  'subscriptions.cancelScheduledChange': {
    objectType: 'subscription',
    handle: (input) => mutateSubscription(input, (id) => input.env.provider.cancelScheduledChange(input.customerId, id)),
  },
  'subscriptions.pause': {
    objectType: 'subscription',
    handle: (input) => mutateSubscription(input, (id) => input.env.provider.pauseSubscription(input.customerId, id, input.body)),
  },
  'subscriptions.resume': {
    objectType: 'subscription',
    handle: (input) => mutateSubscription(input, (id) => input.env.provider.resumeSubscription(input.customerId, id)),
  },
  'subscriptions.retentionOffers': {
    objectType: 'subscription',
    handle: ({ env, customerId, params, query }) => env.provider.listRetentionOffers(customerId, params.id as string, query),
  },
  'subscriptions.acceptOffer': {
    objectType: 'subscription',
    handle: (input) =>
      mutateSubscription(input, (id) =>
        input.env.provider.acceptRetentionOffer(input.customerId, id, input.params.offer_id as string, input.body),
      ),
  },
  'subscriptions.cancel': {
    objectType: 'subscription',
    handle: (input) => mutateSubscription(input, (id) => input.env.provider.cancelSubscription(input.customerId, id, input.body)),
  },
  'subscriptions.reactivate': {
    objectType: 'subscription',
    handle: (input) => mutateSubscription(input, (id) => input.env.provider.reactivateSubscription(input.customerId, id)),
  },
});
