/**
 * Keel's dunning policy: pure functions that turn failed payments into a
 * retry plan and a banner state.
 *
 * Nothing here performs I/O or reads the clock: every function takes `now`
 * and returns the same result for the same input. Card-network and Stripe
 * rules are versioned data (`data/declines.v1.ts`, `data/calendar.v1.ts`);
 * public holidays come from `@holiday-jp/holiday_jp` for Japan and
 * `date-holidays` for other countries.
 *
 * Main entry points:
 * - `classifyDecline`: decline codes to customer reason, retryability and fix action.
 * - `planNextRetry`: next retry instant or the reason retries stop.
 * - `assessStage`: banner status and tone from the first failure and the deadline.
 * - `throttleReminder`: at most one reminder per customer per interval.
 * - `assignVariant`: deterministic A/B copy variant per customer.
 * - `buildDunningState`: all of the above as one object; `toWireDunningState` maps it to the HTTP contract.
 *
 * Invalid input raises `DunningInputError` with a machine `code` and the offending `field`.
 */

export { DunningInputError } from './errors.js';

/** Decline taxonomy and classification. */
export {
  classifyDecline,
  visaCategoryOf,
  mastercardAdviceOf,
  DECLINE_TAXONOMY_VERSION,
  DECLINE_TAXONOMY_EFFECTIVE,
  type CardNetwork,
  type DeclineInput,
  type DeclineClassification,
  type DeclineReason,
  type FixAction,
  type NeverRetrySource,
  type VisaCategory,
} from './taxonomy.js';

/** Policy limits and their defaults. */
export { DEFAULT_DUNNING_POLICY, resolvePolicy, type DunningPolicy } from './policy.js';

/** Time zones, business days, holidays and paydays of the customer's country. */
export {
  toLocal,
  fromLocal,
  addDays,
  compareDates,
  formatDate,
  isHoliday,
  isBusinessDay,
  hasHolidayCalendar,
  nearestBusinessDay,
  nextPayday,
  paydaysInMonth,
  paydayRuleOf,
  weekendOf,
  type CivilDate,
  type LocalDateTime,
} from './calendar.js';
export type { PaydayRule, PaydayDay } from './data/calendar.v1.js';

/** Retry planning. */
export {
  planNextRetry,
  nextBusinessSlot,
  type FailedAttempt,
  type RetryPlanInput,
  type RetryPlan,
  type RetryBasis,
  type RetryStopReason,
} from './retry.js';

/** Banner status and tone. */
export {
  assessStage,
  moveDeadlineOutOfHolidays,
  type StageInput,
  type DunningStage,
  type DunningStatus,
  type DunningTone,
  type HolidayPeriod,
} from './stage.js';

/** Reminder throttling. */
export { throttleReminder, type ReminderThrottleInput, type ReminderDecision } from './reminders.js';

/** A/B copy variants. */
export { assignVariant, stableHash32, type VariantInput, type WeightedVariant } from './variants.js';

/** The composed banner state and its HTTP contract mapping. */
export {
  buildDunningState,
  toWireDunningState,
  type DunningStateInput,
  type DunningState,
  type WireDunningState,
  type MinorAmount,
} from './state.js';
