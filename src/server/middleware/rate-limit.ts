/**
 * Per-session rate limits in fixed windows, counted in the store so every
 * server instance sees the same totals.
 *
 * @module
 */
import type { MiddlewareHandler } from 'hono';
import { ErrorCode } from '../../contract/errors.js';
import type { KeelEnv } from '../context.js';
import { KeelHttpError } from '../errors.js';
import type { MetricsRegistry } from '../metrics.js';
import { deleteOldRateLimitWindows, hitRateLimitWindow, type PlatformDb } from '../platform-store.js';

export interface RateLimitConfig {
  /** Requests allowed per session in one window. [default: 300] */
  maxRequests?: number;
  /** Window length in seconds. [default: 60] */
  windowSeconds?: number;
}

export interface RateLimitOptions extends Required<RateLimitConfig> {
  db: PlatformDb;
  metrics: MetricsRegistry;
  now?: () => number;
  /** Key of the bucket a request counts against; null skips the limit. */
  bucketOf: (c: Parameters<MiddlewareHandler<KeelEnv>>[0]) => string | null;
}

export const DEFAULT_RATE_LIMIT: Required<RateLimitConfig> = { maxRequests: 300, windowSeconds: 60 };

/** Answer 429 with `Retry-After` once a bucket has used up its window. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<KeelEnv> {
  const { db, maxRequests, windowSeconds, bucketOf, now = Date.now } = options;
  const windowMs = windowSeconds * 1000;
  const limited = options.metrics.counter({
    name: 'keel_rate_limited_total',
    help: 'Requests answered 429 because their session used up its rate limit.',
  });

  return async function rateLimit(c, next) {
    const bucket = bucketOf(c);
    if (bucket === null) return next();

    const current = now();
    const windowStart = Math.floor(current / windowMs) * windowMs;
    const hits = await hitRateLimitWindow(db, bucket, new Date(windowStart));
    if (hits === 1) {
      // The first hit of a window is a cheap moment to drop windows that can no longer matter.
      await deleteOldRateLimitWindows(db, new Date(windowStart - windowMs));
    }

    const resetSeconds = Math.max(1, Math.ceil((windowStart + windowMs - current) / 1000));
    const remaining = Math.max(0, maxRequests - hits);
    const headers = {
      'RateLimit-Limit': String(maxRequests),
      'RateLimit-Remaining': String(remaining),
      'RateLimit-Reset': String(resetSeconds),
    };
    if (hits > maxRequests) {
      limited.inc();
      throw new KeelHttpError(429, ErrorCode.rateLimited, `Too many requests for this session; retry after ${resetSeconds} seconds.`, {
        headers: { ...headers, 'Retry-After': String(resetSeconds) },
      });
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
