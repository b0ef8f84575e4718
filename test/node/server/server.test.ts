import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createKeelServer, KeelConfigError, listAuditRows, serve } from '../../../src/server/index.js';
import { createLogger } from '../../../src/server/logger.js';
import type { PlatformDb } from '../../../src/server/platform-store.js';
import { openStore, type Store } from '../../../src/server/store/index.js';
import { CUSTOMER_A, createFakeProvider } from './fake-provider.js';
import { ADMIN_KEY, SECRET, errorOf, startTestServer, type TestServer } from './harness.js';

function configError(option: string) {
  return (error: unknown) => error instanceof KeelConfigError && error.option === option;
}

describe('createKeelServer options', () => {
  test('secret missing', () => {
    assert.throws(() => createKeelServer({} as never), configError('secret'));
  });

  test('secret shorter than 32 bytes', () => {
    assert.throws(() => createKeelServer({ secret: 'short-secret' }), configError('secret'));
  });

  test('provider unknown', () => {
    assert.throws(() => createKeelServer({ secret: SECRET, provider: 'paypal' as never }), configError('provider'));
  });

  test('stripe settings missing', () => {
    assert.throws(() => createKeelServer({ secret: SECRET, provider: 'stripe' }), configError('stripe'));
  });

  test('allowlist entry bad', () => {
    assert.throws(() => createKeelServer({ secret: SECRET, allowedOrigins: ['https://app.example.com/path'] }), configError('allowedOrigins[0]'));
  });

  test('allowlist not an array', () => {
    assert.throws(() => createKeelServer({ secret: SECRET, allowedOrigins: 'https://app.example.com' as never }), configError('allowedOrigins'));
  });

  test('admin key too short', () => {
    assert.throws(() => createKeelServer({ secret: SECRET, adminKey: 'admin' }), configError('adminKey'));
  });

  test('rate limit invalid', () => {
    assert.throws(() => createKeelServer({ secret: SECRET, rateLimit: { maxRequests: 0 } }), configError('rateLimit.maxRequests'));
  });

  test('store URL not PostgreSQL', () => {
    assert.throws(() => createKeelServer({ secret: SECRET, store: { url: 'mysql://127.0.0.1/db' } }), configError('store.url'));
  });
});

describe('HTTP layer', () => {
  let store: Store;
  let server: TestServer;

  before(async () => {
    store = await openStore();
    server = await startTestServer(store, { rateLimit: { maxRequests: 5, windowSeconds: 60 } });
  });

  after(async () => {
    await server.close();
    await store.close();
  });

  test('metrics in Prometheus format', async () => {
    await server.request('GET', '/v1/invoices', { token: await server.token(CUSTOMER_A) });
    const response = await server.request('GET', '/metrics');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('Content-Type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.match(text, /^keel_http_requests_total\{method="GET",route="\/v1\/invoices",status="200"\} \d+$/m);
    assert.match(text, /^keel_http_request_duration_seconds_count\{method="GET",route="\/v1\/invoices"\} \d+$/m);
  });

  test('metrics registry shared', async () => {
    server.keel.metrics.counter({ name: 'vendor_signups_total', help: 'Signups counted by the vendor.' }).inc();
    const text = await (await server.request('GET', '/metrics')).text();
    assert.match(text, /^vendor_signups_total 1$/m);
  });

  test('CORS allowed origin', async () => {
    const response = await server.request('OPTIONS', '/v1/invoices', {
      idempotencyKey: null,
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), 'https://app.example.com');
    assert.match(response.headers.get('Access-Control-Allow-Headers') ?? '', /Authorization/i);
  });

  test('CORS other origin refused', async () => {
    const response = await server.request('GET', '/v1/invoices', { token: await server.token(CUSTOMER_A), headers: { Origin: 'https://evil.example.net' } });
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), null);
  });

  test('request id echoed', async () => {
    const response = await server.request('GET', '/health', { headers: { 'X-Request-Id': 'trace-0123456789' } });
    assert.equal(response.headers.get('X-Request-Id'), 'trace-0123456789');
  });

  test('rate limit answers 429', async () => {
    const token = await server.token(CUSTOMER_A);
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let index = 0; index < 6; index += 1) {
      const response = await server.request('GET', '/v1/dunning', { token });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    assert.ok(Number(limited?.headers.get('Retry-After')) >= 1);
    assert.equal((await errorOf(limited as Response)).code, 'rate_limited');
  });

  test('rate limit shared by instances', async () => {
    const other = await startTestServer(store, { rateLimit: { maxRequests: 5, windowSeconds: 60 } });
    try {
      const token = await server.token(CUSTOMER_A);
      for (let index = 0; index < 5; index += 1) await server.request('GET', '/v1/dunning', { token });
      const response = await other.request('GET', '/v1/dunning', { token });
      assert.equal(response.status, 429);
    } finally {
      await other.close();
    }
  });

  test('rate limit per session', async () => {
    const first = await server.token(CUSTOMER_A);
    for (let index = 0; index < 6; index += 1) await server.request('GET', '/v1/dunning', { token: first });
    const response = await server.request('GET', '/v1/dunning', { token: await server.token(CUSTOMER_A) });
    assert.equal(response.status, 200);
  });

  test('audit row for mutation', async () => {
    const token = await server.token(CUSTOMER_A);
    const response = await server.request('POST', '/v1/subscriptions/sub_a/cancel', { token, body: { reason: 'too_expensive' }, idempotencyKey: 'audit-1' });
    assert.equal(response.status, 200);
    const requestId = response.headers.get('X-Request-Id') ?? '';
    const rows = await listAuditRows(store.db as unknown as PlatformDb, { requestId });
    assert.equal(rows.length, 1);
    const row = rows[0]!;
    assert.equal(row.actor_type, 'customer');
    assert.equal(row.customer_id, CUSTOMER_A);
    assert.equal(row.action, 'subscriptions.cancel');
    assert.equal(row.object_type, 'subscription');
    assert.equal(row.object_id, 'sub_a');
    assert.equal(row.status_code, 200);
    assert.equal(row.idempotency_key, 'audit-1');
    assert.equal((row.before as { cancel_at_period_end: boolean }).cancel_at_period_end, false);
    assert.equal((row.after as { cancel_at_period_end: boolean }).cancel_at_period_end, true);
    assert.ok(row.occurred_at instanceof Date);
    assert.ok(row.session_id?.startsWith('ps_'));
  });

  test('audit skips replays and reads', async () => {
    const token = await server.token(CUSTOMER_A);
    await server.request('POST', '/v1/subscriptions/sub_a/resume', { token, idempotencyKey: 'audit-replay' });
    const replay = await server.request('POST', '/v1/subscriptions/sub_a/resume', { token, idempotencyKey: 'audit-replay' });
    const read = await server.request('GET', '/v1/subscriptions/sub_a', { token });
    const db = store.db as unknown as PlatformDb;
    assert.equal((await listAuditRows(db, { requestId: replay.headers.get('X-Request-Id') ?? '' })).length, 0);
    assert.equal((await listAuditRows(db, { requestId: read.headers.get('X-Request-Id') ?? '' })).length, 0);
  });

  test('audit records admin actions', async () => {
    const response = await server.request('POST', '/v1/sandbox/clock/advance', { token: ADMIN_KEY, body: { duration: '7d' } });
    assert.equal(response.status, 200);
    const rows = await listAuditRows(store.db as unknown as PlatformDb, { requestId: response.headers.get('X-Request-Id') ?? '' });
    assert.equal(rows[0]?.actor_type, 'admin');
    assert.equal(rows[0]?.action, 'sandbox.advanceClock');
  });

  test('clock advance moves time', async () => {
    const before = (await (await server.request('GET', '/v1/sandbox/clock', { token: ADMIN_KEY })).json()) as { frozen_time: string };
    const response = await server.request('POST', '/v1/sandbox/clock/advance', { token: ADMIN_KEY, body: { duration: '2d' } });
    const after = (await response.json()) as { frozen_time: string };
    assert.equal(Date.parse(after.frozen_time) - Date.parse(before.frozen_time), 2 * 24 * 60 * 60 * 1000);
  });

  test('sandbox routes need sandbox', async () => {
    const live = await startTestServer(store, { provider: createFakeProvider('stripe') });
    try {
      const response = await live.request('GET', '/v1/sandbox/clock', { token: ADMIN_KEY });
      assert.equal(response.status, 404);
      assert.equal((await errorOf(response)).code, 'sandbox_only');
    } finally {
      await live.close();
    }
  });

  test('session carries token claims', async () => {
    const keel = server.keel;
    const { token } = await keel.createPortalSession({ customerId: CUSTOMER_A, capabilities: ['invoices.read'], locale: 'ja', returnUrl: 'https://app.example.com/account' });
    const body = (await (await server.request('GET', '/v1/session', { token })).json()) as Record<string, unknown>;
    assert.deepEqual(body.capabilities, ['invoices.read']);
    assert.equal(body.locale, 'ja');
    assert.equal(body.return_url, 'https://app.example.com/account');
    assert.equal(body.mode, 'sandbox');
  });
});

describe('serve', () => {
  test('listens on loopback and stops', async () => {
    const store = await openStore();
    const lines: string[] = [];
    const keel = createKeelServer({ secret: SECRET, provider: createFakeProvider(), store, logger: createLogger({ write: (line) => lines.push(line) }) });
    const running = await serve({ server: keel, port: 0, logger: createLogger({ write: (line) => lines.push(line) }) });
    try {
      assert.equal(running.hostname, '127.0.0.1');
      const response = await fetch(`${running.url}/health`);
      assert.equal(response.status, 200);
      assert.ok(lines.some((line) => line.includes(`listening on ${running.url}`)));
    } finally {
      await running.close();
      await store.close();
    }
    await assert.rejects(fetch(`${running.url}/health`));
  });

  test('port in use reported', async () => {
    const keel = { fetch: async () => new Response('ok') };
    const first = await serve({ server: keel, port: 0, logger: createLogger({ write: () => {} }) });
    try {
      await assert.rejects(serve({ server: keel, port: first.port, logger: createLogger({ write: () => {} }) }), /already in use/);
    } finally {
      await first.close();
    }
  });
});
