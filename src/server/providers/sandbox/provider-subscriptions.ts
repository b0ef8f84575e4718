// Subscription operations of the sandbox provider: the plan catalog with
// the vendor's rules, proration previews, changes, pauses, cancellation with
// retention offers, and their statistics.

import type {
  CancelRequest,
  PlanCatalog,
  PlanOption,
  RetentionOffer,
  RetentionStats,
  Subscription,
  SubscriptionChangePreview,
  SubscriptionChangeRequest,
} from '../../../contract/index.js';
import { CANCELLATION_REASONS } from '../../../contract/index.js';
import type { SubscriptionRow } from '../../store/index.js';
import type { BillingPolicy } from '../provider.js';
import { ProviderError } from '../provider.js';
import { getCoupon, getPrice, listPrices, type PriceWithProduct } from './catalog.js';
import type { EngineContext } from './context.js';
import { getCustomer, taxTreatmentOf } from './customers.js';
import { invalid, missingAs } from './errors.js';
import { priceLines } from './invoices.js';
import { mapInvoiceLine, mapPlan, mapSubscription } from './map.js';
import { periodLine } from './proration.js';
import { applyCoupon, changePlan, getSubscription, pauseSubscription, planChange, type ChangeTiming } from './subscriptions.js';
import { addInterval } from './time.js';

/** A retention offer the sandbox makes, as configured by the vendor. */
export type SandboxRetentionOffer =
  | { id: string; type: 'discount'; couponId: string; percentOff: number; durationMonths: number; reasons?: string[] }
  | { id: string; type: 'pause'; months: number; reasons?: string[] }
  | { id: string; type: 'plan_change'; reasons?: string[] };

/** Default offers: 20% off for 3 months (the seeded coupon), a one-month pause, a cheaper plan. */
export const DEFAULT_RETENTION_OFFERS: SandboxRetentionOffer[] = [
  { id: 'offer_discount_20', type: 'discount', couponId: 'coupon_retention_20', percentOff: 20, durationMonths: 3, reasons: ['too_expensive', 'unused', 'other'] },
  { id: 'offer_pause_1', type: 'pause', months: 1, reasons: ['unused', 'too_complex', 'other'] },
  { id: 'offer_cheaper_plan', type: 'plan_change', reasons: ['too_expensive', 'missing_features', 'other'] },
];

/** Estimates the next renewal of a subscription with tax, or null when nothing more is charged. */
async function upcomingAmount(ctx: EngineContext, subscription: SubscriptionRow, plan: PriceWithProduct): Promise<number | null> {
  if (['canceled', 'incomplete_expired', 'incomplete'].includes(subscription.status) || subscription.cancel_at_period_end) return null;
  const customer = await getCustomer(ctx, subscription.customer_id);
  const { treatment } = await taxTreatmentOf(ctx, customer);
  const next = subscription.scheduled_price_id ? await getPrice(ctx, subscription.scheduled_price_id) : plan;
  const quantity = subscription.scheduled_quantity ?? subscription.quantity;
  const at = subscription.status === 'paused' ? (subscription.resumes_at ?? ctx.now) : subscription.current_period_end;
  const couponApplies = subscription.coupon_id !== null && (subscription.discount_end === null || subscription.discount_end.getTime() > at.getTime());
  const coupon = couponApplies ? await getCoupon(ctx, subscription.coupon_id) : null;
  const priced = priceLines([periodLine(next, quantity, at, at)], coupon, treatment);
  return Math.max(priced.total, 0);
}

export async function toContractSubscription(ctx: EngineContext, subscription: SubscriptionRow): Promise<Subscription> {
  const plan = await getPrice(ctx, subscription.price_id);
  return mapSubscription({
    subscription,
    plan,
    scheduledPlan: subscription.scheduled_price_id ? await getPrice(ctx, subscription.scheduled_price_id) : null,
    coupon: await getCoupon(ctx, subscription.coupon_id),
    upcomingAmount: await upcomingAmount(ctx, subscription, plan),
  });
}

function isUpgrade(from: PriceWithProduct, to: PriceWithProduct): boolean {
  if (to.price.tier !== from.price.tier) return to.price.tier > from.price.tier;
  return to.price.unit_amount > from.price.unit_amount;
}

/** Decides whether a change is allowed and when it takes effect under the vendor's rules. */
function ruleFor(policy: BillingPolicy, from: PriceWithProduct, to: PriceWithProduct): { allowed: boolean; reason: string | null; timing: ChangeTiming } {
  const timing: ChangeTiming = isUpgrade(from, to) ? 'now' : policy.features.plan_change.downgrade_timing;
  if (!policy.features.plan_change.enabled) return { allowed: false, reason: 'plan_change_disabled', timing };
  const intervalChanged = from.price.interval !== to.price.interval || from.price.interval_count !== to.price.interval_count;
  if (intervalChanged && !policy.allowIntervalChange) return { allowed: false, reason: 'interval_change_not_allowed', timing };
  return { allowed: true, reason: null, timing };
}

export async function listPlans(ctx: EngineContext, customerId: string, subscriptionId: string | undefined, policy: BillingPolicy): Promise<PlanCatalog> {
  const customer = await getCustomer(ctx, customerId);
  const subscription = subscriptionId ? await missingAs('subscription_id', () => getSubscription(ctx, subscriptionId, customerId)) : null;
  const current = subscription ? await getPrice(ctx, subscription.price_id) : null;
  const plans: PlanOption[] = (await listPrices(ctx, customer.currency)).map((plan) => {
    const isCurrent = current?.price.id === plan.price.id;
    if (!current) return { plan: mapPlan(plan), current: false, allowed: true, disallowed_reason: null, timing: 'now' };
    const rule = ruleFor(policy, current, plan);
    return {
      plan: mapPlan(plan),
      current: isCurrent,
      allowed: !isCurrent && rule.allowed,
      disallowed_reason: isCurrent ? 'current_plan' : rule.reason,
      timing: rule.timing,
    };
  });
  return { object: 'plan_catalog', subscription_id: subscription?.id ?? null, plans };
}

async function checkedChange(ctx: EngineContext, customerId: string, subscriptionId: string, input: SubscriptionChangeRequest, policy: BillingPolicy) {
  const subscription = await getSubscription(ctx, subscriptionId, customerId);
  const from = await getPrice(ctx, subscription.price_id);
  const to = await getPrice(ctx, input.plan_id);
  const rule = ruleFor(policy, from, to);
  if (!rule.allowed) throw new ProviderError('plan_change_not_allowed', `Changing to plan ${input.plan_id} is not allowed (${rule.reason}).`, 409, 'plan_id');
  const prorationDate = input.proration_date ? new Date(input.proration_date) : undefined;
  if (prorationDate && Number.isNaN(prorationDate.getTime())) throw invalid('proration_date', 'The proration date is not a valid ISO 8601 instant.');
  return {
    priceId: to.price.id,
    timing: rule.timing,
    ...(input.quantity === undefined ? {} : { quantity: input.quantity }),
    ...(prorationDate ? { prorationDate } : {}),
  };
}

export async function previewChange(ctx: EngineContext, customerId: string, subscriptionId: string, input: SubscriptionChangeRequest, policy: BillingPolicy): Promise<SubscriptionChangePreview> {
  const change = await checkedChange(ctx, customerId, subscriptionId, input, policy);
  const plan = await planChange(ctx, subscriptionId, customerId, change);
  const customer = await getCustomer(ctx, customerId);
  const total = plan.priced.total;
  const positive = Math.max(total, 0);
  const creditUsed = Math.min(customer.credit_balance, positive);

  const { treatment } = await taxTreatmentOf(ctx, customer);
  const nextPeriodStart = plan.timing === 'now' ? plan.newPeriodEnd : plan.subscription.current_period_end;
  const nextInvoice = priceLines([periodLine(plan.to, plan.quantity, nextPeriodStart, addInterval(nextPeriodStart, plan.to.price.interval, plan.to.price.interval_count))], null, treatment);

  return {
    object: 'subscription_change_preview',
    subscription_id: subscriptionId,
    plan: mapPlan(plan.to),
    quantity: plan.quantity,
    timing: plan.timing,
    effective_at: plan.effectiveAt.toISOString(),
    proration_date: plan.prorationDate.toISOString(),
    currency: plan.to.price.currency,
    lines: plan.priced.lines.map((line, index) =>
      mapInvoiceLine(
        {
          id: `preview_${index}`,
          description: line.description,
          kind: line.kind,
          quantity: line.quantity,
          unit_amount: line.unitAmount,
          amount: line.amount,
          discount_amount: line.discountAmount,
          period_start: line.periodStart,
          period_end: line.periodEnd,
          tax_category: line.taxCategory,
        },
        line.rate ? line.rate.basisPoints : null,
      ),
    ),
    subtotal: plan.priced.subtotal,
    total_tax: plan.priced.taxTotal,
    amount_due_now: positive - creditUsed,
    credit_applied_later: total < 0 ? -total : 0,
    next_invoice: { amount_due: Math.max(nextInvoice.total, 0), currency: plan.to.price.currency, date: nextPeriodStart.toISOString() },
  };
}

export async function applyChange(ctx: EngineContext, customerId: string, subscriptionId: string, input: SubscriptionChangeRequest, policy: BillingPolicy): Promise<SubscriptionRow> {
  const change = await checkedChange(ctx, customerId, subscriptionId, input, policy);
  return changePlan(ctx, subscriptionId, customerId, change);
}

/** Pauses for whole months as the vendor allows: collection only when access continues, else the whole subscription. */
export async function pauseForMonths(ctx: EngineContext, customerId: string, subscriptionId: string, months: number, policy: BillingPolicy): Promise<SubscriptionRow> {
  if (!policy.features.pause.months.includes(months)) {
    throw new ProviderError('pause_duration_not_offered', `A pause of ${months} months is not offered; choose one of ${policy.features.pause.months.join(', ') || 'none'}.`, 422, 'months');
  }
  return pauseSubscription(ctx, subscriptionId, customerId, {
    mode: policy.features.pause.keeps_access ? 'collection' : 'subscription',
    behavior: policy.features.pause.behavior,
    resumesAt: addInterval(ctx.now, 'month', months),
  });
}

async function recordRetention(
  ctx: EngineContext,
  customerId: string,
  subscriptionId: string,
  reason: string,
  outcome: 'shown' | 'accepted' | 'declined' | 'canceled',
  offer: { id: string; type: RetentionOffer['type'] } | null,
  feedback: string | null = null,
): Promise<void> {
  await ctx.trx
    .insertInto('retention_events')
    .values({
      sandbox_id: ctx.sandboxId,
      seq: ctx.nextSeq(),
      customer_id: customerId,
      subscription_id: subscriptionId,
      reason,
      offer_id: offer?.id ?? null,
      offer_type: offer?.type ?? null,
      outcome,
      feedback,
      occurred_at: ctx.now,
    })
    .execute();
}

/** Returns the next cheaper plan in the same currency and interval, if any. */
async function cheaperPlan(ctx: EngineContext, subscription: SubscriptionRow): Promise<PriceWithProduct | null> {
  const current = await getPrice(ctx, subscription.price_id);
  const candidates = (await listPrices(ctx, current.price.currency)).filter(
    (plan) =>
      plan.price.interval === current.price.interval &&
      plan.price.interval_count === current.price.interval_count &&
      plan.price.unit_amount < current.price.unit_amount &&
      plan.price.tier > 0,
  );
  return candidates.sort((a, b) => b.price.unit_amount - a.price.unit_amount)[0] ?? null;
}

async function offersFor(ctx: EngineContext, subscription: SubscriptionRow, reason: string, offers: SandboxRetentionOffer[], policy: BillingPolicy): Promise<RetentionOffer[]> {
  const result: RetentionOffer[] = [];
  for (const offer of offers) {
    if (offer.reasons && !offer.reasons.includes(reason)) continue;
    if (offer.type === 'discount') {
      if (subscription.coupon_id !== null || !(await getCoupon(ctx, offer.couponId))) continue;
      result.push({ object: 'retention_offer', id: offer.id, type: 'discount', discount: { percent_off: offer.percentOff, duration_months: offer.durationMonths }, pause_months: null, plan: null });
    } else if (offer.type === 'pause') {
      if (!policy.features.pause.months.includes(offer.months) || subscription.status !== 'active') continue;
      result.push({ object: 'retention_offer', id: offer.id, type: 'pause', discount: null, pause_months: offer.months, plan: null });
    } else {
      const plan = await cheaperPlan(ctx, subscription);
      if (!plan || !policy.features.plan_change.enabled) continue;
      result.push({ object: 'retention_offer', id: offer.id, type: 'plan_change', discount: null, pause_months: null, plan: mapPlan(plan) });
    }
  }
  return result;
}

export async function listRetentionOffers(ctx: EngineContext, customerId: string, subscriptionId: string, reason: string, offers: SandboxRetentionOffer[], policy: BillingPolicy): Promise<RetentionOffer[]> {
  const subscription = await getSubscription(ctx, subscriptionId, customerId);
  const available = await offersFor(ctx, subscription, reason, offers, policy);
  for (const offer of available) await recordRetention(ctx, customerId, subscriptionId, reason, 'shown', offer);
  return available;
}

export async function acceptRetentionOffer(ctx: EngineContext, customerId: string, subscriptionId: string, offerId: string, reason: string, offers: SandboxRetentionOffer[], policy: BillingPolicy): Promise<SubscriptionRow> {
  const subscription = await getSubscription(ctx, subscriptionId, customerId);
  const offer = (await offersFor(ctx, subscription, reason, offers, policy)).find((candidate) => candidate.id === offerId);
  const config = offers.find((candidate) => candidate.id === offerId);
  if (!offer || !config) throw new ProviderError('offer_not_available', `Offer ${offerId} is not available for this subscription and reason.`, 409, 'offer_id');

  let updated: SubscriptionRow;
  if (config.type === 'discount') {
    updated = await applyCoupon(ctx, subscriptionId, config.couponId);
  } else if (config.type === 'pause') {
    updated = await pauseForMonths(ctx, customerId, subscriptionId, config.months, policy);
  } else {
    updated = await changePlan(ctx, subscriptionId, customerId, { priceId: offer.plan!.id, timing: 'period_end' });
  }
  await recordRetention(ctx, customerId, subscriptionId, reason, 'accepted', offer);
  return updated;
}

export async function recordCancellation(ctx: EngineContext, customerId: string, subscriptionId: string, input: CancelRequest, offers: SandboxRetentionOffer[]): Promise<void> {
  for (const offerId of input.declined_offer_ids ?? []) {
    const offer = offers.find((candidate) => candidate.id === offerId);
    if (offer) await recordRetention(ctx, customerId, subscriptionId, input.reason, 'declined', offer);
  }
  await recordRetention(ctx, customerId, subscriptionId, input.reason, 'canceled', null, input.feedback ?? null);
}

export async function retentionStats(ctx: EngineContext): Promise<RetentionStats> {
  const events = await ctx.trx.selectFrom('retention_events').selectAll().where('sandbox_id', '=', ctx.sandboxId).orderBy('seq').execute();
  const reasons = CANCELLATION_REASONS.map((reason) => {
    const forReason = events.filter((event) => event.reason === reason);
    return {
      reason,
      cancellations: forReason.filter((event) => event.outcome === 'canceled').length,
      offers_shown: forReason.filter((event) => event.outcome === 'shown').length,
      offers_accepted: forReason.filter((event) => event.outcome === 'accepted').length,
    };
  });
  const offers = (['discount', 'pause', 'plan_change'] as const).map((type) => {
    const forType = events.filter((event) => event.offer_type === type);
    return {
      offer_type: type,
      shown: forType.filter((event) => event.outcome === 'shown').length,
      accepted: forType.filter((event) => event.outcome === 'accepted').length,
      declined: forType.filter((event) => event.outcome === 'declined').length,
    };
  });
  return { object: 'retention_stats', since: events[0]?.occurred_at.toISOString() ?? null, reasons, offers };
}
