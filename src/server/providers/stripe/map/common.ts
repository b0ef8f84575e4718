/**
 * Conversions every Stripe mapper shares. Each one is total: it turns
 * placeholder or missing values into a safe default instead of throwing, so an
 * unexpected field from a newer API version never breaks a portal page.
 */

/** The ISO 4217 code for "no currency", used when Stripe sends an unusable code. */
export const UNKNOWN_CURRENCY = 'XXX';

/** Returns the id of an expandable field, whether Stripe sent the id or the object. */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length > 0 ? value : null;
  return typeof value.id === 'string' && value.id.length > 0 ? value.id : null;
}

/** Returns the expanded object of an expandable field, or null when only the id was sent. */
export function expanded<T extends object>(value: string | T | null | undefined): T | null {
  return value !== null && value !== undefined && typeof value === 'object' ? value : null;
}

/** Upper-cases a Stripe currency (`jpy` to `JPY`); anything that is not three letters becomes `XXX`. */
export function currencyOf(value: string | null | undefined): string {
  if (typeof value !== 'string' || !/^[a-zA-Z]{3}$/.test(value)) return UNKNOWN_CURRENCY;
  return value.toUpperCase();
}

/** Lower-cases a Keel currency for Stripe's API. */
export function toStripeCurrency(code: string): string {
  return code.toLowerCase();
}

/** Converts Stripe's Unix seconds to an ISO 8601 instant; null for missing or impossible values. */
export function instantOf(seconds: number | null | undefined): string | null {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return null;
  const date = new Date(Math.trunc(seconds) * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Like `instantOf`, for fields the contract requires: falls back to `fallbackSeconds`. */
export function requiredInstantOf(seconds: number | null | undefined, fallbackSeconds: number): string {
  return instantOf(seconds) ?? (instantOf(fallbackSeconds) as string);
}

/** Converts a `Date` to Unix seconds, as Stripe's API takes instants. */
export function toUnixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** Parses an ISO 8601 instant from the contract into Unix seconds, or null when it is not one. */
export function unixSecondsOf(instant: string | undefined): number | null {
  if (instant === undefined) return null;
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

/**
 * Converts Unix seconds to a calendar date (`YYYY-MM-DD`) in `timeZone`.
 * Stripe stores a due date as an instant; the contract prints the issuer's date.
 */
export function dateOnlyOf(seconds: number | null | undefined, timeZone = 'UTC'): string | null {
  const instant = instantOf(seconds);
  if (instant === null) return null;
  try {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(instant));
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    const text = `${part('year')}-${part('month')}-${part('day')}`;
    return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : instant.slice(0, 10);
  } catch {
    return instant.slice(0, 10);
  }
}

/** Returns a safe integer, or `fallback` for null, fractions and out-of-range placeholders. */
export function intOf(value: number | null | undefined, fallback = 0): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : fallback;
}

/** Clamps an integer amount to zero or more, for fields the contract keeps non-negative. */
export function nonNegative(value: number | null | undefined): number {
  return Math.max(0, intOf(value));
}

/** Returns an upper-case ISO 3166-1 alpha-2 code, or null. */
export function countryOf(value: string | null | undefined): string | null {
  if (typeof value !== 'string' || !/^[a-zA-Z]{2}$/.test(value)) return null;
  return value.toUpperCase();
}

/** Returns a non-empty string, or null. */
export function textOf(value: string | null | undefined): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** Returns the value when it is one of `allowed`, else `fallback`. */
export function enumOf<T extends string>(value: string | null | undefined, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** Truncates a string to the contract's maximum length. */
export function clip(value: string | null, max: number): string | null {
  return value === null ? null : value.slice(0, max);
}

interface StripeAddressLike {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  state?: string | null;
  postal_code?: string | null;
  country?: string | null;
}

/** Maps a Stripe address; null when it has no valid country, since the contract requires one. */
export function addressOf(address: StripeAddressLike | null | undefined) {
  const country = countryOf(address?.country);
  if (!address || country === null) return null;
  return {
    line1: clip(textOf(address.line1), 200),
    line2: clip(textOf(address.line2), 200),
    city: clip(textOf(address.city), 100),
    state: clip(textOf(address.state), 100),
    postal_code: clip(textOf(address.postal_code), 20),
    country,
  };
}
