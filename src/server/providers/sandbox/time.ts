// Calendar arithmetic in UTC for billing periods, and Japan time for konbini.

import type { PriceInterval } from '../../store/index.js';

const DAY_MS = 86_400_000;

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * Returns `anchor` moved by `count` intervals. Months and years keep the
 * anchor's day of month, clamped to the month's last day (an anchor on Jan 31
 * gives Feb 28, then Mar 31), the way Stripe keeps a billing cycle anchor.
 */
export function addInterval(anchor: Date, interval: PriceInterval, count: number): Date {
  if (interval === 'day') return new Date(anchor.getTime() + count * DAY_MS);
  if (interval === 'week') return new Date(anchor.getTime() + count * 7 * DAY_MS);

  const months = interval === 'year' ? count * 12 : count;
  const totalMonths = anchor.getUTCFullYear() * 12 + anchor.getUTCMonth() + months;
  const year = Math.floor(totalMonths / 12);
  const monthIndex = totalMonths - year * 12;
  const day = Math.min(anchor.getUTCDate(), daysInMonth(year, monthIndex));
  return new Date(
    Date.UTC(year, monthIndex, day, anchor.getUTCHours(), anchor.getUTCMinutes(), anchor.getUTCSeconds(), anchor.getUTCMilliseconds()),
  );
}

/** Returns the first period boundary of the billing cycle anchored at `anchor` that is after `after`. */
export function nextPeriodEnd(anchor: Date, interval: PriceInterval, intervalCount: number, after: Date): Date {
  let periods = 1;
  if (interval === 'month' || interval === 'year') {
    const monthsPerPeriod = (interval === 'year' ? 12 : 1) * intervalCount;
    const elapsedMonths =
      (after.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (after.getUTCMonth() - anchor.getUTCMonth());
    periods = Math.max(1, Math.floor(elapsedMonths / monthsPerPeriod));
  } else {
    const periodMs = (interval === 'week' ? 7 : 1) * DAY_MS * intervalCount;
    periods = Math.max(1, Math.floor((after.getTime() - anchor.getTime()) / periodMs));
  }
  // The estimate can be one period early or late around month ends; step to the exact boundary.
  while (periods > 1 && addInterval(anchor, interval, (periods - 1) * intervalCount) > after) periods -= 1;
  while (addInterval(anchor, interval, periods * intervalCount) <= after) periods += 1;
  return addInterval(anchor, interval, periods * intervalCount);
}

const JST_OFFSET_MS = 9 * 3_600_000;

/**
 * Returns 23:59:59 Japan time on the day `days` calendar days after the Japan
 * date of `from`. Japan has no daylight saving time, so a fixed +09:00 offset
 * is exact.
 */
export function endOfDayJst(from: Date, days: number): Date {
  const jst = new Date(from.getTime() + JST_OFFSET_MS);
  const endJst = Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate() + days, 23, 59, 59);
  return new Date(endJst - JST_OFFSET_MS);
}

/** Returns the calendar date (YYYY-MM-DD) of `instant` in `timeZone`. */
export function dateInTimeZone(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const value = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${value('year')}-${value('month')}-${value('day')}`;
}

export function addDaysMs(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * DAY_MS);
}

export function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}
