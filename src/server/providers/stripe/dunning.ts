/**
 * The dunning banner's state with Stripe running the retries: Keel reads the
 * newest failed invoice and its PaymentIntent's `last_payment_error`, and
 * `src/dunning` decides status, tone, deadline and actions.
 */
import type Stripe from 'stripe';
import type { DunningEventRequest, DunningState, ExtensionRequest } from '../../../contract/index.js';
import { buildDunningState, type FailedAttempt } from '../../../dunning/index.js';
import { dunningActions, noDunningState } from '../dunning-state.js';
import { ProviderError } from '../provider.js';
import { call, type StripeContext } from './context.js';
import { paymentIntentOfInvoice, retrieveInvoice } from './invoices.js';
import { currencyOf, declineInputFromError, expanded, mapCustomerProfile } from './map/index.js';
import { retrieveCustomer } from './payment-methods.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Currencies Stripe accepts by bank transfer to the customer's balance. */
const BANK_TRANSFER_CURRENCIES = new Set(['JPY', 'EUR', 'USD', 'GBP', 'MXN']);

/** Returns the newest open, automatically charged invoice that Stripe has tried and failed to collect. */
async function failedInvoiceOf(context: StripeContext, customerId: string): Promise<Stripe.Invoice | null> {
  const open = await call(() => context.stripe.invoices.list({ customer: customerId, status: 'open', limit: 100 }));
  const failed = open.data.filter((invoice) => invoice.amount_remaining > 0 && invoice.attempt_count > 0);
  failed.sort((a, b) => b.created - a.created);
  return failed[0] ?? null;
}

export async function getDunningState(context: StripeContext, customerId: string): Promise<DunningState> {
  const customer = await retrieveCustomer(context, customerId);
  const variant = 'default';
  const invoice = await failedInvoiceOf(context, customerId);
  if (!invoice) return noDunningState(variant, context.now());

  const full = await retrieveInvoice(context, customerId, invoice.id);
  const intent = await paymentIntentOfInvoice(context, full);
  const authenticationPending = intent?.status === 'requires_action' || intent?.status === 'requires_confirmation';
  const error = intent?.last_payment_error ?? (authenticationPending ? { code: 'authentication_required', decline_code: 'authentication_required' } : { code: 'card_declined' });

  const profile = mapCustomerProfile(customer, context.options.defaultCurrency ?? 'USD');
  const now = context.now();
  const firstFailureSeconds = full.status_transitions?.finalized_at ?? full.created;
  const lastFailureSeconds = expanded(intent?.latest_charge ?? null)?.created ?? firstFailureSeconds;
  const decline = declineInputFromError(error);
  const attempts: FailedAttempt[] = [{ at: new Date(firstFailureSeconds * 1000), decline }];
  if (full.attempt_count > 1 && lastFailureSeconds > firstFailureSeconds) attempts.push({ at: new Date(lastFailureSeconds * 1000), decline });

  const marks = await context.store.getDunningMarks(customerId, full.id);
  const state = buildDunningState({
    customerId,
    amountDue: { amount: Math.max(0, full.amount_remaining), currency: currencyOf(full.currency) },
    attempts,
    decline,
    country: profile.country ?? 'US',
    timeZone: profile.timeZone,
    now,
    providerNextRetryAt: full.next_payment_attempt === null ? null : new Date(full.next_payment_attempt * 1000),
    ...(marks.extensionUntil ? { deadline: marks.extensionUntil } : {}),
  });
  if (state.status === 'none') return noDunningState(variant, now);

  const extensionAvailable = context.options.policy.extensionDays > 0 && marks.extensionUntil === null && state.status !== 'suspended';
  const actions = dunningActions(state.actions, { bankTransfer: BANK_TRANSFER_CURRENCIES.has(currencyOf(full.currency)), extension: extensionAvailable });

  const dismissedUntil = marks.dismissedUntil && marks.dismissedUntil.getTime() > now.getTime() ? marks.dismissedUntil : null;
  const finalStage = state.status === 'final_notice' || state.status === 'suspended';
  return {
    object: 'dunning_state',
    as_of: now.toISOString(),
    status: state.status,
    reason: state.reason,
    tone: state.tone,
    invoice_id: full.id,
    amount_due: Math.max(0, full.amount_remaining),
    currency: currencyOf(full.currency),
    deadline: state.deadline?.toISOString() ?? null,
    next_retry_at: state.nextRetryAt?.toISOString() ?? null,
    attempt_count: Math.max(0, full.attempt_count),
    actions,
    primary_action: actions[0] ?? null,
    payment_id: authenticationPending && intent ? intent.id : null,
    variant: state.variant ?? variant,
    dismissible: !finalStage,
    dismissed_until: dismissedUntil?.toISOString() ?? null,
    payment_pending: intent?.status === 'processing',
    wall: context.options.policy.features.dunning.final_stage_wall && state.status === 'suspended',
    extension: { available: extensionAvailable, granted_until: marks.extensionUntil?.toISOString() ?? null },
  };
}

export async function recordDunningEvent(context: StripeContext, customerId: string, input: DunningEventRequest): Promise<DunningState> {
  await retrieveInvoice(context, customerId, input.invoice_id);
  if (input.type === 'dismissal') {
    const hours = context.options.dunningDismissHours ?? 24;
    await context.store.setDismissedUntil(customerId, input.invoice_id, new Date(context.now().getTime() + hours * HOUR_MS));
  }
  return getDunningState(context, customerId);
}

/**
 * Grants the policy's grace days once per failed invoice by moving the
 * banner's deadline.
 * NOTE: Stripe's own retry schedule and its end-of-retries action (cancel or
 * mark unpaid) are account settings that this extension does not change.
 */
export async function requestDunningExtension(context: StripeContext, customerId: string, input: ExtensionRequest): Promise<DunningState> {
  const days = context.options.policy.extensionDays;
  if (days <= 0) throw new ProviderError('extension_not_allowed', 'Grace extensions are turned off.', 409, 'invoice_id');
  const invoice = await retrieveInvoice(context, customerId, input.invoice_id);
  if (invoice.status !== 'open' || invoice.amount_remaining <= 0) throw new ProviderError('extension_not_allowed', `Invoice ${invoice.id} is not unpaid.`, 409, 'invoice_id');
  const current = await getDunningState(context, customerId);
  if (current.invoice_id !== invoice.id || current.status === 'suspended') {
    throw new ProviderError('extension_not_allowed', `Invoice ${invoice.id} is not the failed payment the banner shows, or access is already suspended.`, 409, 'invoice_id');
  }
  const base = current.deadline ? new Date(current.deadline) : context.now();
  const granted = await context.store.grantExtension(customerId, invoice.id, new Date(base.getTime() + days * DAY_MS));
  if (!granted) throw new ProviderError('extension_not_allowed', `An extension was already granted for invoice ${invoice.id}.`, 409, 'invoice_id');
  return getDunningState(context, customerId);
}
