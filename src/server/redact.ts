/**
 * Redaction of secrets, session tokens, card data and email addresses before
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
const PAN_PATTERN = /\b\d(?:[ -]?\d){11,18}\b/g;
// `cvc=123`, `"cvc":"123"`, `cvv: 1234` inside free text.
const CVC_PATTERN = /\b(cvc|cvv|cvc2|cvv2|csc)("?\s*[:=]\s*"?)\d{3,4}/gi;

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

/** Return `text` with every token, secret, card number, CVC and email replaced. */
export function redactString(text: string): string {
  return text
    .replace(JWT_PATTERN, REDACTED)
    .replace(BEARER_PATTERN, `Bearer ${REDACTED}`)
    .replace(PROVIDER_SECRET_PATTERN, REDACTED)
    .replace(EMAIL_PATTERN, REDACTED)
    .replace(CVC_PATTERN, `$1$2${REDACTED}`)
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
