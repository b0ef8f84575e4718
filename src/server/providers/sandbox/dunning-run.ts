// Automatic collection after a failed payment: when to retry (the policy in
// src/dunning), which card a retry charges, and what happens to the
// subscription when the dunning deadline passes.

import { nextBusinessSlot, planNextRetry, resolvePolicy, type FailedAttempt } from '../../../dunning/index.js';
import type { CustomerRow, InvoiceRow, PaymentAttemptRow } from '../../store/index.js';
import type { EngineContext } from './context.js';
import { getCustomer } from './customers.js';
import { addDaysMs } from './time.js';

const NETWORK_BY_BRAND: Record<string, string> = { visa: 'visa', mastercard: 'mastercard' };

/**
 * Returns when to retry the invoice on the card that just failed, or null
 * when the policy stops retries: a never-retry decline, a decline only the
 * customer can fix, or the attempts and window used up. Every automatic
 * retry is planned here. It passes this card's failed attempts on the
 * invoice to `planNextRetry`, so the network caps count per card.
 */
export async function planRetryAt(ctx: EngineContext, invoice: InvoiceRow, customer: CustomerRow, paymentMethodId: string): Promise<Date | null> {
  const failures = await ctx.trx
    .selectFrom('payment_attempts')
    .innerJoin('payment_methods', (join) =>
      join.onRef('payment_methods.sandbox_id', '=', 'payment_attempts.sandbox_id').onRef('payment_methods.id', '=', 'payment_attempts.payment_method_id'),
    )
    .select(['payment_attempts.created_at', 'payment_attempts.decline_code', 'payment_methods.brand'])
    .where('payment_attempts.sandbox_id', '=', ctx.sandboxId)
    .where('payment_attempts.invoice_id', '=', invoice.id)
    .where('payment_attempts.payment_method_id', '=', paymentMethodId)
    .where('payment_attempts.status', 'in', ['failed', 'requires_action'])
    .orderBy('payment_attempts.created_at')
    .execute();
  if (failures.length === 0) return null;

  const attempts: FailedAttempt[] = failures.map((failure) => ({
    at: failure.created_at,
    decline: { declineCode: failure.decline_code },
    network: NETWORK_BY_BRAND[failure.brand] ?? 'unknown',
  }));
  const plan = planNextRetry({
    attempts,
    country: customer.country,
    timeZone: customer.time_zone,
    now: ctx.now,
    policy: ctx.settings.dunning_policy,
  });
  return plan.kind === 'retry' ? plan.at : null;
}

/**
 * Updates the invoice and its subscription after a failed or
 * authentication-pending attempt: starts dunning on the first failure (with
 * its deadline), plans the next retry for automatic collection, and moves an
 * active subscription to `past_due`. A subscription's first invoice leaves
 * it `incomplete` instead.
 */
export async function recordPaymentFailure(ctx: EngineContext, invoice: InvoiceRow, attempt: PaymentAttemptRow): Promise<void> {
  const customer = await getCustomer(ctx, invoice.customer_id);
  const policy = resolvePolicy(ctx.settings.dunning_policy);
  const firstFailedAt = invoice.first_failed_at ?? ctx.now;
  const deadline = invoice.dunning_deadline ?? addDaysMs(firstFailedAt, policy.graceDays);

  let nextAttempt: Date | null = null;
  if (invoice.auto_advance && attempt.payment_method_id && invoice.billing_reason !== 'subscription_create') {
    nextAttempt = await planRetryAt(ctx, invoice, customer, attempt.payment_method_id);
  }

  await ctx.trx
    .updateTable('invoices')
    .set({ first_failed_at: firstFailedAt, dunning_deadline: deadline, next_payment_attempt: nextAttempt })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', invoice.id)
    .execute();

  if (!invoice.subscription_id) return;
  const subscription = await ctx.trx
    .selectFrom('subscriptions')
    .select(['id', 'status'])
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', invoice.subscription_id)
    .executeTakeFirst();
  if (subscription?.status === 'active' || subscription?.status === 'trialing') {
    await ctx.trx
      .updateTable('subscriptions')
      .set({ status: 'past_due' })
      .where('sandbox_id', '=', ctx.sandboxId)
      .where('id', '=', subscription.id)
      .execute();
    await ctx.emit('customer.subscription.updated', subscription.id, { status: 'past_due', previous_status: subscription.status });
  }
}

/**
 * Plans a prompt retry for the customer's unpaid invoices whose automatic
 * retries had stopped, because a new default card makes a charge worth
 * trying again. The retry waits for the next business hour in the
 * customer's time zone. Invoices with a retry already planned keep it,
 * because that retry charges the new default anyway.
 */
export async function onDefaultPaymentMethodChanged(ctx: EngineContext, customerId: string): Promise<void> {
  const customer = await getCustomer(ctx, customerId);
  const stalled = await ctx.trx
    .selectFrom('invoices')
    .select('id')
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('customer_id', '=', customerId)
    .where('status', '=', 'open')
    .where('auto_advance', '=', true)
    .where('first_failed_at', 'is not', null)
    .where('next_payment_attempt', 'is', null)
    .execute();
  if (stalled.length === 0) return;

  const policy = resolvePolicy(ctx.settings.dunning_policy);
  const at = new Date(nextBusinessSlot(ctx.now.getTime(), customer.country, customer.time_zone, policy));
  await ctx.trx
    .updateTable('invoices')
    .set({ next_payment_attempt: at })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where(
      'id',
      'in',
      stalled.map((row) => row.id),
    )
    .execute();
}

/**
 * Moves the subscription of an invoice still unpaid at its dunning deadline
 * to the sandbox's final status (`unpaid` or `canceled`) and stops retries.
 */
export async function expireDunning(ctx: EngineContext, invoice: InvoiceRow): Promise<void> {
  await ctx.trx
    .updateTable('invoices')
    .set({ next_payment_attempt: null })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', invoice.id)
    .execute();
  if (!invoice.subscription_id) return;

  const finalStatus = ctx.settings.after_final_retry;
  await ctx.trx
    .updateTable('subscriptions')
    .set(finalStatus === 'canceled' ? { status: 'canceled', canceled_at: ctx.now, ended_at: ctx.now } : { status: 'unpaid' })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', invoice.subscription_id)
    .where('status', '=', 'past_due')
    .execute();
  await ctx.emit('customer.subscription.updated', invoice.subscription_id, { status: finalStatus, reason: 'dunning_deadline' });
}
