/**
 * The one place that turns thrown errors into responses.
 *
 * `KeelHttpError` and a provider's 4xx `ProviderError` become their status
 * and code. Hono's own `HTTPException`
 * keeps its status with a generic code. Anything else is unexpected: it is
 * logged once, with its stack, and the caller gets a 500 that names only the
 * request id.
 *
 * @module
 */
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ErrorCode } from '../../contract/errors.js';
import type { KeelEnv } from '../context.js';
import { KeelHttpError, errorResponse } from '../errors.js';
import { ProviderError } from '../providers/provider.js';
import { generateRequestId } from './request-id.js';

const HTTP_EXCEPTION_CODES: Record<number, string> = {
  400: ErrorCode.parameterInvalid,
  401: ErrorCode.sessionInvalid,
  404: ErrorCode.routeNotFound,
  413: ErrorCode.bodyTooLarge,
};

export function keelErrorHandler(): ErrorHandler<KeelEnv> {
  return function keelErrorHandler(error, c) {
    const requestId = c.get('requestId') ?? generateRequestId();

    if (error instanceof KeelHttpError) {
      c.set('errorCode', error.code);
      return errorResponse(error.status, error.code, error.message, requestId, { param: error.param, headers: error.headers });
    }

    if (error instanceof ProviderError && error.status >= 400 && error.status < 500) {
      c.set('errorCode', error.code);
      return errorResponse(error.status, error.code, error.message, requestId, {
        param: error.param,
        declineReason: error.declineReason,
      });
    }

    if (error instanceof HTTPException && error.status < 500) {
      const code = HTTP_EXCEPTION_CODES[error.status] ?? 'request_invalid';
      c.set('errorCode', code);
      return errorResponse(error.status, code, error.message || 'The request is invalid.', requestId);
    }

    const logger = c.get('logger');
    const fields = { error, method: c.req.method, route: c.get('routePattern') ?? null };

    if (error instanceof ProviderError) {
      c.set('errorCode', ErrorCode.providerError);
      logger?.error('The billing provider failed.', fields);
      return errorResponse(
        error.status,
        ErrorCode.providerError,
        `The billing provider failed; retry later and quote request id ${requestId} if it persists.`,
        requestId,
      );
    }

    c.set('errorCode', ErrorCode.internalError);
    logger?.error('Request failed with an unexpected error.', fields);
    return errorResponse(
      500,
      ErrorCode.internalError,
      `An unexpected error occurred; quote request id ${requestId} when reporting it.`,
      requestId,
    );
  };
}

export function keelNotFoundHandler(): NotFoundHandler<KeelEnv> {
  return function keelNotFoundHandler(c) {
    const requestId = c.get('requestId') ?? generateRequestId();
    c.set('errorCode', ErrorCode.routeNotFound);
    return errorResponse(404, ErrorCode.routeNotFound, `No operation exists for ${c.req.method} ${new URL(c.req.url).pathname}.`, requestId);
  };
}
