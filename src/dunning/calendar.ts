import Holidays from 'date-holidays';
import holidayJp from '@holiday-jp/holiday_jp';
import { calendarDataV1, type PaydayRule } from './data/calendar.v1.js';

/** A calendar date without a time zone. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** Wall-clock time in one time zone. `weekday` is ISO: 1 Monday ... 7 Sunday. */
export interface LocalDateTime extends CivilDate {
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const DAY_MS = 86_400_000;

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterCache.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatterCache.set(timeZone, formatter);
  }
  return formatter;
}

/** Converts an instant to the wall-clock time in `timeZone`. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const civil = { year: fields.year ?? 0, month: fields.month ?? 1, day: fields.day ?? 1 };
  return { ...civil, hour: fields.hour ?? 0, minute: fields.minute ?? 0, second: fields.second ?? 0, weekday: isoWeekday(civil) };
}

function offsetMs(instant: number, timeZone: string): number {
  const local = toLocal(new Date(instant), timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * Returns the instant at which the wall clock in `timeZone` shows the given
 * date and time. A repeated time (clocks going back) resolves to its first
 * occurrence. A skipped time (clocks going forward) resolves to the later
 * reading of the offset, e.g. 02:30 on a spring-forward night becomes 03:30.
 */
export function fromLocal(date: CivilDate, hour: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const candidates = [wall - offsetMs(wall - DAY_MS, timeZone), wall - offsetMs(wall + DAY_MS, timeZone)].sort((a, b) => a - b);
  const matching = candidates.find((instant) => {
    const local = toLocal(new Date(instant), timeZone);
    return local.day === date.day && local.hour === hour && local.minute === minute;
  });
  return new Date(matching ?? candidates[candidates.length - 1]!);
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  return Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day);
}

export function formatDate(date: CivilDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoWeekday(date: CivilDate): number {
  const sundayZero = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return sundayZero === 0 ? 7 : sundayZero;
}

const weekendCache = new Map<string, readonly number[]>();

/** Weekend days (ISO weekday numbers) of a country, from the Unicode CLDR data in Intl. */
export function weekendOf(country: string): readonly number[] {
  let weekend = weekendCache.get(country);
  if (weekend === undefined) {
    weekend = [6, 7];
    try {
      const locale = new Intl.Locale(`und-${country}`) as Intl.Locale & { weekInfo?: { weekend?: number[] } };
      if (Array.isArray(locale.weekInfo?.weekend)) weekend = locale.weekInfo.weekend;
    } catch {
      // An unknown region keeps the Saturday and Sunday default.
    }
    weekendCache.set(country, weekend);
  }
  return weekend;
}

// holiday_jp ships one fixed table, so years after its last entry fall back to date-holidays.
const japanHolidays = holidayJp.holidays as unknown as Record<string, unknown>;
const japanTableLastYear = Math.max(...Object.keys(japanHolidays).map((key) => Number(key.slice(0, 4))));

const holidaysByCountry = new Map<string, Holidays | null>();
let worldwideCountries: Record<string, string> | undefined;
const holidayYearCache = new Map<string, ReadonlySet<string>>();

function worldwideCalendar(country: string): Holidays | null {
  if (!holidaysByCountry.has(country)) {
    worldwideCountries ??= new Holidays().getCountries();
    const known = Object.hasOwn(worldwideCountries, country);
    holidaysByCountry.set(country, known ? new Holidays(country, { types: ['public', 'bank'] }) : null);
  }
  return holidaysByCountry.get(country) ?? null;
}

function holidaysOf(country: string, year: number): ReadonlySet<string> {
  const key = `${country}:${year}`;
  let dates = holidayYearCache.get(key);
  if (dates !== undefined) return dates;

  const collected = new Set<string>();
  if (country === 'JP' && year <= japanTableLastYear) {
    // holiday_jp includes every 国民の休日 (e.g. 2032-09-21) that date-holidays 3.x misses.
    for (const date of Object.keys(japanHolidays)) if (date.startsWith(`${year}-`)) collected.add(date);
  } else {
    // NOTE: for Japan after holiday_jp's last year, date-holidays 3.37 misses some 国民の休日 (e.g. 2060-09-21).
    const calendar = worldwideCalendar(country);
    for (const holiday of calendar?.getHolidays(year) ?? []) {
      if (holiday.type === 'public' || holiday.type === 'bank') collected.add(holiday.date.slice(0, 10));
    }
  }
  for (const closure of calendarDataV1.bankClosures[country] ?? []) {
    collected.add(formatDate({ year, month: closure.month, day: closure.day }));
  }
  dates = collected;
  holidayYearCache.set(key, dates);
  return dates;
}

/** Returns whether holiday data covers the country; without it only weekends are closed days. */
export function hasHolidayCalendar(country: string): boolean {
  return country === 'JP' || worldwideCalendar(country) !== null;
}

/** Returns whether a date is a public holiday or bank closure in the country. */
export function isHoliday(country: string, date: CivilDate): boolean {
  return holidaysOf(country, date.year).has(formatDate(date));
}

/** Returns whether banks in the country are open on the date: not a weekend, holiday or bank closure. */
export function isBusinessDay(country: string, date: CivilDate): boolean {
  return !weekendOf(country).includes(isoWeekday(date)) && !isHoliday(country, date);
}

/** Returns the first business day on or after `date` (or on or before it, with `direction` -1). */
export function nearestBusinessDay(country: string, date: CivilDate, direction: 1 | -1 = 1): CivilDate {
  let current = date;
  // No calendar has a closure of more than a few weeks; the bound stops runaway loops on bad data.
  for (let step = 0; step < 366; step += 1) {
    if (isBusinessDay(country, current)) return current;
    current = addDays(current, direction);
  }
  throw new Error(`No business day within a year of ${formatDate(date)} in ${country}.`);
}

export function paydayRuleOf(country: string): PaydayRule {
  return calendarDataV1.paydays[country] ?? calendarDataV1.defaultPayday;
}

/** Returns the paydays of one month, each moved to a business day by the country's rule. */
export function paydaysInMonth(country: string, year: number, month: number, rule: PaydayRule = paydayRuleOf(country)): CivilDate[] {
  const lastDay = daysInMonth(year, month);
  const direction = rule.shift === 'previous_business_day' ? -1 : 1;
  const days = rule.days.map((day) => {
    const nominal = { year, month, day: day === 'last' ? lastDay : Math.min(day, lastDay) };
    return nearestBusinessDay(country, nominal, direction);
  });
  return days.sort(compareDates);
}

/** Returns the first payday (after business-day shifting) on or after `date`. */
export function nextPayday(country: string, date: CivilDate, rule: PaydayRule = paydayRuleOf(country)): CivilDate {
  let year = date.year;
  let month = date.month;
  for (let step = 0; step < 3; step += 1) {
    const found = paydaysInMonth(country, year, month, rule).find((payday) => compareDates(payday, date) >= 0);
    if (found !== undefined) return found;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  throw new Error(`Payday rule for ${country} has no day in three months after ${formatDate(date)}.`);
}
