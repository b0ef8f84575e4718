/**
 * Dates, amounts, rates and addresses as printed on invoice PDFs.
 *
 * Each formatter tries the customer's locale first. When the result has
 * characters the embedded font cannot draw (Arabic-Indic digits, Hangul month
 * names), it retries with Latin digits and then with English. That way a date
 * or an amount never prints as a run of `?`.
 *
 * @module
 */
import type { Address } from '../../contract/primitives.js';
import { formatMoney } from '../../money/index.js';
import { canDraw, toDrawable } from './text.js';

export interface PdfFormatter {
  money(amountMinor: number): string;
  /** An instant as a calendar date in the customer's time zone. */
  instantDate(instant: string): string;
  /** An instant range such as a service period, in the customer's time zone. */
  instantRange(start: string, end: string): string;
  /** A date-only value (`YYYY-MM-DD`), printed as that same calendar day everywhere. */
  dateOnly(date: string): string;
  percent(ratePercent: number): string;
  quantity(quantity: number): string;
  /** Address lines in the order the address's country writes them. */
  address(address: Address): string[];
  /** Makes any other text drawable with the embedded font, on one line. */
  text(value: string): string;
  /** Like `text`, keeping line breaks. */
  multiline(value: string): string;
}

export interface PdfFormatterOptions {
  locale: string;
  timeZone: string;
  currency: string;
  codePoints: ReadonlySet<number>;
}

/** Candidate locales for one value: the customer's, with Latin digits, English. */
function localeChain(locale: string): string[] {
  const chain = [locale];
  try {
    const latin = new Intl.Locale(locale, { numberingSystem: 'latn' }).toString();
    if (latin !== locale) chain.push(latin);
  } catch {
    // An invalid tag goes straight to English.
  }
  chain.push('en');
  return chain;
}

export function createPdfFormatter(options: PdfFormatterOptions): PdfFormatter {
  const { timeZone, currency, codePoints } = options;
  const chain = localeChain(options.locale);

  const firstDrawable = (format: (locale: string) => string): string => {
    let last = '';
    for (const locale of chain) {
      try {
        last = format(locale);
      } catch (error) {
        if (error instanceof RangeError) continue;
        throw error;
      }
      if (canDraw(last, codePoints)) return toDrawable(last, codePoints);
    }
    return toDrawable(last, codePoints);
  };

  const dateFormat = (locale: string, zone: string): Intl.DateTimeFormat =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: zone });

  const regionName = (country: string): string =>
    firstDrawable((locale) => new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(country) ?? country);

  return {
    money: (amountMinor) => firstDrawable((locale) => formatMoney(amountMinor, currency, locale)),

    instantDate: (instant) => firstDrawable((locale) => dateFormat(locale, timeZone).format(new Date(instant))),

    instantRange: (start, end) =>
      firstDrawable((locale) => dateFormat(locale, timeZone).formatRange(new Date(start), new Date(end))),

    dateOnly: (date) => firstDrawable((locale) => dateFormat(locale, 'UTC').format(parseDateOnly(date))),

    percent: (ratePercent) =>
      firstDrawable((locale) =>
        new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 4 }).format(percentToFraction(ratePercent)),
      ),

    quantity: (quantity) => firstDrawable((locale) => new Intl.NumberFormat(locale).format(quantity)),

    address: (address) => formatAddress(address, options.locale, regionName).map((line) => toDrawable(line, codePoints)),

    text: (value) => toDrawable(value, codePoints),

    multiline: (value) => toDrawable(value, codePoints, true),
  };
}

/** Midnight UTC of a `YYYY-MM-DD` date, formatted in UTC so no zone shifts the day. */
function parseDateOnly(date: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Invalid date-only value "${date}": expected YYYY-MM-DD.`);
  const [, year, month, day] = match;
  return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
}

/**
 * Converts a percentage such as 8 or 7.7 to the fraction Intl expects, through
 * the decimal text so that 7.7 gives 0.077 and not 0.07700000000000001.
 */
function percentToFraction(ratePercent: number): number {
  return Number(`${ratePercent}e-2`);
}

function formatAddress(address: Address, locale: string, regionName: (country: string) => string): string[] {
  const present = (parts: (string | null)[], separator: string): string =>
    parts.filter((part): part is string => part !== null && part.trim() !== '').join(separator);

  // Japanese addresses run from the largest unit to the smallest, after the 〒 postal code.
  if (address.country === 'JP' && locale.toLowerCase().startsWith('ja')) {
    return [
      address.postal_code ? `〒${address.postal_code}` : '',
      present([address.state, address.city, address.line1], ''),
      address.line2 ?? '',
    ].filter((line) => line.trim() !== '');
  }

  const cityLine = address.country === 'US' || address.country === 'CA' || address.country === 'AU'
    ? present([present([address.city, address.state], ', '), address.postal_code], ' ')
    : present([present([address.postal_code, address.city], ' '), address.state], ', ');
  return [address.line1 ?? '', address.line2 ?? '', cityLine, regionName(address.country)].filter((line) => line.trim() !== '');
}
