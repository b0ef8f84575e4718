import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { KeelConfigError, KeelHttpError } from '../../../src/server/errors.js';
import { createSessionSigner } from '../../../src/server/auth/session-token.js';
import { createOriginAllowlist } from '../../../src/server/auth/origins.js';

const SECRET = 'x'.repeat(32);

describe('createSessionSigner', () => {
  test('secret too short', () => {
    assert.throws(() => createSessionSigner({ secret: 'x'.repeat(31) }), (error: unknown) => error instanceof KeelConfigError && error.option === 'secret');
  });

  test('secret missing', () => {
    assert.throws(() => createSessionSigner({ secret: undefined as unknown as string }), /secret is missing/);
  });

  test('token claims', async () => {
    const signer = createSessionSigner({ secret: SECRET, issuer: 'vendor', audience: 'portal', returnUrlAllowlist: ['https://app.example.com'] });
    const session = await signer.createPortalSession({
      customerId: 'cus_1',
      capabilities: ['invoices.read'],
      locale: 'ja',
      returnUrl: 'https://app.example.com/settings',
      ttlSeconds: 300,
    });
    const claims = decodeJwt(session.token);
    assert.equal(decodeProtectedHeader(session.token).alg, 'HS256');
    assert.equal(claims.sub, 'cus_1');
    assert.equal(claims.iss, 'vendor');
    assert.equal(claims.aud, 'portal');
    assert.equal(claims.jti, session.id);
    assert.equal((claims.exp as number) - (claims.iat as number), 300);
    assert.deepEqual(claims.cap, ['invoices.read']);
    assert.equal(claims.return_url, 'https://app.example.com/settings');
  });

  test('verify round trip', async () => {
    const signer = createSessionSigner({ secret: SECRET });
    const { token } = await signer.createPortalSession({ customerId: 'cus_1', capabilities: ['dunning.read'], locale: 'en-GB' });
    const session = await signer.verify(token);
    assert.equal(session.customerId, 'cus_1');
    assert.ok(session.capabilities.has('dunning.read'));
    assert.equal(session.locale, 'en-GB');
  });

  test('expired token rejected', async () => {
    let now = Date.now();
    const signer = createSessionSigner({ secret: SECRET, now: () => now });
    const { token } = await signer.createPortalSession({ customerId: 'cus_1', capabilities: [], ttlSeconds: 60 });
    now += 120_000;
    await assert.rejects(signer.verify(token), (error: unknown) => error instanceof KeelHttpError && error.code === 'session_expired');
  });

  test('other issuer rejected', async () => {
    const mint = createSessionSigner({ secret: SECRET, issuer: 'someone-else' });
    const verify = createSessionSigner({ secret: SECRET });
    const { token } = await mint.createPortalSession({ customerId: 'cus_1', capabilities: [] });
    await assert.rejects(verify.verify(token), (error: unknown) => error instanceof KeelHttpError && error.code === 'session_invalid');
  });

  test('unknown capability rejected', async () => {
    const signer = createSessionSigner({ secret: SECRET });
    await assert.rejects(signer.createPortalSession({ customerId: 'cus_1', capabilities: ['invoices.delete' as 'invoices.read'] }), /invoices\.delete/);
  });

  test('return URL off allowlist', async () => {
    const signer = createSessionSigner({ secret: SECRET, returnUrlAllowlist: ['https://app.example.com'] });
    await assert.rejects(
      signer.createPortalSession({ customerId: 'cus_1', capabilities: [], returnUrl: 'https://evil.example.net/phish' }),
      /not in returnUrlAllowlist/,
    );
  });

  test('ttl above a day rejected', async () => {
    const signer = createSessionSigner({ secret: SECRET });
    await assert.rejects(signer.createPortalSession({ customerId: 'cus_1', capabilities: [], ttlSeconds: 86_401 }), /ttlSeconds/);
  });

  test('customer id checked', async () => {
    const signer = createSessionSigner({ secret: SECRET });
    await assert.rejects(signer.createPortalSession({ customerId: 'cus 1', capabilities: [] }), /customerId/);
  });
});

describe('origin allowlist', () => {
  const allowlist = createOriginAllowlist(['https://app.example.com', 'https://*.example.org', 'http://127.0.0.1:5173'], 'allowedOrigins');

  test('exact origin allowed', () => assert.ok(allowlist.allows('https://app.example.com')));
  test('other scheme refused', () => assert.ok(!allowlist.allows('http://app.example.com')));
  test('wildcard subdomain allowed', () => assert.ok(allowlist.allows('https://billing.example.org')));
  test('wildcard bare domain refused', () => assert.ok(!allowlist.allows('https://example.org')));
  test('lookalike suffix refused', () => assert.ok(!allowlist.allows('https://evilexample.org')));
  test('port must match', () => assert.ok(!allowlist.allows('http://127.0.0.1:5174')));

  for (const bad of ['app.example.com', 'https://app.example.com/', 'https://app.example.com/path', 'ftp://files.example.com', 'https://*.com']) {
    test(`entry ${bad} rejected`, () => {
      assert.throws(() => createOriginAllowlist([bad], 'allowedOrigins'), (error: unknown) => error instanceof KeelConfigError && error.option === 'allowedOrigins[0]');
    });
  }
});
