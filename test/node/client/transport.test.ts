import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  KeelAuthenticationError,
  KeelNetworkError,
  KeelRateLimitError,
  KeelResponseValidationError,
  KeelServerError,
  KeelTimeoutError,
} from '../../../src/client/errors.js';
import { Transport, buildQueryString, createIdempotencyKey, type TransportConfig, type TransportRequest } from '../../../src/client/http.js';
import { DEFAULT_RETRY_POLICY } from '../../../src/client/retry.js';
import { SessionTokenStore, type SessionExpiredDetail } from '../../../src/client/session.js';
import { errorEnvelope, json, scriptedFetch } from './fake-fetch.js';

function makeTransport(fetch: TransportConfig['fetch'], overrides: Partial<TransportConfig> = {}) {
  const delays: number[] = [];
  const config: TransportConfig = {
    apiBase: 'http://127.0.0.1:9/api/',
    fetch,
    timeoutMs: 5_000,
    retry: { ...DEFAULT_RETRY_POLICY },
    session: new SessionTokenStore('tok_initial', undefined),
    refreshableAuthCodes: new Set(['session_expired', 'session_invalid']),
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms);
    },
    now: () => Date.parse('2026-12-04T10:00:00Z'),
    createIdempotencyKey,
    ...overrides,
  };
  return { transport: new Transport(config), delays };
}

function passthrough(operation: string, method: TransportRequest<unknown>['method'] = 'GET', body?: unknown): TransportRequest<unknown> {
  return {
    operation,
    method,
    path: '/v1/things',
    body,
    check: (value) => ({ ok: true, value }),
  };
}

describe('transport request shape', () => {
  it('joins base and path', async () => {
    const { fetch, calls } = scriptedFetch([json({ ok: true })]);
    const { transport } = makeTransport(fetch);
    await transport.send({ ...passthrough('things.list'), query: { limit: 10, starting_after: undefined } });
    assert.equal(calls[0]?.url, 'http://127.0.0.1:9/api/v1/things?limit=10');
  });

  it('sends bearer token', async () => {
    const { fetch, calls } = scriptedFetch([json({})]);
    const { transport } = makeTransport(fetch);
    await transport.send(passthrough('things.list'));
    assert.equal(calls[0]?.headers.get('authorization'), 'Bearer tok_initial');
  });

  it('sends JSON body on POST', async () => {
    const { fetch, calls } = scriptedFetch([json({})]);
    const { transport } = makeTransport(fetch);
    await transport.send(passthrough('things.create', 'POST', { amount: 500 }));
    assert.equal(calls[0]?.headers.get('content-type'), 'application/json');
    assert.equal(calls[0]?.body, '{"amount":500}');
  });

  it('omits idempotency key on GET', async () => {
    const { fetch, calls } = scriptedFetch([json({})]);
    const { transport } = makeTransport(fetch);
    await transport.send(passthrough('things.list'));
    assert.equal(calls[0]?.headers.get('idempotency-key'), null);
  });

  it('uses caller idempotency key', async () => {
    const { fetch, calls } = scriptedFetch([json({})]);
    const { transport } = makeTransport(fetch);
    await transport.send({ ...passthrough('things.create', 'POST', {}), options: { idempotencyKey: 'key_from_caller' } });
    assert.equal(calls[0]?.headers.get('idempotency-key'), 'key_from_caller');
  });

  it('serializes array query values', () => {
    assert.equal(buildQueryString({ status: ['open', 'paid'], limit: 3 }), '?status=open&status=paid&limit=3');
  });

  it('rejects object query values', () => {
    assert.throws(() => buildQueryString({ filter: { a: 1 } }), /Query parameter "filter"/);
  });
});

describe('transport retries', () => {
  it('reuses key after dropped connection', async () => {
    const { fetch, calls } = scriptedFetch([new TypeError('fetch failed'), json({ id: 'pay_1' })]);
    const { transport } = makeTransport(fetch);
    const result = await transport.send(passthrough('invoices.pay', 'POST', {}));
    assert.equal(calls.length, 2);
    const firstKey = calls[0]?.headers.get('idempotency-key');
    assert.ok(firstKey);
    assert.equal(calls[1]?.headers.get('idempotency-key'), firstKey);
    assert.equal(result.idempotencyKey, firstKey);
  });

  it('honours Retry-After seconds', async () => {
    const { fetch } = scriptedFetch([errorEnvelope(429, 'rate_limited', { 'retry-after': '2' }), json({})]);
    const { transport, delays } = makeTransport(fetch);
    await transport.send(passthrough('things.list'));
    assert.deepEqual(delays, [2_000]);
  });

  it('honours Retry-After date', async () => {
    const { fetch } = scriptedFetch([errorEnvelope(503, 'provider_error', { 'retry-after': 'Fri, 04 Dec 2026 10:00:07 GMT' }), json({})]);
    const { transport, delays } = makeTransport(fetch);
    await transport.send(passthrough('things.create', 'POST', {}));
    assert.deepEqual(delays, [7_000]);
  });

  it('uses jittered backoff without hint', async () => {
    const { fetch } = scriptedFetch([errorEnvelope(500, 'internal_error'), errorEnvelope(502, 'provider_error'), json({})]);
    const retry = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000 };
    const { transport, delays } = makeTransport(fetch, { retry, random: () => 0.5 });
    await transport.send(passthrough('things.list'));
    assert.deepEqual(delays, [50, 100]);
  });

  it('throws last error after max attempts', async () => {
    const { fetch, calls } = scriptedFetch(() => errorEnvelope(503, 'provider_error'));
    const { transport } = makeTransport(fetch);
    await assert.rejects(transport.send(passthrough('things.create', 'POST', {})), KeelServerError);
    assert.equal(calls.length, DEFAULT_RETRY_POLICY.maxAttempts);
  });

  it('per-call maxAttempts overrides policy', async () => {
    const { fetch, calls } = scriptedFetch(() => new TypeError('fetch failed'));
    const { transport } = makeTransport(fetch);
    await assert.rejects(transport.send({ ...passthrough('things.list'), options: { maxAttempts: 1 } }), KeelNetworkError);
    assert.equal(calls.length, 1);
  });

  it('does not retry 400', async () => {
    const { fetch, calls } = scriptedFetch(() => errorEnvelope(400, 'parameter_invalid'));
    const { transport } = makeTransport(fetch);
    await assert.rejects(transport.send(passthrough('things.create', 'POST', {})));
    assert.equal(calls.length, 1);
  });

  it('gives up on long Retry-After', async () => {
    const { fetch, calls } = scriptedFetch(() => errorEnvelope(429, 'rate_limited', { 'retry-after': '3600' }));
    const { transport } = makeTransport(fetch);
    const rejection = await transport.send(passthrough('things.list')).catch((error: unknown) => error);
    assert.ok(rejection instanceof KeelRateLimitError);
    assert.equal(rejection.retryAfterMs, 3_600_000);
    assert.equal(calls.length, 1);
  });

  it('caller abort stops backoff wait', async () => {
    const controller = new AbortController();
    const { fetch } = scriptedFetch(() => errorEnvelope(503, 'provider_error'));
    const { transport } = makeTransport(fetch, {
      sleep: async () => {
        controller.abort(new Error('caller gave up'));
        controller.signal.throwIfAborted();
      },
    });
    await assert.rejects(transport.send({ ...passthrough('things.list'), options: { signal: controller.signal } }), /caller gave up/);
  });
});

describe('transport timeouts', () => {
  it('times out a hanging attempt', async () => {
    const { fetch } = scriptedFetch(['hang']);
    const { transport } = makeTransport(fetch, { timeoutMs: 10, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 } });
    await assert.rejects(transport.send(passthrough('things.list')), KeelTimeoutError);
  });

  it('per-call timeout overrides client', async () => {
    const { fetch } = scriptedFetch(['hang']);
    const { transport } = makeTransport(fetch, { timeoutMs: 60_000 });
    const request = { ...passthrough('things.list'), options: { timeoutMs: 10, maxAttempts: 1 } };
    const rejection = await transport.send(request).catch((error: unknown) => error);
    assert.ok(rejection instanceof KeelTimeoutError);
    assert.match(rejection.message, /10 ms/);
  });

  it('retries a timed-out mutation with same key', async () => {
    const { fetch, calls } = scriptedFetch(['hang', json({})]);
    const { transport } = makeTransport(fetch, { timeoutMs: 10 });
    await transport.send(passthrough('things.create', 'POST', {}));
    assert.equal(calls.length, 2);
    assert.equal(calls[1]?.headers.get('idempotency-key'), calls[0]?.headers.get('idempotency-key'));
  });

  it('caller signal aborts in flight', async () => {
    const controller = new AbortController();
    const { fetch } = scriptedFetch(() => {
      queueMicrotask(() => controller.abort(new Error('navigated away')));
      return 'hang';
    });
    const { transport } = makeTransport(fetch);
    await assert.rejects(transport.send({ ...passthrough('things.list'), options: { signal: controller.signal } }), /navigated away/);
  });

  it('already aborted signal sends nothing', async () => {
    const { fetch, calls } = scriptedFetch([json({})]);
    const { transport } = makeTransport(fetch);
    await assert.rejects(transport.send({ ...passthrough('things.list'), options: { signal: AbortSignal.abort() } }));
    assert.equal(calls.length, 0);
  });
});

describe('transport session refresh', () => {
  it('refreshes once on expired token', async () => {
    let refreshes = 0;
    const session = new SessionTokenStore('tok_old', () => {
      refreshes += 1;
      return 'tok_new';
    });
    const { fetch, calls } = scriptedFetch([errorEnvelope(401, 'session_expired'), json({})]);
    const { transport } = makeTransport(fetch, { session });
    await transport.send(passthrough('things.list'));
    assert.equal(refreshes, 1);
    assert.equal(calls[1]?.headers.get('authorization'), 'Bearer tok_new');
  });

  it('keeps key across token refresh', async () => {
    const session = new SessionTokenStore('tok_old', () => 'tok_new');
    const { fetch, calls } = scriptedFetch([errorEnvelope(401, 'session_expired'), json({})]);
    const { transport } = makeTransport(fetch, { session });
    await transport.send(passthrough('things.create', 'POST', {}));
    assert.equal(calls[1]?.headers.get('idempotency-key'), calls[0]?.headers.get('idempotency-key'));
  });

  it('throws when refreshed token is rejected', async () => {
    let refreshes = 0;
    const expired: SessionExpiredDetail[] = [];
    const session = new SessionTokenStore('tok_old', () => {
      refreshes += 1;
      return `tok_${refreshes}`;
    });
    session.onExpired((detail) => expired.push(detail));
    const { fetch, calls } = scriptedFetch(() => errorEnvelope(401, 'session_expired'));
    const { transport } = makeTransport(fetch, { session });
    await assert.rejects(transport.send(passthrough('things.list')), KeelAuthenticationError);
    assert.equal(refreshes, 1);
    assert.equal(calls.length, 2);
    assert.equal(expired[0]?.reason, 'refreshed_token_rejected');
  });

  it('concurrent 401s share one refresh', async () => {
    let refreshes = 0;
    let release: (token: string) => void = () => {};
    const session = new SessionTokenStore('tok_old', () => {
      refreshes += 1;
      return new Promise<string>((resolve) => {
        release = resolve;
      });
    });
    const { fetch, calls } = scriptedFetch((call) =>
      call.headers.get('authorization') === 'Bearer tok_old' ? errorEnvelope(401, 'session_expired') : json({}),
    );
    const { transport } = makeTransport(fetch, { session });
    const pending = [1, 2, 3].map(() => transport.send(passthrough('things.list')));
    while (calls.length < 3) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    release('tok_new');
    await Promise.all(pending);
    assert.equal(refreshes, 1);
    assert.equal(calls.filter((call) => call.headers.get('authorization') === 'Bearer tok_new').length, 3);
  });

  it('notifies expiry without callback', async () => {
    const expired: SessionExpiredDetail[] = [];
    const session = new SessionTokenStore('tok_old', undefined);
    session.onExpired((detail) => expired.push(detail));
    const { fetch, calls } = scriptedFetch(() => errorEnvelope(401, 'session_expired'));
    const { transport } = makeTransport(fetch, { session });
    await assert.rejects(transport.send(passthrough('things.list')), KeelAuthenticationError);
    assert.equal(calls.length, 1);
    assert.equal(expired.length, 1);
    assert.equal(expired[0]?.reason, 'no_refresh_callback');
  });

  it('notifies once for concurrent failures', async () => {
    let notified = 0;
    const session = new SessionTokenStore('tok_old', undefined);
    session.onExpired(() => {
      notified += 1;
    });
    const { fetch } = scriptedFetch(() => errorEnvelope(401, 'session_expired'));
    const { transport } = makeTransport(fetch, { session });
    await Promise.allSettled([1, 2, 3].map(() => transport.send(passthrough('things.list'))));
    assert.equal(notified, 1);
  });

  it('failing callback ends the session', async () => {
    const expired: SessionExpiredDetail[] = [];
    const session = new SessionTokenStore('tok_old', () => {
      throw new Error('vendor backend down');
    });
    session.onExpired((detail) => expired.push(detail));
    const { fetch } = scriptedFetch(() => errorEnvelope(401, 'session_expired'));
    const { transport } = makeTransport(fetch, { session });
    const rejection = await transport.send(passthrough('things.list')).catch((error: unknown) => error);
    assert.ok(rejection instanceof KeelAuthenticationError);
    assert.match(String((rejection.cause as Error).message), /vendor backend down/);
    assert.equal(expired[0]?.reason, 'refresh_failed');
  });

  it('does not refresh other 401 codes', async () => {
    let refreshes = 0;
    const session = new SessionTokenStore('tok_old', () => {
      refreshes += 1;
      return 'tok_new';
    });
    const { fetch } = scriptedFetch(() => errorEnvelope(401, 'some_other_code'));
    const { transport } = makeTransport(fetch, { session });
    await assert.rejects(transport.send(passthrough('things.list')), KeelAuthenticationError);
    assert.equal(refreshes, 0);
  });

  it('fetches first token lazily', async () => {
    const session = new SessionTokenStore(undefined, async () => 'tok_lazy');
    const { fetch, calls } = scriptedFetch([json({})]);
    const { transport } = makeTransport(fetch, { session });
    await transport.send(passthrough('things.list'));
    assert.equal(calls[0]?.headers.get('authorization'), 'Bearer tok_lazy');
  });
});

describe('transport response checks', () => {
  it('rejects non-JSON success body', async () => {
    const { fetch } = scriptedFetch([new Response('<html></html>', { status: 200 })]);
    const { transport } = makeTransport(fetch);
    await assert.rejects(transport.send(passthrough('things.list')), KeelResponseValidationError);
  });

  it('reports check issues with path', async () => {
    const { fetch } = scriptedFetch([json({ amount: '5' })]);
    const { transport } = makeTransport(fetch);
    const request: TransportRequest<unknown> = {
      ...passthrough('things.retrieve'),
      check: () => ({ ok: false, issues: [{ path: 'amount', code: 'invalid_type', message: 'expected number' }] }),
    };
    const rejection = await transport.send(request).catch((error: unknown) => error);
    assert.ok(rejection instanceof KeelResponseValidationError);
    assert.equal(rejection.path, 'amount');
    assert.equal(rejection.operation, 'things.retrieve');
  });
});
