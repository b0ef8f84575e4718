import type { PaydayRule } from './data/calendar.v1.js';
import { DunningInputError, requirePositive } from './errors.js';

/** Tunable limits of the dunning policy. Every field has a default in `DEFAULT_DUNNING_POLICY`. */
export interface DunningPolicy {
  /** Retries after the first failed charge. Stripe recommends at most 8. */
  maxRetries: number;
  /** Days after the first failure during which automatic retries run (Stripe's Smart Retries default: 2 weeks). */
  retryWindowDays: number;
  /**
   * Minimum hours between a failed attempt and the next retry, by retry number
   * (index 0 is the first retry). The last entry repeats for later retries.
   */
  retryGapsHours: number[];
  /**
   * Visa attempts on one card per rolling 30 days, the first failed attempt included.
   * 15 since April 2021; the April 2026 Core Rules are reported to allow 20.
   */
  visaMaxAttemptsPer30Days: number;
  /** Mastercard declines on one card at one merchant per rolling 24 hours before a fee applies. */
  mastercardMaxDeclinesPer24Hours: number;
  /** Mastercard declines on one card, merchant and amount per rolling 30 days before a fee applies. */
  mastercardMaxDeclinesPer30Days: number;
  /** Local hours during which retries run: from `start` (inclusive) to `end` (exclusive), 0-24. */
  businessHours: { start: number; end: number };
  /** Aim `insufficient_funds` retries at the customer's next payday when it is at most this many days away. */
  paydayMaxWaitDays: number;
  /** Payday rule per country (ISO 3166-1 alpha-2), overriding the built-in table. */
  paydays: Record<string, PaydayRule>;
  /** Stop when a decline carries neither a Stripe nor a network advice code (a conservative processor default). */
  stopWithoutAdviceCode: boolean;
  /** Retry declines whose Stripe code is not in the taxonomy, treating them as generic soft declines. */
  retryUnknownDeclines: boolean;
  /** Days from the first failure to the deadline, after which the subscription is suspended. */
  graceDays: number;
  /** Days before the deadline at which the final notice starts. */
  finalNoticeDays: number;
  /** Days after the first failure at which the tone turns from friendly to firm. */
  firmAfterDays: number;
  /** Days before a holiday period during which the tone is one step gentler, when that period moved the deadline. */
  holidayGentleDays: number;
  /** Minimum hours between two reminders to one customer, across all of their invoices. */
  reminderIntervalHours: number;
}

/**
 * Default policy. The retry window and the grace period are both 14 days so
 * the last automatic retry happens before the deadline; the gaps (1, 1, 1.5,
 * 1.5, 2, 2, 2, 2 days) fit Stripe's recommended 8 retries into those 2 weeks
 * before weekends and holidays push some of them out.
 */
export const DEFAULT_DUNNING_POLICY: Readonly<DunningPolicy> = Object.freeze({
  maxRetries: 8,
  retryWindowDays: 14,
  retryGapsHours: [24, 24, 36, 36, 48, 48, 48, 48],
  visaMaxAttemptsPer30Days: 15,
  mastercardMaxDeclinesPer24Hours: 10,
  mastercardMaxDeclinesPer30Days: 35,
  businessHours: { start: 9, end: 17 },
  paydayMaxWaitDays: 10,
  paydays: {},
  stopWithoutAdviceCode: false,
  retryUnknownDeclines: true,
  graceDays: 14,
  finalNoticeDays: 3,
  firmAfterDays: 4,
  holidayGentleDays: 3,
  reminderIntervalHours: 72,
});

/** Merges overrides into the defaults and validates every number. */
export function resolvePolicy(overrides: Partial<DunningPolicy> = {}): DunningPolicy {
  if (overrides === null || typeof overrides !== 'object') {
    throw new DunningInputError('invalid_policy', 'policy', 'policy must be an object of overrides.');
  }
  const policy: DunningPolicy = { ...DEFAULT_DUNNING_POLICY, ...overrides };
  requirePositive(policy.maxRetries, 'policy.maxRetries', { integer: true });
  requirePositive(policy.retryWindowDays, 'policy.retryWindowDays');
  requirePositive(policy.visaMaxAttemptsPer30Days, 'policy.visaMaxAttemptsPer30Days', { integer: true });
  requirePositive(policy.mastercardMaxDeclinesPer24Hours, 'policy.mastercardMaxDeclinesPer24Hours', { integer: true });
  requirePositive(policy.mastercardMaxDeclinesPer30Days, 'policy.mastercardMaxDeclinesPer30Days', { integer: true });
  requirePositive(policy.paydayMaxWaitDays, 'policy.paydayMaxWaitDays');
  requirePositive(policy.graceDays, 'policy.graceDays');
  requirePositive(policy.finalNoticeDays, 'policy.finalNoticeDays');
  requirePositive(policy.firmAfterDays, 'policy.firmAfterDays');
  requirePositive(policy.reminderIntervalHours, 'policy.reminderIntervalHours');
  if (!(policy.holidayGentleDays >= 0)) {
    throw new DunningInputError('invalid_number', 'policy.holidayGentleDays', 'policy.holidayGentleDays must be zero or more.');
  }
  if (!Array.isArray(policy.retryGapsHours) || policy.retryGapsHours.length === 0) {
    throw new DunningInputError('invalid_policy', 'policy.retryGapsHours', 'policy.retryGapsHours must list at least one gap in hours.');
  }
  policy.retryGapsHours.forEach((gap, index) => requirePositive(gap, `policy.retryGapsHours[${index}]`));
  for (const [country, rule] of Object.entries(policy.paydays ?? {})) {
    const validDay = (day: unknown) => day === 'last' || (Number.isInteger(day) && (day as number) >= 1 && (day as number) <= 31);
    const validShift = rule?.shift === 'previous_business_day' || rule?.shift === 'next_business_day';
    if (!Array.isArray(rule?.days) || rule.days.length === 0 || !rule.days.every(validDay) || !validShift) {
      throw new DunningInputError(
        'invalid_policy',
        `policy.paydays.${country}`,
        `policy.paydays.${country} needs days (1-31 or "last") and shift "previous_business_day" or "next_business_day".`,
      );
    }
  }
  const { start, end } = policy.businessHours ?? {};
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > 24 || start >= end) {
    throw new DunningInputError(
      'invalid_policy',
      'policy.businessHours',
      `policy.businessHours must be whole hours with 0 <= start < end <= 24, got ${JSON.stringify(policy.businessHours)}.`,
    );
  }
  return policy;
}
