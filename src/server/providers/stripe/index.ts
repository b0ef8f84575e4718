/** The Stripe-backed billing provider, its webhook handler and its pure Stripe-to-contract mappers. */
export { createStripeProvider, type StripeBillingProvider } from './provider.js';
export type { StripeProviderOptions, StripeRetentionOfferConfig } from './context.js';
export { createMemoryStripeStore, type StripeProviderStore, type RetentionEvent } from './store.js';
export type { StripeWebhookChange } from './webhooks.js';
export * as stripeMappers from './map/index.js';
