import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { CAPABILITIES, type Capability } from '../../../src/contract/capabilities.js';
import { createSessionSigner } from '../../../src/server/auth/session-token.js';
import { openStore, type Store } from '../../../src/server/store/index.js';
import { CUSTOMER_A, CUSTOMER_B } from './fake-provider.js';
import { ADMIN_KEY, SECRET, errorOf, startTestServer, type TestServer } from './harness.js';
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

async function expiredToken(): Promise<string> {
  const past = createSessionSigner({ secret: SECRET, now: () => Date.now() - 2 * 60 * 60 * 1000 });
  return (await past.createPortalSession({ customerId: CUSTOMER_A, capabilities: CAPABILITIES, ttlSeconds: 60 })).token;
}

/** Tokens that must all be rejected as invalid. */
async function forgedTokens(valid: string): Promise<Record<string, string>> {
  const otherSecret = createSessionSigner({ secret: 'another-secret-0123456789-abcdefghijklmnopqrstuvwxyz' });
  const wrongSecret = (await otherSecret.createPortalSession({ customerId: CUSTOMER_A, capabilities: CAPABILITIES })).token;
  const [header, payload, signature] = valid.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const tamperedPayload = Buffer.from(JSON.stringify({ ...claims, sub: CUSTOMER_B })).toString('base64url');
  const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const wrongAudience = await new SignJWT({ cap: CAPABILITIES })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(CUSTOMER_A)
    .setJti('ps_forged')
    .setIssuer('keel')
    .setAudience('another-app')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));
  return {
    'wrong secret': wrongSecret,
    'tampered subject': `${header}.${tamperedPayload}.${signature}`,
    'alg none': `${noneHeader}.${payload}.`,
    'wrong audience': wrongAudience,
    garbage: 'not-a-token',
  };
}

function withoutCapability(capability: Capability): Capability[] {
  return CAPABILITIES.filter((name) => name !== capability);
}

for (const id of ROUTED_OPERATIONS) {
  const own = operationRequest(id, CUSTOMER_A);
  const { definition } = own;

  describe(`${id} (${definition.method} ${definition.path})`, () => {
    if (definition.auth === 'admin') {
      test('admin key accepted', async () => {
        const response = await server.request(own.method, own.path, { token: ADMIN_KEY, body: own.body });
        assert.ok(response.status < 300, `status ${response.status}: ${await response.text()}`);
      });

      test('admin key missing', async () => {
        const before = server.provider.mutationCount();
        const response = await server.request(own.method, own.path, { body: own.body });
        assert.equal(response.status, 401);
        assert.equal((await errorOf(response)).code, 'session_missing');
        assert.equal(server.provider.mutationCount(), before);
      });

      test('admin key wrong', async () => {
        const before = server.provider.mutationCount();
        const response = await server.request(own.method, own.path, { token: `${ADMIN_KEY}x`, body: own.body });
        assert.equal(response.status, 401);
        assert.equal((await errorOf(response)).code, 'session_invalid');
        assert.equal(server.provider.mutationCount(), before);
      });

      test('session token rejected', async () => {
        const token = await server.token(CUSTOMER_A);
        const response = await server.request(own.method, own.path, { token, body: own.body });
        assert.equal(response.status, 401);
      });
      return;
    }

    test('valid session accepted', async () => {
      const token = await server.token(CUSTOMER_A);
      const response = await server.request(own.method, own.path, { token, body: own.body });
      assert.ok(response.status < 300, `status ${response.status}: ${await response.text()}`);
    });

    test('no token', async () => {
      const before = server.provider.mutationCount();
      const response = await server.request(own.method, own.path, { body: own.body });
      assert.equal(response.status, 401);
      assert.equal((await errorOf(response)).code, 'session_missing');
      assert.equal(server.provider.mutationCount(), before);
    });

    test('expired token', async () => {
      const before = server.provider.mutationCount();
      const response = await server.request(own.method, own.path, { token: await expiredToken(), body: own.body });
      assert.equal(response.status, 401);
      assert.equal((await errorOf(response)).code, 'session_expired');
      assert.equal(server.provider.mutationCount(), before);
    });

    test('forged tokens', async () => {
      const forged = await forgedTokens(await server.token(CUSTOMER_A));
      for (const [kind, token] of Object.entries(forged)) {
        const before = server.provider.mutationCount();
        const response = await server.request(own.method, own.path, { token, body: own.body });
        assert.equal(response.status, 401, `${kind}: status`);
        assert.equal((await errorOf(response)).code, 'session_invalid', `${kind}: code`);
        assert.equal(server.provider.mutationCount(), before, `${kind}: provider changed`);
      }
    });

    if (own.ownsObject) {
      test('another customer’s object', async () => {
        const foreign = operationRequest(id, CUSTOMER_A, CUSTOMER_B);
        const before = server.provider.mutationCount();
        const token = await server.token(CUSTOMER_A);
        const response = await server.request(foreign.method, foreign.path, { token, body: foreign.body });
        assert.equal(response.status, 404);
        assert.equal((await errorOf(response)).code, 'resource_missing');
        assert.equal(server.provider.mutationCount(), before);
      });
    }

    const capability = definition.capability;
    if (capability) {
      test('capability missing', async () => {
        const before = server.provider.mutationCount();
        const token = await server.token(CUSTOMER_A, withoutCapability(capability));
        const response = await server.request(own.method, own.path, { token, body: own.body });
        assert.equal(response.status, 403);
        const error = await errorOf(response);
        assert.equal(error.code, 'capability_missing');
        assert.match(error.message, new RegExp(capability.replace('.', '\\.')));
        assert.equal(server.provider.mutationCount(), before);
      });
    }
  });
}

test('absent object matches foreign one', async () => {
  const token = await server.token(CUSTOMER_A);
  const absent = await server.request('GET', '/v1/invoices/in_missing', { token });
  const foreign = await server.request('GET', '/v1/invoices/in_b', { token });
  assert.equal(absent.status, foreign.status);
  const absentError = await errorOf(absent);
  const foreignError = await errorOf(foreign);
  assert.equal(absentError.code, foreignError.code);
  assert.equal(absentError.param, foreignError.param);
});
