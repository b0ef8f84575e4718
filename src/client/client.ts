/**
 * `createKeelClient`: the typed client for the Keel API.
 *
 * @module
 */

import { ErrorCode, operations, type OperationDefinition, type OperationId } from '../contract/index.js';
import { ChangeNotifier, type ChangeListener } from './changes.js';
import { KeelPaymentError } from './errors.js';
import { Transport, createIdempotencyKey, defaultSleep, type FetchLike, type SleepFunction } from './http.js';
import { buildRequest, isClientOperation, type ClientOperationId, type KeelResources } from './methods.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { SessionTokenStore, type GetSessionToken, type SessionExpiredListener } from './session.js';

/** Options of {@link createKeelClient}. */
export interface KeelClientOptions {
  /**
   * Base URL of the Keel backend, absolute (`https://billing.example.com/keel`)
   * or relative to the page (`/keel`). Paths such as `/v1/invoices` are appended.
   */
  apiBase: string;
  /** Portal session token minted by the vendor's backend. */
  sessionToken?: string;
  /**
   * Returns a fresh session token. Called for the first request when
   * `sessionToken` is left out, and once when the server rejects the token as
   * expired or invalid, after which the request is retried once.
   */
  getSessionToken?: GetSessionToken;
  /** Called when the session ends and no new token can be had. */
  onSessionExpired?: SessionExpiredListener;
  /** Called after every mutation with the resources it changed. */
  onChange?: ChangeListener;
  /** `fetch` to send requests with. [globalThis.fetch, looked up per request] */
  fetch?: FetchLike;
  /** Time limit for each attempt in ms; `Infinity` for none. [30000] */
  timeoutMs?: number;
  /** Retry policy overrides, or `false` to send every request once. [3 attempts] */
  retry?: Partial<RetryPolicy> | false;
  /** Source of randomness for backoff jitter, for tests. [Math.random] */
  random?: () => number;
  /** Wait between attempts, for tests. [setTimeout] */
  sleep?: SleepFunction;
}

/** The Keel API client: one group of typed methods per resource, plus session and change hooks. */
export type KeelClient = KeelResources & {
  /** `EventTarget` that dispatches a `change` event ({@link KeelChangeEvent}) after each mutation. */
  readonly changes: EventTarget;
  /** Subscribes to change notifications; returns the unsubscribe function. */
  onChange(listener: ChangeListener): () => void;
  /** Subscribes to session expiry; returns the unsubscribe function. */
  onSessionExpired(listener: SessionExpiredListener): () => void;
  /** Replaces the session token, for example after the vendor mints a new one. */
  setSessionToken(token: string | null): void;
};

export const DEFAULT_TIMEOUT_MS = 30_000;

/** 401 codes after which a new token may succeed. */
const REFRESHABLE_AUTH_CODES: ReadonlySet<string> = new Set([
  ErrorCode.sessionExpired,
  ErrorCode.sessionInvalid,
  ErrorCode.sessionMissing,
]);

function resolveRetryPolicy(retry: KeelClientOptions['retry']): RetryPolicy {
  if (retry === false) return { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 };
  const policy = { ...DEFAULT_RETRY_POLICY, ...retry };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new TypeError(`retry.maxAttempts must be an integer of at least 1, got ${String(policy.maxAttempts)}`);
  }
  for (const key of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    if (typeof policy[key] !== 'number' || Number.isNaN(policy[key]) || policy[key] < 0) {
      throw new TypeError(`retry.${key} must be a non-negative number of milliseconds, got ${String(policy[key])}`);
    }
  }
  return policy;
}

function resolveFetch(fetch: FetchLike | undefined): FetchLike {
  if (fetch !== undefined) {
    if (typeof fetch !== 'function') throw new TypeError('fetch must be a function');
    return fetch;
  }
  // Looked up per request rather than bound once, so a fetch replaced after
  // the client was created (by a test or a monitoring library) is used.
  return (input, init) => {
    if (typeof globalThis.fetch !== 'function') {
      throw new TypeError('No global fetch is available; pass the fetch option to createKeelClient');
    }
    return globalThis.fetch(input, init);
  };
}

/**
 * Creates a Keel API client.
 *
 * Methods throw a {@link KeelApiError} subclass on any failure (HTTP error,
 * network error, timeout, response that breaks the contract) and resolve with
 * the parsed response otherwise. Mutations carry an `Idempotency-Key` that is
 * reused on their retries, and notify `onChange` listeners when they succeed
 * or when a payment they attempted was declined (402).
 *
 * @throws {TypeError} at creation, for a missing `apiBase` or invalid options
 * @example
 * const client = createKeelClient({
 *   apiBase: '/keel',
 *   getSessionToken: () => fetch('/api/billing-session').then((r) => r.text()),
 * });
 * const page = await client.invoices.list({ limit: 10 });
 * await client.invoices.pay(page.data[0].id);
 */
export function createKeelClient(options: KeelClientOptions): KeelClient {
  if (typeof options.apiBase !== 'string' || options.apiBase.trim() === '') {
    throw new TypeError('apiBase is required: the URL of the Keel backend, such as "/keel"');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError(`timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  }

  const session = new SessionTokenStore(options.sessionToken, options.getSessionToken);
  if (options.onSessionExpired) session.onExpired(options.onSessionExpired);
  const notifier = new ChangeNotifier();
  if (options.onChange) notifier.subscribe(options.onChange);

  const transport = new Transport({
    apiBase: options.apiBase.trim(),
    fetch: resolveFetch(options.fetch),
    timeoutMs,
    retry: resolveRetryPolicy(options.retry),
    session,
    refreshableAuthCodes: REFRESHABLE_AUTH_CODES,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? defaultSleep,
    now: () => Date.now(),
    createIdempotencyKey,
  });

  const call = async (id: ClientOperationId, args: readonly unknown[]): Promise<unknown> => {
    const definition: OperationDefinition = operations[id];
    const notify = (requestId: string | null) => {
      if (definition.changes.length > 0) notifier.notify({ operation: id, resources: definition.changes, requestId });
    };

    let result;
    try {
      result = await transport.send(buildRequest(id, args));
    } catch (error) {
      // A declined payment is an error, yet the server recorded the attempt
      // (attempt count, last error, dunning state), so views must refresh too.
      if (error instanceof KeelPaymentError) notify(error.requestId);
      throw error;
    }
    notify(result.requestId);
    return result.data;
  };

  const resources: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const [id, definition] of Object.entries(operations) as Array<[OperationId, OperationDefinition]>) {
    if (!isClientOperation(definition)) continue;
    const [resource = '', method = ''] = id.split('.');
    const group = (resources[resource] ??= {});
    group[method] = (...args: unknown[]) => call(id as ClientOperationId, args);
  }

  const client = {
    ...resources,
    changes: notifier.target,
    onChange: (listener: ChangeListener) => notifier.subscribe(listener),
    onSessionExpired: (listener: SessionExpiredListener) => session.onExpired(listener),
    setSessionToken: (token: string | null) => session.set(token),
  };
  // The groups are built by walking the operation table, which TypeScript
  // cannot follow, so the mapped KeelResources type is asserted here once.
  return client as unknown as KeelClient;
}
