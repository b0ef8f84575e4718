/**
 * Capabilities a portal session may grant. The server checks them on every
 * route, and elements hide the actions a session lacks.
 */
import * as z from 'zod/mini';

export const CAPABILITIES = [
  'invoices.read',
  'invoices.pay',
  'payment_methods.read',
  'payment_methods.write',
  'payment_options.read',
  'subscription.read',
  'subscription.change',
  'subscription.pause',
  'subscription.cancel',
  'billing_details.read',
  'billing_details.write',
  'dunning.read',
  'dunning.extend',
] as const;

export const Capability = z.enum(CAPABILITIES);
export type Capability = z.infer<typeof Capability>;

/** Every capability; what a vendor grants when it trusts the customer fully. */
export const ALL_CAPABILITIES: readonly Capability[] = CAPABILITIES;
