// The dunning banner's state from the sandbox's own invoices and attempts,
// decided by the policy in src/dunning, and the banner's events.

import type { DunningEventRequest, DunningState, ExtensionRequest } from '../../../contract/index.js';
import { buildDunningState, type FailedAttempt } from '../../../dunning/index.js';
import type { InvoiceRow } from '../../store/index.js';
import type { BillingPolicy } from '../provider.js';
import { dunningActions, noDunningState } from '../dunning-state.js';
import { ProviderError } from '../provider.js';
import type { EngineContext } from './context.js';
import { getCustomer } from './customers.js';
import { missing, missingAs } from './errors.js';
import { getInvoice } from './invoices.js';
import { addDaysMs } from './time.js';

const HOUR_MS = 3_600_000;
/** How long a dismissed banner stays hidden. */
export const DISMISS_HOURS = 24;
const BANK_TRANSFER_CURRENCIES = new Set(['JPY', 'EUR', 'USD']);

/** Returns the customer's oldest open invoice whose collection failed, or null. */
async function failedInvoiceOf(ctx: EngineContext, customerId: string): Promise<InvoiceRow | null> {
  const invoice = await ctx.trx
    .selectFrom('invoices')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('customer_id', '=', customerId)
    .where('status', '=', 'open')
    .where('first_failed_at', 'is not', null)
    .orderBy('first_failed_at')
    .orderBy('id')
    .executeTakeFirst();
  return invoice ?? null;
}

export async function getDunningState(ctx: EngineContext, customerId: string, policy: BillingPolicy): Promise<DunningState> {
  const customer = await getCustomer(ctx, customerId);
  const variant = 'default';
  const invoice = await failedInvoiceOf(ctx, customerId);
  if (!invoice) return noDunningState(variant, ctx.now);

  const attemptRows = await ctx.trx
    .selectFrom('payment_attempts')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('invoice_id', '=', invoice.id)
    .where('channel', '=', 'card')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const failures = attemptRows.filter((attempt) => attempt.status === 'failed' || attempt.status === 'requires_action');
  if (failures.length === 0) return noDunningState(variant, ctx.now);
  const latest = attemptRows.at(-1)!;
  const attempts: FailedAttempt[] = failures.map((attempt) => ({ at: attempt.created_at, decline: { declineCode: attempt.decline_code } }));

  const state = buildDunningState({
    customerId,
    amountDue: { amount: invoice.amount_remaining, currency: invoice.currency },
    attempts,
    country: customer.country,
    timeZone: customer.time_zone,
    now: ctx.now,
    providerNextRetryAt: invoice.next_payment_attempt,
    ...(invoice.dunning_deadline ? { deadline: invoice.dunning_deadline } : {}),
    policy: ctx.settings.dunning_policy,
  });
  if (state.status === 'none') return noDunningState(variant, ctx.now);

  const extensionAvailable = policy.extensionDays > 0 && !invoice.extension_granted && state.status !== 'suspended';
  const actions = dunningActions(state.actions, { bankTransfer: BANK_TRANSFER_CURRENCIES.has(invoice.currency), extension: extensionAvailable });

  const dismissal = await ctx.trx
    .selectFrom('dunning_events')
    .select('occurred_at')
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('invoice_id', '=', invoice.id)
    .where('type', '=', 'dismissal')
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  const dismissedUntil = dismissal ? new Date(dismissal.occurred_at.getTime() + DISMISS_HOURS * HOUR_MS) : null;
  const finalStage = state.status === 'final_notice' || state.status === 'suspended';
  const pendingPayment = latest.status === 'requires_action' ? latest.id : null;

  return {
    object: 'dunning_state',
    as_of: ctx.now.toISOString(),
    status: state.status,
    reason: state.reason,
    tone: state.tone,
    invoice_id: invoice.id,
    amount_due: invoice.amount_remaining,
    currency: invoice.currency,
    deadline: state.deadline?.toISOString() ?? null,
    next_retry_at: state.nextRetryAt?.toISOString() ?? null,
    attempt_count: invoice.attempt_count,
    actions,
    primary_action: actions[0] ?? null,
    payment_id: pendingPayment,
    variant: state.variant ?? variant,
    dismissible: !finalStage,
    dismissed_until: dismissedUntil && dismissedUntil.getTime() > ctx.now.getTime() ? dismissedUntil.toISOString() : null,
    payment_pending: false,
    wall: policy.features.dunning.final_stage_wall && state.status === 'suspended',
    extension: {
      available: extensionAvailable,
      granted_until: invoice.extension_granted && invoice.dunning_deadline ? invoice.dunning_deadline.toISOString() : null,
    },
  };
}

/** Returns the customer's invoice; another customer's invoice reads as missing. */
async function ownInvoice(ctx: EngineContext, customerId: string, invoiceId: string) {
  const invoice = await getInvoice(ctx, invoiceId);
  if (invoice.customer_id !== customerId) throw missing('invoice', invoiceId);
  return invoice;
}

export async function recordDunningEvent(ctx: EngineContext, customerId: string, input: DunningEventRequest, policy: BillingPolicy): Promise<DunningState> {
  const invoice = await missingAs('invoice_id', () => ownInvoice(ctx, customerId, input.invoice_id));
  await ctx.trx
    .insertInto('dunning_events')
    .values({
      sandbox_id: ctx.sandboxId,
      seq: ctx.nextSeq(),
      customer_id: customerId,
      invoice_id: invoice.id,
      type: input.type,
      variant: input.variant,
      action: input.action ?? null,
      occurred_at: ctx.now,
    })
    .execute();
  return getDunningState(ctx, customerId, policy);
}

/** Moves the dunning deadline by the policy's grace days, once per failed invoice. */
export async function requestDunningExtension(ctx: EngineContext, customerId: string, input: ExtensionRequest, policy: BillingPolicy): Promise<DunningState> {
  if (policy.extensionDays <= 0) throw new ProviderError('extension_not_allowed', 'Grace extensions are turned off.', 409, 'invoice_id');
  const invoice = await missingAs('invoice_id', () => ownInvoice(ctx, customerId, input.invoice_id));
  const current = await getDunningState(ctx, customerId, policy);
  if (current.invoice_id !== invoice.id || !current.extension.available) {
    throw new ProviderError('extension_not_allowed', `Invoice ${invoice.id} is not the failed payment the banner shows, or its extension was already used.`, 409, 'invoice_id');
  }
  const deadline = addDaysMs(invoice.dunning_deadline ?? ctx.now, policy.extensionDays);
  await ctx.trx
    .updateTable('invoices')
    .set({ dunning_deadline: deadline, extension_granted: true })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', invoice.id)
    .execute();
  await ctx.trx
    .insertInto('dunning_events')
    .values({ sandbox_id: ctx.sandboxId, seq: ctx.nextSeq(), customer_id: customerId, invoice_id: invoice.id, type: 'extension', variant: null, action: null, occurred_at: ctx.now })
    .execute();
  return getDunningState(ctx, customerId, policy);
}
