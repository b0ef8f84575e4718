/**
 * Subscription operations: plan catalog, plan changes with a proration
 * preview, pause, cancellation with retention offers, and reactivation.
 *
 * Upgrades take effect now with `proration_behavior: always_invoice` and
 * `payment_behavior: pending_if_incomplete`, so a failed payment leaves the
 * change in `pending_update` instead of switching plans unpaid. Downgrades at
 * period end go through a subscription schedule with a second phase, because
 * `pending_update` cannot hold a change for a future date and a schedule can
 * be released to cancel it.
 */
import type Stripe from 'stripe';
import type {
  AcceptOfferRequest,
  CancelRequest,
  PauseRequest,
  Plan,
  PlanCatalog,
  PlanCatalogQuery,
  PlanOption,
  RetentionOffer,
  RetentionOfferList,
  RetentionOffersQuery,
  Subscription,
  SubscriptionChangePreview,
  SubscriptionChangeRequest,
  SubscriptionList,
  ListQuery,
} from '../../../contract/index.js';
import { ProviderError } from '../provider.js';
import { call, retrieveOwned, type StripeContext } from './context.js';
import {
  PLAN_METADATA,
  currencyOf,
  currentPeriodOf,
  expanded,
  idOf,
  intOf,
  mapInvoiceLine,
  mapPlan,
  mapSubscription,
  requiredInstantOf,
  toUnixSeconds,
  unixSecondsOf,
  type UpcomingInvoice,
} from './map/index.js';

const SUBSCRIPTION_EXPAND = ['schedule', 'discounts.source.coupon'];
const CHANGEABLE_STATES = new Set(['active', 'trialing', 'past_due']);

async function withProducts(context: StripeContext, prices: Stripe.Price[]): Promise<void> {
  const ids = [...new Set(prices.filter((price) => typeof price.product === 'string').map((price) => price.product as string))];
  if (ids.length === 0) return;
  const products = await call(() => context.stripe.products.list({ ids, limit: 100 }));
  const byId = new Map(products.data.map((product) => [product.id, product]));
  for (const price of prices) {
    const product = typeof price.product === 'string' ? byId.get(price.product) : undefined;
    if (product) price.product = product;
  }
}

async function schedulePrices(context: StripeContext, schedule: Stripe.SubscriptionSchedule | null): Promise<Map<string, Stripe.Price>> {
  const ids = new Set<string>();
  for (const phase of schedule?.phases ?? []) for (const item of phase.items ?? []) if (typeof item.price === 'string') ids.add(item.price);
  const prices = await Promise.all([...ids].map((id) => call(() => context.stripe.prices.retrieve(id), 'plan', id)));
  await withProducts(context, prices);
  return new Map(prices.map((price) => [price.id, price]));
}

async function upcomingInvoiceOf(context: StripeContext, subscription: Stripe.Subscription): Promise<UpcomingInvoice | null> {
  if (!CHANGEABLE_STATES.has(subscription.status) || subscription.cancel_at_period_end || subscription.cancel_at !== null) return null;
  try {
    const preview = await context.stripe.invoices.createPreview({ customer: idOf(subscription.customer) ?? undefined, subscription: subscription.id });
    const date = preview.next_payment_attempt ?? preview.period_end ?? currentPeriodOf(subscription).end;
    return { amount_due: intOf(preview.amount_due), currency: currencyOf(preview.currency), date: requiredInstantOf(date, date) };
  } catch {
    // Stripe has no upcoming invoice for some subscriptions (e.g. one ending at period end); show none.
    return null;
  }
}

async function present(context: StripeContext, subscription: Stripe.Subscription): Promise<Subscription> {
  const schedule = expanded(subscription.schedule);
  const [prices, upcoming] = await Promise.all([
    schedulePrices(context, schedule),
    upcomingInvoiceOf(context, subscription),
    withProducts(context, (subscription.items?.data ?? []).map((item) => item.price)),
  ]);
  return mapSubscription(subscription, { upcomingInvoice: upcoming, prices, now: context.now() });
}

async function retrieveSubscription(context: StripeContext, customerId: string, subscriptionId: string): Promise<Stripe.Subscription> {
  return retrieveOwned(() => context.stripe.subscriptions.retrieve(subscriptionId, { expand: SUBSCRIPTION_EXPAND }), customerId, 'subscription', subscriptionId);
}

export async function listSubscriptions(context: StripeContext, customerId: string, query: ListQuery): Promise<SubscriptionList> {
  if (query.starting_after) await retrieveSubscription(context, customerId, query.starting_after);
  const page = await call(() =>
    context.stripe.subscriptions.list({
      customer: customerId,
      status: 'all',
      limit: query.limit ?? 10,
      expand: SUBSCRIPTION_EXPAND.map((path) => `data.${path}`),
      ...(query.starting_after ? { starting_after: query.starting_after } : {}),
    }),
  );
  const data = await Promise.all(page.data.filter((subscription) => idOf(subscription.customer) === customerId).map((subscription) => present(context, subscription)));
  return { object: 'list', data, has_more: page.has_more, next_cursor: page.has_more ? (data.at(-1)?.id ?? null) : null };
}

export async function getSubscription(context: StripeContext, customerId: string, subscriptionId: string): Promise<Subscription> {
  return present(context, await retrieveSubscription(context, customerId, subscriptionId));
}

/** Returns the plan catalog's prices with their products. */
async function catalogPrices(context: StripeContext): Promise<Stripe.Price[]> {
  const ids = context.options.planPriceIds;
  let prices: Stripe.Price[];
  if (ids) {
    prices = await Promise.all(ids.map((id) => call(() => context.stripe.prices.retrieve(id, { expand: ['product'] }), 'plan', id)));
  } else {
    const list = await call(() => context.stripe.prices.list({ active: true, type: 'recurring', limit: 100, expand: ['data.product'] }));
    prices = list.data.filter((price) => price.metadata?.[PLAN_METADATA.plan] === 'true');
  }
  await withProducts(context, prices);
  return prices.filter((price) => price.active && price.recurring !== null);
}

interface ChangeRule {
  allowed: boolean;
  reason: string | null;
  timing: 'now' | 'period_end';
}

/** Applies the vendor's rules to switching from `current` to `target`. */
function changeRule(context: StripeContext, current: Plan | null, target: Plan): ChangeRule {
  const features = context.options.policy.features.plan_change;
  const downgrade = current !== null && target.tier_rank < current.tier_rank;
  const timing = downgrade ? features.downgrade_timing : 'now';
  if (!features.enabled) return { allowed: false, reason: 'plan_change_disabled', timing };
  if (current === null) return { allowed: true, reason: null, timing };
  if (current.id === target.id) return { allowed: false, reason: 'current_plan', timing };
  if (current.currency !== target.currency) return { allowed: false, reason: 'currency_change_not_allowed', timing };
  const intervalChanges = current.interval !== target.interval || current.interval_count !== target.interval_count;
  if (intervalChanges && !context.options.policy.allowIntervalChange) return { allowed: false, reason: 'interval_change_not_allowed', timing };
  return { allowed: true, reason: null, timing };
}

function currentPlanOf(subscription: Stripe.Subscription): { item: Stripe.SubscriptionItem; plan: Plan } | null {
  const item = subscription.items?.data?.[0];
  return item ? { item, plan: mapPlan(item.price) } : null;
}

export async function listPlans(context: StripeContext, customerId: string, query: PlanCatalogQuery): Promise<PlanCatalog> {
  const subscription = query.subscription_id ? await retrieveSubscription(context, customerId, query.subscription_id) : null;
  if (subscription) await withProducts(context, subscription.items.data.map((item) => item.price));
  const current = subscription ? currentPlanOf(subscription)?.plan ?? null : null;
  const plans: PlanOption[] = (await catalogPrices(context)).map((price) => {
    const plan = mapPlan(price);
    const rule = changeRule(context, current, plan);
    const isCurrent = current?.id === plan.id;
    return { plan, current: isCurrent, allowed: isCurrent ? false : rule.allowed, disallowed_reason: isCurrent ? 'current_plan' : rule.reason, timing: rule.timing };
  });
  plans.sort((a, b) => a.plan.tier_rank - b.plan.tier_rank);
  return { object: 'plan_catalog', subscription_id: subscription?.id ?? null, plans };
}

interface PlannedChange {
  subscription: Stripe.Subscription;
  item: Stripe.SubscriptionItem;
  target: Stripe.Price;
  plan: Plan;
  quantity: number;
  timing: 'now' | 'period_end';
}

async function planChange(context: StripeContext, customerId: string, subscriptionId: string, input: SubscriptionChangeRequest): Promise<PlannedChange> {
  const subscription = await retrieveSubscription(context, customerId, subscriptionId);
  if (!CHANGEABLE_STATES.has(subscription.status) || subscription.cancel_at_period_end) {
    throw new ProviderError('subscription_state_invalid', `Subscription ${subscriptionId} is ${subscription.status}${subscription.cancel_at_period_end ? ' and ends at period end' : ''}, so its plan cannot change.`, 409, 'id');
  }
  await withProducts(context, subscription.items.data.map((item) => item.price));
  const current = currentPlanOf(subscription);
  const target = (await catalogPrices(context)).find((price) => price.id === input.plan_id);
  if (!current || !target) throw new ProviderError('plan_change_not_allowed', `Plan ${input.plan_id} is not in the catalog.`, 422, 'plan_id');
  const plan = mapPlan(target);
  const quantity = input.quantity ?? current.item.quantity ?? 1;
  const rule = changeRule(context, current.plan, plan);
  if (!rule.allowed && !(current.plan.id === plan.id && quantity !== current.item.quantity)) {
    throw new ProviderError('plan_change_not_allowed', `Switching to plan ${plan.id} is not allowed (${rule.reason}).`, 422, 'plan_id');
  }
  return { subscription, item: current.item, target, plan, quantity, timing: rule.timing };
}

/**
 * Resolves the proration instant. A preview fixes it; confirming with the
 * same instant bills exactly what the preview showed. It must lie within the
 * current period and not in the future.
 */
function prorationDateOf(context: StripeContext, subscription: Stripe.Subscription, requested: string | undefined): number {
  const now = toUnixSeconds(context.now());
  if (requested === undefined) return now;
  const seconds = unixSecondsOf(requested);
  const period = currentPeriodOf(subscription);
  if (seconds === null || seconds > now || seconds < period.start) {
    throw new ProviderError('parameter_invalid', 'proration_date must be an instant within the current period and not in the future; preview the change again.', 422, 'proration_date');
  }
  return seconds;
}

async function nextInvoiceAfter(context: StripeContext, change: PlannedChange): Promise<UpcomingInvoice> {
  const preview = await call(() =>
    context.stripe.invoices.createPreview({
      customer: idOf(change.subscription.customer) ?? undefined,
      subscription: change.subscription.id,
      subscription_details: { items: [{ id: change.item.id, price: change.target.id, quantity: change.quantity }], proration_behavior: 'none' },
    }),
  );
  const date = preview.next_payment_attempt ?? preview.period_end ?? currentPeriodOf(change.subscription).end;
  return { amount_due: intOf(preview.amount_due), currency: currencyOf(preview.currency), date: requiredInstantOf(date, date) };
}

export async function previewSubscriptionChange(context: StripeContext, customerId: string, subscriptionId: string, input: SubscriptionChangeRequest): Promise<SubscriptionChangePreview> {
  const change = await planChange(context, customerId, subscriptionId, input);
  const period = currentPeriodOf(change.subscription);
  const base = { object: 'subscription_change_preview' as const, subscription_id: subscriptionId, plan: change.plan, quantity: change.quantity, timing: change.timing, currency: change.plan.currency };

  if (change.timing === 'period_end') {
    return {
      ...base,
      effective_at: requiredInstantOf(period.end, period.end),
      proration_date: requiredInstantOf(period.end, period.end),
      lines: [],
      subtotal: 0,
      total_tax: 0,
      amount_due_now: 0,
      credit_applied_later: 0,
      next_invoice: await nextInvoiceAfter(context, change),
    };
  }

  const prorationDate = prorationDateOf(context, change.subscription, input.proration_date);
  const [preview, next] = await Promise.all([
    call(() =>
      context.stripe.invoices.createPreview({
        customer: customerId,
        subscription: subscriptionId,
        subscription_details: {
          items: [{ id: change.item.id, price: change.target.id, quantity: change.quantity }],
          proration_behavior: 'always_invoice',
          proration_date: prorationDate,
        },
      }),
    ),
    nextInvoiceAfter(context, change),
  ]);
  const taxRates = await context.taxRates((preview.total_taxes ?? []).map((tax) => tax.tax_rate_details?.tax_rate).filter((id): id is string => typeof id === 'string'));
  const total = intOf(preview.total);
  return {
    ...base,
    currency: currencyOf(preview.currency),
    effective_at: requiredInstantOf(prorationDate, prorationDate),
    proration_date: requiredInstantOf(prorationDate, prorationDate),
    lines: (preview.lines?.data ?? []).map((line) => mapInvoiceLine(line, taxRates)),
    subtotal: intOf(preview.subtotal),
    total_tax: (preview.total_taxes ?? []).reduce((sum, tax) => sum + intOf(tax.amount), 0),
    amount_due_now: Math.max(0, intOf(preview.amount_due)),
    credit_applied_later: Math.max(0, -total),
    next_invoice: next,
  };
}

/** Schedules the change for the end of the period as the second phase of the subscription's schedule. */
async function scheduleAtPeriodEnd(context: StripeContext, change: PlannedChange): Promise<void> {
  const existing = idOf(change.subscription.schedule);
  const schedule = existing
    ? await call(() => context.stripe.subscriptionSchedules.retrieve(existing))
    : await call(() => context.stripe.subscriptionSchedules.create({ from_subscription: change.subscription.id }));
  const period = currentPeriodOf(change.subscription);
  const currentItems = change.subscription.items.data.map((item) => ({ price: item.price.id, quantity: item.quantity ?? 1 }));
  await call(() =>
    context.stripe.subscriptionSchedules.update(schedule.id, {
      end_behavior: 'release',
      phases: [
        { items: currentItems, start_date: schedule.current_phase?.start_date ?? period.start, end_date: period.end },
        { items: [{ price: change.target.id, quantity: change.quantity }], start_date: period.end },
      ],
    }),
  );
}

export async function changeSubscription(context: StripeContext, customerId: string, subscriptionId: string, input: SubscriptionChangeRequest): Promise<Subscription> {
  const change = await planChange(context, customerId, subscriptionId, input);
  if (change.timing === 'period_end') {
    await scheduleAtPeriodEnd(context, change);
  } else {
    const prorationDate = prorationDateOf(context, change.subscription, input.proration_date);
    await call(() =>
      context.stripe.subscriptions.update(subscriptionId, {
        items: [{ id: change.item.id, price: change.target.id, quantity: change.quantity }],
        proration_behavior: 'always_invoice',
        proration_date: prorationDate,
        payment_behavior: 'pending_if_incomplete',
      }),
    );
  }
  return getSubscription(context, customerId, subscriptionId);
}

export async function cancelScheduledChange(context: StripeContext, customerId: string, subscriptionId: string): Promise<Subscription> {
  const subscription = await retrieveSubscription(context, customerId, subscriptionId);
  const scheduleId = idOf(subscription.schedule);
  if (scheduleId === null) throw new ProviderError('subscription_state_invalid', `Subscription ${subscriptionId} has no scheduled change.`, 409, 'id');
  await call(() => context.stripe.subscriptionSchedules.release(scheduleId));
  return getSubscription(context, customerId, subscriptionId);
}

function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/** Pauses collection with `pause_collection`; the subscription stays active and Stripe resumes it at `resumes_at`. */
export async function pauseSubscription(context: StripeContext, customerId: string, subscriptionId: string, input: PauseRequest): Promise<Subscription> {
  const pause = context.options.policy.features.pause;
  if (!pause.months.includes(input.months)) throw new ProviderError('pause_duration_not_offered', `A pause of ${input.months} months is not offered.`, 422, 'months');
  const subscription = await retrieveSubscription(context, customerId, subscriptionId);
  if (subscription.status !== 'active' && subscription.status !== 'trialing') {
    throw new ProviderError('subscription_state_invalid', `Subscription ${subscriptionId} is ${subscription.status} and cannot be paused.`, 409, 'id');
  }
  const resumesAt = toUnixSeconds(addMonths(context.now(), input.months));
  await call(() => context.stripe.subscriptions.update(subscriptionId, { pause_collection: { behavior: pause.behavior, resumes_at: resumesAt } }));
  return getSubscription(context, customerId, subscriptionId);
}

export async function resumeSubscription(context: StripeContext, customerId: string, subscriptionId: string): Promise<Subscription> {
  const subscription = await retrieveSubscription(context, customerId, subscriptionId);
  if (!subscription.pause_collection) throw new ProviderError('subscription_state_invalid', `Subscription ${subscriptionId} is not paused.`, 409, 'id');
  await call(() => context.stripe.subscriptions.update(subscriptionId, { pause_collection: '' }));
  return getSubscription(context, customerId, subscriptionId);
}

/**
 * Lists the offers for a cancellation reason: the vendor's configured offers,
 * or by default a pause (when pausing is on) and the next cheaper plan.
 */
async function offersFor(context: StripeContext, subscription: Stripe.Subscription, reason: string): Promise<RetentionOffer[]> {
  const configured = context.options.retentionOffers;
  const catalog = await catalogPrices(context);
  await withProducts(context, subscription.items.data.map((item) => item.price));
  const current = currentPlanOf(subscription)?.plan ?? null;
  const offers: RetentionOffer[] = [];
  const base = { object: 'retention_offer' as const, discount: null, pause_months: null, plan: null };

  if (configured) {
    for (const offer of configured) {
      if (offer.reasons && !offer.reasons.includes(reason)) continue;
      if (offer.type === 'discount') offers.push({ ...base, id: offer.id, type: 'discount', discount: { percent_off: offer.percentOff, duration_months: offer.durationMonths } });
      if (offer.type === 'pause' && context.options.policy.features.pause.months.includes(offer.months)) offers.push({ ...base, id: offer.id, type: 'pause', pause_months: offer.months });
      if (offer.type === 'plan_change') {
        const price = catalog.find((entry) => entry.id === offer.priceId);
        if (price && current && changeRule(context, current, mapPlan(price)).allowed) offers.push({ ...base, id: offer.id, type: 'plan_change', plan: mapPlan(price) });
      }
    }
    return offers;
  }

  const months = context.options.policy.features.pause.months;
  if (months.length > 0 && (reason === 'unused' || reason === 'too_expensive')) offers.push({ ...base, id: `pause_${months[0]}`, type: 'pause', pause_months: months[0]! });
  if (current && (reason === 'too_expensive' || reason === 'unused')) {
    const cheaper = catalog
      .map(mapPlan)
      .filter((plan) => plan.tier_rank < current.tier_rank && changeRule(context, current, plan).allowed)
      .sort((a, b) => b.tier_rank - a.tier_rank)[0];
    if (cheaper) offers.push({ ...base, id: `plan_${cheaper.id}`, type: 'plan_change', plan: cheaper });
  }
  return offers;
}

export async function listRetentionOffers(context: StripeContext, customerId: string, subscriptionId: string, query: RetentionOffersQuery): Promise<RetentionOfferList> {
  const subscription = await retrieveSubscription(context, customerId, subscriptionId);
  const offers = await offersFor(context, subscription, query.reason);
  await Promise.all(offers.map((offer) => context.store.recordRetention({ kind: 'offer_shown', reason: query.reason, offerType: offer.type })));
  return { object: 'list', data: offers, has_more: false, next_cursor: null };
}

export async function acceptRetentionOffer(context: StripeContext, customerId: string, subscriptionId: string, offerId: string, input: AcceptOfferRequest): Promise<Subscription> {
  const subscription = await retrieveSubscription(context, customerId, subscriptionId);
  const offer = (await offersFor(context, subscription, input.reason)).find((entry) => entry.id === offerId);
  if (!offer) throw new ProviderError('offer_not_available', `Offer ${offerId} is not available for this subscription.`, 409, 'offer_id');

  if (offer.type === 'discount') {
    const config = context.options.retentionOffers?.find((entry) => entry.id === offerId);
    if (config?.type !== 'discount') throw new ProviderError('offer_not_available', `Offer ${offerId} has no coupon.`, 409, 'offer_id');
    await call(() => context.stripe.subscriptions.update(subscriptionId, { discounts: [{ coupon: config.couponId }] }));
  } else if (offer.type === 'pause' && offer.pause_months !== null) {
    await pauseSubscription(context, customerId, subscriptionId, { months: offer.pause_months });
  } else if (offer.type === 'plan_change' && offer.plan) {
    await changeSubscription(context, customerId, subscriptionId, { plan_id: offer.plan.id });
  }
  await context.store.recordRetention({ kind: 'offer_accepted', reason: input.reason, offerType: offer.type });
  return getSubscription(context, customerId, subscriptionId);
}

/**
 * Cancels as the vendor configured (at period end or now), recording the
 * reason as Stripe's `cancellation_details.feedback` and the free text as its `comment`.
 */
export async function cancelSubscription(context: StripeContext, customerId: string, subscriptionId: string, input: CancelRequest): Promise<Subscription> {
  const subscription = await retrieveSubscription(context, customerId, subscriptionId);
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw new ProviderError('subscription_state_invalid', `Subscription ${subscriptionId} has already ended.`, 409, 'id');
  }
  const details = { feedback: input.reason, ...(input.feedback ? { comment: input.feedback } : {}) };
  if (context.options.policy.features.cancel.mode === 'immediately') {
    await call(() => context.stripe.subscriptions.cancel(subscriptionId, { cancellation_details: details }));
  } else {
    await call(() => context.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true, cancellation_details: details }));
  }

  await context.store.recordRetention({ kind: 'cancelled', reason: input.reason });
  const declined = new Set(input.declined_offer_ids ?? []);
  if (declined.size > 0) {
    const offers = await offersFor(context, subscription, input.reason);
    for (const offer of offers) if (declined.has(offer.id)) await context.store.recordRetention({ kind: 'offer_declined', reason: input.reason, offerType: offer.type });
  }
  return getSubscription(context, customerId, subscriptionId);
}

export async function reactivateSubscription(context: StripeContext, customerId: string, subscriptionId: string): Promise<Subscription> {
  const subscription = await retrieveSubscription(context, customerId, subscriptionId);
  if (!subscription.cancel_at_period_end || subscription.status === 'canceled') {
    throw new ProviderError('subscription_state_invalid', `Subscription ${subscriptionId} is not set to cancel, so there is nothing to reactivate.`, 409, 'id');
  }
  await call(() => context.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: false }));
  return getSubscription(context, customerId, subscriptionId);
}
