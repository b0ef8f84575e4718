/**
 * Subscriptions and the self-service changes a customer makes to them: plan
 * changes with a proration preview, pause, cancellation with a reason survey
 * and retention offers, and reactivation.
 */
import * as z from 'zod/mini';
import { InvoiceLine } from './invoices.js';
import { CancellationReason } from './session.js';
import { CurrencyCode, Id, Instant, MinorAmount, NonNegativeMinorAmount, listOf } from './primitives.js';

/** Stripe's subscription statuses. */
export const SubscriptionStatus = z.enum([
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
]);

export const Plan = z.object({
  object: z.literal('plan'),
  /** The price id; plans are prices of products. */
  id: Id,
  product_id: Id,
  name: z.string(),
  description: z.nullable(z.string()),
  features: z.array(z.string()),
  amount: NonNegativeMinorAmount,
  currency: CurrencyCode,
  interval: z.enum(['month', 'year']),
  interval_count: z.int().check(z.minimum(1)),
  /** Orders plans from cheapest to richest; a higher rank is an upgrade. */
  tier_rank: z.int(),
});

export const SubscriptionItem = z.object({
  id: Id,
  plan: Plan,
  quantity: z.int().check(z.minimum(1)),
});

export const PauseCollection = z.object({
  behavior: z.enum(['keep_as_draft', 'mark_uncollectible', 'void']),
  /** When collection resumes by itself; null pauses until resumed by hand. */
  resumes_at: z.nullable(Instant),
});

export const ScheduledChange = z.object({
  plan: Plan,
  quantity: z.int().check(z.minimum(1)),
  effective_at: Instant,
});

export const SubscriptionDiscount = z.object({
  name: z.string(),
  percent_off: z.nullable(z.number().check(z.minimum(0), z.maximum(100))),
  amount_off: z.nullable(NonNegativeMinorAmount),
  ends_at: z.nullable(Instant),
});

export const UpcomingInvoice = z.object({
  amount_due: MinorAmount,
  currency: CurrencyCode,
  date: Instant,
});

export const Subscription = z.object({
  object: z.literal('subscription'),
  id: Id,
  status: SubscriptionStatus,
  items: z.array(SubscriptionItem),
  currency: CurrencyCode,
  current_period_start: Instant,
  current_period_end: Instant,
  trial_end: z.nullable(Instant),
  /** True when the subscription ends at `current_period_end` and nothing more is charged. */
  cancel_at_period_end: z.boolean(),
  cancel_at: z.nullable(Instant),
  canceled_at: z.nullable(Instant),
  pause_collection: z.nullable(PauseCollection),
  scheduled_change: z.nullable(ScheduledChange),
  discount: z.nullable(SubscriptionDiscount),
  default_payment_method: z.nullable(Id),
  /** The next renewal invoice; null when nothing more will be charged. */
  upcoming_invoice: z.nullable(UpcomingInvoice),
});

export const SubscriptionList = listOf(Subscription);

/** A plan as offered to one subscription, with whether switching to it is allowed. */
export const PlanOption = z.object({
  plan: Plan,
  current: z.boolean(),
  allowed: z.boolean(),
  /** Why the switch is not allowed, e.g. `interval_change_not_allowed`; null when allowed. */
  disallowed_reason: z.nullable(z.string()),
  /** When a switch would take effect under the vendor's rules. */
  timing: z.enum(['now', 'period_end']),
});

export const PlanCatalog = z.object({
  object: z.literal('plan_catalog'),
  subscription_id: z.nullable(Id),
  plans: z.array(PlanOption),
});

export const PlanCatalogQuery = z.strictObject({
  subscription_id: z.optional(Id),
});

export const SubscriptionChangeRequest = z.strictObject({
  plan_id: Id,
  quantity: z.optional(z.int().check(z.minimum(1), z.maximum(10000))),
  /**
   * The proration instant the preview used. Confirming with it bills exactly
   * what the preview showed, however long the customer took to confirm.
   */
  proration_date: z.optional(Instant),
});

export const SubscriptionChangePreview = z.object({
  object: z.literal('subscription_change_preview'),
  subscription_id: Id,
  plan: Plan,
  quantity: z.int().check(z.minimum(1)),
  timing: z.enum(['now', 'period_end']),
  effective_at: Instant,
  proration_date: Instant,
  currency: CurrencyCode,
  /** The proration and new-period lines charged now; empty for a change at period end. */
  lines: z.array(InvoiceLine),
  subtotal: MinorAmount,
  total_tax: MinorAmount,
  /** What is charged when the change is confirmed; never negative (credit goes to the balance). */
  amount_due_now: NonNegativeMinorAmount,
  /** Credit left over for later invoices, when the change costs less than the unused time. */
  credit_applied_later: NonNegativeMinorAmount,
  next_invoice: UpcomingInvoice,
});

export const PauseRequest = z.strictObject({
  /** One of the durations in the session's `features.pause.months`. */
  months: z.int().check(z.minimum(1), z.maximum(12)),
});

export const CancelRequest = z.strictObject({
  reason: CancellationReason,
  feedback: z.optional(z.string().check(z.maxLength(2000))),
  /** Retention offers the customer saw and declined, for the vendor's statistics. */
  declined_offer_ids: z.optional(z.array(Id).check(z.maxLength(10))),
});

export const RetentionOffer = z.object({
  object: z.literal('retention_offer'),
  id: Id,
  type: z.enum(['discount', 'pause', 'plan_change']),
  /** For `discount`: the percentage off and for how many months. */
  discount: z.nullable(
    z.object({
      percent_off: z.number().check(z.minimum(1), z.maximum(100)),
      duration_months: z.int().check(z.minimum(1), z.maximum(36)),
    }),
  ),
  /** For `pause`: how many months to pause instead of leaving. */
  pause_months: z.nullable(z.int().check(z.minimum(1), z.maximum(12))),
  /** For `plan_change`: the cheaper plan offered. */
  plan: z.nullable(Plan),
});

export const RetentionOffersQuery = z.strictObject({
  reason: CancellationReason,
});

export const RetentionOfferList = z.object({
  object: z.literal('list'),
  data: z.array(RetentionOffer),
  has_more: z.literal(false),
  next_cursor: z.null(),
});

export const AcceptOfferRequest = z.strictObject({
  reason: CancellationReason,
});

/** Counts of cancellation reasons and offer outcomes, for the vendor's analytics. */
export const RetentionStats = z.object({
  object: z.literal('retention_stats'),
  since: z.nullable(Instant),
  reasons: z.array(
    z.object({
      reason: CancellationReason,
      cancellations: z.int().check(z.minimum(0)),
      offers_shown: z.int().check(z.minimum(0)),
      offers_accepted: z.int().check(z.minimum(0)),
    }),
  ),
  offers: z.array(
    z.object({
      offer_type: z.enum(['discount', 'pause', 'plan_change']),
      shown: z.int().check(z.minimum(0)),
      accepted: z.int().check(z.minimum(0)),
      declined: z.int().check(z.minimum(0)),
    }),
  ),
});

export type SubscriptionStatus = z.infer<typeof SubscriptionStatus>;
export type Plan = z.infer<typeof Plan>;
export type SubscriptionItem = z.infer<typeof SubscriptionItem>;
export type Subscription = z.infer<typeof Subscription>;
export type SubscriptionList = z.infer<typeof SubscriptionList>;
export type PlanOption = z.infer<typeof PlanOption>;
export type PlanCatalog = z.infer<typeof PlanCatalog>;
export type PlanCatalogQuery = z.infer<typeof PlanCatalogQuery>;
export type SubscriptionChangeRequest = z.infer<typeof SubscriptionChangeRequest>;
export type SubscriptionChangePreview = z.infer<typeof SubscriptionChangePreview>;
export type PauseRequest = z.infer<typeof PauseRequest>;
export type CancelRequest = z.infer<typeof CancelRequest>;
export type RetentionOffer = z.infer<typeof RetentionOffer>;
export type RetentionOffersQuery = z.infer<typeof RetentionOffersQuery>;
export type RetentionOfferList = z.infer<typeof RetentionOfferList>;
export type AcceptOfferRequest = z.infer<typeof AcceptOfferRequest>;
export type RetentionStats = z.infer<typeof RetentionStats>;
export type PauseCollection = z.infer<typeof PauseCollection>;
export type ScheduledChange = z.infer<typeof ScheduledChange>;
export type SubscriptionDiscount = z.infer<typeof SubscriptionDiscount>;
export type UpcomingInvoice = z.infer<typeof UpcomingInvoice>;
