/**
 * Bearer-token authentication for portal sessions and capability checks.
 *
 * @module
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ErrorCode } from '../../contract/errors.js';
import type { Capability } from '../auth/capabilities.js';
import type { SessionSigner } from '../auth/session-token.js';
import type { KeelEnv } from '../context.js';
import { KeelHttpError } from '../errors.js';

const BEARER = /^Bearer[ ]+([^\s]+)\s*$/i;

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = BEARER.exec(header);
  return match?.[1] ?? null;
}

/** Verify the session token and put the session on the context. */
export function sessionAuth(signer: SessionSigner): MiddlewareHandler<KeelEnv> {
  return async function sessionAuth(c, next) {
    const header = c.req.header('Authorization');
    const token = bearerToken(header);
    if (!token) {
      const message = header
        ? 'The Authorization header must be "Bearer <session token>".'
        : 'This operation needs a portal session token in the Authorization header.';
      throw new KeelHttpError(401, header ? ErrorCode.sessionInvalid : ErrorCode.sessionMissing, message, {
        headers: { 'WWW-Authenticate': 'Bearer realm="keel"' },
      });
    }
    try {
      c.set('session', await signer.verify(token));
    } catch (error) {
      if (error instanceof KeelHttpError) {
        const description = error.code === ErrorCode.sessionExpired ? 'The token expired' : 'The token is invalid';
        throw new KeelHttpError(error.status, error.code, error.message, {
          headers: { 'WWW-Authenticate': `Bearer realm="keel", error="invalid_token", error_description="${description}"` },
        });
      }
      throw error;
    }
    await next();
  };
}

/** Reject the request with 403 `capability_missing` unless the session grants `capability`. */
export function requireCapability(capability: Capability): MiddlewareHandler<KeelEnv> {
  return async function requireCapability(c, next) {
    const session = c.get('session');
    if (!session.capabilities.has(capability)) {
      throw new KeelHttpError(403, ErrorCode.capabilityMissing, `This session lacks the capability "${capability}".`);
    }
    await next();
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Returns whether the Authorization header carries `key` as a bearer token, compared in constant time. */
export function bearerKeyMatches(header: string | undefined, key: string): boolean {
  const token = bearerToken(header);
  return token !== null && timingSafeEqual(digest(token), digest(key));
}

/** Require the sandbox admin key as a bearer token, compared in constant time. */
export function adminAuth(adminKey: string): MiddlewareHandler<KeelEnv> {
  const expected = digest(adminKey);
  return async function adminAuth(c, next) {
    const token = bearerToken(c.req.header('Authorization'));
    if (!token) {
      throw new KeelHttpError(401, ErrorCode.sessionMissing, 'Sandbox operations need the admin key in the Authorization header.');
    }
    if (!timingSafeEqual(digest(token), expected)) {
      throw new KeelHttpError(401, ErrorCode.sessionInvalid, 'The admin key is invalid.');
    }
    await next();
  };
}
