/**
 * The portal session: who the customer is, what the session may do, and how
 * the vendor configured the portal (branding and self-service rules).
 */
import * as z from 'zod/mini';
import { Capability } from './capabilities.js';
import { CountryCode, CurrencyCode, Id, Instant, LocaleTag, TimeZone } from './primitives.js';

/** Reasons a customer may give when cancelling, as in Stripe's `cancellation_details.feedback`. */
export const CANCELLATION_REASONS = [
  'too_expensive',
  'missing_features',
  'switched_service',
  'unused',
  'customer_service',
  'too_complex',
  'low_quality',
  'other',
] as const;
export const CancellationReason = z.enum(CANCELLATION_REASONS);

export const SessionCustomer = z.object({
  id: Id,
  name: z.nullable(z.string()),
  email: z.nullable(z.string()),
  country: z.nullable(CountryCode),
  locale: z.nullable(LocaleTag),
  time_zone: TimeZone,
});

export const Branding = z.object({
  business_name: z.string(),
  logo_url: z.nullable(z.string()),
  primary_color: z.nullable(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/))),
  support_email: z.nullable(z.string()),
  support_url: z.nullable(z.string()),
});

/** Self-service rules the vendor configured; the server enforces them too. */
export const PortalFeatures = z.object({
  pause: z.object({
    /** Pause lengths offered, in months. Empty when pausing is off. */
    months: z.array(z.int().check(z.minimum(1), z.maximum(12))),
    /** What happens to invoices during the pause, as Stripe's `pause_collection.behavior`. */
    behavior: z.enum(['keep_as_draft', 'mark_uncollectible', 'void']),
    /** Whether the customer keeps access to the product while paused. */
    keeps_access: z.boolean(),
  }),
  cancel: z.object({
    /** The reasons offered in the survey, in display order. */
    reasons: z.array(CancellationReason),
    /** Whether the survey offers a free-text field. */
    free_text: z.boolean(),
    /** `period_end` keeps access until the period ends; `immediately` ends it now. */
    mode: z.enum(['period_end', 'immediately']),
  }),
  plan_change: z.object({
    /** Whether plan changes are allowed at all. */
    enabled: z.boolean(),
    /** When downgrades take effect; upgrades always take effect now. */
    downgrade_timing: z.enum(['now', 'period_end']),
  }),
  dunning: z.object({
    /** Whether the final stage shows a blocking wall instead of a banner. */
    final_stage_wall: z.boolean(),
  }),
});

export const PortalSession = z.object({
  object: z.literal('portal_session'),
  customer: SessionCustomer,
  capabilities: z.array(Capability),
  /** The locale the vendor chose for this session, if any. */
  locale: z.nullable(LocaleTag),
  /** The customer's billing currency. */
  currency: CurrencyCode,
  branding: Branding,
  features: PortalFeatures,
  /** Where the portal's "back" link goes; always on the vendor's allowlist. */
  return_url: z.nullable(z.string()),
  expires_at: Instant,
  /**
   * The provider's time when the session was read: the test clock in the
   * sandbox. Elements count dates such as "resumes on" and "past due" from
   * it, not from the browser's clock.
   */
  now: Instant,
  /** `sandbox` when the backend runs the embedded engine; no real money moves. */
  mode: z.enum(['sandbox', 'live']),
  /** The Stripe publishable key for Payment Element, in live mode. */
  stripe_publishable_key: z.nullable(z.string()),
});

export type CancellationReason = z.infer<typeof CancellationReason>;
export type PortalFeatures = z.infer<typeof PortalFeatures>;
export type Branding = z.infer<typeof Branding>;
export type PortalSession = z.infer<typeof PortalSession>;
export type SessionCustomer = z.infer<typeof SessionCustomer>;
