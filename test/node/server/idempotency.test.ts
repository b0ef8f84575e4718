import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openStore, type Store } from '../../../src/server/store/index.js';
import { requestHash } from '../../../src/server/middleware/idempotency.js';
import { storeTargets } from '../store/harness.js';
import { CUSTOMER_A, CUSTOMER_B, createFakeProvider } from './fake-provider.js';
import { errorOf, startTestServer, type TestServer } from './harness.js';

const CONCURRENT_REQUESTS = 50;

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

async function paymentAttempts(server: TestServer): Promise<number> {
  return server.provider.calls.get('payInvoice') ?? 0;
}

for (const target of storeTargets()) {
  describe(`idempotency on ${target.name}`, { skip: target.skip }, () => {
    let store: Store;
    let server: TestServer;

    before(async () => {
      store = await target.open();
      server = await startTestServer(store, { rateLimit: false });
    });

    after(async () => {
      await server?.close();
      await store?.close();
    });

    test('key missing rejected', async () => {
      const token = await server.token(CUSTOMER_A);
      const response = await server.request('POST', '/v1/invoices/in_a/pay', { token, body: {}, idempotencyKey: null });
      assert.equal(response.status, 400);
      assert.equal((await errorOf(response)).code, 'idempotency_key_missing');
    });

    test('same key replays response', async () => {
      const token = await server.token(CUSTOMER_A);
      const attempts = await paymentAttempts(server);
      const first = await server.request('POST', '/v1/invoices/in_a/pay', { token, body: {}, idempotencyKey: 'replay-1' });
      const second = await server.request('POST', '/v1/invoices/in_a/pay', { token, body: {}, idempotencyKey: 'replay-1' });
      assert.equal(first.status, 200);
      assert.equal(second.status, 200);
      assert.equal(second.headers.get('Idempotent-Replayed'), 'true');
      assert.deepEqual(await second.json(), await first.json());
      assert.equal(await paymentAttempts(server), attempts + 1);
    });

    test('key order does not matter', async () => {
      const token = await server.token(CUSTOMER_A);
      const body = { type: 'click', invoice_id: 'in_a', variant: 'a', action: 'update_payment_method' };
      const reordered = { action: 'update_payment_method', variant: 'a', invoice_id: 'in_a', type: 'click' };
      const first = await server.request('POST', '/v1/dunning/events', { token, body, idempotencyKey: 'order-1' });
      const second = await server.request('POST', '/v1/dunning/events', { token, body: reordered, idempotencyKey: 'order-1' });
      assert.equal(first.status, 200);
      assert.equal(second.headers.get('Idempotent-Replayed'), 'true');
    });

    test('same key other body rejected', async () => {
      const token = await server.token(CUSTOMER_A);
      const first = await server.request('POST', '/v1/invoices/in_a/pay', { token, body: {}, idempotencyKey: 'reuse-1' });
      assert.equal(first.status, 200);
      const attempts = await paymentAttempts(server);
      const second = await server.request('POST', '/v1/invoices/in_a/pay', { token, body: { payment_method_id: 'pm_a' }, idempotencyKey: 'reuse-1' });
      assert.equal(second.status, 422);
      assert.equal((await errorOf(second)).code, 'idempotency_key_reused');
      assert.equal(await paymentAttempts(server), attempts);
    });

    test('same key other path rejected', async () => {
      const token = await server.token(CUSTOMER_A);
      await server.request('POST', '/v1/subscriptions/sub_a/resume', { token, idempotencyKey: 'path-1' });
      const second = await server.request('POST', '/v1/subscriptions/sub_a/reactivate', { token, idempotencyKey: 'path-1' });
      assert.equal(second.status, 422);
    });

    test('keys scoped per customer', async () => {
      const attempts = await paymentAttempts(server);
      const a = await server.request('POST', '/v1/invoices/in_a/pay', { token: await server.token(CUSTOMER_A), body: {}, idempotencyKey: 'shared-key' });
      const b = await server.request('POST', '/v1/invoices/in_b/pay', { token: await server.token(CUSTOMER_B), body: {}, idempotencyKey: 'shared-key' });
      assert.equal(a.status, 200);
      assert.equal(b.status, 200);
      assert.equal(b.headers.get('Idempotent-Replayed'), null);
      assert.equal(await paymentAttempts(server), attempts + 2);
    });

    test('same request other customer', async () => {
      const body = { name: 'Shared Name' };
      const a = await server.request('POST', '/v1/billing_details', { token: await server.token(CUSTOMER_A), body, idempotencyKey: 'same-request-key' });
      const b = await server.request('POST', '/v1/billing_details', { token: await server.token(CUSTOMER_B), body, idempotencyKey: 'same-request-key' });
      assert.equal(a.status, 200);
      assert.equal(b.status, 200);
      assert.equal(b.headers.get('Idempotent-Replayed'), null);
      assert.notEqual(await b.text(), await a.text());
    });

    test('key over 255 characters rejected', async () => {
      const response = await server.request('POST', '/v1/invoices/in_a/pay', { token: await server.token(CUSTOMER_A), body: {}, idempotencyKey: 'k'.repeat(256) });
      assert.equal(response.status, 400);
      assert.equal((await errorOf(response)).param, 'Idempotency-Key');
    });

    test('client errors are replayed', async () => {
      const token = await server.token(CUSTOMER_A);
      const first = await server.request('POST', '/v1/subscriptions/sub_a/retention_offers/offer_none/accept', { token, body: { reason: 'unused' }, idempotencyKey: 'offer-1' });
      const second = await server.request('POST', '/v1/subscriptions/sub_a/retention_offers/offer_none/accept', { token, body: { reason: 'unused' }, idempotencyKey: 'offer-1' });
      assert.equal(first.status, 422);
      assert.equal(second.status, 422);
      assert.equal(second.headers.get('Idempotent-Replayed'), 'true');
    });

    test('server error releases key', async () => {
      const token = await server.token(CUSTOMER_A);
      server.provider.failNext('payInvoice', new Error('database exploded'));
      const attempts = await paymentAttempts(server);
      const failed = await server.request('POST', '/v1/invoices/in_a/pay', { token, body: {}, idempotencyKey: 'retry-after-500' });
      assert.equal(failed.status, 500);
      const retried = await server.request('POST', '/v1/invoices/in_a/pay', { token, body: {}, idempotencyKey: 'retry-after-500' });
      assert.equal(retried.status, 200);
      assert.equal(retried.headers.get('Idempotent-Replayed'), null);
      assert.equal(await paymentAttempts(server), attempts + 1);
    });

    test('stale lock taken over', async () => {
      const token = await server.token(CUSTOMER_A);
      const path = '/v1/subscriptions/sub_a/resume';
      const past = new Date(Date.now() - 60 * 60 * 1000);
      await sql`
        insert into idempotency_keys (scope, key, request_hash, method, path, state, locked_until, created_at)
        values (${CUSTOMER_A}, 'stale-1', ${requestHash('POST', path, {})}, 'POST', ${path}, 'processing', ${past}, ${new Date()})
      `.execute(store.db);
      const calls = server.provider.calls.get('resumeSubscription') ?? 0;
      const response = await server.request('POST', path, { token, idempotencyKey: 'stale-1' });
      assert.equal(response.status, 200);
      assert.equal(server.provider.calls.get('resumeSubscription'), calls + 1);
    });

    test('fifty concurrent duplicates pay once', async () => {
      const token = await server.token(CUSTOMER_A);
      const attempts = await paymentAttempts(server);
      const hold = server.provider.holdPayments();
      const responses = Array.from({ length: CONCURRENT_REQUESTS }, () =>
        server.request('POST', '/v1/invoices/in_a/pay', { token, body: {}, idempotencyKey: 'concurrent-pay' }),
      );
      await waitFor(() => (server.provider.calls.get('payInvoice') ?? 0) > attempts);
      hold.release();
      const settled = await Promise.all(responses);
      const bodies = await Promise.all(settled.map((response) => response.json() as Promise<{ id: string }>));

      assert.equal(await paymentAttempts(server), attempts + 1);
      assert.deepEqual(new Set(settled.map((response) => response.status)), new Set([200]));
      assert.equal(new Set(bodies.map((body) => body.id)).size, 1);
      const replayed = settled.filter((response) => response.headers.get('Idempotent-Replayed') === 'true').length;
      assert.equal(replayed, CONCURRENT_REQUESTS - 1);
    });

    test('duplicate waits then conflicts', async () => {
      const impatient = await startTestServer(store, { rateLimit: false, idempotency: { waitTimeoutMs: 50 } });
      try {
        const token = await impatient.token(CUSTOMER_A);
        const hold = impatient.provider.holdPayments();
        const first = impatient.request('POST', '/v1/invoices/in_a/pay', { token, body: {}, idempotencyKey: 'slow-1' });
        await waitFor(() => (impatient.provider.calls.get('payInvoice') ?? 0) > 0);
        const duplicate = await impatient.request('POST', '/v1/invoices/in_a/pay', { token, body: {}, idempotencyKey: 'slow-1' });
        hold.release();
        assert.equal(duplicate.status, 409);
        assert.equal(duplicate.headers.get('Retry-After'), '1');
        assert.equal((await errorOf(duplicate)).code, 'idempotency_in_progress');
        assert.equal((await first).status, 200);
      } finally {
        await impatient.close();
      }
    });
  });
}

describe('two instances, one database', () => {
  for (const target of storeTargets()) {
    test(`duplicates across instances on ${target.name}`, { skip: target.skip }, async () => {
      const store = await target.open();
      // PostgreSQL gets a second connection pool on the same schema, standing in for a second machine.
      // PGlite is one in-process database, so both instances share it.
      let secondStore = store;
      if (target.name === 'postgres') {
        const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db);
        secondStore = await openStore({ url: process.env.KEEL_TEST_DATABASE_URL ?? '', schema: rows[0]?.schema ?? 'public', migrate: false });
      }
      const provider = createFakeProvider();
      const first = await startTestServer(store, { rateLimit: false, provider });
      const second = await startTestServer(secondStore, { rateLimit: false, provider });
      try {
        const token = await first.token(CUSTOMER_A);
        const hold = provider.holdPayments();
        const responses = Array.from({ length: 20 }, (_, index) =>
          (index % 2 === 0 ? first : second).request('POST', '/v1/invoices/in_a/pay', { token, body: {}, idempotencyKey: 'two-instances' }),
        );
        await waitFor(() => (provider.calls.get('payInvoice') ?? 0) > 0);
        hold.release();
        const statuses = (await Promise.all(responses)).map((response) => response.status);
        assert.equal(provider.calls.get('payInvoice'), 1);
        assert.deepEqual(new Set(statuses), new Set([200]));
      } finally {
        await first.close();
        await second.close();
        if (secondStore !== store) await secondStore.close();
        await store.close();
      }
    });
  }
});

test('replay survives a restart', async () => {
  const store = await openStore();
  try {
    const before = await startTestServer(store, { rateLimit: false });
    const token = await before.token(CUSTOMER_A);
    const first = await before.request('POST', '/v1/invoices/in_a/pay', { token, body: {}, idempotencyKey: 'restart-1' });
    await before.close();
    const restarted = await startTestServer(store, { rateLimit: false });
    const second = await restarted.request('POST', '/v1/invoices/in_a/pay', { token, body: {}, idempotencyKey: 'restart-1' });
    await restarted.close();
    assert.equal(second.headers.get('Idempotent-Replayed'), 'true');
    assert.deepEqual(await second.json(), await first.json());
    assert.equal(restarted.provider.calls.get('payInvoice') ?? 0, 0);
  } finally {
    await store.close();
  }
});
