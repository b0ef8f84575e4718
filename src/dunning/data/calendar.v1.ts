/**
 * Business-calendar data that the holiday libraries do not carry, version 1.
 *
 * Public holidays come from `@holiday-jp/holiday_jp` (Japan) and `date-holidays`
 * (every other country); this file holds only the extra bank closures and the
 * payday conventions used to time retries of `insufficient_funds` declines.
 */

/** A calendar day given as month and day, repeated every year. */
export interface AnnualClosure {
  month: number;
  day: number;
  name: string;
}

/** A payday: a day of the month, or `last` for the month's last day. */
export type PaydayDay = number | 'last';

export interface PaydayRule {
  days: PaydayDay[];
  /** Where a payday moves when it is not a business day. */
  shift: 'previous_business_day' | 'next_business_day';
}

export const calendarDataV1 = {
  version: 1,
  effective: '2026-01-01',
  /**
   * Bank closures beyond public holidays. Japanese banks close Dec 31 to Jan 3
   * under the Banking Act enforcement order (Jan 1 is also a public holiday).
   */
  bankClosures: {
    JP: [
      { month: 12, day: 31, name: 'Bank closure (year end)' },
      { month: 1, day: 1, name: 'Bank closure (new year)' },
      { month: 1, day: 2, name: 'Bank closure (new year)' },
      { month: 1, day: 3, name: 'Bank closure (new year)' },
    ],
  } as Record<string, AnnualClosure[]>,
  /**
   * Common salary days by country. These are conventions, not law, except that
   * Japan requires wages on a fixed date at least monthly; the 25th is by far
   * the most common Japanese payday, paid on the previous business day when the
   * 25th is a holiday.
   */
  paydays: {
    JP: { days: [25], shift: 'previous_business_day' },
    US: { days: [1, 15], shift: 'previous_business_day' },
    CA: { days: [15, 'last'], shift: 'previous_business_day' },
    GB: { days: ['last'], shift: 'previous_business_day' },
    IE: { days: ['last'], shift: 'previous_business_day' },
    DE: { days: ['last'], shift: 'previous_business_day' },
    FR: { days: ['last'], shift: 'previous_business_day' },
    ES: { days: ['last'], shift: 'previous_business_day' },
    DK: { days: ['last'], shift: 'previous_business_day' },
    SE: { days: [25], shift: 'previous_business_day' },
    NO: { days: [20], shift: 'previous_business_day' },
  } as Record<string, PaydayRule>,
  /** Used for countries missing from `paydays`: semi-monthly pay on the 1st and 15th. */
  defaultPayday: { days: [1, 15], shift: 'previous_business_day' } as PaydayRule,
} as const;
