import { DISPLAY_DIGITS, STRIPE_EXPONENT, type CurrencyCode } from './tables.js';

export type MoneyErrorCode = 'unknown_currency' | 'invalid_amount' | 'invalid_locale';

/** Error for bad money input: a stable `code`, a message and the offending `param`. */
export class MoneyError extends Error {
  readonly code: MoneyErrorCode;
  readonly param: string;

  constructor(code: MoneyErrorCode, param: string, message: string) {
    super(message);
    this.name = 'MoneyError';
    this.code = code;
    this.param = param;
  }
}

/** Returns true when `code` (any letter case) is a currency in Keel's tables. */
export function isCurrencyCode(code: unknown): boolean {
  return typeof code === 'string' && Object.hasOwn(STRIPE_EXPONENT, code.toUpperCase());
}

/**
 * Normalizes a currency code to upper case (Stripe sends `jpy`, ISO writes
 * `JPY`) and checks it against the tables.
 * @throws {MoneyError} `unknown_currency` when the code is not in the tables.
 */
export function toCurrencyCode(code: string): CurrencyCode {
  if (!isCurrencyCode(code)) {
    const quoted = typeof code === 'string' ? `"${code}"` : String(code);
    throw new MoneyError(
      'unknown_currency',
      'currency',
      `Unknown currency code ${quoted}: expected an ISO 4217 code such as USD, EUR or JPY.`,
    );
  }
  return code.toUpperCase() as CurrencyCode;
}

/**
 * Returns the exponent of the currency's minor unit in Stripe's API and in
 * Keel's contract: an amount of `n` minor units is `n / 10^exponent` major units.
 */
export function currencyExponent(code: string): number {
  return STRIPE_EXPONENT[toCurrencyCode(code)];
}

/** Returns the number of decimals shown to people for the currency (ISO 4217). */
export function displayDigits(code: string): number {
  return DISPLAY_DIGITS[toCurrencyCode(code)];
}

function assertMinorAmount(amountMinor: number, param: string): void {
  if (typeof amountMinor !== 'number' || !Number.isSafeInteger(amountMinor)) {
    throw new MoneyError(
      'invalid_amount',
      param,
      `Invalid amount ${String(amountMinor)}: expected a safe integer in the currency's minor unit.`,
    );
  }
}

/** Writes `amountMinor / 10^exponent` as an exact decimal string, by moving the point. */
function shiftPointLeft(amountMinor: number, exponent: number): string {
  const sign = amountMinor < 0 ? '-' : '';
  const digits = String(Math.abs(amountMinor)).padStart(exponent + 1, '0');
  const integerPart = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return exponent === 0 ? `${sign}${integerPart}` : `${sign}${integerPart}.${fraction}`;
}

/**
 * Returns the amount in major units as an exact decimal string with exactly
 * `currencyExponent(currency)` decimals, e.g. `1999, 'USD'` gives `"19.99"`.
 */
export function toMajorUnitsString(amountMinor: number, currency: string): string {
  assertMinorAmount(amountMinor, 'amount');
  return shiftPointLeft(amountMinor, currencyExponent(currency));
}

/**
 * Returns the amount in major units as a number. The value is the double
 * nearest to the exact decimal, never the result of a float division chain;
 * use {@link toMajorUnitsString} where even that rounding matters.
 */
export function toMajorUnits(amountMinor: number, currency: string): number {
  return Number(toMajorUnitsString(amountMinor, currency));
}

const DECIMAL_PATTERN = /^([+-]?)(\d+)(?:\.(\d*))?$/;

/**
 * Converts a major-unit amount (`19.99` or `"19.99"`) to integer minor units
 * by moving the decimal point in its text, so `19.99` gives `1999` where
 * `19.99 * 100` would give `1998.9999999999998`.
 * @throws {MoneyError} `invalid_amount` for non-decimal input, input with more
 *   decimals than the currency's exponent allows, or a result beyond
 *   Number.MAX_SAFE_INTEGER.
 */
export function fromMajorUnits(amountMajor: number | string, currency: string): number {
  const exponent = currencyExponent(currency);
  const code = toCurrencyCode(currency);
  const text = typeof amountMajor === 'number' ? String(amountMajor) : String(amountMajor).trim();
  // String(1e21) and String(1e-7) use exponent notation, which the pattern rejects.
  const match = typeof amountMajor === 'number' || typeof amountMajor === 'string'
    ? DECIMAL_PATTERN.exec(text)
    : null;
  if (!match) {
    throw new MoneyError(
      'invalid_amount',
      'amount',
      `Invalid amount ${JSON.stringify(amountMajor)}: expected a plain decimal number such as 19.99.`,
    );
  }

  const [, sign = '', integerPart = '0', rawFraction = ''] = match;
  const fraction = rawFraction.replace(/0+$/, '');
  if (fraction.length > exponent) {
    throw new MoneyError(
      'invalid_amount',
      'amount',
      `Invalid amount ${text}: ${code} allows at most ${exponent} decimal${exponent === 1 ? '' : 's'}.`,
    );
  }

  const minor = Number(`${integerPart}${fraction.padEnd(exponent, '0')}`);
  if (!Number.isSafeInteger(minor)) {
    throw new MoneyError(
      'invalid_amount',
      'amount',
      `Invalid amount ${text}: it exceeds the largest safe integer in ${code} minor units.`,
    );
  }
  return sign === '-' && minor !== 0 ? -minor : minor;
}

export interface FormatMoneyOptions {
  /** Currency display: symbol, narrow symbol, ISO code or name; default `symbol`. */
  currencyDisplay?: 'symbol' | 'narrowSymbol' | 'code' | 'name';
  /** `accounting` puts negative amounts in parentheses in locales that do so. */
  currencySign?: 'standard' | 'accounting';
  /** Sign display; default `auto` (a sign on negative amounts only). */
  signDisplay?: 'auto' | 'always' | 'exceptZero' | 'negative' | 'never';
}

const MAX_CACHED_FORMATS = 256;
const numberFormats = new Map<string, Intl.NumberFormat>();

function currencyNumberFormat(
  locale: string,
  currency: CurrencyCode,
  digits: number,
  options: FormatMoneyOptions,
): Intl.NumberFormat {
  const key = JSON.stringify([locale, currency, options.currencyDisplay, options.currencySign, options.signDisplay]);
  let format = numberFormats.get(key);
  if (format) return format;

  try {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: options.currencyDisplay ?? 'symbol',
      currencySign: options.currencySign ?? 'standard',
      signDisplay: options.signDisplay ?? 'auto',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  } catch (error) {
    if (error instanceof RangeError) {
      throw new MoneyError('invalid_locale', 'locale', `Invalid locale ${JSON.stringify(locale)}: ${error.message}.`);
    }
    throw error;
  }

  // A server formatting for many request locales must not grow this without bound.
  if (numberFormats.size >= MAX_CACHED_FORMATS) numberFormats.clear();
  numberFormats.set(key, format);
  return format;
}

/**
 * Formats an integer amount in the currency's minor unit for people.
 * Intl.NumberFormat gets the display digits from Keel's table explicitly, so
 * every browser and Node show the same decimals (1500 JPY is ¥1,500 and
 * 92000 KWD is KWD 92.000). The amount reaches Intl as an exact decimal string,
 * so amounts up to Number.MAX_SAFE_INTEGER format without float error.
 * @throws {MoneyError} for a non-integer amount, an unknown currency or an invalid locale.
 */
export function formatMoney(
  amountMinor: number,
  currency: string,
  locale: string,
  options: FormatMoneyOptions = {},
): string {
  const major = toMajorUnitsString(amountMinor, currency);
  const code = toCurrencyCode(currency);
  const format = currencyNumberFormat(locale, code, DISPLAY_DIGITS[code], options);
  return format.format(major as `${number}`);
}
