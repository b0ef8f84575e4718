/**
 * Request body size limit: larger bodies get 413 `body_too_large` before any
 * parsing, whether or not the client sent `Content-Length`.
 *
 * @module
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ErrorCode } from '../../contract/errors.js';
import type { KeelEnv } from '../context.js';
import { KeelHttpError } from '../errors.js';

/** Largest portal request body; the biggest real one (billing details) is a few KB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * Largest Stripe webhook body. An event carries a whole object, metadata
 * included, so it can outgrow the portal limit.
 * NOTE: Stripe documents no maximum event size; 1 MiB is an estimate with room to spare.
 */
export const WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

export function bodySizeLimit(maxBytes: number = DEFAULT_MAX_BODY_BYTES): MiddlewareHandler<KeelEnv> {
  const handler = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new KeelHttpError(413, ErrorCode.bodyTooLarge, `The request body exceeds the limit of ${maxBytes} bytes.`);
    },
  });
  return async function bodySizeLimit(c, next) {
    return handler(c, next);
  };
}
