/**
 * How a route is declared: the contract operation it serves, the object its
 * audit rows name, and a handler that calls the billing provider.
 *
 * Handlers receive input that the middleware already authenticated and
 * validated, and return the response body (serialized as JSON with status
 * 200) or a ready `Response` for non-JSON responses such as a PDF.
 *
 * @module
 */
import type { OperationBody, OperationId, OperationQuery, OperationResponse } from '../../contract/operations.js';
import type { PortalSession } from '../auth/session-token.js';
import type { KeelContext } from '../context.js';
import type { AuditEntry } from '../middleware/audit.js';
import type { BillingPolicy, BillingProvider } from '../providers/provider.js';
import type { Branding } from '../../contract/session.js';
import type { DunningMetrics } from '../dunning-metrics.js';

/** Server-wide settings routes read. */
export interface RouteEnvironment {
  provider: BillingProvider;
  policy: BillingPolicy;
  branding: Branding;
  stripePublishableKey: string | null;
  /** Dunning counters; routes that can fix a failed payment report to it. Absent in route tests without metrics. */
  dunningMetrics?: DunningMetrics;
}

export interface RouteInput<Id extends OperationId> {
  c: KeelContext;
  env: RouteEnvironment;
  /** The session's customer; empty for admin operations. */
  customerId: string;
  /** The session; absent on admin operations. */
  session: PortalSession | undefined;
  params: Record<string, string>;
  query: [OperationQuery<Id>] extends [never] ? Record<string, never> : OperationQuery<Id>;
  body: [OperationBody<Id>] extends [never] ? Record<string, never> : OperationBody<Id>;
  /** Filled in by mutations with the object's state before and after. */
  audit: AuditEntry;
}

export interface RouteDefinition<Id extends OperationId = OperationId> {
  /** Object type written to audit rows, such as `subscription`. */
  objectType: string | null;
  /** Path parameter that contains the object id. [default: 'id' when the path has one] */
  objectIdParam?: string;
  handle(input: RouteInput<Id>): Promise<OperationResponse<Id> | Response>;
}

export type RouteTable = { [Id in OperationId]?: RouteDefinition<Id> };

/** Identity helper that checks a route table against the contract's types. */
export function defineRoutes<T extends RouteTable>(routes: T): T {
  return routes;
}
