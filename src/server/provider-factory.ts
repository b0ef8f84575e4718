/**
 * Turns the `provider` option into a ready `BillingProvider`.
 *
 * @module
 */
import { KeelConfigError } from './errors.js';
import { isBillingProvider, type ProviderContext, type ResolvedOptions } from './options.js';
import type { BillingProvider, DunningRecoveryListener } from './providers/provider.js';
import { createSandboxProvider } from './providers/sandbox/index.js';
import { createStripeProvider } from './providers/stripe/index.js';

/** Calls the server's recovery counter, then the listener the vendor set in the provider's options. */
function bothListeners(server: DunningRecoveryListener, vendor: DunningRecoveryListener | undefined): DunningRecoveryListener {
  if (!vendor) return server;
  return async (recovery) => {
    await server(recovery);
    await vendor(recovery);
  };
}

export async function resolveProvider(options: ResolvedOptions, context: ProviderContext): Promise<BillingProvider> {
  const { provider } = options;
  if (isBillingProvider(provider)) return provider;
  if (typeof provider === 'function') {
    const built = await provider(context);
    if (!isBillingProvider(built)) throw new KeelConfigError('provider', 'The provider factory did not return a BillingProvider.');
    return built;
  }
  if (provider === 'stripe' && options.stripe) {
    return createStripeProvider({
      ...options.stripe,
      policy: context.policy,
      publishableKey: options.stripePublishableKey,
      onDunningRecovery: bothListeners(context.onDunningRecovery, options.stripe.onDunningRecovery),
    });
  }
  if (provider === 'sandbox') {
    return createSandboxProvider({
      ...options.sandbox,
      store: context.store,
      policy: context.policy,
      onDunningRecovery: bothListeners(context.onDunningRecovery, options.sandbox.onDunningRecovery),
    });
  }
  throw new KeelConfigError('stripe', 'provider "stripe" needs the stripe option.');
}
