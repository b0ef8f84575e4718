/**
 * Errors thrown by the Keel client.
 *
 * Every failure the client raises is a `KeelApiError`, so one `instanceof`
 * check covers HTTP errors, network failures, timeouts and responses that
 * break the contract. The subclass (or the `type` string, which survives
 * minification) says which kind it is. A caller's own `AbortSignal` is the one
 * exception: aborting rejects with the signal's reason, as `fetch` does.
 *
 * @module
 */

/** Kind of failure, one per error class. */
export type KeelErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'conflict_error'
  | 'payment_error'
  | 'rate_limit_error'
  | 'server_error'
  | 'network_error'
  | 'timeout_error'
  | 'response_validation_error'
  | 'api_error';

/** Fields shared by every client error. */
export interface KeelApiErrorInit {
  /** Stable machine code from the error envelope, or a client-side code. */
  code: string;
  /** HTTP status, or `null` when no response arrived. */
  status: number | null;
  message: string;
  /** Request field the error is about, when there is one. */
  param?: string | null;
  /** Server request id for support, from the envelope or a response header. */
  requestId?: string | null;
  /** Operation id from the contract, for example `invoices.retrieve`. */
  operation?: string | null;
  /** Parsed error body (or raw text) as received, for debugging. */
  raw?: unknown;
  /** Delay the server asked for through `Retry-After`, in milliseconds. */
  retryAfterMs?: number | null;
  /** For a declined payment: the reason in customer terms, such as `expired_card`. */
  declineReason?: string | null;
  cause?: unknown;
}

/** Base class of every error the client throws. */
export class KeelApiError extends Error {
  readonly type: KeelErrorType;
  readonly code: string;
  readonly status: number | null;
  readonly param: string | null;
  readonly requestId: string | null;
  readonly operation: string | null;
  readonly raw: unknown;
  readonly retryAfterMs: number | null;
  readonly declineReason: string | null;

  constructor(init: KeelApiErrorInit, type: KeelErrorType = 'api_error', name = 'KeelApiError') {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    // Set explicitly because minifiers rename classes, and callers match on name.
    this.name = name;
    this.type = type;
    this.code = init.code;
    this.status = init.status;
    this.param = init.param ?? null;
    this.requestId = init.requestId ?? null;
    this.operation = init.operation ?? null;
    this.raw = init.raw;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.declineReason = init.declineReason ?? null;
  }
}

/** 400 or 422: the request was malformed or a field failed validation (see `param`). */
export class KeelInvalidRequestError extends KeelApiError {
  constructor(init: KeelApiErrorInit) {
    super(init, 'invalid_request_error', 'KeelInvalidRequestError');
  }
}

/** 401: the session token is missing, invalid or expired. */
export class KeelAuthenticationError extends KeelApiError {
  constructor(init: KeelApiErrorInit) {
    super(init, 'authentication_error', 'KeelAuthenticationError');
  }
}

/** 403: the session lacks the capability, or the object belongs to someone else. */
export class KeelPermissionError extends KeelApiError {
  constructor(init: KeelApiErrorInit) {
    super(init, 'permission_error', 'KeelPermissionError');
  }
}

/** 404: the object does not exist for this customer. */
export class KeelNotFoundError extends KeelApiError {
  constructor(init: KeelApiErrorInit) {
    super(init, 'not_found_error', 'KeelNotFoundError');
  }
}

/** 409: the request conflicts with the current state or with an idempotency key in use. */
export class KeelConflictError extends KeelApiError {
  constructor(init: KeelApiErrorInit) {
    super(init, 'conflict_error', 'KeelConflictError');
  }
}

/** 402: a payment was attempted and declined or needs the customer's action. */
export class KeelPaymentError extends KeelApiError {
  constructor(init: KeelApiErrorInit) {
    super(init, 'payment_error', 'KeelPaymentError');
  }
}

/** 429: too many requests; `retryAfterMs` holds the server's hint when it sent one. */
export class KeelRateLimitError extends KeelApiError {
  constructor(init: KeelApiErrorInit) {
    super(init, 'rate_limit_error', 'KeelRateLimitError');
  }
}

/** 5xx: the server failed. */
export class KeelServerError extends KeelApiError {
  constructor(init: KeelApiErrorInit) {
    super(init, 'server_error', 'KeelServerError');
  }
}

/** No response arrived: DNS, refused or dropped connection, CORS rejection. */
export class KeelNetworkError extends KeelApiError {
  constructor(init: KeelApiErrorInit) {
    super(init, 'network_error', 'KeelNetworkError');
  }
}

/** No response arrived within the client's or the call's `timeoutMs`. */
export class KeelTimeoutError extends KeelApiError {
  constructor(init: KeelApiErrorInit) {
    super(init, 'timeout_error', 'KeelTimeoutError');
  }
}

/** One problem found while checking a response against its contract schema. */
export interface KeelValidationIssue {
  /** Dotted path inside the response body, for example `data.lines[0].amount`. */
  path: string;
  /** Zod issue code, for example `invalid_type`. */
  code: string;
  message: string;
}

/**
 * A 2xx response whose body does not match the contract.
 *
 * `param` and `path` name the first bad field; `issues` lists all of them.
 */
export class KeelResponseValidationError extends KeelApiError {
  readonly path: string;
  readonly issues: readonly KeelValidationIssue[];

  constructor(init: Omit<KeelApiErrorInit, 'code' | 'message'> & { issues: readonly KeelValidationIssue[] }) {
    const first = init.issues[0];
    const path = first?.path ?? '';
    const where = path === '' ? 'the response body' : `field "${path}"`;
    const operation = init.operation ?? 'request';
    const detail = first ? `: ${first.message}` : '';
    super(
      {
        ...init,
        code: 'invalid_response',
        param: path === '' ? null : path,
        message: `Response to ${operation} does not match the contract at ${where}${detail}`,
      },
      'response_validation_error',
      'KeelResponseValidationError',
    );
    this.path = path;
    this.issues = init.issues;
  }
}

/** Formats a zod issue path as `data.lines[0].amount`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      text += `[${segment}]`;
    } else {
      const key = String(segment);
      text += text === '' ? key : `.${key}`;
    }
  }
  return text;
}

/** Input of {@link createKeelApiError}: what the transport knows about a failed response. */
export interface ErrorResponseInfo {
  status: number;
  /** Parsed JSON body, the raw text when it was not JSON, or `undefined` when empty. */
  body: unknown;
  headers?: Headers;
  operation?: string | null;
  retryAfterMs?: number | null;
}

interface ErrorEnvelopeFields {
  code?: string;
  message?: string;
  param?: string | null;
  request_id?: string | null;
  decline_reason?: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Reads `{ error: { code, message, param, request_id } }` field by field, so a
// partial or odd envelope (a proxy's HTML page, a gateway's JSON) still gives
// whatever it can instead of throwing a second error while reporting the first.
function readEnvelope(body: unknown): ErrorEnvelopeFields {
  if (!isRecord(body) || !isRecord(body.error)) return {};
  const error = body.error;
  const fields: ErrorEnvelopeFields = {};
  if (typeof error.code === 'string' && error.code !== '') fields.code = error.code;
  if (typeof error.message === 'string' && error.message !== '') fields.message = error.message;
  if (typeof error.param === 'string') fields.param = error.param;
  if (typeof error.request_id === 'string') fields.request_id = error.request_id;
  if (typeof error.decline_reason === 'string') fields.decline_reason = error.decline_reason;
  return fields;
}

const FALLBACK_CODES: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthenticated',
  402: 'payment_failed',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'invalid_request',
  429: 'rate_limited',
};

function fallbackCode(status: number): string {
  return FALLBACK_CODES[status] ?? (status >= 500 ? 'server_error' : `http_${status}`);
}

/**
 * Builds the typed error for a non-2xx response from the error envelope.
 *
 * Works with any body: a valid envelope gives its code, message, param and
 * request id; anything else (HTML, plain text, empty) gives a code derived
 * from the status and the request id from the `Request-Id` header.
 */
export function createKeelApiError(info: ErrorResponseInfo): KeelApiError {
  const envelope = readEnvelope(info.body);
  const headerRequestId = info.headers?.get('request-id') ?? info.headers?.get('x-request-id') ?? null;
  const init: KeelApiErrorInit = {
    code: envelope.code ?? fallbackCode(info.status),
    status: info.status,
    message: envelope.message ?? `Request failed with status ${info.status}`,
    param: envelope.param ?? null,
    requestId: envelope.request_id ?? headerRequestId,
    operation: info.operation ?? null,
    raw: info.body,
    retryAfterMs: info.retryAfterMs ?? null,
    declineReason: envelope.decline_reason ?? null,
  };

  const status = info.status;
  if (status === 401) return new KeelAuthenticationError(init);
  if (status === 402) return new KeelPaymentError(init);
  if (status === 403) return new KeelPermissionError(init);
  if (status === 404) return new KeelNotFoundError(init);
  if (status === 409) return new KeelConflictError(init);
  if (status === 429) return new KeelRateLimitError(init);
  if (status >= 500) return new KeelServerError(init);
  if (status >= 400) return new KeelInvalidRequestError(init);
  return new KeelApiError(init);
}
