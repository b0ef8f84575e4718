import type { InvoiceRow, PaymentAttemptRow, PaymentChannel, PaymentMethodRow } from '../../store/index.js';
import type { EngineContext } from './context.js';
import { getCustomer } from './customers.js';
import { recordPaymentFailure } from './dunning-run.js';
import { conflict, missing } from './errors.js';
import { getInvoice } from './invoices.js';
import { chargeOutcome, type ChargeOutcome } from './test-cards.js';

/**
 * Returns the payment method an automatic charge of the invoice uses, in
 * Stripe's order: the invoice's own, the subscription's default, then the
 * customer's default. Read at charge time, so a card made default after a
 * failure is the one the next retry charges.
 */
export async function resolvePaymentMethod(ctx: EngineContext, invoice: InvoiceRow): Promise<PaymentMethodRow | null> {
  const candidates: Array<string | null> = [invoice.default_payment_method_id];
  if (invoice.subscription_id) {
    const subscription = await ctx.trx
      .selectFrom('subscriptions')
      .select('default_payment_method_id')
      .where('sandbox_id', '=', ctx.sandboxId)
      .where('id', '=', invoice.subscription_id)
      .executeTakeFirst();
    candidates.push(subscription?.default_payment_method_id ?? null);
  }
  const customer = await getCustomer(ctx, invoice.customer_id);
  candidates.push(customer.default_payment_method_id);

  for (const id of candidates) {
    if (!id) continue;
    const paymentMethod = await ctx.trx
      .selectFrom('payment_methods')
      .selectAll()
      .where('sandbox_id', '=', ctx.sandboxId)
      .where('id', '=', id)
      .where('customer_id', '=', invoice.customer_id)
      .executeTakeFirst();
    if (paymentMethod) return paymentMethod;
  }
  return null;
}

/** Returns the decline code an attempt records: a pending 3-D Secure payment counts as `authentication_required`. */
function declineCodeOf(outcome: ChargeOutcome): string | null {
  if (outcome.status === 'failed') return outcome.declineCode;
  if (outcome.status === 'requires_action') return 'authentication_required';
  return null;
}

export async function getPaymentAttempt(ctx: EngineContext, attemptId: string): Promise<PaymentAttemptRow> {
  const attempt = await ctx.trx
    .selectFrom('payment_attempts')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', attemptId)
    .executeTakeFirst();
  if (!attempt) throw missing('payment', attemptId);
  return attempt;
}

/**
 * Loads several attempts in one query, keyed by id, for pages of invoices.
 * Raises `resource_missing` for the first id that has no row, as
 * `getPaymentAttempt` does.
 */
export async function getPaymentAttempts(ctx: EngineContext, attemptIds: readonly string[]): Promise<Map<string, PaymentAttemptRow>> {
  const unique = [...new Set(attemptIds)];
  const byId = new Map<string, PaymentAttemptRow>();
  if (unique.length === 0) return byId;
  const rows = await ctx.trx.selectFrom('payment_attempts').selectAll().where('sandbox_id', '=', ctx.sandboxId).where('id', 'in', unique).execute();
  for (const row of rows) byId.set(row.id, row);
  const absent = unique.find((id) => !byId.has(id));
  if (absent !== undefined) throw missing('payment', absent);
  return byId;
}

/** Cancels a payment still waiting for 3-D Secure, so at most one is pending per invoice. */
async function cancelPendingAttempts(ctx: EngineContext, invoiceId: string): Promise<void> {
  await ctx.trx
    .updateTable('payment_attempts')
    .set({ status: 'canceled', resolved_at: ctx.now })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'requires_action')
    .execute();
}

export interface ChargeOptions {
  /** Charge this saved method instead of the resolved default. */
  paymentMethodId?: string;
  /** True for renewals and retries, false when the customer pays in the portal. */
  offSession: boolean;
  /** The invoice's row as already read in this transaction, so it is not read again. */
  invoice?: InvoiceRow;
}

/**
 * Charges the invoice's remaining amount to a saved card. Returns the
 * attempt, or null when the customer has no payment method to charge (the
 * invoice then stays open, as with Stripe, and no retry is planned).
 */
export async function chargeInvoice(ctx: EngineContext, invoiceId: string, options: ChargeOptions): Promise<PaymentAttemptRow | null> {
  const invoice = options.invoice?.id === invoiceId ? options.invoice : await getInvoice(ctx, invoiceId);
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
    throw conflict('invoice_not_payable', `Invoice ${invoiceId} is ${invoice.status}, so it cannot be paid.`, 'id');
  }

  let paymentMethod: PaymentMethodRow | null;
  if (options.paymentMethodId) {
    paymentMethod =
      (await ctx.trx
        .selectFrom('payment_methods')
        .selectAll()
        .where('sandbox_id', '=', ctx.sandboxId)
        .where('id', '=', options.paymentMethodId)
        .where('customer_id', '=', invoice.customer_id)
        .executeTakeFirst()) ?? null;
    if (!paymentMethod) throw missing('payment method', options.paymentMethodId);
  } else {
    paymentMethod = await resolvePaymentMethod(ctx, invoice);
  }
  if (!paymentMethod) {
    await ctx.emit('invoice.payment_skipped', invoiceId, { reason: 'no_payment_method' });
    return null;
  }

  await cancelPendingAttempts(ctx, invoiceId);
  const outcome = chargeOutcome(paymentMethod, ctx.now);
  const attemptId = ctx.nextId('py');
  const attempt = await ctx.trx
    .insertInto('payment_attempts')
    .values({
      sandbox_id: ctx.sandboxId,
      id: attemptId,
      invoice_id: invoiceId,
      customer_id: invoice.customer_id,
      payment_method_id: paymentMethod.id,
      channel: 'card',
      amount: invoice.amount_remaining,
      currency: invoice.currency,
      status: outcome.status,
      failure_code: outcome.status === 'failed' ? outcome.failureCode : null,
      decline_code: declineCodeOf(outcome),
      off_session: options.offSession,
      created_at: ctx.now,
      resolved_at: outcome.status === 'requires_action' ? null : ctx.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const charged = await ctx.trx
    .updateTable('invoices')
    .set({ attempt_count: invoice.attempt_count + 1, last_payment_attempt_id: attemptId })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', invoiceId)
    .returningAll()
    .executeTakeFirstOrThrow();

  if (outcome.status === 'succeeded') {
    await markInvoicePaid(ctx, invoiceId, attempt);
  } else {
    await ctx.emit(outcome.status === 'requires_action' ? 'invoice.payment_action_required' : 'invoice.payment_failed', invoiceId, {
      payment: attemptId,
      decline_code: attempt.decline_code,
    });
    await recordPaymentFailure(ctx, charged, attempt);
  }
  return attempt;
}

/** Finishes a payment that waited for 3-D Secure with the customer's result. */
export async function authenticatePayment(ctx: EngineContext, attemptId: string, result: 'approve' | 'deny'): Promise<PaymentAttemptRow> {
  const attempt = await getPaymentAttempt(ctx, attemptId);
  if (attempt.status !== 'requires_action') {
    throw conflict('payment_not_pending', `Payment ${attemptId} is ${attempt.status}; only a payment waiting for authentication can be authenticated.`, 'id');
  }
  const invoice = await getInvoice(ctx, attempt.invoice_id);

  if (result === 'approve' && invoice.status === 'open') {
    await ctx.trx
      .updateTable('payment_attempts')
      .set({ status: 'succeeded', decline_code: null, resolved_at: ctx.now })
      .where('sandbox_id', '=', ctx.sandboxId)
      .where('id', '=', attemptId)
      .execute();
    await markInvoicePaid(ctx, invoice.id, await getPaymentAttempt(ctx, attemptId));
  } else {
    await ctx.trx
      .updateTable('payment_attempts')
      .set({ status: 'failed', failure_code: 'payment_intent_authentication_failure', decline_code: 'authentication_required', resolved_at: ctx.now })
      .where('sandbox_id', '=', ctx.sandboxId)
      .where('id', '=', attemptId)
      .execute();
    await ctx.emit('invoice.payment_failed', invoice.id, { payment: attemptId, decline_code: 'authentication_required' });
  }
  return getPaymentAttempt(ctx, attemptId);
}

/** Records money received outside cards (bank transfer, konbini) and pays the invoice with it. */
export async function settleInvoice(ctx: EngineContext, invoiceId: string, channel: PaymentChannel): Promise<PaymentAttemptRow> {
  const invoice = await getInvoice(ctx, invoiceId);
  const attemptId = ctx.nextId('py');
  await cancelPendingAttempts(ctx, invoiceId);
  await ctx.trx
    .insertInto('payment_attempts')
    .values({
      sandbox_id: ctx.sandboxId,
      id: attemptId,
      invoice_id: invoiceId,
      customer_id: invoice.customer_id,
      payment_method_id: null,
      channel,
      amount: invoice.amount_remaining,
      currency: invoice.currency,
      status: 'succeeded',
      failure_code: null,
      decline_code: null,
      off_session: false,
      created_at: ctx.now,
      resolved_at: ctx.now,
    })
    .execute();
  const attempt = await getPaymentAttempt(ctx, attemptId);
  await markInvoicePaid(ctx, invoiceId, attempt);
  return attempt;
}

/**
 * Marks the invoice paid by the attempt and brings its subscription back:
 * `incomplete`, `past_due` and `unpaid` become `active` once no other invoice
 * of the subscription is still unpaid.
 */
export async function markInvoicePaid(ctx: EngineContext, invoiceId: string, attempt: PaymentAttemptRow): Promise<void> {
  const invoice = await getInvoice(ctx, invoiceId);
  await ctx.beforeInvoicePaid?.(invoice);
  await ctx.trx
    .updateTable('invoices')
    .set({
      status: 'paid',
      paid_at: ctx.now,
      amount_paid: invoice.amount_paid + attempt.amount,
      amount_remaining: 0,
      next_payment_attempt: null,
      last_payment_attempt_id: attempt.id,
    })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', invoiceId)
    .execute();
  await ctx.trx
    .updateTable('konbini_vouchers')
    .set({ status: 'canceled' })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'pending')
    .execute();
  await ctx.emit('invoice.paid', invoiceId, { payment: attempt.id, channel: attempt.channel, amount: attempt.amount });

  if (!invoice.subscription_id) return;
  const subscription = await ctx.trx
    .selectFrom('subscriptions')
    .select(['id', 'status'])
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', invoice.subscription_id)
    .executeTakeFirst();
  if (!subscription || !['incomplete', 'past_due', 'unpaid'].includes(subscription.status)) return;
  const stillUnpaid = await ctx.trx
    .selectFrom('invoices')
    .select('id')
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('subscription_id', '=', subscription.id)
    .where('status', '=', 'open')
    .where('first_failed_at', 'is not', null)
    .executeTakeFirst();
  if (stillUnpaid) return;
  await ctx.trx
    .updateTable('subscriptions')
    .set({ status: 'active' })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', subscription.id)
    .execute();
  await ctx.emit('customer.subscription.updated', subscription.id, { status: 'active', previous_status: subscription.status });
}
