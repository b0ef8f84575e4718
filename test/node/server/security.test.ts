import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStore, type Store } from '../../../src/server/store/index.js';
import { CUSTOMER_A } from './fake-provider.js';
import { errorOf, startTestServer, type TestServer } from './harness.js';

const METRICS_TOKEN = 'metrics-token-0123456789-abcdefghijklmnopqrstuvwxyz';

let store: Store;
let server: TestServer;

before(async () => {
  store = await openStore();
  server = await startTestServer(store, { rateLimit: false, metricsToken: METRICS_TOKEN });
});

after(async () => {
  await server.close();
  await store.close();
});

describe('metrics token', () => {
  test('bearer token accepted', async () => {
    const response = await server.request('GET', '/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(response.status, 200);
  });

  test('lowercase scheme accepted', async () => {
    const response = await server.request('GET', '/metrics', { headers: { Authorization: `bearer ${METRICS_TOKEN}` } });
    assert.equal(response.status, 200);
  });

  test('wrong token rejected', async () => {
    const response = await server.request('GET', '/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}x` } });
    assert.equal(response.status, 401);
    assert.equal((await errorOf(response)).code, 'session_invalid');
  });

  test('session token rejected', async () => {
    const response = await server.request('GET', '/metrics', { token: await server.token(CUSTOMER_A) });
    assert.equal(response.status, 401);
  });
});

describe('response headers', () => {
  test('JSON response not cached', async () => {
    const response = await server.request('GET', '/v1/billing_details', { token: await server.token(CUSTOMER_A) });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    assert.equal(response.headers.get('X-Content-Type-Options'), 'nosniff');
  });

  test('error response not cached', async () => {
    const response = await server.request('GET', '/v1/invoices/in_missing', { token: await server.token(CUSTOMER_A) });
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    assert.equal(response.headers.get('X-Content-Type-Options'), 'nosniff');
  });

  test('PDF typed and attached', async () => {
    const response = await server.request('GET', '/v1/invoices/in_a/pdf', { token: await server.token(CUSTOMER_A) });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Content-Type'), 'application/pdf');
    assert.match(response.headers.get('Content-Disposition') ?? '', /^attachment; filename="[A-Za-z0-9._-]+\.pdf"$/);
    assert.match(response.headers.get('Cache-Control') ?? '', /no-store/);
    assert.equal(response.headers.get('X-Content-Type-Options'), 'nosniff');
  });

  test('CORS allowed origin without credentials', async () => {
    const response = await server.request('OPTIONS', '/v1/invoices', {
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), 'https://app.example.com');
    assert.equal(response.headers.get('Access-Control-Allow-Credentials'), null);
  });

  test('CORS other origin gets no grant', async () => {
    const response = await server.request('OPTIONS', '/v1/invoices', {
      headers: { Origin: 'https://evil.example.net', 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), null);
  });

  test('CORS null origin gets no grant', async () => {
    const response = await server.request('GET', '/v1/invoices', { token: await server.token(CUSTOMER_A), headers: { Origin: 'null' } });
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), null);
  });
});
