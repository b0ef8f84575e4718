/**
 * Pieces of the banner's `DunningState` that every provider builds the same
 * way: the empty state and the list of actions offered for a failed payment.
 */
import type { DunningAction, DunningState } from '../../contract/index.js';
import type { FixAction } from '../../dunning/index.js';

const ACTION_OF_FIX: Record<FixAction, DunningAction | null> = {
  update_payment_method: 'update_payment_method',
  authenticate: 'authenticate',
  retry_payment: 'pay_now',
  // Only the issuer can lift a block, so the banner offers another payment method instead.
  contact_bank: null,
};

/** Builds the state of a customer with nothing to fix, computed at `asOf`. */
export function noDunningState(variant: string, asOf: Date): DunningState {
  return {
    object: 'dunning_state',
    as_of: asOf.toISOString(),
    status: 'none',
    reason: null,
    tone: null,
    invoice_id: null,
    amount_due: null,
    currency: null,
    deadline: null,
    next_retry_at: null,
    attempt_count: 0,
    actions: [],
    primary_action: null,
    payment_id: null,
    variant,
    dismissible: false,
    dismissed_until: null,
    payment_pending: false,
    wall: false,
    extension: { available: false, granted_until: null },
  };
}

/**
 * Lists the banner's actions, best first: the policy's fixes, then a new
 * payment method (always offered), bank transfer and an extension where
 * available.
 */
export function dunningActions(fixes: readonly FixAction[], options: { bankTransfer: boolean; extension: boolean }): DunningAction[] {
  const actions: DunningAction[] = [];
  for (const fix of fixes) {
    const action = ACTION_OF_FIX[fix];
    if (action && !actions.includes(action)) actions.push(action);
  }

  if (!actions.includes('update_payment_method')) actions.push('update_payment_method');
  if (options.bankTransfer) actions.push('bank_transfer');
  if (options.extension) actions.push('request_extension');
  return actions;
}
