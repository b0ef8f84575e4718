/**
 * Every route handler, keyed by the contract's operation id. The app mounts
 * one route per contract operation and fails at creation if a handler is
 * missing, so the server cannot silently lag behind the contract.
 *
 * @module
 */
import type { OperationId } from '../../contract/operations.js';
import type { RouteDefinition } from './define.js';
import { billingDetailsRoutes } from './billing-details.js';
import { dunningRoutes } from './dunning.js';
import { invoiceRoutes } from './invoices.js';
import { paymentMethodRoutes } from './payment-methods.js';
import { paymentOptionRoutes } from './payment-options.js';
import { adminRoutes } from './sandbox.js';
import { sessionRoutes } from './session.js';
import { subscriptionRoutes } from './subscriptions.js';

/** Operations served by something other than a route handler. */
export const SPECIAL_OPERATIONS: readonly OperationId[] = ['webhooks.stripe'];

export const routeHandlers = {
  ...sessionRoutes,
  ...invoiceRoutes,
  ...paymentMethodRoutes,
  ...paymentOptionRoutes,
  ...subscriptionRoutes,
  ...billingDetailsRoutes,
  ...dunningRoutes,
  ...adminRoutes,
} as Partial<Record<OperationId, RouteDefinition<any>>>;

export { defineRoutes, type RouteDefinition, type RouteEnvironment, type RouteInput } from './define.js';
