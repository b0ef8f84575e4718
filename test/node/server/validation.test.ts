import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import * as z from 'zod/mini';
import { ApiErrorEnvelope } from '../../../src/contract/errors.js';
import { openStore, type Store } from '../../../src/server/store/index.js';
import { CUSTOMER_A } from './fake-provider.js';
import { ADMIN_KEY, startTestServer, type TestServer } from './harness.js';
import { ROUTED_OPERATIONS, operationRequest } from './operation-requests.js';

let store: Store;
let server: TestServer;

before(async () => {
  store = await openStore();
  server = await startTestServer(store, { rateLimit: false });
});

after(async () => {
  await server.close();
  await store.close();
});

const ONE_MEGABYTE = 1024 * 1024;

/** Everything a rejected request could have changed. */
async function stateSnapshot() {
  const counts = await sql<{ audit: number; keys: number }>`
    select (select count(*) from audit_log)::int as audit, (select count(*) from idempotency_keys)::int as keys
  `.execute(store.db);
  return { provider: server.provider.mutationCount(), ...counts.rows[0] };
}

function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'twelve';
  if (typeof value === 'boolean') return 'yes';
  return 'not-an-object';
}

async function assertErrorShape(response: Response) {
  const body = await response.json();
  const parsed = z.safeParse(ApiErrorEnvelope, body);
  assert.ok(parsed.success, `error body does not match the contract: ${JSON.stringify(body)}`);
  assert.ok(body.error.request_id, 'request_id missing');
  return body.error as { code: string; param: string | null };
}

const mutations = ROUTED_OPERATIONS.filter((id) => operationRequest(id, CUSTOMER_A).mutation);

for (const id of mutations) {
  const request = operationRequest(id, CUSTOMER_A);
  const token = async () => (request.definition.auth === 'admin' ? ADMIN_KEY : server.token(CUSTOMER_A));
  const valid = (request.body ?? {}) as Record<string, unknown>;
  const firstKey = Object.keys(valid)[0];

  describe(`${id} rejects bad bodies`, () => {
    test('malformed JSON', async () => {
      const before = await stateSnapshot();
      const response = await server.request(request.method, request.path, { token: await token(), rawBody: '{"unterminated": ' });
      assert.equal(response.status, 400);
      assert.equal((await assertErrorShape(response)).code, 'invalid_json');
      assert.deepEqual(await stateSnapshot(), before);
    });

    if (firstKey !== undefined) {
      test('wrong type', async () => {
        const before = await stateSnapshot();
        const body = { ...valid, [firstKey]: wrongTypeFor(valid[firstKey]) };
        const response = await server.request(request.method, request.path, { token: await token(), body });
        assert.equal(response.status, 400);
        const error = await assertErrorShape(response);
        assert.equal(error.code, 'parameter_invalid');
        assert.equal(error.param?.split(/[.[]/)[0], firstKey);
        assert.deepEqual(await stateSnapshot(), before);
      });
    }

    test('unknown field', async () => {
      const before = await stateSnapshot();
      const body = { ...valid, unexpected_field: true };
      const response = await server.request(request.method, request.path, { token: await token(), body });
      assert.equal(response.status, 400);
      const error = await assertErrorShape(response);
      assert.equal(error.code, 'parameter_unknown');
      assert.equal(error.param, 'unexpected_field');
      assert.deepEqual(await stateSnapshot(), before);
    });

    test('one megabyte string', async () => {
      const before = await stateSnapshot();
      const body = { ...valid, [firstKey ?? 'note']: 'x'.repeat(ONE_MEGABYTE) };
      const response = await server.request(request.method, request.path, { token: await token(), body });
      assert.equal(response.status, 413);
      assert.equal((await assertErrorShape(response)).code, 'body_too_large');
      assert.deepEqual(await stateSnapshot(), before);
    });

    test('array body', async () => {
      const before = await stateSnapshot();
      const response = await server.request(request.method, request.path, { token: await token(), body: [valid] });
      assert.equal(response.status, 400);
      await assertErrorShape(response);
      assert.deepEqual(await stateSnapshot(), before);
    });
  });
}

describe('other request parts', () => {
  test('one megabyte without length', async () => {
    const before = await stateSnapshot();
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= ONE_MEGABYTE) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await server.keel.fetch(
      new Request('http://keel.test/v1/billing_details', {
        method: 'POST',
        headers: { Authorization: `Bearer ${await server.token(CUSTOMER_A)}`, 'Idempotency-Key': 'stream-1', 'Content-Type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    assert.equal(response.status, 413);
    assert.deepEqual(await stateSnapshot(), before);
  });

  test('query wrong type', async () => {
    const response = await server.request('GET', '/v1/invoices?limit=many', { token: await server.token(CUSTOMER_A) });
    assert.equal(response.status, 400);
    const error = await assertErrorShape(response);
    assert.equal(error.code, 'parameter_invalid');
    assert.equal(error.param, 'limit');
  });

  test('query number coerced', async () => {
    const response = await server.request('GET', '/v1/invoices?limit=5', { token: await server.token(CUSTOMER_A) });
    assert.equal(response.status, 200);
  });

  test('query unknown field', async () => {
    const response = await server.request('GET', '/v1/invoices?color=red', { token: await server.token(CUSTOMER_A) });
    assert.equal(response.status, 400);
    const error = await assertErrorShape(response);
    assert.equal(error.code, 'parameter_unknown');
    assert.equal(error.param, 'color');
  });

  for (const name of ['constructor', '__proto__', 'toString']) {
    test(`query key ${name} rejected`, async () => {
      const response = await server.request('GET', `/v1/invoices?${name}=1`, { token: await server.token(CUSTOMER_A) });
      assert.equal(response.status, 400);
      const error = await assertErrorShape(response);
      assert.equal(error.code, 'parameter_unknown');
      assert.equal(error.param, name);
    });
  }

  test('NUL in body field', async () => {
    const before = await stateSnapshot();
    const response = await server.request('POST', '/v1/billing_details', { token: await server.token(CUSTOMER_A), body: { name: 'a\u0000b' } });
    assert.equal(response.status, 400);
    const error = await assertErrorShape(response);
    assert.equal(error.code, 'parameter_invalid');
    assert.equal(error.param, 'name');
    assert.deepEqual(await stateSnapshot(), before);
  });

  test('NUL in nested body field', async () => {
    const body = { address: { line1: 'x\u0000', line2: null, city: null, state: null, postal_code: null, country: 'JP' } };
    const response = await server.request('POST', '/v1/billing_details', { token: await server.token(CUSTOMER_A), body });
    assert.equal(response.status, 400);
    assert.equal((await assertErrorShape(response)).param, 'address.line1');
  });

  test('NUL in path id', async () => {
    const response = await server.request('GET', '/v1/invoices/in_%00', { token: await server.token(CUSTOMER_A) });
    assert.equal(response.status, 400);
    assert.equal((await assertErrorShape(response)).param, 'id');
  });

  test('NUL in query value', async () => {
    const response = await server.request('GET', '/v1/plans?subscription_id=%00', { token: await server.token(CUSTOMER_A) });
    assert.equal(response.status, 400);
    assert.equal((await assertErrorShape(response)).param, 'subscription_id');
  });

  test('unpaired surrogate in body', async () => {
    const response = await server.request('POST', '/v1/dunning/extension', { token: await server.token(CUSTOMER_A), rawBody: '{"invoice_id":"in_\\ud800"}' });
    assert.equal(response.status, 400);
    const error = await assertErrorShape(response);
    assert.equal(error.code, 'parameter_invalid');
    assert.equal(error.param, 'invoice_id');
  });

  test('paired surrogates accepted', async () => {
    const response = await server.request('POST', '/v1/billing_details', { token: await server.token(CUSTOMER_A), body: { name: 'Café 😀' } });
    assert.equal(response.status, 200);
  });

  test('deeply nested body', async () => {
    const response = await server.request('POST', '/v1/billing_details', { token: await server.token(CUSTOMER_A), rawBody: `${'['.repeat(30_000)}${']'.repeat(30_000)}` });
    assert.equal(response.status, 400);
    await assertErrorShape(response);
  });

  test('query missing field', async () => {
    const response = await server.request('GET', '/v1/subscriptions/sub_a/retention_offers', { token: await server.token(CUSTOMER_A) });
    assert.equal(response.status, 400);
    const error = await assertErrorShape(response);
    assert.equal(error.code, 'parameter_missing');
    assert.equal(error.param, 'reason');
  });

  test('path id too long', async () => {
    const response = await server.request('GET', `/v1/invoices/${'i'.repeat(300)}`, { token: await server.token(CUSTOMER_A) });
    assert.equal(response.status, 400);
    assert.equal((await assertErrorShape(response)).param, 'id');
  });

  test('nested field named by path', async () => {
    const body = { address: { line1: 'x', line2: null, city: null, state: null, postal_code: null, country: 'germany' } };
    const response = await server.request('POST', '/v1/billing_details', { token: await server.token(CUSTOMER_A), body });
    assert.equal(response.status, 400);
    assert.equal((await assertErrorShape(response)).param, 'address.country');
  });

  test('non-JSON content type', async () => {
    const before = await stateSnapshot();
    const response = await server.request('POST', '/v1/billing_details', {
      token: await server.token(CUSTOMER_A),
      rawBody: 'email=a',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(response.status, 415);
    await assertErrorShape(response);
    assert.deepEqual(await stateSnapshot(), before);
  });

  test('unknown route', async () => {
    const response = await server.request('GET', '/v1/nothing-here');
    assert.equal(response.status, 404);
    assert.equal((await assertErrorShape(response)).code, 'route_not_found');
  });
});
