/**
 * Idempotency for every mutation, stored per key and scope (the session's
 * customer, or the sandbox admin) in the `idempotency_keys` table.
 *
 * - A mutation without `Idempotency-Key` gets 400 `idempotency_key_missing`.
 * - The first request with a key inserts a `processing` row in a single
 *   statement. Of many concurrent duplicates, on any number of instances,
 *   exactly one insert succeeds, so only that request runs the route.
 * - Duplicates that arrive while it runs poll the row until it completes and
 *   then replay its response. If it does not complete within `waitTimeoutMs`
 *   they get 409 `idempotency_in_progress` with `Retry-After`.
 * - A completed key replays the stored status and body with
 *   `Idempotent-Replayed: true`, for as long as the key is kept (24 hours).
 * - The same key with another method, path or body gets 422
 *   `idempotency_key_reused`.
 * - A 5xx answer is not stored: the row is deleted so the client may retry
 *   with the same key.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ErrorCode } from '../../contract/errors.js';
import type { KeelContext, KeelEnv } from '../context.js';
import { KeelHttpError } from '../errors.js';
import type { MetricsRegistry } from '../metrics.js';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  deleteExpiredIdempotencyKeys,
  findIdempotencyKey,
  releaseIdempotencyKey,
  takeOverStaleKey,
  type PlatformDb,
} from '../platform-store.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface IdempotencyConfig {
  /** How long a stored result is replayed, in seconds. [default: 86400] */
  retentionSeconds?: number;
  /** How long a running request keeps its key before another may take it over, in ms. [default: 60000] */
  lockTimeoutMs?: number;
  /** How long a duplicate waits for the first request to finish, in ms. [default: 10000] */
  waitTimeoutMs?: number;
}

export interface IdempotencyOptions extends Required<IdempotencyConfig> {
  db: PlatformDb;
  metrics: MetricsRegistry;
  /** Scope the key is stored under: the customer id or a fixed admin scope. */
  scopeOf: (c: KeelContext) => string;
  now?: () => number;
}

export const DEFAULT_IDEMPOTENCY: Required<IdempotencyConfig> = {
  retentionSeconds: 24 * 60 * 60,
  lockTimeoutMs: 60_000,
  waitTimeoutMs: 10_000,
};

/** Serialize `value` with object keys sorted, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  // Code-unit order, not localeCompare, so the order never depends on the runtime's locale.
  entries.sort(([a], [b]) => {
    if (a === b) return 0;
    return a < b ? -1 : 1;
  });
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** Hash that identifies a request's method, path and body under one key. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonicalJson(body)}`).digest('hex');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function replay(statusCode: number, body: string, contentType: string | null, requestId: string): Response {
  const headers = new Headers({ [REPLAYED_HEADER]: 'true', 'X-Request-Id': requestId });
  if (contentType) headers.set('Content-Type', contentType);
  return new Response(body, { status: statusCode, headers });
}

export function idempotency(options: IdempotencyOptions): MiddlewareHandler<KeelEnv> {
  const { db, retentionSeconds, lockTimeoutMs, waitTimeoutMs, scopeOf, now = Date.now } = options;
  const replays = options.metrics.counter({
    name: 'keel_idempotent_replays_total',
    help: 'Mutations whose stored response was returned because their idempotency key was used before.',
  });
  let lastSweep = 0;

  async function sweepExpired(current: number): Promise<void> {
    // Each instance deletes expired keys at most once a minute, so the sweep costs one query per minute.
    if (current - lastSweep < 60_000) return;
    lastSweep = current;
    await deleteExpiredIdempotencyKeys(db, new Date(current - retentionSeconds * 1000));
  }

  return async function idempotency(c, next) {
    const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
    if (key === undefined || key === '') {
      throw new KeelHttpError(400, ErrorCode.idempotencyKeyMissing, `Mutations need an ${IDEMPOTENCY_KEY_HEADER} header; send a new random key for each distinct change.`);
    }
    if (!KEY_PATTERN.test(key)) {
      throw new KeelHttpError(400, ErrorCode.parameterInvalid, `${IDEMPOTENCY_KEY_HEADER} must be 1 to 255 visible ASCII characters.`, {
        param: IDEMPOTENCY_KEY_HEADER,
      });
    }

    const scope = scopeOf(c);
    const url = new URL(c.req.url);
    const path = `${url.pathname}${url.search}`;
    const hash = requestHash(c.req.method, path, c.get('validated')?.body);
    const requestId = c.get('requestId');
    const claim = () => {
      const current = now();
      return { scope, key, requestHash: hash, method: c.req.method, path, now: new Date(current), lockedUntil: new Date(current + lockTimeoutMs) };
    };

    await sweepExpired(now());

    let owned = await claimIdempotencyKey(db, claim());
    const deadline = now() + waitTimeoutMs;
    let pause = 10;
    while (!owned) {
      const record = await findIdempotencyKey(db, scope, key);
      if (record === null) {
        // The owner failed with a 5xx and released the key; this duplicate may run it now.
        owned = await claimIdempotencyKey(db, claim());
        continue;
      }
      if (record.createdAt.getTime() < now() - retentionSeconds * 1000) {
        await releaseIdempotencyKey(db, scope, key, record.requestHash);
        owned = await claimIdempotencyKey(db, claim());
        continue;
      }
      if (record.requestHash !== hash) {
        throw new KeelHttpError(
          422,
          ErrorCode.idempotencyKeyReused,
          `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request; use a new key for a different change.`,
          { param: IDEMPOTENCY_KEY_HEADER },
        );
      }
      if (record.state === 'completed' && record.statusCode !== null && record.responseBody !== null) {
        replays.inc();
        c.set('idempotentReplay', true);
        c.set('idempotencyKey', key);
        return replay(record.statusCode, record.responseBody, record.responseContentType, requestId);
      }
      if (record.lockedUntil.getTime() < now() && (await takeOverStaleKey(db, claim()))) {
        owned = true;
        break;
      }
      if (now() >= deadline) {
        throw new KeelHttpError(409, ErrorCode.idempotencyInProgress, 'A request with this idempotency key is still running; retry shortly.', {
          headers: { 'Retry-After': '1' },
        });
      }
      await delay(pause);
      pause = Math.min(pause * 2, 200);
    }

    c.set('idempotencyKey', key);
    try {
      await next();
    } catch (error) {
      // Errors normally become responses inside `next()`; this path only runs if the error handler itself failed.
      await releaseIdempotencyKey(db, scope, key, hash);
      throw error;
    }

    const response = c.res;
    if (response.status >= 500) {
      await releaseIdempotencyKey(db, scope, key, hash);
      return;
    }
    const body = await response.clone().text();
    await completeIdempotencyKey(db, {
      scope,
      key,
      requestHash: hash,
      statusCode: response.status,
      responseBody: body,
      responseContentType: response.headers.get('Content-Type'),
      now: new Date(now()),
    });
  };
}
