/**
 * The embedded sandbox billing engine and its BillingProvider.
 *
 * Seeded customer ids (see `SEED_CUSTOMERS`): `cus_jp_expired`,
 * `cus_de_reverse_charge`, `cus_us_annual`, `cus_jp_paused`,
 * `cus_3ds_renewal`, `cus_many_invoices`, in sandbox `sb_demo` with the
 * clock at 2026-11-01T00:00:00Z.
 */
export { createSandboxProvider, SandboxProvider, type SandboxProviderOptions } from './provider.js';
export { SandboxEngine, type CreateSandboxInput, type CustomerInput, type InvoiceItemInput } from './engine.js';
export { seedSandbox, SEED_CUSTOMERS, SEED_SANDBOX_ID, SEED_CLOCK, type SeedCustomerId } from './seeds.js';
export { DEFAULT_SANDBOX_SETTINGS } from './settings.js';
export { TEST_CARDS, type TestCard } from './test-cards.js';
export { DEFAULT_RETENTION_OFFERS, type SandboxRetentionOffer } from './provider-subscriptions.js';
