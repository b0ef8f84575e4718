/** Pure mappings from Stripe objects to Keel's contract types, one file per resource. */
export * from './common.js';
export * from './customer.js';
export * from './decline.js';
export * from './funding.js';
export * from './invoice.js';
export * from './payment-intent.js';
export * from './payment-method.js';
export * from './setup-intent.js';
export * from './subscription.js';
