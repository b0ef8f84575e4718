/**
 * The Hono environment shared by Keel's middleware and routes: what each
 * middleware puts on the context for the ones after it.
 *
 * @module
 */
import type { Context } from 'hono';
import type { Logger } from './logger.js';
import type { PortalSession } from './auth/session-token.js';
import type { AuditEntry } from './middleware/audit.js';

export interface KeelVariables {
  /** Set by the request-id middleware before anything else runs. */
  requestId: string;
  /** Logger bound to this request's id. */
  logger: Logger;
  /** Route pattern (`/v1/invoices/:id`) used in logs and metrics instead of the raw path. */
  routePattern: string;
  /** The verified portal session; set on session-authenticated routes. */
  session: PortalSession;
  /** The operation's id from the contract, such as `invoices.pay`. */
  operationId: string;
  /** Parsed and validated request parts; set by the validation middleware. */
  validated: ValidatedRequest;
  /** Audit entry that the route fills in with the object and its before/after state. */
  audit: AuditEntry;
  /** The idempotency key of a mutation, after the idempotency middleware accepted it. */
  idempotencyKey: string;
  /** Error code of the response, for the access log line. */
  errorCode: string;
  /** Whether the idempotency middleware answered with a stored response. */
  idempotentReplay: boolean;
}

export interface ValidatedRequest {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

export type KeelEnv = { Variables: KeelVariables };
export type KeelContext = Context<KeelEnv>;
