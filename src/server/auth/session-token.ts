/**
 * Portal sessions: short-lived HS256 tokens that the vendor's backend mints for
 * one signed-in customer and the browser sends as a bearer token.
 *
 * Claims: `sub` (customer id), `jti` (session id, also the rate-limit key),
 * `iat`, `exp`, `iss`, `aud`, `cap` (granted capabilities), and the optional
 * `locale` and `return_url`.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { KeelConfigError, KeelHttpError } from '../errors.js';
import { CAPABILITIES, isCapability, type Capability } from './capabilities.js';
import { createOriginAllowlist, type OriginAllowlist } from './origins.js';

/** HS256 keys shorter than the hash output weaken the signature. */
export const MIN_SECRET_BYTES = 32;
export const DEFAULT_ISSUER = 'keel';
export const DEFAULT_AUDIENCE = 'keel-portal';
export const DEFAULT_SESSION_TTL_SECONDS = 15 * 60;
export const MAX_SESSION_TTL_SECONDS = 24 * 60 * 60;
/** Allowed difference between the signer's clock and the verifier's. */
const CLOCK_TOLERANCE_SECONDS = 5;
const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9_.:@+-]{1,255}$/;
const LOCALE_PATTERN = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

export interface SessionSignerOptions {
  /** HMAC key, at least 32 bytes (UTF-8 bytes for a string). */
  secret: string | Uint8Array;
  /** `iss` claim written and required. [default: 'keel'] */
  issuer?: string;
  /** `aud` claim written and required. [default: 'keel-portal'] */
  audience?: string;
  /** Origins a session's return URL may point to. [default: [] (no return URL accepted)] */
  returnUrlAllowlist?: readonly string[];
  /** Lifetime used when a session does not set one. [default: 900] */
  defaultTtlSeconds?: number;
  /** Clock in milliseconds, replaceable in tests. [default: Date.now] */
  now?: () => number;
}

export interface CreatePortalSessionParams {
  customerId: string;
  capabilities: readonly Capability[];
  /** BCP 47 tag the portal starts in, such as `ja` or `en-GB`. */
  locale?: string;
  /** Where the portal's "back" link leads; must match the return-URL allowlist. */
  returnUrl?: string;
  /** 1 to 86400 seconds. [default: the signer's defaultTtlSeconds] */
  ttlSeconds?: number;
}

export interface PortalSessionToken {
  token: string;
  /** Session id (`jti`). */
  id: string;
  customerId: string;
  capabilities: Capability[];
  expiresAt: Date;
}

/** A verified session, as routes see it. */
export interface PortalSession {
  id: string;
  customerId: string;
  capabilities: ReadonlySet<Capability>;
  locale: string | null;
  returnUrl: string | null;
  issuedAt: Date;
  expiresAt: Date;
}

export interface SessionSigner {
  createPortalSession(params: CreatePortalSessionParams): Promise<PortalSessionToken>;
  /** Verify `token`; throws `KeelHttpError` 401 with `session_expired` or `session_invalid`. */
  verify(token: string): Promise<PortalSession>;
  readonly returnUrls: OriginAllowlist;
}

function secretBytes(secret: unknown): Uint8Array {
  if (typeof secret === 'string') return new TextEncoder().encode(secret);
  if (secret instanceof Uint8Array) return new Uint8Array(secret);
  if (secret === undefined || secret === null) {
    throw new KeelConfigError('secret', `secret is missing; pass at least ${MIN_SECRET_BYTES} random bytes (for example 64 hex characters).`);
  }
  throw new KeelConfigError('secret', 'secret must be a string or a Uint8Array.');
}

function checkTtl(ttl: unknown, name: string): number {
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_SESSION_TTL_SECONDS) {
    throw new RangeError(`${name} must be a whole number of seconds from 1 to ${MAX_SESSION_TTL_SECONDS}; got ${String(ttl)}.`);
  }
  return ttl;
}

/** Create a signer and verifier for portal sessions; validates `options` immediately. */
export function createSessionSigner(options: SessionSignerOptions): SessionSigner {
  const key = secretBytes(options.secret);
  if (key.byteLength < MIN_SECRET_BYTES) {
    throw new KeelConfigError('secret', `secret is ${key.byteLength} bytes long; it must be at least ${MIN_SECRET_BYTES} bytes.`);
  }
  const issuer = options.issuer ?? DEFAULT_ISSUER;
  const audience = options.audience ?? DEFAULT_AUDIENCE;
  if (typeof issuer !== 'string' || issuer.length === 0) throw new KeelConfigError('issuer', 'issuer must be a non-empty string.');
  if (typeof audience !== 'string' || audience.length === 0) throw new KeelConfigError('audience', 'audience must be a non-empty string.');
  const returnUrls = createOriginAllowlist(options.returnUrlAllowlist ?? [], 'returnUrlAllowlist');
  let defaultTtl: number;
  try {
    defaultTtl = checkTtl(options.defaultTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS, 'defaultTtlSeconds');
  } catch (error) {
    throw new KeelConfigError('defaultTtlSeconds', (error as Error).message);
  }
  const now = options.now ?? Date.now;

  async function createPortalSession(params: CreatePortalSessionParams): Promise<PortalSessionToken> {
    const { customerId, capabilities, locale, returnUrl } = params;
    if (typeof customerId !== 'string' || !CUSTOMER_ID_PATTERN.test(customerId)) {
      throw new TypeError('customerId must be 1 to 255 characters of letters, digits and _ . : @ + -.');
    }
    if (!Array.isArray(capabilities)) throw new TypeError(`capabilities must be an array of: ${CAPABILITIES.join(', ')}.`);
    for (const capability of capabilities) {
      if (!isCapability(capability)) {
        throw new TypeError(`Capability "${String(capability)}" is unknown; use one of: ${CAPABILITIES.join(', ')}.`);
      }
    }
    if (locale !== undefined && (typeof locale !== 'string' || !LOCALE_PATTERN.test(locale))) {
      throw new TypeError(`locale "${String(locale)}" is not a BCP 47 language tag such as "ja" or "en-GB".`);
    }
    if (returnUrl !== undefined) checkReturnUrl(returnUrl);
    const ttl = checkTtl(params.ttlSeconds ?? defaultTtl, 'ttlSeconds');

    const id = `ps_${randomUUID().replace(/-/g, '')}`;
    const issuedAt = Math.floor(now() / 1000);
    const expiresAt = issuedAt + ttl;
    const granted = [...new Set(capabilities)];
    const claims: Record<string, unknown> = { cap: granted };
    if (locale !== undefined) claims.locale = locale;
    if (returnUrl !== undefined) claims.return_url = returnUrl;

    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(customerId)
      .setJti(id)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(key);
    return { token, id, customerId, capabilities: granted, expiresAt: new Date(expiresAt * 1000) };
  }

  /** Returns whether `returnUrl` is an absolute http(s) URL on the allowlist. */
  function isAllowedReturnUrl(returnUrl: string): boolean {
    try {
      const url = new URL(returnUrl);
      return (url.protocol === 'https:' || url.protocol === 'http:') && returnUrls.allows(url.origin);
    } catch {
      return false;
    }
  }

  function checkReturnUrl(returnUrl: unknown): void {
    if (typeof returnUrl !== 'string') throw new TypeError('returnUrl must be a string.');
    let url: URL;
    try {
      url = new URL(returnUrl);
    } catch {
      throw new TypeError(`returnUrl "${returnUrl}" is not an absolute URL.`);
    }
    if (!returnUrls.allows(url.origin)) {
      throw new TypeError(`returnUrl origin ${url.origin} is not in returnUrlAllowlist; add it to the server options.`);
    }
  }

  async function verify(token: string): Promise<PortalSession> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer,
        audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(now()),
        // Also rejects an `iat` in the future.
        maxTokenAge: MAX_SESSION_TTL_SECONDS,
        requiredClaims: ['sub', 'jti', 'exp', 'iat'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        throw new KeelHttpError(401, 'session_expired', 'The session token has expired; request a new portal session.');
      }
      throw new KeelHttpError(401, 'session_invalid', 'The session token is invalid.', { cause: error });
    }
    const capabilities = Array.isArray(payload.cap) ? payload.cap.filter(isCapability) : [];
    const customerId = payload.sub;
    if (typeof customerId !== 'string' || !CUSTOMER_ID_PATTERN.test(customerId) || typeof payload.jti !== 'string') {
      throw new KeelHttpError(401, 'session_invalid', 'The session token is invalid.');
    }
    // A token minted elsewhere with the same secret must not outlive the longest session this signer issues.
    if ((payload.exp as number) - (payload.iat as number) > MAX_SESSION_TTL_SECONDS) {
      throw new KeelHttpError(401, 'session_invalid', `The session token lives longer than ${MAX_SESSION_TTL_SECONDS} seconds.`);
    }
    // The return URL becomes a link in the portal, so one that this signer would not issue is dropped.
    const returnUrl = typeof payload.return_url === 'string' && isAllowedReturnUrl(payload.return_url) ? payload.return_url : null;
    return {
      id: payload.jti,
      customerId,
      capabilities: new Set(capabilities),
      locale: typeof payload.locale === 'string' ? payload.locale : null,
      returnUrl,
      issuedAt: new Date((payload.iat as number) * 1000),
      expiresAt: new Date((payload.exp as number) * 1000),
    };
  }

  return { createPortalSession, verify, returnUrls };
}
