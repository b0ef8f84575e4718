/**
 * The dunning state the banner shows, and the events it records. The server
 * derives the state from the provider's invoices and attempts with the policy
 * in `src/dunning`.
 */
import * as z from 'zod/mini';
import { DeclineReason } from './dunning-reasons.js';
import { CurrencyCode, Id, Instant, NonNegativeMinorAmount } from './primitives.js';

export const DunningStatus = z.enum(['none', 'retrying', 'action_required', 'final_notice', 'suspended']);
export const DunningTone = z.enum(['friendly', 'firm', 'final']);
export const DunningAction = z.enum([
  'update_payment_method',
  'authenticate',
  'pay_now',
  'bank_transfer',
  'request_extension',
]);

export const DunningState = z.object({
  object: z.literal('dunning_state'),
  /**
   * The provider's time when the state was computed: the test clock in the
   * sandbox. Relative phrases such as "in 3 days" count from it, not from the
   * browser's clock.
   */
  as_of: Instant,
  status: DunningStatus,
  /** Why the payment failed, in customer terms; null when nothing failed. */
  reason: z.nullable(DeclineReason),
  tone: z.nullable(DunningTone),
  /** The failed invoice the banner is about. */
  invoice_id: z.nullable(Id),
  amount_due: z.nullable(NonNegativeMinorAmount),
  currency: z.nullable(CurrencyCode),
  /** When access is suspended unless the payment is fixed. */
  deadline: z.nullable(Instant),
  next_retry_at: z.nullable(Instant),
  attempt_count: z.int().check(z.minimum(0)),
  /** Every action that could fix the payment, best first. */
  actions: z.array(DunningAction),
  /** The one action the banner offers as its main button. */
  primary_action: z.nullable(DunningAction),
  /** The unfinished payment to authenticate, for `authenticate`. */
  payment_id: z.nullable(Id),
  /** The copy variant for A/B tests, stable per customer. */
  variant: z.string(),
  dismissible: z.boolean(),
  dismissed_until: z.nullable(Instant),
  /** True after a fix while the provider confirms the payment. */
  payment_pending: z.boolean(),
  /** True when the vendor escalates this stage to a blocking wall. */
  wall: z.boolean(),
  extension: z.object({
    available: z.boolean(),
    granted_until: z.nullable(Instant),
  }),
});

export const DunningEventRequest = z.strictObject({
  type: z.enum(['impression', 'dismissal', 'click']),
  invoice_id: Id,
  variant: z.string().check(z.minLength(1), z.maxLength(64)),
  action: z.optional(DunningAction),
});

export const ExtensionRequest = z.strictObject({
  invoice_id: Id,
});

export type DunningStatus = z.infer<typeof DunningStatus>;
export type DunningTone = z.infer<typeof DunningTone>;
export type DunningAction = z.infer<typeof DunningAction>;
export type DunningState = z.infer<typeof DunningState>;
export type DunningEventRequest = z.infer<typeof DunningEventRequest>;
export type ExtensionRequest = z.infer<typeof ExtensionRequest>;
