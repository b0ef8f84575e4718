/**
 * Retry decisions and backoff, as pure functions so they can be tested alone.
 *
 * @module
 */

import { ErrorCode } from '../contract/index.js';
import { KeelApiError } from './errors.js';

/** How the client retries failed attempts. */
export interface RetryPolicy {
  /** Attempts per call, the first one included. `1` turns retries off. [3] */
  maxAttempts: number;
  /** Backoff ceiling before the first retry, doubled for each later one, in ms. [300] */
  baseDelayMs: number;
  /** Cap on the backoff between two attempts, in ms. [5000] */
  maxDelayMs: number;
  /**
   * Longest `Retry-After` the client waits for, in ms. A longer hint fails the
   * call at once with the rate-limit or server error, so the UI is not left
   * waiting on a spinner. [20000]
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 3,
  baseDelayMs: 300,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 20_000,
});

/**
 * Conflict codes that mean "the same idempotency key is still being processed",
 * so trying again later returns the stored result instead of a second charge.
 */
export const RETRYABLE_CONFLICT_CODES: ReadonlySet<string> = new Set([ErrorCode.idempotencyInProgress]);

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Input of {@link shouldRetry}. */
export interface ShouldRetryInput {
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  /** HTTP method of the request. */
  method: string;
  /** Idempotency key the request carried; mutations without one are never retried. */
  idempotencyKey?: string | null;
  /** Error the attempt produced (a `KeelApiError` for anything the client builds). */
  error?: unknown;
  /** Response of the attempt, when only the status and code are at hand. */
  response?: { status: number; code?: string | null; retryAfterMs?: number | null };
  /** Policy limits; the defaults apply when left out. */
  policy?: Partial<RetryPolicy>;
}

/**
 * Decides whether a failed attempt is tried again.
 *
 * In order: no retry once `maxAttempts` is spent; no retry of a mutation
 * without an idempotency key, because a second send could apply it twice
 * (safe methods such as GET need no key); retry network errors and timeouts,
 * because the request may never have reached the server; retry 429 unless its
 * `Retry-After` is longer than `maxRetryAfterMs`; retry 5xx except 501, which
 * will not change; retry 409 only for an idempotency key still in progress;
 * everything else is final.
 */
export function shouldRetry(input: ShouldRetryInput): boolean {
  const policy = { ...DEFAULT_RETRY_POLICY, ...input.policy };
  if (input.attempt >= policy.maxAttempts) return false;

  const method = input.method.toUpperCase();
  const isSafe = SAFE_METHODS.has(method);
  if (!isSafe && !input.idempotencyKey) return false;

  const error = input.error instanceof KeelApiError ? input.error : null;
  if (error && (error.type === 'network_error' || error.type === 'timeout_error')) return true;

  const status = input.response?.status ?? error?.status ?? null;
  if (status === null) return false;
  const code = input.response?.code ?? error?.code ?? null;
  const retryAfterMs = input.response?.retryAfterMs ?? error?.retryAfterMs ?? null;
  if (retryAfterMs !== null && retryAfterMs > policy.maxRetryAfterMs) return false;

  if (status === 429) return true;
  if (status >= 500 && status !== 501) return true;
  if (status === 409) return code !== null && RETRYABLE_CONFLICT_CODES.has(code) && !isSafe;
  return false;
}

/** Input of {@link computeRetryDelay}. */
export interface RetryDelayInput {
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  /** Delay the server asked for, which wins over backoff when present. */
  retryAfterMs?: number | null;
  policy?: Partial<RetryPolicy>;
  /** Source of randomness in [0, 1). [Math.random] */
  random?: () => number;
}

/**
 * Returns how long to wait before the next attempt, in ms.
 *
 * Exponential backoff with full jitter: a uniform pick between 0 and
 * `min(maxDelayMs, baseDelayMs * 2^(attempt - 1))`, so clients that failed
 * together do not retry together. A server `Retry-After` is used as given.
 */
export function computeRetryDelay(input: RetryDelayInput): number {
  if (input.retryAfterMs !== undefined && input.retryAfterMs !== null) {
    return Math.max(0, input.retryAfterMs);
  }
  const policy = { ...DEFAULT_RETRY_POLICY, ...input.policy };
  const random = input.random ?? Math.random;
  const exponent = Math.max(0, input.attempt - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

/**
 * Parses a `Retry-After` header into a delay in ms from `nowMs`.
 *
 * Accepts delta-seconds (`"120"`) and an HTTP date; a date in the past gives 0.
 * Returns `null` for a missing or unreadable value.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const dateMs = Date.parse(text);
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, dateMs - nowMs);
}
