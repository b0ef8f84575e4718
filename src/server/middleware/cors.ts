/**
 * CORS for the portal's browser requests, limited to an origin allowlist.
 *
 * Sessions travel as bearer tokens, never cookies, so credentials stay off
 * and a disallowed origin simply gets no `Access-Control-Allow-Origin`.
 *
 * @module
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { OriginAllowlist } from '../auth/origins.js';
import type { KeelEnv } from '../context.js';

export const ALLOWED_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id', 'Accept-Language'];
export const EXPOSED_RESPONSE_HEADERS = [
  'X-Request-Id',
  'Retry-After',
  'Idempotent-Replayed',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Content-Disposition',
];

export interface CorsAllowlistOptions {
  origins: OriginAllowlist;
  /** How long browsers may cache a preflight answer, in seconds. [default: 600] */
  maxAgeSeconds?: number;
}

export function corsAllowlist({ origins, maxAgeSeconds = 600 }: CorsAllowlistOptions): MiddlewareHandler<KeelEnv> {
  const handler = cors({
    origin: (origin) => (origin && origins.allows(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ALLOWED_REQUEST_HEADERS,
    exposeHeaders: EXPOSED_RESPONSE_HEADERS,
    maxAge: maxAgeSeconds,
    credentials: false,
  });
  return async function corsAllowlist(c, next) {
    return handler(c, next);
  };
}
