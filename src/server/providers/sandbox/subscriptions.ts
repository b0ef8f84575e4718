import type { CollectionMethod, PauseCollectionBehavior, SubscriptionRow, SubscriptionUpdate } from '../../store/index.js';
import { applyCashBalance } from './bank-transfer.js';
import { getCoupon, getPrice, type PriceWithProduct } from './catalog.js';
import type { EngineContext } from './context.js';
import { adjustCreditBalance, getCustomer, taxTreatmentOf } from './customers.js';
import { conflict, invalid, missing } from './errors.js';
import { createInvoice, getInvoice, markUncollectible, priceLines, voidInvoice, type DraftLine, type PricedInvoice } from './invoices.js';
import { chargeInvoice } from './payments.js';
import { periodLine, prorationLines } from './proration.js';
import { addDaysMs, addInterval, nextPeriodEnd } from './time.js';

export async function getSubscription(ctx: EngineContext, subscriptionId: string, customerId?: string): Promise<SubscriptionRow> {
  let query = ctx.trx.selectFrom('subscriptions').selectAll().where('sandbox_id', '=', ctx.sandboxId).where('id', '=', subscriptionId);
  if (customerId !== undefined) query = query.where('customer_id', '=', customerId);
  const subscription = await query.executeTakeFirst();
  if (!subscription) throw missing('subscription', subscriptionId);
  return subscription;
}

async function updateSubscription(ctx: EngineContext, subscriptionId: string, changes: SubscriptionUpdate, event = 'customer.subscription.updated'): Promise<SubscriptionRow> {
  await ctx.trx.updateTable('subscriptions').set(changes).where('sandbox_id', '=', ctx.sandboxId).where('id', '=', subscriptionId).execute();
  const subscription = await getSubscription(ctx, subscriptionId);
  await ctx.emit(event, subscriptionId, { status: subscription.status });
  return subscription;
}

/** Checks whether the subscription's coupon still applies to a period starting at `at`. */
function couponActiveAt(subscription: SubscriptionRow, at: Date): boolean {
  if (!subscription.coupon_id) return false;
  return subscription.discount_end === null || subscription.discount_end.getTime() > at.getTime();
}

export interface CreateSubscriptionInput {
  customerId: string;
  priceId: string;
  quantity?: number;
  trialDays?: number;
  couponId?: string | null;
  collectionMethod?: CollectionMethod;
  daysUntilDue?: number | null;
  defaultPaymentMethodId?: string | null;
  id?: string;
}

/**
 * Starts a subscription now. With a trial it is `trialing` until the trial
 * ends. Without one, the first period is invoiced and charged at once, and
 * the subscription is `active` when paid and `incomplete` when not.
 */
export async function createSubscription(ctx: EngineContext, input: CreateSubscriptionInput): Promise<SubscriptionRow> {
  const customer = await getCustomer(ctx, input.customerId);
  const plan = await getPrice(ctx, input.priceId);
  if (plan.price.currency !== customer.currency) {
    throw invalid('plan_id', `Plan ${input.priceId} is billed in ${plan.price.currency}, but the customer pays in ${customer.currency}.`);
  }
  const quantity = input.quantity ?? 1;
  const id = input.id ?? ctx.nextId('sub');
  const trialEnd = input.trialDays ? addDaysMs(ctx.now, input.trialDays) : null;
  const periodEnd = trialEnd ?? addInterval(ctx.now, plan.price.interval, plan.price.interval_count);
  const coupon = await getCoupon(ctx, input.couponId ?? null);

  await ctx.trx
    .insertInto('subscriptions')
    .values({
      sandbox_id: ctx.sandboxId,
      id,
      customer_id: customer.id,
      status: trialEnd ? 'trialing' : 'incomplete',
      price_id: plan.price.id,
      quantity,
      collection_method: input.collectionMethod ?? 'charge_automatically',
      days_until_due: input.daysUntilDue ?? null,
      billing_cycle_anchor: periodEnd,
      current_period_start: ctx.now,
      current_period_end: periodEnd,
      trial_start: trialEnd ? ctx.now : null,
      trial_end: trialEnd,
      cancel_at_period_end: false,
      default_payment_method_id: input.defaultPaymentMethodId ?? null,
      coupon_id: coupon?.id ?? null,
      discount_end: coupon && coupon.duration === 'repeating' ? addInterval(ctx.now, 'month', coupon.duration_in_months ?? 1) : null,
      created_at: ctx.now,
    })
    .execute();
  await ctx.emit('customer.subscription.created', id, { plan: plan.price.id });
  if (trialEnd) return getSubscription(ctx, id);

  const invoice = await createInvoice(ctx, {
    customer,
    subscriptionId: id,
    billingReason: 'subscription_create',
    collectionMethod: input.collectionMethod ?? 'charge_automatically',
    daysUntilDue: input.daysUntilDue ?? null,
    lines: [periodLine(plan, quantity, ctx.now, periodEnd)],
    coupon,
    periodStart: ctx.now,
    periodEnd,
  });
  await ctx.trx.updateTable('subscriptions').set({ latest_invoice_id: invoice.id }).where('sandbox_id', '=', ctx.sandboxId).where('id', '=', id).execute();
  if (invoice.status === 'paid' || invoice.collection_method === 'send_invoice') {
    return updateSubscription(ctx, id, { status: 'active' });
  }
  await collect(ctx, invoice.id, false);
  return getSubscription(ctx, id);
}

/** Collects an open invoice: customer cash balance first, then the card. */
async function collect(ctx: EngineContext, invoiceId: string, offSession: boolean): Promise<void> {
  const invoice = await getInvoice(ctx, invoiceId);
  if (invoice.status !== 'open' || invoice.collection_method !== 'charge_automatically') return;
  if (await applyCashBalance(ctx, invoice)) return;
  const attempt = await chargeInvoice(ctx, invoiceId, { offSession });
  if (attempt === null) {
    // No payment method: the invoice stays open and the subscription falls behind.
    const subscription = invoice.subscription_id ? await getSubscription(ctx, invoice.subscription_id) : null;
    if (subscription?.status === 'active') await updateSubscription(ctx, subscription.id, { status: 'past_due' });
  }
}

/**
 * Runs the end of the current period. It ends a subscription set to cancel
 * and pauses a trial that ended without a payment method. Otherwise it
 * applies a scheduled change and invoices the next period in advance. The
 * invoice is collected, unless collection is paused: then it stays a draft,
 * is marked uncollectible or is voided, following the pause behavior.
 */
export async function renewSubscription(ctx: EngineContext, subscription: SubscriptionRow): Promise<void> {
  const boundary = subscription.current_period_end;
  if (subscription.cancel_at_period_end) {
    await updateSubscription(ctx, subscription.id, { status: 'canceled', ended_at: boundary, scheduled_price_id: null, scheduled_quantity: null }, 'customer.subscription.deleted');
    return;
  }

  const customer = await getCustomer(ctx, subscription.customer_id);
  if (subscription.status === 'trialing' && subscription.collection_method === 'charge_automatically') {
    const hasPaymentMethod = subscription.default_payment_method_id !== null || customer.default_payment_method_id !== null;
    if (!hasPaymentMethod) {
      await updateSubscription(ctx, subscription.id, { status: 'paused', paused_at: boundary, resumes_at: null }, 'customer.subscription.paused');
      return;
    }
  }

  const current = await getPrice(ctx, subscription.price_id);
  const plan = subscription.scheduled_price_id ? await getPrice(ctx, subscription.scheduled_price_id) : current;
  const quantity = subscription.scheduled_quantity ?? subscription.quantity;
  const intervalChanged = plan.price.interval !== current.price.interval || plan.price.interval_count !== current.price.interval_count;
  const anchor = intervalChanged ? boundary : subscription.billing_cycle_anchor;
  const periodEnd = nextPeriodEnd(anchor, plan.price.interval, plan.price.interval_count, boundary);
  const couponApplies = couponActiveAt(subscription, boundary);

  const renewed = await updateSubscription(ctx, subscription.id, {
    price_id: plan.price.id,
    quantity,
    billing_cycle_anchor: anchor,
    current_period_start: boundary,
    current_period_end: periodEnd,
    scheduled_price_id: null,
    scheduled_quantity: null,
    status: subscription.status === 'trialing' ? 'active' : subscription.status,
    coupon_id: couponApplies ? subscription.coupon_id : null,
    discount_end: couponApplies ? subscription.discount_end : null,
  });

  const pause = renewed.pause_collection_behavior;
  const invoice = await createInvoice(ctx, {
    customer,
    subscriptionId: renewed.id,
    billingReason: 'subscription_cycle',
    collectionMethod: renewed.collection_method,
    daysUntilDue: renewed.days_until_due,
    lines: [periodLine(plan, quantity, boundary, periodEnd)],
    coupon: couponApplies ? await getCoupon(ctx, renewed.coupon_id) : null,
    periodStart: boundary,
    periodEnd,
    // An unpaid subscription keeps invoicing, but as uncollected drafts, as Stripe does.
    draft: pause === 'keep_as_draft' || renewed.status === 'unpaid',
  });
  await ctx.trx.updateTable('subscriptions').set({ latest_invoice_id: invoice.id }).where('sandbox_id', '=', ctx.sandboxId).where('id', '=', renewed.id).execute();

  if (invoice.status !== 'open') return;
  if (pause === 'mark_uncollectible') return markUncollectible(ctx, invoice.id);
  if (pause === 'void') return voidInvoice(ctx, invoice.id);
  await collect(ctx, invoice.id, true);
}

export type ChangeTiming = 'now' | 'period_end';

export interface PlanChangeInput {
  priceId: string;
  quantity?: number;
  timing: ChangeTiming;
  /** The proration instant; defaults to now and must lie within the current period. */
  prorationDate?: Date;
}

export interface PlanChangePlan {
  subscription: SubscriptionRow;
  from: PriceWithProduct;
  to: PriceWithProduct;
  quantity: number;
  timing: ChangeTiming;
  effectiveAt: Date;
  prorationDate: Date;
  /** Lines invoiced now: prorations, plus a full new period when the interval changes. */
  lines: DraftLine[];
  newPeriodEnd: Date;
  intervalChanged: boolean;
  priced: PricedInvoice;
}

/** Computes a plan change without saving it; `changePlan` and previews share it. */
export async function planChange(ctx: EngineContext, subscriptionId: string, customerId: string, input: PlanChangeInput): Promise<PlanChangePlan> {
  const subscription = await getSubscription(ctx, subscriptionId, customerId);
  if (!['active', 'trialing', 'past_due'].includes(subscription.status)) {
    throw conflict('subscription_state_invalid', `A ${subscription.status} subscription cannot change plans.`, 'id');
  }
  const from = await getPrice(ctx, subscription.price_id);
  const to = await getPrice(ctx, input.priceId);
  if (to.price.currency !== from.price.currency) {
    throw invalid('plan_id', `Plan ${input.priceId} is billed in ${to.price.currency}, not the subscription's ${from.price.currency}.`);
  }
  const quantity = input.quantity ?? subscription.quantity;
  if (to.price.id === from.price.id && quantity === subscription.quantity) {
    throw invalid('plan_id', `The subscription is already on plan ${input.priceId} with quantity ${quantity}.`);
  }

  const prorationDate = input.prorationDate ?? ctx.now;
  if (prorationDate.getTime() < subscription.current_period_start.getTime() || prorationDate.getTime() > ctx.now.getTime()) {
    throw invalid('proration_date', 'The proration date must lie between the start of the current period and now; preview the change again.');
  }

  const customer = await getCustomer(ctx, customerId);
  const { treatment } = await taxTreatmentOf(ctx, customer);
  const intervalChanged = to.price.interval !== from.price.interval || to.price.interval_count !== from.price.interval_count;
  const coupon = couponActiveAt(subscription, prorationDate) ? await getCoupon(ctx, subscription.coupon_id) : null;

  let lines: DraftLine[] = [];
  let newPeriodEnd = subscription.current_period_end;
  const inTrial = subscription.status === 'trialing';
  if (input.timing === 'now' && !inTrial) {
    if (intervalChanged) {
      // A new interval restarts the billing cycle now: credit the unused old time, bill a full new period.
      newPeriodEnd = addInterval(prorationDate, to.price.interval, to.price.interval_count);
      const [credit] = prorationLines({
        from,
        fromQuantity: subscription.quantity,
        to,
        toQuantity: quantity,
        periodStart: subscription.current_period_start,
        periodEnd: subscription.current_period_end,
        prorationDate,
      });
      lines = [credit!, periodLine(to, quantity, prorationDate, newPeriodEnd)];
    } else {
      lines = prorationLines({
        from,
        fromQuantity: subscription.quantity,
        to,
        toQuantity: quantity,
        periodStart: subscription.current_period_start,
        periodEnd: subscription.current_period_end,
        prorationDate,
      });
    }
  }

  return {
    subscription,
    from,
    to,
    quantity,
    timing: input.timing,
    effectiveAt: input.timing === 'now' ? prorationDate : subscription.current_period_end,
    prorationDate,
    lines,
    newPeriodEnd,
    intervalChanged,
    priced: priceLines(lines, coupon, treatment),
  };
}

/**
 * Changes the plan now (invoicing prorations at once and charging them on
 * session) or schedules it for the end of the period. A change that costs
 * less than the unused time leaves the difference as customer credit.
 */
export async function changePlan(ctx: EngineContext, subscriptionId: string, customerId: string, input: PlanChangeInput): Promise<SubscriptionRow> {
  const plan = await planChange(ctx, subscriptionId, customerId, input);
  if (plan.timing === 'period_end') {
    return updateSubscription(ctx, subscriptionId, { scheduled_price_id: plan.to.price.id, scheduled_quantity: plan.quantity });
  }

  const changes: SubscriptionUpdate = {
    price_id: plan.to.price.id,
    quantity: plan.quantity,
    scheduled_price_id: null,
    scheduled_quantity: null,
  };
  if (plan.intervalChanged && plan.subscription.status !== 'trialing') {
    changes.billing_cycle_anchor = plan.prorationDate;
    changes.current_period_start = plan.prorationDate;
    changes.current_period_end = plan.newPeriodEnd;
  }
  const updated = await updateSubscription(ctx, subscriptionId, changes);
  if (plan.lines.length === 0) return updated;

  const customer = await getCustomer(ctx, customerId);
  const invoice = await createInvoice(ctx, {
    customer,
    subscriptionId,
    billingReason: 'subscription_update',
    collectionMethod: updated.collection_method,
    daysUntilDue: updated.days_until_due,
    lines: plan.lines,
    coupon: couponActiveAt(plan.subscription, plan.prorationDate) ? await getCoupon(ctx, plan.subscription.coupon_id) : null,
    periodStart: plan.prorationDate,
    periodEnd: plan.newPeriodEnd,
  });
  await ctx.trx.updateTable('subscriptions').set({ latest_invoice_id: invoice.id }).where('sandbox_id', '=', ctx.sandboxId).where('id', '=', subscriptionId).execute();
  await collect(ctx, invoice.id, false);
  return getSubscription(ctx, subscriptionId);
}

export async function cancelScheduledChange(ctx: EngineContext, subscriptionId: string, customerId: string): Promise<SubscriptionRow> {
  const subscription = await getSubscription(ctx, subscriptionId, customerId);
  if (!subscription.scheduled_price_id) {
    throw conflict('subscription_state_invalid', 'The subscription has no scheduled change to cancel.', 'id');
  }
  return updateSubscription(ctx, subscriptionId, { scheduled_price_id: null, scheduled_quantity: null });
}

export interface PauseInput {
  resumesAt: Date | null;
  /**
   * `collection` keeps the subscription active with access and only pauses
   * collecting (Stripe's `pause_collection`). `subscription` sets the status
   * `paused`, stops invoicing, and credits the unused part of the period.
   */
  mode: 'collection' | 'subscription';
  behavior?: PauseCollectionBehavior;
}

export async function pauseSubscription(ctx: EngineContext, subscriptionId: string, customerId: string, input: PauseInput): Promise<SubscriptionRow> {
  const subscription = await getSubscription(ctx, subscriptionId, customerId);
  if (!['active', 'trialing'].includes(subscription.status) || subscription.pause_collection_behavior !== null) {
    throw conflict('subscription_state_invalid', `A ${subscription.status} subscription cannot be paused.`, 'id');
  }
  if (input.resumesAt && input.resumesAt.getTime() <= ctx.now.getTime()) {
    throw invalid('resumes_at', 'The resume date must be in the future.');
  }

  if (input.mode === 'collection') {
    return updateSubscription(ctx, subscriptionId, {
      pause_collection_behavior: input.behavior ?? 'void',
      pause_collection_resumes_at: input.resumesAt,
    });
  }

  if (subscription.status === 'active') {
    const plan = await getPrice(ctx, subscription.price_id);
    const [credit] = prorationLines({
      from: plan,
      fromQuantity: subscription.quantity,
      to: plan,
      toQuantity: subscription.quantity,
      periodStart: subscription.current_period_start,
      periodEnd: subscription.current_period_end,
      prorationDate: ctx.now,
    });
    await adjustCreditBalance(ctx, customerId, -credit!.amount);
  }
  return updateSubscription(
    ctx,
    subscriptionId,
    { status: 'paused', paused_at: ctx.now, resumes_at: input.resumesAt, current_period_end: ctx.now },
    'customer.subscription.paused',
  );
}

/**
 * Resumes a paused subscription now. Ending a collection pause only stops
 * the pause; a `paused` subscription starts a new billing cycle now and is
 * invoiced and charged for it.
 */
export async function resumeSubscription(ctx: EngineContext, subscriptionId: string, customerId?: string): Promise<SubscriptionRow> {
  const subscription = await getSubscription(ctx, subscriptionId, customerId);
  if (subscription.pause_collection_behavior !== null) {
    return updateSubscription(ctx, subscriptionId, { pause_collection_behavior: null, pause_collection_resumes_at: null }, 'customer.subscription.resumed');
  }
  if (subscription.status !== 'paused') {
    throw conflict('subscription_state_invalid', `A ${subscription.status} subscription is not paused.`, 'id');
  }

  const plan = await getPrice(ctx, subscription.price_id);
  const periodEnd = addInterval(ctx.now, plan.price.interval, plan.price.interval_count);
  const resumed = await updateSubscription(
    ctx,
    subscriptionId,
    {
      status: 'active',
      paused_at: null,
      resumes_at: null,
      billing_cycle_anchor: ctx.now,
      current_period_start: ctx.now,
      current_period_end: periodEnd,
    },
    'customer.subscription.resumed',
  );
  const customer = await getCustomer(ctx, resumed.customer_id);
  const couponApplies = couponActiveAt(resumed, ctx.now);
  const invoice = await createInvoice(ctx, {
    customer,
    subscriptionId,
    billingReason: 'subscription_cycle',
    collectionMethod: resumed.collection_method,
    daysUntilDue: resumed.days_until_due,
    lines: [periodLine(plan, resumed.quantity, ctx.now, periodEnd)],
    coupon: couponApplies ? await getCoupon(ctx, resumed.coupon_id) : null,
    periodStart: ctx.now,
    periodEnd,
  });
  await ctx.trx.updateTable('subscriptions').set({ latest_invoice_id: invoice.id }).where('sandbox_id', '=', ctx.sandboxId).where('id', '=', subscriptionId).execute();
  await collect(ctx, invoice.id, true);
  return getSubscription(ctx, subscriptionId);
}

export interface CancelInput {
  atPeriodEnd: boolean;
  reason?: string | null;
  feedback?: string | null;
  comment?: string | null;
}

export async function cancelSubscription(ctx: EngineContext, subscriptionId: string, customerId: string, input: CancelInput): Promise<SubscriptionRow> {
  const subscription = await getSubscription(ctx, subscriptionId, customerId);
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw conflict('subscription_state_invalid', `The subscription is already ${subscription.status}.`, 'id');
  }
  const details: SubscriptionUpdate = {
    canceled_at: ctx.now,
    cancellation_reason: input.reason ?? null,
    cancellation_feedback: input.feedback ?? null,
    cancellation_comment: input.comment ?? null,
    scheduled_price_id: null,
    scheduled_quantity: null,
  };
  // A paused subscription has no paid period left to run out, so it ends at once.
  if (input.atPeriodEnd && subscription.status !== 'paused') {
    return updateSubscription(ctx, subscriptionId, { ...details, cancel_at_period_end: true });
  }
  return updateSubscription(ctx, subscriptionId, { ...details, status: 'canceled', ended_at: ctx.now, cancel_at_period_end: false }, 'customer.subscription.deleted');
}

/** Undoes a cancellation scheduled for the end of the period. */
export async function reactivateSubscription(ctx: EngineContext, subscriptionId: string, customerId: string): Promise<SubscriptionRow> {
  const subscription = await getSubscription(ctx, subscriptionId, customerId);
  if (!subscription.cancel_at_period_end) {
    throw conflict('subscription_state_invalid', `A ${subscription.status} subscription without a scheduled cancellation cannot be reactivated.`, 'id');
  }
  return updateSubscription(ctx, subscriptionId, {
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_reason: null,
    cancellation_feedback: null,
    cancellation_comment: null,
  });
}

/** Applies a coupon from now on, such as a retention discount. */
export async function applyCoupon(ctx: EngineContext, subscriptionId: string, couponId: string): Promise<SubscriptionRow> {
  const coupon = await getCoupon(ctx, couponId);
  if (!coupon) throw missing('coupon', couponId);
  const subscription = await getSubscription(ctx, subscriptionId);
  const discountEnd =
    coupon.duration === 'repeating'
      ? addInterval(subscription.current_period_end, 'month', coupon.duration_in_months ?? 1)
      : coupon.duration === 'once'
        ? addInterval(subscription.current_period_end, 'day', 1)
        : null;
  return updateSubscription(ctx, subscriptionId, { coupon_id: coupon.id, discount_end: discountEnd });
}

/** Ends an `incomplete` subscription whose first payment never succeeded, voiding its invoice. */
export async function expireIncomplete(ctx: EngineContext, subscription: SubscriptionRow): Promise<void> {
  if (subscription.latest_invoice_id) {
    const invoice = await getInvoice(ctx, subscription.latest_invoice_id);
    if (invoice.status === 'open') await voidInvoice(ctx, invoice.id);
  }
  await updateSubscription(ctx, subscription.id, { status: 'incomplete_expired', ended_at: ctx.now });
}
