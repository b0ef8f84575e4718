/**
 * Redaction of secrets, session tokens, card data, IBANs and email addresses before
 * anything reaches a log line.
 *
 * Two layers: fields whose name marks them as sensitive are replaced whole, and
 * every remaining string is scanned for values that look sensitive wherever they
 * appear (inside an error message, a URL or a free-text field).
 *
 * @module
 */

export const REDACTED = '[redacted]';

/** Field names (compared lowercased, without `_` and `-`) whose values are always replaced. */
const SENSITIVE_KEYS = new Set([
  'authorization',
  'token',
  'sessiontoken',
  'accesstoken',
  'refreshtoken',
  'bearer',
  'secret',
  'clientsecret',
  'apikey',
  'adminkey',
  'password',
  'cookie',
  'setcookie',
  'cvc',
  'cvv',
  'cvc2',
  'cvv2',
  'cardnumber',
  'pan',
  'number',
  'iban',
  'email',
  'idempotencykey',
]);

// A compact JWS (three base64url segments, the first starting with `eyJ`, which is `{"`).
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
// `Bearer <anything>` in a header value or a message.
const BEARER_PATTERN = /\bBearer\s+[^\s",;]+/gi;
// Stripe-style secret keys and webhook secrets.
const PROVIDER_SECRET_PATTERN = /\b(?:sk|rk|whsec)_(?:test|live)?_?[A-Za-z0-9]{8,}/g;
const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 12 to 19 digits, optionally grouped by single spaces or dashes: covers every card
// number length in use (12-digit Maestro to 19-digit UnionPay) in any grouping.
// Digit lookarounds instead of \b, so `pm_card_4242…` is caught too.
const PAN_PATTERN = /(?<!\d)\d(?:[ -]?\d){11,18}(?!\d)/g;
// `cvc=123`, `"cvc":"123"`, `cvv: 1234`, `cvc '123'` inside free text.
const CVC_PATTERN = /\b(cvc|cvv|cvc2|cvv2|csc)(["']?\s*[:= ]\s*["']?)\d{3,4}\b/gi;
// An IBAN: country code, two check digits, then 11 to 30 letters and digits, compact or
// in groups of four (15 characters in Norway up to 34 in the longest formats).
const IBAN_PATTERN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g;
// The secret half of a Stripe client secret such as `seti_123_secret_abc`.
const CLIENT_SECRET_PATTERN = /_secret_[A-Za-z0-9]+/g;

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

/** Return `text` with every token, secret, card number, CVC, IBAN and email replaced. */
export function redactString(text: string): string {
  return text
    .replace(JWT_PATTERN, REDACTED)
    .replace(BEARER_PATTERN, `Bearer ${REDACTED}`)
    .replace(PROVIDER_SECRET_PATTERN, REDACTED)
    .replace(CLIENT_SECRET_PATTERN, `_secret_${REDACTED}`)
    .replace(EMAIL_PATTERN, REDACTED)
    .replace(CVC_PATTERN, `$1$2${REDACTED}`)
    .replace(IBAN_PATTERN, REDACTED)
    .replace(PAN_PATTERN, REDACTED);
}

/** Return a deep copy of `value` that is safe to log. Cycles and depth are bounded. */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') {
    // A card number can arrive as a number too.
    if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1e11) return REDACTED;
    return value;
  }
  if (depth > 8 || seen.has(value)) return '[truncated]';
  seen.add(value);

  if (value instanceof Error) {
    const copy: Record<string, unknown> = { name: value.name, message: redactString(value.message) };
    if (value.stack) copy.stack = redactString(value.stack);
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) copy.code = redact(code, depth + 1, seen);
    if (value.cause !== undefined) copy.cause = redact(value.cause, depth + 1, seen);
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));

  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SENSITIVE_KEYS.has(normalizeKey(key)) && item != null ? REDACTED : redact(item, depth + 1, seen);
  }
  return copy;
}
