/**
 * Keel's typed API client for browsers and Node.
 *
 * ```ts
 * import { createKeelClient, KeelApiError } from 'keel-portal/client';
 *
 * const client = createKeelClient({ apiBase: '/keel', getSessionToken });
 * client.onChange(({ resources }) => refreshViews(resources));
 * try {
 *   await client.invoices.pay('in_123');
 * } catch (error) {
 *   if (error instanceof KeelApiError) showError(error.code);
 * }
 * ```
 *
 * Every method validates its response against the contract's zod schema and
 * throws a `KeelApiError` subclass on failure. Mutations carry an
 * `Idempotency-Key` reused across retries. The module imports only `zod/mini`
 * and the contract, and uses only web-standard APIs (fetch, AbortController,
 * EventTarget, crypto), so the same code runs in browsers and Node 20+.
 *
 * @module
 */

export { createKeelClient, DEFAULT_TIMEOUT_MS, type KeelClient, type KeelClientOptions } from './client.js';
export type { ClientOperationId, KeelResources, OperationArgs, OperationInput, OperationMethod } from './methods.js';
export { CHANGE_EVENT, KeelChangeEvent, type ChangeListener, type KeelChange } from './changes.js';
export type { GetSessionToken, SessionExpiredDetail, SessionExpiredListener } from './session.js';
export type { FetchLike, RequestOptions, SleepFunction } from './http.js';
export {
  DEFAULT_RETRY_POLICY,
  RETRYABLE_CONFLICT_CODES,
  computeRetryDelay,
  parseRetryAfter,
  shouldRetry,
  type RetryDelayInput,
  type RetryPolicy,
  type ShouldRetryInput,
} from './retry.js';
export {
  KeelApiError,
  KeelAuthenticationError,
  KeelConflictError,
  KeelInvalidRequestError,
  KeelNetworkError,
  KeelNotFoundError,
  KeelPaymentError,
  KeelPermissionError,
  KeelRateLimitError,
  KeelResponseValidationError,
  KeelServerError,
  KeelTimeoutError,
  createKeelApiError,
  type ErrorResponseInfo,
  type KeelApiErrorInit,
  type KeelErrorType,
  type KeelValidationIssue,
} from './errors.js';
