/**
 * The one error type that request handling throws for an expected failure.
 *
 * Middleware and routes throw `KeelHttpError`; the app-level error handler turns
 * it into the shared error body `{ error: { code, message, param, request_id } }`.
 * Anything else that reaches the error handler is an internal error: it is
 * logged once, and the response is a 500 that carries no details.
 *
 * @module
 */

/** Extra response headers an error needs, such as `Retry-After` on a 429. */
export type ErrorHeaders = Record<string, string>;

export interface KeelHttpErrorOptions {
  /** Request field that caused the error, as a dotted path (`address.postal_code`). */
  param?: string | null;
  headers?: ErrorHeaders;
  cause?: unknown;
}

export class KeelHttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly param: string | null;
  readonly headers: ErrorHeaders;

  constructor(status: number, code: string, message: string, options: KeelHttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KeelHttpError';
    this.status = status;
    this.code = code;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
  }
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    param: string | null;
    request_id: string;
    /** For declined payments: the customer-facing decline reason. */
    decline_reason?: string | null;
  };
}

/** Build the shared error body. */
export function errorBody(code: string, message: string, param: string | null, requestId: string): ErrorBody {
  return { error: { code, message, param, request_id: requestId } };
}

/** Build a JSON error response in the shared shape. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  requestId: string,
  options: { param?: string | null; headers?: ErrorHeaders; declineReason?: string | null } = {},
): Response {
  const headers = new Headers(options.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  headers.set('x-request-id', requestId);
  const body = errorBody(code, message, options.param ?? null, requestId);
  if (options.declineReason) body.error.decline_reason = options.declineReason;
  return new Response(JSON.stringify(body), {
    status,
    headers,
  });
}

/** Error thrown by `createKeelServer` and the session signer for invalid configuration. */
export class KeelConfigError extends Error {
  /** Option that is invalid, such as `secret` or `allowedOrigins[2]`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(message);
    this.name = 'KeelConfigError';
    this.option = option;
  }
}
