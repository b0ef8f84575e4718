import { createHash } from 'node:crypto';

import type { PaymentMethodRow } from '../../store/index.js';
import type { EngineContext } from './context.js';
import { getCustomer } from './customers.js';
import { onDefaultPaymentMethodChanged } from './dunning-run.js';
import { conflict, invalid, missing } from './errors.js';
import { findTestCard, passesLuhn, type TestCard } from './test-cards.js';

export interface CardInput {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string;
}

/**
 * Validates a card entered in the sandbox form and returns its test card.
 * Only Stripe's public test numbers are accepted, so no real card number is
 * ever stored, even in a sandbox.
 */
export function validateTestCard(ctx: EngineContext, card: CardInput): TestCard {
  const digits = card.number.replace(/\s+/g, '');
  if (!/^\d{12,19}$/.test(digits) || !passesLuhn(digits)) {
    throw invalid('card.number', 'The card number is invalid: it must be 12 to 19 digits and pass the Luhn check.', 'card_number_invalid');
  }
  const testCard = findTestCard(digits);
  if (!testCard) {
    throw invalid('card.number', 'The sandbox accepts only Stripe test card numbers, such as 4242424242424242.', 'card_number_invalid');
  }
  if (!Number.isInteger(card.exp_month) || card.exp_month < 1 || card.exp_month > 12) {
    throw invalid('card.exp_month', `The expiry month must be 1 to 12, got ${card.exp_month}.`);
  }
  if (Date.UTC(card.exp_year, card.exp_month, 1) <= ctx.now.getTime()) {
    throw invalid('card.exp_year', `The card expired in ${card.exp_year}-${String(card.exp_month).padStart(2, '0')}; use a future expiry date.`, 'expired_card');
  }
  if (!/^\d{3,4}$/.test(card.cvc)) throw invalid('card.cvc', 'The CVC must be 3 or 4 digits.');
  return testCard;
}

/** Saves a test card for the customer, bypassing the setup flow (seeds and direct engine use). */
export async function attachCard(
  ctx: EngineContext,
  customerId: string,
  card: { testCard: TestCard; exp_month: number; exp_year: number },
  id: string = ctx.nextId('pm'),
): Promise<PaymentMethodRow> {
  await getCustomer(ctx, customerId);
  const fingerprint = createHash('sha256').update(`keel-sandbox-card:${card.testCard.number}`).digest('hex').slice(0, 16);
  await ctx.trx
    .insertInto('payment_methods')
    .values({
      sandbox_id: ctx.sandboxId,
      id,
      customer_id: customerId,
      type: 'card',
      brand: card.testCard.brand,
      last4: card.testCard.number.slice(-4),
      exp_month: card.exp_month,
      exp_year: card.exp_year,
      funding: 'credit',
      fingerprint,
      behavior: card.testCard.behavior,
      created_at: ctx.now,
      detached_at: null,
    })
    .execute();
  await ctx.emit('payment_method.attached', id, { customer: customerId });
  return getPaymentMethod(ctx, customerId, id);
}

/** Returns one of the customer's attached payment methods. */
export async function getPaymentMethod(ctx: EngineContext, customerId: string, paymentMethodId: string): Promise<PaymentMethodRow> {
  const row = await ctx.trx
    .selectFrom('payment_methods')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', paymentMethodId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  if (!row) throw missing('payment method', paymentMethodId);
  return row;
}

export async function listPaymentMethods(ctx: EngineContext, customerId: string): Promise<PaymentMethodRow[]> {
  return ctx.trx
    .selectFrom('payment_methods')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * Makes the payment method the customer's default for invoices and, with
 * `subscriptions`, the default of each of their subscriptions too, since a
 * subscription's own default is charged before the customer's.
 */
export async function setDefaultPaymentMethod(
  ctx: EngineContext,
  customerId: string,
  paymentMethodId: string,
  options: { subscriptions: boolean } = { subscriptions: true },
): Promise<PaymentMethodRow> {
  const paymentMethod = await getPaymentMethod(ctx, customerId, paymentMethodId);
  await ctx.trx
    .updateTable('customers')
    .set({ default_payment_method_id: paymentMethodId })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', customerId)
    .execute();
  if (options.subscriptions) {
    await ctx.trx
      .updateTable('subscriptions')
      .set({ default_payment_method_id: paymentMethodId })
      .where('sandbox_id', '=', ctx.sandboxId)
      .where('customer_id', '=', customerId)
      .where('default_payment_method_id', 'is not', null)
      .execute();
  }
  await ctx.emit('customer.default_payment_method_updated', customerId, { payment_method: paymentMethodId });
  await onDefaultPaymentMethodChanged(ctx, customerId);
  return paymentMethod;
}

/**
 * Detaches a payment method. The last one cannot go while a subscription
 * that charges automatically is still running, since its renewal would fail.
 */
export async function detachPaymentMethod(ctx: EngineContext, customerId: string, paymentMethodId: string): Promise<void> {
  await getPaymentMethod(ctx, customerId, paymentMethodId);
  const all = await listPaymentMethods(ctx, customerId);
  if (all.length === 1) {
    const running = await ctx.trx
      .selectFrom('subscriptions')
      .select('id')
      .where('sandbox_id', '=', ctx.sandboxId)
      .where('customer_id', '=', customerId)
      .where('collection_method', '=', 'charge_automatically')
      .where('status', 'in', ['active', 'trialing', 'past_due', 'unpaid', 'incomplete'])
      .where('cancel_at_period_end', '=', false)
      .executeTakeFirst();
    if (running) {
      throw conflict('last_payment_method', 'This is the only payment method of a running subscription; add another one before removing it.', 'id');
    }
  }

  await ctx.trx
    .updateTable('payment_methods')
    .set({ customer_id: null, detached_at: ctx.now })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', paymentMethodId)
    .execute();
  await ctx.trx
    .updateTable('customers')
    .set({ default_payment_method_id: null })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', customerId)
    .where('default_payment_method_id', '=', paymentMethodId)
    .execute();
  await ctx.trx
    .updateTable('subscriptions')
    .set({ default_payment_method_id: null })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('customer_id', '=', customerId)
    .where('default_payment_method_id', '=', paymentMethodId)
    .execute();
  await ctx.emit('payment_method.detached', paymentMethodId, { customer: customerId });
}
