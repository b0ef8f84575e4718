import { formatMoney, type FormatMoneyOptions } from '../money/index.js';
import { I18nError } from './errors.js';

/** A point in time: a Date, epoch milliseconds, or an ISO 8601 string. */
export type DateInput = Date | number | string;

/**
 * Locale-bound formatting for components; every method uses Intl with this
 * locale. Date options, when given, replace the default style, and the time
 * zone always comes from the formatters.
 */
export interface Formatters {
  /** The BCP 47 tag that Intl formats with. */
  readonly locale: string;
  /** The IANA time zone for dates and times. */
  readonly timeZone: string;
  /**
   * Formats a date (default `dateStyle: 'medium'`) in the time zone. A
   * `YYYY-MM-DD` string is a calendar date and formats as {@link dateOnly} does.
   */
  date(value: DateInput, options?: Intl.DateTimeFormatOptions): string;
  /** Formats a `YYYY-MM-DD` calendar date as that same day in every time zone. */
  dateOnly(value: string, options?: Intl.DateTimeFormatOptions): string;
  /** Formats a date and time (default medium date, short time) in the time zone. */
  dateTime(value: DateInput, options?: Intl.DateTimeFormatOptions): string;
  /**
   * Returns the number of calendar days from `now` to `deadline` in the time
   * zone: 0 today, 1 tomorrow, -2 the day before yesterday.
   */
  daysUntil(deadline: DateInput, now?: DateInput): number;
  /**
   * Formats the time until (or since) a deadline with Intl.RelativeTimeFormat:
   * "in 3 days", "tomorrow", "2 days ago". Under an hour away it counts
   * minutes, under a day hours, and beyond that calendar days in the time
   * zone. A `YYYY-MM-DD` deadline always counts calendar days.
   */
  relativeDeadline(deadline: DateInput, now?: DateInput): string;
  /** Joins items with Intl.ListFormat; default `type: 'conjunction'` ("a, b, and c"). */
  list(items: Iterable<string>, options?: Intl.ListFormatOptions): string;
  number(value: number | bigint, options?: Intl.NumberFormatOptions): string;
  /** Formats a fraction as a percentage (0.08 is 8%), with up to 2 decimals by default (5.5%). */
  percent(fraction: number, options?: Intl.NumberFormatOptions): string;
  /** Formats an integer minor-unit amount with Keel's currency digits (see `formatMoney`). */
  money(amountMinor: number, currency: string, options?: FormatMoneyOptions): string;
}

const DATE_ONLY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

/** Returns UTC midnight of a `YYYY-MM-DD` date, or undefined if the text is not a real calendar date. */
function parseDateOnly(value: string): Date | undefined {
  const match = DATE_ONLY_PATTERN.exec(value);
  if (!match) return undefined;

  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(0);
  // setUTCFullYear keeps years 0-99 as written, where Date.UTC would add 1900.
  date.setUTCFullYear(year, month - 1, day);
  const roundTrips = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return roundTrips ? date : undefined;
}

function invalidDate(value: unknown, param: string, expected: string): I18nError {
  return new I18nError('invalid_date', param, `Invalid date ${JSON.stringify(String(value))}: expected ${expected}.`);
}

function toDate(value: DateInput, param: string): Date {
  const date = value instanceof Date ? new Date(value.getTime())
    : typeof value === 'number' ? new Date(value)
    : typeof value === 'string' ? new Date(value)
    : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw invalidDate(value, param, 'a valid Date, epoch milliseconds or an ISO 8601 string');
  }
  return date;
}

function isDateOnly(value: DateInput): value is string {
  return typeof value === 'string' && DATE_ONLY_PATTERN.test(value);
}

function cacheKey(options: object | undefined): string {
  return options ? JSON.stringify(options) : '';
}

/**
 * Creates formatters bound to `locale` and `timeZone` (default: the runtime's
 * own time zone). Intl objects are created once per distinct options and reused.
 * @throws {I18nError} `invalid_locale` or `invalid_time_zone` when Intl rejects them.
 */
export function createFormatters(locale: string, timeZone?: string): Formatters {
  try {
    Intl.getCanonicalLocales(locale);
  } catch {
    throw new I18nError('invalid_locale', 'locale', `Invalid locale ${JSON.stringify(locale)}: expected a BCP 47 tag such as en or ja-JP.`);
  }

  let resolvedTimeZone: string;
  try {
    resolvedTimeZone = new Intl.DateTimeFormat(locale, { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new I18nError('invalid_time_zone', 'timeZone', `Invalid time zone ${JSON.stringify(timeZone)}: expected an IANA name such as Asia/Tokyo or UTC.`);
  }

  const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
  const numberFormats = new Map<string, Intl.NumberFormat>();
  const listFormats = new Map<string, Intl.ListFormat>();
  let relativeTimeFormat: Intl.RelativeTimeFormat | undefined;

  function dateTimeFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    const key = cacheKey(options);
    let format = dateTimeFormats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, options);
      dateTimeFormats.set(key, format);
    }
    return format;
  }

  function numberFormat(options: Intl.NumberFormatOptions | undefined): Intl.NumberFormat {
    const key = cacheKey(options);
    let format = numberFormats.get(key);
    if (!format) {
      format = new Intl.NumberFormat(locale, options);
      numberFormats.set(key, format);
    }
    return format;
  }

  // Calendar fields of an instant in the time zone, read with Latin digits whatever the locale.
  const calendarParts = new Intl.DateTimeFormat('en-US', {
    timeZone: resolvedTimeZone,
    calendar: 'gregory',
    numberingSystem: 'latn',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  });

  /** Returns the day number (days since 1970-01-01) of the instant's calendar date in the time zone. */
  function localDayNumber(date: Date): number {
    const fields: Record<string, number> = {};
    for (const part of calendarParts.formatToParts(date)) fields[part.type] = Number(part.value);
    const midnight = new Date(0);
    midnight.setUTCFullYear(fields.year ?? 1970, (fields.month ?? 1) - 1, fields.day ?? 1);
    return Math.round(midnight.getTime() / MS_PER_DAY);
  }

  function dayNumber(value: DateInput, param: string): number {
    if (isDateOnly(value)) {
      const date = parseDateOnly(value);
      if (!date) throw invalidDate(value, param, 'a real calendar date in YYYY-MM-DD form');
      return Math.round(date.getTime() / MS_PER_DAY);
    }
    return localDayNumber(toDate(value, param));
  }

  function relativeFormat(): Intl.RelativeTimeFormat {
    relativeTimeFormat ??= new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    return relativeTimeFormat;
  }

  const formatters: Formatters = {
    locale,
    timeZone: resolvedTimeZone,

    date(value, options) {
      if (isDateOnly(value)) return formatters.dateOnly(value, options);
      const date = toDate(value, 'date');
      return dateTimeFormat({ ...(options ?? { dateStyle: 'medium' }), timeZone: resolvedTimeZone }).format(date);
    },

    dateOnly(value, options) {
      const date = typeof value === 'string' ? parseDateOnly(value) : undefined;
      if (!date) throw invalidDate(value, 'date', 'a real calendar date in YYYY-MM-DD form');
      // The date is UTC midnight, so formatting in UTC shows the same calendar day everywhere.
      return dateTimeFormat({ ...(options ?? { dateStyle: 'medium' }), timeZone: 'UTC' }).format(date);
    },

    dateTime(value, options) {
      if (isDateOnly(value)) {
        throw invalidDate(value, 'date', 'a date and time; format a YYYY-MM-DD date with date() or dateOnly()');
      }
      const date = toDate(value, 'date');
      const fields = options ?? { dateStyle: 'medium', timeStyle: 'short' };
      return dateTimeFormat({ ...fields, timeZone: resolvedTimeZone }).format(date);
    },

    daysUntil(deadline, now = Date.now()) {
      return dayNumber(deadline, 'deadline') - dayNumber(now, 'now');
    },

    relativeDeadline(deadline, now = Date.now()) {
      if (!isDateOnly(deadline)) {
        const remaining = toDate(deadline, 'deadline').getTime() - toDate(now, 'now').getTime();
        if (Math.abs(remaining) < MS_PER_HOUR) {
          return relativeFormat().format(Math.round(remaining / MS_PER_MINUTE), 'minute');
        }
        if (Math.abs(remaining) < MS_PER_DAY) {
          return relativeFormat().format(Math.round(remaining / MS_PER_HOUR), 'hour');
        }
      }
      return relativeFormat().format(formatters.daysUntil(deadline, now), 'day');
    },

    list(items, options) {
      const key = cacheKey(options);
      let format = listFormats.get(key);
      if (!format) {
        format = new Intl.ListFormat(locale, { type: 'conjunction', ...options });
        listFormats.set(key, format);
      }
      return format.format(items);
    },

    number(value, options) {
      return numberFormat(options).format(value);
    },

    percent(fraction, options) {
      return numberFormat({ maximumFractionDigits: 2, ...options, style: 'percent' }).format(fraction);
    },

    money(amountMinor, currency, options) {
      return formatMoney(amountMinor, currency, locale, options);
    },
  };

  return formatters;
}
