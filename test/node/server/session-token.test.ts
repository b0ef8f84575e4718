import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportSPKI, generateKeyPair } from 'jose';
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

describe('session token verification', () => {
  const key = new TextEncoder().encode(SECRET);
  const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
  const nowSeconds = NOW / 1000;
  const signer = createSessionSigner({ secret: SECRET, returnUrlAllowlist: ['https://app.example.com'], now: () => NOW });

  function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return { sub: 'cus_1', jti: 'ps_1', iss: 'keel', aud: 'keel-portal', iat: nowSeconds, exp: nowSeconds + 600, cap: ['invoices.read'], ...overrides };
  }

  async function sign(payload: Record<string, unknown>, alg = 'HS256'): Promise<string> {
    return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
  }

  function isInvalid(error: unknown): boolean {
    return error instanceof KeelHttpError && error.status === 401 && error.code === 'session_invalid';
  }

  test('well-formed token accepted', async () => {
    const session = await signer.verify(await sign(claims()));
    assert.equal(session.customerId, 'cus_1');
  });

  test('alg none rejected', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(claims())).toString('base64url');
    await assert.rejects(signer.verify(`${header}.${payload}.`), isInvalid);
  });

  test('HS512 with the secret rejected', async () => {
    await assert.rejects(signer.verify(await sign(claims(), 'HS512')), isInvalid);
  });

  test('RS256 token rejected', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    await assert.rejects(signer.verify(token), isInvalid);
  });

  test('HS256 keyed with a public key rejected', async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(pem));
    await assert.rejects(signer.verify(token), isInvalid);
  });

  test('missing exp rejected', async () => {
    const { exp: _exp, ...withoutExp } = claims();
    await assert.rejects(signer.verify(await sign(withoutExp)), isInvalid);
  });

  test('missing iat rejected', async () => {
    const { iat: _iat, ...withoutIat } = claims();
    await assert.rejects(signer.verify(await sign(withoutIat)), isInvalid);
  });

  test('exp beyond max TTL rejected', async () => {
    const token = await sign(claims({ exp: nowSeconds + 10 * 365 * 24 * 60 * 60 }));
    await assert.rejects(signer.verify(token), isInvalid);
  });

  test('iat in the future rejected', async () => {
    const token = await sign(claims({ iat: nowSeconds + 3600, exp: nowSeconds + 4200 }));
    await assert.rejects(signer.verify(token), isInvalid);
  });

  test('clock skew within tolerance', async () => {
    const token = await sign(claims({ iat: nowSeconds - 603, exp: nowSeconds - 3 }));
    const session = await signer.verify(token);
    assert.equal(session.customerId, 'cus_1');
  });

  test('clock skew beyond tolerance', async () => {
    const token = await sign(claims({ iat: nowSeconds - 610, exp: nowSeconds - 10 }));
    await assert.rejects(signer.verify(token), (error: unknown) => error instanceof KeelHttpError && error.code === 'session_expired');
  });

  test('wrong audience rejected', async () => {
    await assert.rejects(signer.verify(await sign(claims({ aud: 'another-app' }))), isInvalid);
  });

  test('wrong issuer rejected', async () => {
    await assert.rejects(signer.verify(await sign(claims({ iss: 'someone-else' }))), isInvalid);
  });

  test('allowed return URL kept', async () => {
    const session = await signer.verify(await sign(claims({ return_url: 'https://app.example.com/settings' })));
    assert.equal(session.returnUrl, 'https://app.example.com/settings');
  });

  test('javascript return URL dropped', async () => {
    const session = await signer.verify(await sign(claims({ return_url: 'javascript:alert(document.domain)' })));
    assert.equal(session.returnUrl, null);
  });

  test('off-allowlist return URL dropped', async () => {
    const session = await signer.verify(await sign(claims({ return_url: 'https://evil.example.net/' })));
    assert.equal(session.returnUrl, null);
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
