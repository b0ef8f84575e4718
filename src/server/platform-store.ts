/**
 * Queries for the request-handling tables: idempotency keys, the audit log and
 * rate-limit windows. Every piece of state that must agree across server
 * instances lives in these rows, never in process memory.
 *
 * The tables are created by the `0100_platform` migration.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type ColumnType, type Generated } from 'kysely';

type Instant = ColumnType<Date, Date | string, Date | string>;
type NullableInstant = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export type IdempotencyState = 'processing' | 'completed';

export interface IdempotencyKeysTable {
  /** Customer id, or `admin:sandbox` for sandbox admin requests. */
  scope: string;
  key: string;
  request_hash: string;
  method: string;
  path: string;
  state: IdempotencyState;
  status_code: number | null;
  response_body: string | null;
  response_content_type: string | null;
  /** A `processing` row older than this is taken to belong to a crashed request. */
  locked_until: Instant;
  created_at: Instant;
  completed_at: NullableInstant;
}

export interface AuditLogTable {
  id: string;
  occurred_at: Instant;
  request_id: string;
  actor_type: 'customer' | 'admin';
  actor_id: string;
  session_id: string | null;
  customer_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  before: NullableJson<unknown>;
  after: NullableJson<unknown>;
  status_code: number;
  idempotency_key: string | null;
}

export interface RateLimitWindowsTable {
  bucket: string;
  window_start: Instant;
  hits: Generated<number>;
}

export interface PlatformTables {
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
  rate_limit_windows: RateLimitWindowsTable;
}

export type PlatformDb = Kysely<PlatformTables>;

// ---------------------------------------------------------------- idempotency

export interface IdempotencyRecord {
  scope: string;
  key: string;
  requestHash: string;
  state: IdempotencyState;
  statusCode: number | null;
  responseBody: string | null;
  responseContentType: string | null;
  lockedUntil: Date;
  createdAt: Date;
}

function toRecord(row: {
  scope: string;
  key: string;
  request_hash: string;
  state: IdempotencyState;
  status_code: number | null;
  response_body: string | null;
  response_content_type: string | null;
  locked_until: Date;
  created_at: Date;
}): IdempotencyRecord {
  return {
    scope: row.scope,
    key: row.key,
    requestHash: row.request_hash,
    state: row.state,
    statusCode: row.status_code,
    responseBody: row.response_body,
    responseContentType: row.response_content_type,
    lockedUntil: new Date(row.locked_until),
    createdAt: new Date(row.created_at),
  };
}

export interface ClaimParams {
  scope: string;
  key: string;
  requestHash: string;
  method: string;
  path: string;
  now: Date;
  lockedUntil: Date;
}

/**
 * Insert a `processing` row for the key. Returns true when this request now
 * owns the key. The insert is one statement with `ON CONFLICT DO NOTHING`, so of
 * any number of concurrent claims on any number of instances exactly one wins.
 */
export async function claimIdempotencyKey(db: PlatformDb, params: ClaimParams): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      scope: params.scope,
      key: params.key,
      request_hash: params.requestHash,
      method: params.method,
      path: params.path,
      state: 'processing',
      status_code: null,
      response_body: null,
      response_content_type: null,
      locked_until: params.lockedUntil,
      created_at: params.now,
      completed_at: null,
    })
    .onConflict((conflict) => conflict.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Take over a `processing` row whose lock has expired, because the request that
 * claimed it crashed or timed out. Returns true when this request now owns it.
 */
export async function takeOverStaleKey(db: PlatformDb, params: ClaimParams): Promise<boolean> {
  const updated = await db
    .updateTable('idempotency_keys')
    .set({ locked_until: params.lockedUntil })
    .where('scope', '=', params.scope)
    .where('key', '=', params.key)
    .where('request_hash', '=', params.requestHash)
    .where('state', '=', 'processing')
    .where('locked_until', '<', params.now)
    .returning('key')
    .executeTakeFirst();
  return updated !== undefined;
}

export async function findIdempotencyKey(db: PlatformDb, scope: string, key: string): Promise<IdempotencyRecord | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select([
      'scope',
      'key',
      'request_hash',
      'state',
      'status_code',
      'response_body',
      'response_content_type',
      'locked_until',
      'created_at',
    ])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? toRecord(row) : null;
}

export interface CompleteParams {
  scope: string;
  key: string;
  requestHash: string;
  statusCode: number;
  responseBody: string;
  responseContentType: string | null;
  now: Date;
}

export async function completeIdempotencyKey(db: PlatformDb, params: CompleteParams): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({
      state: 'completed',
      status_code: params.statusCode,
      response_body: params.responseBody,
      response_content_type: params.responseContentType,
      completed_at: params.now,
    })
    .where('scope', '=', params.scope)
    .where('key', '=', params.key)
    .where('request_hash', '=', params.requestHash)
    .execute();
}

/** Delete the key so a retry with it runs again (after a server error or an expired key). */
export async function releaseIdempotencyKey(db: PlatformDb, scope: string, key: string, requestHash?: string): Promise<void> {
  let query = db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key);
  if (requestHash !== undefined) query = query.where('request_hash', '=', requestHash);
  await query.execute();
}

/** Delete keys created before `cutoff`; returns how many went. */
export async function deleteExpiredIdempotencyKeys(db: PlatformDb, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ---------------------------------------------------------------- audit log

export interface AuditRow {
  occurredAt: Date;
  requestId: string;
  actorType: 'customer' | 'admin';
  actorId: string;
  sessionId: string | null;
  customerId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  before: unknown;
  after: unknown;
  statusCode: number;
  idempotencyKey: string | null;
}

export async function insertAuditRow(db: PlatformDb, row: AuditRow): Promise<string> {
  const id = `aud_${randomUUID().replace(/-/g, '')}`;
  await db
    .insertInto('audit_log')
    .values({
      id,
      occurred_at: row.occurredAt,
      request_id: row.requestId,
      actor_type: row.actorType,
      actor_id: row.actorId,
      session_id: row.sessionId,
      customer_id: row.customerId,
      action: row.action,
      object_type: row.objectType,
      object_id: row.objectId,
      before: row.before === undefined ? null : JSON.stringify(row.before),
      after: row.after === undefined ? null : JSON.stringify(row.after),
      status_code: row.statusCode,
      idempotency_key: row.idempotencyKey,
    })
    .execute();
  return id;
}

export interface AuditQuery {
  customerId?: string;
  requestId?: string;
  limit?: number;
}

/** Read audit rows, newest first. */
export async function listAuditRows(db: PlatformDb, query: AuditQuery = {}) {
  let select = db.selectFrom('audit_log').selectAll().orderBy('occurred_at', 'desc').orderBy('id', 'desc');
  if (query.customerId !== undefined) select = select.where('customer_id', '=', query.customerId);
  if (query.requestId !== undefined) select = select.where('request_id', '=', query.requestId);
  return select.limit(query.limit ?? 100).execute();
}

// ---------------------------------------------------------------- rate limits

/**
 * Count one hit in the fixed window that starts at `windowStart` and return the
 * window's total. One upsert statement, so concurrent hits on several instances
 * all count.
 */
export async function hitRateLimitWindow(db: PlatformDb, bucket: string, windowStart: Date): Promise<number> {
  const row = await db
    .insertInto('rate_limit_windows')
    .values({ bucket, window_start: windowStart, hits: 1 })
    .onConflict((conflict) =>
      conflict.columns(['bucket', 'window_start']).doUpdateSet({ hits: sql<number>`rate_limit_windows.hits + 1` }),
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  return Number(row.hits);
}

/** Delete windows that started before `cutoff`. */
export async function deleteOldRateLimitWindows(db: PlatformDb, cutoff: Date): Promise<void> {
  await db.deleteFrom('rate_limit_windows').where('window_start', '<', cutoff).execute();
}
