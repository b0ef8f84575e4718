/**
 * Audit log of every mutation that reaches its route: who (customer and
 * session, or the sandbox admin), what (the operation id), which object, its
 * state before and after, the status, the request id and the time.
 *
 * Routes fill in `c.var.audit` with the object and its before and after
 * states. The row is written after the route responds, failures included. A
 * replayed idempotent request changes nothing and writes no row.
 *
 * @module
 */
import type { MiddlewareHandler } from 'hono';
import type { KeelEnv } from '../context.js';
import { insertAuditRow, type PlatformDb } from '../platform-store.js';

/** Audit details a route records about the object it changed. */
export interface AuditEntry {
  objectType: string | null;
  objectId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditOptions {
  db: PlatformDb;
  /** Object type recorded when the route does not set one, such as `invoice`. */
  objectType: string | null;
  /** Path parameter holding the object id, such as `id`. */
  objectIdParam?: string;
  actor: 'customer' | 'admin';
  now?: () => number;
}

export function auditLog(options: AuditOptions): MiddlewareHandler<KeelEnv> {
  const { db, actor, now = Date.now } = options;

  return async function auditLog(c, next) {
    const params = c.req.param() as Record<string, string>;
    const entry: AuditEntry = {
      objectType: options.objectType,
      objectId: options.objectIdParam ? (params[options.objectIdParam] ?? null) : null,
      before: null,
      after: null,
    };
    c.set('audit', entry);
    await next();

    const session = actor === 'customer' ? c.get('session') : undefined;
    try {
      await insertAuditRow(db, {
        occurredAt: new Date(now()),
        requestId: c.get('requestId'),
        actorType: actor,
        actorId: session?.customerId ?? 'sandbox_admin',
        sessionId: session?.id ?? null,
        customerId: session?.customerId ?? null,
        action: c.get('operationId'),
        objectType: entry.objectType,
        objectId: entry.objectId,
        before: entry.before,
        after: entry.after,
        statusCode: c.res.status,
        idempotencyKey: c.get('idempotencyKey') ?? null,
      });
    } catch (error) {
      // The change has already happened, so the response stands; the missing row is logged loudly instead.
      c.get('logger').error('Writing the audit row failed.', { error, operation: c.get('operationId') });
    }
  };
}
