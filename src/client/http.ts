/**
 * Transport: one call to the Keel API with auth, timeout, retries,
 * idempotency keys and response validation.
 *
 * @module
 */

import {
  KeelApiError,
  KeelAuthenticationError,
  KeelNetworkError,
  KeelResponseValidationError,
  KeelTimeoutError,
  createKeelApiError,
  type KeelValidationIssue,
} from './errors.js';
import { computeRetryDelay, parseRetryAfter, shouldRetry, type RetryPolicy } from './retry.js';
import type { SessionTokenStore } from './session.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Waits `ms`, rejecting with the signal's reason if it aborts first. */
export type SleepFunction = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Per-call options accepted by every client method. */
export interface RequestOptions {
  /** Aborts the call, including any wait between retries. */
  signal?: AbortSignal;
  /** Time limit for each attempt in ms; overrides the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Attempts for this call, the first one included; overrides the client's retry policy. */
  maxAttempts?: number;
  /**
   * Idempotency key for a mutation. Generated when left out; pass your own to
   * make a call that the server deduplicates across page reloads.
   */
  idempotencyKey?: string;
}

/** Result of checking a response body: the parsed value or the problems found. */
export type ResponseCheck<T> = { ok: true; value: T } | { ok: false; issues: KeelValidationIssue[] };

/** One call as the transport sees it. */
export interface TransportRequest<T> {
  /** Operation id, named in errors. */
  operation: string;
  method: HttpMethod;
  /** Path with parameters already filled in, starting with `/`. */
  path: string;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
  /** `blob` for binary downloads such as invoice PDFs. [json] */
  responseType?: 'json' | 'blob';
  /** `Accept` header. [application/json] */
  accept?: string;
  check: (body: unknown) => ResponseCheck<T>;
  options?: RequestOptions | undefined;
}

export interface TransportConfig {
  apiBase: string;
  fetch: FetchLike;
  timeoutMs: number;
  retry: RetryPolicy;
  session: SessionTokenStore;
  /** 401 codes that mean the token is expired or invalid and worth refreshing. */
  refreshableAuthCodes: ReadonlySet<string>;
  random: () => number;
  sleep: SleepFunction;
  now: () => number;
  createIdempotencyKey: () => string;
}

/** The transport's output for a successful call. */
export interface TransportResult<T> {
  data: T;
  status: number;
  requestId: string | null;
  idempotencyKey: string | null;
}

const MUTATING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isMutation(method: string): boolean {
  return MUTATING_METHODS.has(method.toUpperCase());
}

/** Default sleep on `setTimeout`; an aborted signal ends the wait early. */
export const defaultSleep: SleepFunction = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Returns a random UUID v4 for an `Idempotency-Key`.
 *
 * `crypto.randomUUID` exists only in secure contexts (HTTPS or localhost), so
 * a page served over plain HTTP falls back to `crypto.getRandomValues`, which
 * browsers expose everywhere.
 */
export function createIdempotencyKey(): string {
  const cryptoApi = globalThis.crypto;
  if (typeof cryptoApi.randomUUID === 'function') return cryptoApi.randomUUID();
  const bytes = cryptoApi.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Serializes query parameters, skipping `undefined` and `null`, repeating keys for arrays. */
export function buildQueryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item === undefined || item === null) continue;
      if (typeof item === 'object') {
        throw new TypeError(`Query parameter "${key}" must be a string, number or boolean, not an object`);
      }
      params.append(key, String(item));
    }
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function joinUrl(apiBase: string, path: string): string {
  return apiBase.replace(/\/+$/, '') + path;
}

function requestIdOf(response: Response): string | null {
  return response.headers.get('request-id') ?? response.headers.get('x-request-id');
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

interface AttemptOutcome {
  response?: Response;
  body?: unknown;
  error?: KeelApiError;
}

/**
 * Sends calls for one client. Stateless apart from the shared session store,
 * so concurrent calls do not interfere.
 */
export class Transport {
  constructor(private readonly config: TransportConfig) {}

  async send<T>(request: TransportRequest<T>): Promise<TransportResult<T>> {
    const options = request.options ?? {};
    const signal = options.signal;
    signal?.throwIfAborted();

    const method = request.method;
    // One key per call, reused by every retry of it, so the server applies the
    // mutation once however many attempts reach it.
    const idempotencyKey = isMutation(method) ? (options.idempotencyKey ?? this.config.createIdempotencyKey()) : null;
    const policy: RetryPolicy = {
      ...this.config.retry,
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    };
    const url = joinUrl(this.config.apiBase, request.path) + buildQueryString(request.query);

    let attempt = 0;
    let refreshed = false;
    for (;;) {
      attempt += 1;
      const token = await this.currentToken(request.operation);
      const outcome = await this.attempt(request, url, token, idempotencyKey);

      if (outcome.response && outcome.response.ok) {
        return this.finish(request, outcome.response, outcome.body, idempotencyKey);
      }
      const error = outcome.error;
      if (!error) throw new Error('Transport attempt produced neither a response nor an error');

      if (error.status === 401) {
        await this.refreshAfterUnauthorized(error, token, refreshed);
        refreshed = true;
        // The retry with a new token is not a failure retry, so it does not
        // use up the retry budget.
        attempt -= 1;
        continue;
      }

      if (!shouldRetry({ attempt, method, idempotencyKey, error, policy })) throw error;
      const delay = computeRetryDelay({ attempt, retryAfterMs: error.retryAfterMs, policy, random: this.config.random });
      await this.config.sleep(delay, signal);
    }
  }

  /** Returns the token for the next attempt, turning a failed `getSessionToken` into a client error. */
  private async currentToken(operation: string): Promise<string | null> {
    const session = this.config.session;
    try {
      return await session.current();
    } catch (cause) {
      const error = new KeelAuthenticationError({
        code: 'session_token_unavailable',
        status: null,
        message: `getSessionToken failed, so ${operation} was not sent`,
        operation,
        cause,
      });
      session.notifyExpired(null, { error, reason: 'refresh_failed' });
      throw error;
    }
  }

  /**
   * Gets a new token after a 401, or throws the error after telling
   * `onSessionExpired` listeners that the session is over.
   */
  private async refreshAfterUnauthorized(error: KeelApiError, rejected: string | null, refreshed: boolean): Promise<void> {
    const session = this.config.session;
    if (!this.config.refreshableAuthCodes.has(error.code)) throw error;
    if (refreshed) {
      session.notifyExpired(rejected, { error, reason: 'refreshed_token_rejected' });
      throw error;
    }
    if (!session.canRefresh) {
      session.notifyExpired(rejected, { error, reason: 'no_refresh_callback' });
      throw error;
    }
    try {
      await session.refresh(rejected);
    } catch (cause) {
      const failed = new KeelAuthenticationError({
        code: error.code,
        status: error.status,
        message: `${error.message} (getSessionToken failed, so the request was not retried)`,
        param: error.param,
        requestId: error.requestId,
        operation: error.operation,
        raw: error.raw,
        cause,
      });
      session.notifyExpired(rejected, { error: failed, reason: 'refresh_failed' });
      throw failed;
    }
  }

  private async attempt<T>(
    request: TransportRequest<T>,
    url: string,
    token: string | null,
    idempotencyKey: string | null,
  ): Promise<AttemptOutcome> {
    const options = request.options ?? {};
    const callerSignal = options.signal;
    const timeoutMs = options.timeoutMs ?? this.config.timeoutMs;

    // A fresh controller per attempt, so a timed-out attempt does not leave
    // the next one born aborted. The caller's signal is linked by hand
    // because AbortSignal.any is missing from browsers older than 2024.
    const controller = new AbortController();
    let timedOut = false;
    const timer = Number.isFinite(timeoutMs)
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs)
      : undefined;
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

    const headers: Record<string, string> = { accept: request.accept ?? 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
    const init: RequestInit = { method: request.method, headers, signal: controller.signal };
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(request.body);
    }

    try {
      const response = await this.config.fetch(url, init);
      // The body is read under the same timer, so a stalled stream also times out.
      if (response.ok && request.responseType === 'blob') {
        return { response, body: await response.blob() };
      }
      const body = await readBody(response);
      if (response.ok) return { response, body };
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.config.now());
      const error = createKeelApiError({
        status: response.status,
        body,
        headers: response.headers,
        operation: request.operation,
        retryAfterMs,
      });
      return { response, body, error };
    } catch (cause) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (timedOut) {
        return {
          error: new KeelTimeoutError({
            code: 'timeout',
            status: null,
            message: `Request ${request.operation} timed out after ${timeoutMs} ms`,
            operation: request.operation,
            cause,
          }),
        };
      }
      return {
        error: new KeelNetworkError({
          code: 'network_error',
          status: null,
          message: `Request ${request.operation} failed before a response arrived`,
          operation: request.operation,
          cause,
        }),
      };
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private finish<T>(
    request: TransportRequest<T>,
    response: Response,
    body: unknown,
    idempotencyKey: string | null,
  ): TransportResult<T> {
    const requestId = requestIdOf(response);
    if (typeof body === 'string' && request.responseType !== 'blob') {
      throw new KeelResponseValidationError({
        status: response.status,
        requestId,
        operation: request.operation,
        raw: body,
        issues: [{ path: '', code: 'invalid_json', message: 'the body is not JSON' }],
      });
    }
    const checked = request.check(body);
    if (!checked.ok) {
      throw new KeelResponseValidationError({
        status: response.status,
        requestId,
        operation: request.operation,
        raw: body,
        issues: checked.issues,
      });
    }
    return { data: checked.value, status: response.status, requestId, idempotencyKey };
  }
}
