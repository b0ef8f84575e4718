/**
 * The events Keel elements fire. Every event bubbles and is composed, so a
 * host page can listen on `document` whatever the nesting, and every name has
 * the `keel-` prefix so frameworks with DOM templates can bind it.
 */
import type { BillingDetails, DunningAction, Invoice, PaymentMethod, Subscription, TaxId } from '../../src/contract/index.js';

export interface KeelInvoicePaidDetail {
  invoice: Invoice;
}

export interface KeelPaymentMethodUpdatedDetail {
  paymentMethod: PaymentMethod;
  /** `added`, `replaced`, `default` or `removed`. */
  change: 'added' | 'replaced' | 'default' | 'removed';
}

export interface KeelSubscriptionChangedDetail {
  subscription: Subscription;
  change: 'plan' | 'scheduled_change_canceled' | 'paused' | 'resumed' | 'canceled' | 'reactivated' | 'offer_accepted';
}

export interface KeelDunningActionDetail {
  action: DunningAction;
  invoiceId: string | null;
}

export interface KeelCancelFlowCompleteDetail {
  outcome: 'retained' | 'cancelled' | 'aborted';
  subscriptionId: string;
}

export interface KeelBillingDetailsUpdatedDetail {
  /** `details` after the address, email, phone or name is saved; otherwise a tax ID change. */
  change: 'details' | 'tax_id_added' | 'tax_id_removed';
  /** The saved billing details, for `details`. */
  billingDetails: BillingDetails | null;
  /** The tax ID added or removed, for tax ID changes. */
  taxId: TaxId | null;
}

export interface KeelFlowCompleteDetail {
  /** The deep-linked flow that completed, a Stripe billing portal flow name such as `payment_method_update`. */
  flow: string;
  /** The portal's `after-completion` value. */
  afterCompletion: 'portal_homepage' | 'return_url';
  /** The http(s) return URL the portal navigates to, or null when it stays. */
  returnUrl: string | null;
}

export interface KeelErrorDetail {
  /** The operation or step that failed. */
  source: string;
  error: unknown;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'keel-invoice-paid': CustomEvent<KeelInvoicePaidDetail>;
    'keel-payment-method-updated': CustomEvent<KeelPaymentMethodUpdatedDetail>;
    'keel-subscription-changed': CustomEvent<KeelSubscriptionChangedDetail>;
    'keel-dunning-action': CustomEvent<KeelDunningActionDetail>;
    'keel-cancel-flow-complete': CustomEvent<KeelCancelFlowCompleteDetail>;
    'keel-billing-details-updated': CustomEvent<KeelBillingDetailsUpdatedDetail>;
    'keel-flow-complete': CustomEvent<KeelFlowCompleteDetail>;
    'keel-error': CustomEvent<KeelErrorDetail>;
  }
}
