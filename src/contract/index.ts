/**
 * Keel's HTTP contract: the zod schemas shared by the client, the server, the
 * mocks and the OpenAPI document. JSON fields are snake_case; money is an
 * integer in the currency's minor unit plus its ISO 4217 code.
 */
export * from './primitives.js';
export * from './errors.js';
export * from './capabilities.js';
export * from './session.js';
export * from './dunning-reasons.js';
export * from './invoices.js';
export * from './payment-methods.js';
export * from './payment-options.js';
export * from './subscriptions.js';
export * from './billing-details.js';
export * from './tax-ids.js';
export * from './dunning.js';
export * from './sandbox.js';
export * from './operations.js';
