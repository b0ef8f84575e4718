/**
 * Deep links into the portal's flows, named as the `flow_data.type` values of
 * Stripe's billing portal sessions (stripe-node `types/BillingPortal/Sessions.d.ts`),
 * so a vendor can send a customer to the same flow in Keel or in Stripe's
 * hosted portal.
 */
import type { Capability, PortalSession } from '../../src/contract/index.js';
import type { KeelCancelFlowCompleteDetail, KeelPaymentMethodUpdatedDetail, KeelSubscriptionChangedDetail } from '../shared/events.js';
import type { KeelPaymentMethods } from '../payment-methods/payment-methods.js';
import type { KeelSubscription } from '../subscription/subscription.js';

export const PORTAL_FLOWS = ['payment_method_update', 'subscription_cancel', 'subscription_update', 'subscription_update_confirm'] as const;
export type PortalFlow = (typeof PORTAL_FLOWS)[number];

/** The portal's behaviour after a deep-linked flow completes, as Stripe's `after_completion.type`. */
export const AFTER_COMPLETION = ['portal_homepage', 'return_url'] as const;
export type AfterCompletion = (typeof AFTER_COMPLETION)[number];

export type FlowErrorCode = 'unknown_flow' | 'missing_capability' | 'feature_disabled' | 'missing_plan_id' | 'no_subscription' | 'flow_not_opened' | 'unknown_after_completion' | 'no_return_url' | 'unsafe_return_url';

/** The error a deep-linked flow reports when it cannot open or return, sent as `keel-error`'s `detail.error`. */
export class KeelFlowError extends Error {
  override readonly name = 'KeelFlowError';
  readonly code: FlowErrorCode;
  /** The flow as the page gave it. */
  readonly flow: string;

  constructor(code: FlowErrorCode, flow: string, message: string) {
    super(message);
    this.code = code;
    this.flow = flow;
  }
}

export function isPortalFlow(value: string): value is PortalFlow {
  return (PORTAL_FLOWS as readonly string[]).includes(value);
}

export function unknownFlowError(flow: string): KeelFlowError {
  return new KeelFlowError('unknown_flow', flow, `Unknown flow "${flow}". Use one of: ${PORTAL_FLOWS.join(', ')}.`);
}

/** The capabilities each flow needs. The server checks the same ones on the requests the flow makes. */
const FLOW_CAPABILITIES: Record<PortalFlow, readonly Capability[]> = {
  payment_method_update: ['payment_methods.read', 'payment_methods.write'],
  subscription_cancel: ['subscription.read', 'subscription.cancel'],
  subscription_update: ['subscription.read', 'subscription.change'],
  subscription_update_confirm: ['subscription.read', 'subscription.change'],
};

/**
 * Checks that the session allows a flow, and returns the error to report
 * when it does not.
 */
export function flowRejection(flow: PortalFlow, session: PortalSession, planId: string | undefined): KeelFlowError | null {
  const missing = FLOW_CAPABILITIES[flow].filter((capability) => !session.capabilities.includes(capability));
  if (missing.length > 0) {
    return new KeelFlowError('missing_capability', flow, `The ${flow} flow needs the session capabilities ${missing.join(', ')}, which are missing from this session. Grant them when the session is created.`);
  }

  const changesPlan = flow === 'subscription_update' || flow === 'subscription_update_confirm';
  if (changesPlan && !session.features.plan_change.enabled) {
    return new KeelFlowError('feature_disabled', flow, `The ${flow} flow needs plan changes, which are turned off in the session's features.plan_change.enabled.`);
  }
  if (flow === 'subscription_update_confirm' && !planId) {
    return new KeelFlowError('missing_plan_id', flow, 'The subscription_update_confirm flow needs a plan to preview. Set the flow-plan-id attribute.');
  }
  return null;
}

/**
 * Tells whether an event from inside the portal is the successful end of a
 * flow. Closing a flow without a change is not a completion.
 */
export function completesFlow(flow: PortalFlow, event: Event): boolean {
  switch (flow) {
    case 'payment_method_update': {
      if (event.type !== 'keel-payment-method-updated') return false;
      const { change } = (event as CustomEvent<KeelPaymentMethodUpdatedDetail>).detail;
      return change === 'added' || change === 'replaced';
    }
    case 'subscription_cancel': {
      // A retained customer also completes the flow, because they accepted an offer instead of cancelling.
      if (event.type !== 'keel-cancel-flow-complete') return false;
      return (event as CustomEvent<KeelCancelFlowCompleteDetail>).detail.outcome !== 'aborted';
    }
    case 'subscription_update':
    case 'subscription_update_confirm':
      if (event.type !== 'keel-subscription-changed') return false;
      return (event as CustomEvent<KeelSubscriptionChangedDetail>).detail.change === 'plan';
  }
}

/** The events whose arrival may complete a flow. */
export const FLOW_COMPLETION_EVENTS = ['keel-payment-method-updated', 'keel-cancel-flow-complete', 'keel-subscription-changed'] as const;

/** The portal view each flow opens in. */
export const FLOW_VIEW = {
  payment_method_update: 'payment-methods',
  subscription_cancel: 'subscription',
  subscription_update: 'subscription',
  subscription_update_confirm: 'subscription',
} as const satisfies Record<PortalFlow, string>;

/** Identifies one request for a flow, so each is run once. */
export function flowRequestKey(flow: string, planId: string | undefined): string {
  return flow === 'subscription_update_confirm' ? `${flow} ${planId ?? ''}` : flow;
}

function notOpened(flow: PortalFlow, reason: string): KeelFlowError {
  return new KeelFlowError('flow_not_opened', flow, `The ${flow} flow did not open: ${reason}.`);
}

/**
 * Opens a flow with the element the portal renders in the flow's view.
 * Resolves to null once the flow is open, or to the reason it did not open.
 */
export async function openFlow(section: ParentNode, flow: PortalFlow, planId: string | undefined): Promise<KeelFlowError | null> {
  // NOTE: The portal loads each view's elements on demand. If that import fails, the
  // portal reports it in `keel-error` and these waits never end.
  if (flow === 'payment_method_update') {
    await customElements.whenDefined('keel-payment-methods');
    const methods = section.querySelector<KeelPaymentMethods>('keel-payment-methods');
    if (!methods) return notOpened(flow, 'the payment methods are not shown');
    await methods.updateComplete;
    return (await methods.openAddForm()) ? null : notOpened(flow, 'the add-card dialog stayed closed');
  }

  await customElements.whenDefined('keel-subscription');
  const element = section.querySelector<KeelSubscription>('keel-subscription');
  if (!element) return notOpened(flow, 'the subscription is not shown');
  await element.updateComplete;
  const subscriptions = await element.loadedSubscriptions();
  if (!subscriptions) return notOpened(flow, 'the subscriptions could not be loaded');
  const first = subscriptions[0];
  if (!first) return new KeelFlowError('no_subscription', flow, `The ${flow} flow needs a subscription, and the customer has none.`);

  if (flow === 'subscription_cancel') await element.openCancelFlow(first.id);
  else await element.openPlanPicker(first.id, flow === 'subscription_update_confirm' ? planId : undefined);
  return null;
}
