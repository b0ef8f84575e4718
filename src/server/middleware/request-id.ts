/**
 * Request ids: every request gets one, echoed in `X-Request-Id`, in every log
 * line and in every error body.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { KeelEnv } from '../context.js';
import type { Logger } from '../logger.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** Ids a caller may pass through from its own tracing; anything else is replaced. */
const INCOMING_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

export function generateRequestId(): string {
  return `req_${randomBytes(12).toString('hex')}`;
}

export interface RequestIdOptions {
  logger: Logger;
  /** Keep a valid `X-Request-Id` sent by the caller. [default: true] */
  trustIncoming?: boolean;
}

/** Assign the request id and a logger bound to it. */
export function requestId({ logger, trustIncoming = true }: RequestIdOptions): MiddlewareHandler<KeelEnv> {
  return async function requestId(c, next) {
    const incoming = c.req.header(REQUEST_ID_HEADER);
    const id = trustIncoming && incoming && INCOMING_ID_PATTERN.test(incoming) ? incoming : generateRequestId();
    c.set('requestId', id);
    c.set('logger', logger.child({ request_id: id }));
    await next();
    c.header(REQUEST_ID_HEADER, id);
  };
}
