import {
  addDays,
  compareDates,
  fromLocal,
  isBusinessDay,
  nearestBusinessDay,
  nextPayday,
  paydayRuleOf,
  toLocal,
  type CivilDate,
} from './calendar.js';
import { DunningInputError, requireCountry, requireInstant, requireTimeZone } from './errors.js';
import { resolvePolicy, type DunningPolicy } from './policy.js';
import { classifyDecline, type DeclineClassification, type DeclineInput } from './taxonomy.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** One failed charge attempt on the card, the first failure included. */
export interface FailedAttempt {
  at: Date;
  decline: DeclineInput;
  /** Card network; falls back to `decline.network`. */
  network?: string | null;
}

export interface RetryPlanInput {
  /** Failed attempts to collect this invoice on this card, in any order, the first failure included. Must not be empty. */
  attempts: FailedAttempt[];
  /**
   * Declines of the same card at this merchant for other invoices. They count
   * toward the Mastercard caps only, because Visa counts per transaction.
   * Mastercard's 30-day cap is per amount, so passing every decline is conservative.
   */
  otherDeclinesOnCard?: Date[];
  /** Decline to plan for; defaults to the latest attempt's decline. */
  decline?: DeclineInput;
  /** Customer's country, ISO 3166-1 alpha-2. */
  country: string;
  /** Customer's IANA time zone. */
  timeZone: string;
  now: Date;
  policy?: Partial<DunningPolicy>;
}

/** Constraint that set the retry time. */
export type RetryBasis = 'backoff' | 'payday' | 'network_wait' | 'network_cap';

/** Cause of the end of automatic retries. */
export type RetryStopReason =
  | 'never_retry'
  | 'customer_action_required'
  | 'no_advice_code'
  | 'unknown_decline'
  | 'max_retries'
  | 'window_exhausted';

export type RetryPlan =
  | { kind: 'retry'; at: Date; basis: RetryBasis; retryNumber: number; classification: DeclineClassification }
  | { kind: 'stop'; reason: RetryStopReason; classification: DeclineClassification };

interface NormalizedAttempt {
  at: number;
  network: string;
  decline: DeclineInput;
  classification: DeclineClassification;
}

function normalizeAttempts(attempts: unknown, now: number): NormalizedAttempt[] {
  if (!Array.isArray(attempts) || attempts.length === 0) {
    throw new DunningInputError('missing_attempts', 'attempts', 'attempts must list at least the first failed charge.');
  }
  return attempts
    .map((attempt: FailedAttempt, index) => {
      const at = requireInstant(attempt?.at, `attempts[${index}].at`).getTime();
      if (at > now) {
        throw new DunningInputError('attempt_in_future', `attempts[${index}].at`, `attempts[${index}].at is after now; pass only attempts that happened.`);
      }
      const network = String(attempt.network ?? attempt.decline?.network ?? 'unknown').toLowerCase();
      const decline = { ...attempt.decline, network };
      return { at, network, decline, classification: classifyDecline(decline) };
    })
    .sort((a, b) => a.at - b.at);
}

/**
 * Plans the next automatic retry of a failed payment, or returns why retries stop.
 *
 * The plan never breaks a card-network rule: no retry after a never-retry
 * decline, Mastercard MAC waits honoured, Visa attempts per 30 days and
 * Mastercard declines per 24 hours and per 30 days kept under the caps. Retries
 * land on the customer's local business days (no weekends, public holidays or
 * bank closures) within business hours, and `insufficient_funds` aims at the
 * next payday. Pure: the same input always gives the same plan.
 */
export function planNextRetry(input: RetryPlanInput): RetryPlan {
  const now = requireInstant(input?.now, 'now').getTime();
  const country = requireCountry(input.country, 'country');
  const timeZone = requireTimeZone(input.timeZone, 'timeZone');
  const policy = resolvePolicy(input.policy);
  const attempts = normalizeAttempts(input.attempts, now);
  const otherDeclines = (input.otherDeclinesOnCard ?? []).map((date, index) => requireInstant(date, `otherDeclinesOnCard[${index}]`).getTime());
  const latest = attempts[attempts.length - 1]!;
  const network = latest.network;
  const classification = input.decline === undefined ? latest.classification : classifyDecline({ ...input.decline, network: input.decline.network ?? network });

  const stop = (reason: RetryStopReason): RetryPlan => ({ kind: 'stop', reason, classification });

  // A never-retry decline anywhere in the history rules out this credential for good.
  if (classification.neverRetry || attempts.some((attempt) => attempt.classification.neverRetry)) return stop('never_retry');
  if (!classification.retryable) return stop('customer_action_required');
  if (!classification.known && !policy.retryUnknownDeclines) return stop('unknown_decline');
  const latestDecline = input.decline ?? latest.decline;
  if (policy.stopWithoutAdviceCode && !latestDecline.adviceCode && !latestDecline.networkAdviceCode) return stop('no_advice_code');

  const retryNumber = attempts.length;
  if (retryNumber > policy.maxRetries) return stop('max_retries');

  const windowEnd = attempts[0]!.at + policy.retryWindowDays * DAY_MS;
  const gapHours = policy.retryGapsHours[Math.min(retryNumber - 1, policy.retryGapsHours.length - 1)]!;
  let earliest = Math.max(now, latest.at + gapHours * HOUR_MS);
  let basis: RetryBasis = 'backoff';

  const networkWaitUntil = Math.max(...attempts.map((attempt) => attempt.at + attempt.classification.minimumWaitMs));
  if (networkWaitUntil > earliest) {
    earliest = networkWaitUntil;
    basis = 'network_wait';
  }

  let candidate = earliest;
  if (classification.reason === 'insufficient_funds') {
    const payday = paydayTarget(earliest, country, timeZone, policy);
    if (payday !== null && payday > candidate) {
      candidate = payday;
      basis = 'payday';
    }
  }

  // Each pass moves the candidate later only, so the loop ends; the bound is a guard against bad data.
  for (let pass = 0; pass < 64; pass += 1) {
    const slotted = nextBusinessSlot(candidate, country, timeZone, policy);
    const capped = respectNetworkCaps(slotted, network, attempts, otherDeclines, policy);
    if (capped === slotted) {
      candidate = slotted;
      break;
    }
    candidate = capped;
    basis = 'network_cap';
  }

  if (candidate > windowEnd) return stop('window_exhausted');
  return { kind: 'retry', at: new Date(candidate), basis, retryNumber, classification };
}

/** Returns the first instant at or after `instant` inside local business hours on a business day. */
export function nextBusinessSlot(instant: number, country: string, timeZone: string, policy: DunningPolicy): number {
  const local = toLocal(new Date(instant), timeZone);
  const { start, end } = policy.businessHours;
  const date: CivilDate = { year: local.year, month: local.month, day: local.day };
  if (isBusinessDay(country, date) && local.hour >= start && local.hour < end) return instant;

  const searchFrom = local.hour < start ? date : addDays(date, 1);
  let day = nearestBusinessDay(country, searchFrom);
  let opening = fromLocal(day, start, 0, timeZone).getTime();
  // A daylight-saving jump can put the opening before `instant` on the same day; move on a day then.
  while (opening < instant) {
    day = nearestBusinessDay(country, addDays(day, 1));
    opening = fromLocal(day, start, 0, timeZone).getTime();
  }
  return opening;
}

/** Returns the opening of business hours on the next payday, or null when that payday is too far off. */
function paydayTarget(earliest: number, country: string, timeZone: string, policy: DunningPolicy): number | null {
  const local = toLocal(new Date(earliest), timeZone);
  const today: CivilDate = { year: local.year, month: local.month, day: local.day };
  const rule = policy.paydays[country] ?? paydayRuleOf(country);
  // Once today's business hours are over, today's payday has passed for retry purposes.
  const searchFrom = local.hour >= policy.businessHours.end ? addDays(today, 1) : today;
  const payday = nextPayday(country, searchFrom, rule);
  if (compareDates(payday, addDays(today, policy.paydayMaxWaitDays)) > 0) return null;
  return fromLocal(payday, policy.businessHours.start, 0, timeZone).getTime();
}

/**
 * Returns `candidate` when one more attempt then stays within the network's
 * caps, or else the earliest later instant at which an old attempt has aged
 * out of the rolling window.
 */
function respectNetworkCaps(
  candidate: number,
  network: string,
  attempts: NormalizedAttempt[],
  otherDeclines: number[],
  policy: DunningPolicy,
): number {
  const own = attempts.map((attempt) => attempt.at);
  const limits: Array<{ windowMs: number; max: number; times: number[] }> = [];
  if (network === 'visa') limits.push({ windowMs: 30 * DAY_MS, max: policy.visaMaxAttemptsPer30Days, times: own });
  if (network === 'mastercard') {
    const allDeclines = [...own, ...otherDeclines].sort((a, b) => a - b);
    limits.push({ windowMs: DAY_MS, max: policy.mastercardMaxDeclinesPer24Hours, times: allDeclines });
    limits.push({ windowMs: 30 * DAY_MS, max: policy.mastercardMaxDeclinesPer30Days, times: allDeclines });
  }

  let result = candidate;
  for (const { windowMs, max, times } of limits) {
    const inWindow = times.filter((time) => time > result - windowMs);
    if (inWindow.length + 1 > max) {
      // The window must drop (count + 1 - max) attempts; the last of those to drop decides the time.
      const mustAgeOut = inWindow[inWindow.length - max]!;
      result = Math.max(result, mustAgeOut + windowMs + 1000);
    }
  }
  return result;
}
