import { addDays, fromLocal, isBusinessDay, nearestBusinessDay, toLocal, type CivilDate } from './calendar.js';
import { DunningInputError, requireCountry, requireInstant, requireTimeZone } from './errors.js';
import { resolvePolicy, type DunningPolicy } from './policy.js';

const DAY_MS = 86_400_000;

/** Banner status, from no problem to service suspended. */
export type DunningStatus = 'none' | 'retrying' | 'action_required' | 'final_notice' | 'suspended';

/** Urgency of the banner copy. */
export type DunningTone = 'friendly' | 'firm' | 'final';

export interface StageInput {
  /** First failed charge of the unpaid invoice; null when nothing is unpaid. */
  firstFailureAt: Date | null;
  now: Date;
  country: string;
  timeZone: string;
  /** Deadline set by the billing provider; defaults to `firstFailureAt` plus `policy.graceDays`. */
  deadline?: Date;
  /** The customer must act before a payment can succeed (new card, authentication). */
  customerMustAct?: boolean;
  /** Automatic retries are over (none left, or none allowed), so only the customer can fix it. */
  retriesExhausted?: boolean;
  policy?: Partial<DunningPolicy>;
}

/** Non-business days in a row around a deadline, as local dates (inclusive). */
export interface HolidayPeriod {
  first: CivilDate;
  last: CivilDate;
}

export interface DunningStage {
  status: DunningStatus;
  tone: DunningTone;
  /** Whole days since the first failure (0 on the day it failed); null when nothing is unpaid. */
  daysSinceFirstFailure: number | null;
  /** Effective deadline, after moving it out of a holiday period; null when nothing is unpaid. */
  deadline: Date | null;
  /** Deadline before the holiday move; equal to `deadline` when no move was needed. */
  originalDeadline: Date | null;
  /** Holiday period the original deadline fell into, or null. */
  holidayPeriod: HolidayPeriod | null;
  /** True when the tone was stepped down because a holiday period is near or under way. */
  toneSoftenedForHoliday: boolean;
}

const GENTLER: Record<DunningTone, DunningTone> = { final: 'firm', firm: 'friendly', friendly: 'friendly' };

/**
 * Moves a deadline that falls on a weekend, public holiday or bank closure in
 * the customer's country to the same local time on the next business day.
 */
export function moveDeadlineOutOfHolidays(
  deadline: Date,
  country: string,
  timeZone: string,
): { deadline: Date; holidayPeriod: HolidayPeriod | null } {
  const local = toLocal(deadline, timeZone);
  const date: CivilDate = { year: local.year, month: local.month, day: local.day };
  if (isBusinessDay(country, date)) return { deadline, holidayPeriod: null };

  const nextOpen = nearestBusinessDay(country, date, 1);
  const previousOpen = nearestBusinessDay(country, date, -1);
  return {
    deadline: fromLocal(nextOpen, local.hour, local.minute, timeZone),
    holidayPeriod: { first: addDays(previousOpen, 1), last: addDays(nextOpen, -1) },
  };
}

/**
 * Decides the banner status and tone from the days since the first failure
 * and the deadline. The status is `suspended` from the deadline on, and
 * `final_notice` within `finalNoticeDays` of it or once automatic retries are
 * over. Before that it is `action_required` when the customer must act, and
 * `retrying` otherwise. The tone is friendly for the
 * first `firmAfterDays`, firm after that and final in the last stages, and one
 * step gentler from `holidayGentleDays` before a holiday period that moved the
 * deadline until that period ends.
 */
export function assessStage(input: StageInput): DunningStage {
  const now = requireInstant(input?.now, 'now').getTime();
  const country = requireCountry(input.country, 'country');
  const timeZone = requireTimeZone(input.timeZone, 'timeZone');
  const policy: DunningPolicy = resolvePolicy(input.policy);

  if (input.firstFailureAt === null || input.firstFailureAt === undefined) {
    return {
      status: 'none',
      tone: 'friendly',
      daysSinceFirstFailure: null,
      deadline: null,
      originalDeadline: null,
      holidayPeriod: null,
      toneSoftenedForHoliday: false,
    };
  }
  const firstFailure = requireInstant(input.firstFailureAt, 'firstFailureAt').getTime();
  if (firstFailure > now) {
    throw new DunningInputError('failure_in_future', 'firstFailureAt', 'firstFailureAt is after now; pass the time of a failure that happened.');
  }
  const originalDeadline =
    input.deadline === undefined ? new Date(firstFailure + policy.graceDays * DAY_MS) : requireInstant(input.deadline, 'deadline');
  if (originalDeadline.getTime() < firstFailure) {
    throw new DunningInputError('invalid_deadline', 'deadline', 'deadline must not be before firstFailureAt.');
  }

  const { deadline, holidayPeriod } = moveDeadlineOutOfHolidays(originalDeadline, country, timeZone);
  const daysSinceFirstFailure = Math.floor((now - firstFailure) / DAY_MS);
  const msToDeadline = deadline.getTime() - now;

  let status: DunningStatus;
  if (msToDeadline <= 0) status = 'suspended';
  else if (msToDeadline <= policy.finalNoticeDays * DAY_MS || input.retriesExhausted === true) status = 'final_notice';
  else if (input.customerMustAct === true) status = 'action_required';
  else status = 'retrying';

  let tone: DunningTone;
  if (status === 'suspended' || status === 'final_notice') tone = 'final';
  else tone = daysSinceFirstFailure < policy.firmAfterDays ? 'friendly' : 'firm';

  let toneSoftenedForHoliday = false;
  if (holidayPeriod !== null && status !== 'suspended') {
    const gentleFrom = fromLocal(addDays(holidayPeriod.first, -policy.holidayGentleDays), 0, 0, timeZone).getTime();
    const periodEnds = fromLocal(addDays(holidayPeriod.last, 1), 0, 0, timeZone).getTime();
    if (now >= gentleFrom && now < periodEnds && GENTLER[tone] !== tone) {
      tone = GENTLER[tone];
      toneSoftenedForHoliday = true;
    }
  }

  return { status, tone, daysSinceFirstFailure, deadline, originalDeadline, holidayPeriod, toneSoftenedForHoliday };
}
