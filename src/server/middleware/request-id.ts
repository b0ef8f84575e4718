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

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Returns a new request id of 24 random letters (about 112 bits). Letters
 * only, because a hex id now and then contains 12 digits in a row, which log
 * redaction takes for a card number and blanks out.
 */
export function generateRequestId(): string {
  const bytes = randomBytes(24);
  let id = 'req_';
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
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
