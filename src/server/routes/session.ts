import { ErrorCode } from '../../contract/errors.js';
import { KeelHttpError } from '../errors.js';
import { defineRoutes } from './define.js';

export const sessionRoutes = defineRoutes({
  'session.retrieve': {
    objectType: null,
    async handle({ env, customerId, session }) {
      const profile = await env.provider.getCustomer(customerId);
      if (!profile || !session) {
        throw new KeelHttpError(404, ErrorCode.resourceMissing, 'The session’s customer does not exist in the billing provider.');
      }
      return {
        object: 'portal_session' as const,
        customer: {
          id: profile.id,
          name: profile.name,
          email: profile.email,
          country: profile.country,
          locale: profile.locale,
          time_zone: profile.timeZone,
        },
        capabilities: [...session.capabilities],
        locale: session.locale,
        currency: profile.currency,
        branding: env.branding,
        features: env.policy.features,
        return_url: session.returnUrl,
        expires_at: session.expiresAt.toISOString(),
        now: (await env.provider.now()).toISOString(),
        mode: env.provider.kind === 'sandbox' ? ('sandbox' as const) : ('live' as const),
        stripe_publishable_key: env.stripePublishableKey,
      };
    },
  },
});
