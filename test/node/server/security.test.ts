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
