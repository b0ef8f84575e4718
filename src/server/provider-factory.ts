/**
 * Turns the `provider` option into a ready `BillingProvider`.
 *
 * @module
 */
import { KeelConfigError } from './errors.js';
import { isBillingProvider, type ProviderContext, type ResolvedOptions } from './options.js';
import type { BillingProvider } from './providers/provider.js';
import { createSandboxProvider } from './providers/sandbox/index.js';
import { createStripeProvider } from './providers/stripe/index.js';

export async function resolveProvider(options: ResolvedOptions, context: ProviderContext): Promise<BillingProvider> {
  const { provider } = options;
  if (isBillingProvider(provider)) return provider;
  if (typeof provider === 'function') {
    const built = await provider(context);
    if (!isBillingProvider(built)) throw new KeelConfigError('provider', 'The provider factory did not return a BillingProvider.');
    return built;
  }
  if (provider === 'stripe' && options.stripe) {
    return createStripeProvider({ ...options.stripe, policy: context.policy, publishableKey: options.stripePublishableKey });
  }
  if (provider === 'sandbox') {
    return createSandboxProvider({ ...options.sandbox, store: context.store, policy: context.policy });
  }
  throw new KeelConfigError('stripe', 'provider "stripe" needs the stripe option.');
}
