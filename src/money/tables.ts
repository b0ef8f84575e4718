/**
 * Currency digit tables. They are kept as two separate tables on purpose:
 * the API exponent (how many minor units make one major unit in stored and
 * transmitted integer amounts) and the display digits (how many decimals a
 * person sees) differ for ISK and MGA, and may differ for more currencies when
 * a processor changes its rules. Never derive one table from the other.
 *
 * Every active ISO 4217 code (plus the recently withdrawn ANG, HRK, SLL and
 * ZWL, which processors still accept) is a key of both tables, so a code
 * missing from a table is an unknown currency, never a silent default.
 */

/** ISO 4217 codes with the default of 2 decimals. */
const TWO_DECIMAL_CODES = [
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN',
  'BAM', 'BBD', 'BDT', 'BGN', 'BMD', 'BND', 'BOB', 'BOV', 'BRL', 'BSD',
  'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CNY',
  'COP', 'COU', 'CRC', 'CUP', 'CVE', 'CZK', 'DKK', 'DOP', 'DZD', 'EGP',
  'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD',
  'GTQ', 'GYD', 'HKD', 'HNL', 'HRK', 'HTG', 'HUF', 'IDR', 'ILS', 'INR',
  'IRR', 'JMD', 'KES', 'KGS', 'KHR', 'KPW', 'KYD', 'KZT', 'LAK', 'LBP',
  'LKR', 'LRD', 'LSL', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP',
  'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN', 'NAD', 'NGN',
  'NIO', 'NOK', 'NPR', 'NZD', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN',
  'QAR', 'RON', 'RSD', 'RUB', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD',
  'SHP', 'SLE', 'SLL', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL',
  'THB', 'TJS', 'TMT', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'USD',
  'USN', 'UYU', 'UZS', 'VED', 'VES', 'WST', 'XCD', 'XCG', 'YER', 'ZAR',
  'ZMW', 'ZWG', 'ZWL',
] as const;

/**
 * ISO 4217 currencies whose minor unit is not 2 decimals. Source: the ISO 4217
 * list as generated into Firefox's `js/src/builtin/intl/CurrencyDataGenerated.js`
 * (data version 2026-01-01). MGA and MRU divide into fifths, and ISO still records them as 2.
 */
const ISO_NON_TWO_DECIMAL = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0,
  RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
} as const;

export type CurrencyCode =
  | (typeof TWO_DECIMAL_CODES)[number]
  | keyof typeof ISO_NON_TWO_DECIMAL;

type DigitTable = Readonly<Record<CurrencyCode, number>>;

/** Builds a table over every known code: 2 digits unless `exceptions` lists the code. */
function buildTable(exceptions: Partial<Record<CurrencyCode, number>>): DigitTable {
  const table = {} as Record<CurrencyCode, number>;
  const codes = [...TWO_DECIMAL_CODES, ...Object.keys(ISO_NON_TWO_DECIMAL)] as CurrencyCode[];
  for (const code of codes) table[code] = 2;
  Object.assign(table, exceptions);
  return Object.freeze(table);
}

/**
 * Display digits: the number of decimals shown to people, from ISO 4217
 * (source above). Browsers disagree on some of these (Chromium's CLDR data
 * shows IQD with 0 digits, Firefox with 3), which is why formatting passes
 * these digits to Intl.NumberFormat explicitly.
 */
export const DISPLAY_DIGITS: DigitTable = buildTable(ISO_NON_TWO_DECIMAL);

/**
 * Stripe API exponent: amounts in Stripe's API (and in Keel's contract) are
 * integers in units of 10^-exponent of the currency. Source: Stripe's
 * "Supported currencies" page, sections "Zero-decimal currencies",
 * "Three-decimal currencies" and "Special cases" (docs.stripe.com/currencies).
 *
 * - Zero-decimal: BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF
 *   XPF. MGA is 2 in ISO but 0 in Stripe.
 * - Three-decimal: BHD JOD KWD OMR TND, and Stripe requires the last digit
 *   of such amounts to be 0.
 * - ISK stays 2 in the API (100 = 1 króna) although ISO gives 0, and since
 *   2023-04-14 Stripe requires ISK amounts to be multiples of 100.
 * - HUF and TWD are charged with 2 decimals, but payouts must be whole units.
 *
 * NOTE: Stripe does not list IQD, LYD, CLF, UYI or UYW. Their exponent here
 * follows ISO so amounts in the sandbox stay exact.
 */
export const STRIPE_EXPONENT: DigitTable = buildTable({
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, JPY: 0, KMF: 0, KRW: 0, MGA: 0, PYG: 0,
  RWF: 0, UGX: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, JOD: 3, KWD: 3, OMR: 3, TND: 3,
  ISK: 2,
  IQD: 3, LYD: 3, CLF: 4, UYI: 0, UYW: 4,
});
