/**
 * Stripe subscriptions, prices and schedules to the contract's `Subscription`
 * and `Plan`. Since API version 2025-03-31 the billing period lives on each
 * subscription item, not on the subscription.
 */
import type Stripe from 'stripe';
import type { Plan, Subscription } from '../../../../contract/index.js';
import { currencyOf, enumOf, expanded, idOf, instantOf, intOf, nonNegative, requiredInstantOf, textOf } from './common.js';

type ScheduledChange = NonNullable<Subscription['scheduled_change']>;
type SubscriptionDiscount = NonNullable<Subscription['discount']>;
export type UpcomingInvoice = NonNullable<Subscription['upcoming_invoice']>;

const SUBSCRIPTION_STATUSES = ['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'] as const;
const PAUSE_BEHAVIORS = ['keep_as_draft', 'mark_uncollectible', 'void'] as const;

/** Price and product metadata keys Keel reads. */
export const PLAN_METADATA = {
  /** Marks a recurring price as a plan of the portal's catalog. */
  plan: 'keel_plan',
  /** Orders plans from cheapest to richest; a higher rank is an upgrade. */
  tierRank: 'keel_tier_rank',
} as const;

/**
 * Returns a plan's tier rank: the `keel_tier_rank` metadata of the price or
 * its product, else the monthly-equivalent price so dearer plans rank higher.
 */
export function tierRankOf(price: Stripe.Price): number {
  const product = expanded(price.product);
  const configured = price.metadata?.[PLAN_METADATA.tierRank] ?? (product && 'metadata' in product ? product.metadata?.[PLAN_METADATA.tierRank] : undefined);
  const parsed = configured === undefined ? Number.NaN : Number.parseInt(configured, 10);
  if (Number.isSafeInteger(parsed)) return parsed;
  const amount = nonNegative(price.unit_amount);
  const interval = price.recurring?.interval;
  const count = Math.max(1, intOf(price.recurring?.interval_count, 1));
  const months = interval === 'year' ? 12 * count : interval === 'month' ? count : 1;
  return Math.round(amount / months);
}

/** Maps a recurring price, with its product expanded when the name and features should show. */
export function mapPlan(price: Stripe.Price): Plan {
  const product = expanded(price.product);
  const liveProduct = product && !('deleted' in product && product.deleted) ? (product as Stripe.Product) : null;
  const features = (liveProduct?.marketing_features ?? []).map((feature) => textOf(feature?.name)).filter((name): name is string => name !== null);
  const count = intOf(price.recurring?.interval_count, 1);
  return {
    object: 'plan',
    id: price.id,
    product_id: idOf(price.product) ?? price.id,
    name: textOf(liveProduct?.name) ?? textOf(price.nickname) ?? price.id,
    description: textOf(liveProduct?.description),
    features,
    amount: nonNegative(price.unit_amount),
    currency: currencyOf(price.currency),
    interval: enumOf(price.recurring?.interval, ['month', 'year'] as const, 'month'),
    interval_count: count >= 1 ? count : 1,
    tier_rank: tierRankOf(price),
  };
}

/** What the subscription mapper may know besides the subscription itself. */
export interface SubscriptionMappingContext {
  /** The next renewal invoice as previewed; null when nothing more will be charged. */
  upcomingInvoice?: UpcomingInvoice | null;
  /** Prices by id, for schedule phases that name a price only by id. */
  prices?: ReadonlyMap<string, Stripe.Price>;
  /** The provider's clock, to tell the current schedule phase from the next one. */
  now?: Date;
}

function priceOf(value: string | Stripe.Price | Stripe.DeletedPrice | null | undefined, prices: ReadonlyMap<string, Stripe.Price> | undefined): Stripe.Price | null {
  const object = expanded(value);
  if (object && !('deleted' in object && object.deleted)) return object as Stripe.Price;
  const id = idOf(value);
  return id === null ? null : prices?.get(id) ?? null;
}

/** Returns the phase of a schedule that starts after the current one: the downgrade waiting for period end. */
export function mapScheduledChange(schedule: Stripe.SubscriptionSchedule | null, context: SubscriptionMappingContext = {}): ScheduledChange | null {
  if (!schedule || (schedule.status !== 'active' && schedule.status !== 'not_started')) return null;
  const currentEnd = schedule.current_phase?.end_date ?? null;
  const nowSeconds = context.now ? Math.floor(context.now.getTime() / 1000) : null;
  const next = (schedule.phases ?? []).find((phase) => {
    if (!phase) return false;
    if (currentEnd !== null) return phase.start_date >= currentEnd;
    return nowSeconds !== null && phase.start_date > nowSeconds;
  });
  const item = next?.items?.[0];
  if (!next || !item) return null;
  const price = priceOf(item.price, context.prices);
  if (!price) return null;
  return {
    plan: mapPlan(price),
    quantity: Math.max(1, intOf(item.quantity, 1)),
    effective_at: requiredInstantOf(next.start_date, 0),
  };
}

function mapDiscount(subscription: Stripe.Subscription): SubscriptionDiscount | null {
  for (const entry of subscription.discounts ?? []) {
    const discount = expanded(entry);
    const coupon = discount ? expanded(discount.source?.coupon) : null;
    if (!discount || !coupon) continue;
    const percent = typeof coupon.percent_off === 'number' && coupon.percent_off >= 0 && coupon.percent_off <= 100 ? coupon.percent_off : null;
    return {
      name: textOf(coupon.name) ?? coupon.id,
      percent_off: percent,
      amount_off: coupon.amount_off === null ? null : nonNegative(coupon.amount_off),
      ends_at: instantOf(discount.end),
    };
  }
  return null;
}

/** Returns the current billing period: the first item's, since all items of a subscription share it. */
export function currentPeriodOf(subscription: Stripe.Subscription): { start: number; end: number } {
  const item = (subscription.items?.data ?? []).find((entry) => entry !== null && entry !== undefined);
  const legacy = subscription as unknown as { current_period_start?: number; current_period_end?: number };
  const start = item?.current_period_start ?? legacy.current_period_start ?? subscription.billing_cycle_anchor ?? subscription.created;
  const end = item?.current_period_end ?? legacy.current_period_end ?? start;
  return { start, end };
}

/** Maps a subscription; its items' prices should have their products expanded. */
export function mapSubscription(subscription: Stripe.Subscription, context: SubscriptionMappingContext = {}): Subscription {
  const period = currentPeriodOf(subscription);
  const schedule = expanded(subscription.schedule);
  const items = (subscription.items?.data ?? [])
    .filter((item) => item?.price)
    .map((item) => ({ id: item.id, plan: mapPlan(item.price), quantity: Math.max(1, intOf(item.quantity, 1)) }));
  const pause = subscription.pause_collection;
  return {
    object: 'subscription',
    id: subscription.id,
    status: enumOf(subscription.status, SUBSCRIPTION_STATUSES, 'incomplete'),
    items,
    currency: currencyOf(subscription.currency),
    current_period_start: requiredInstantOf(period.start, subscription.created),
    current_period_end: requiredInstantOf(period.end, subscription.created),
    trial_end: instantOf(subscription.trial_end),
    cancel_at_period_end: subscription.cancel_at_period_end === true,
    cancel_at: instantOf(subscription.cancel_at),
    canceled_at: instantOf(subscription.canceled_at),
    pause_collection: pause ? { behavior: enumOf(pause.behavior, PAUSE_BEHAVIORS, 'keep_as_draft'), resumes_at: instantOf(pause.resumes_at) } : null,
    scheduled_change: mapScheduledChange(schedule, context),
    discount: mapDiscount(subscription),
    default_payment_method: idOf(subscription.default_payment_method),
    upcoming_invoice: context.upcomingInvoice ?? null,
  };
}
