/**
 * Turns the `provider` option into a ready `BillingProvider`.
 *
 * @module
 */
import { KeelConfigError } from './errors.js';
import { isBillingProvider, type ProviderContext, type ResolvedOptions } from './options.js';
import type { BillingProvider } from './providers/provider.js';

export async function resolveProvider(provider: ResolvedOptions['provider'], context: ProviderContext): Promise<BillingProvider> {
  if (isBillingProvider(provider)) return provider;
  if (typeof provider === 'function') {
    const built = await provider(context);
    if (!isBillingProvider(built)) throw new KeelConfigError('provider', 'The provider factory did not return a BillingProvider.');
    return built;
  }
  // TODO: build the sandbox and Stripe providers here once their modules exist.
  throw new KeelConfigError('provider', `The "${provider}" provider is not available in this build; pass a BillingProvider or a factory.`);
}
