import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { KeelNetworkError, KeelServerError, KeelTimeoutError, createKeelApiError } from '../../../src/client/errors.js';
import { DEFAULT_RETRY_POLICY, computeRetryDelay, parseRetryAfter, shouldRetry } from '../../../src/client/retry.js';

const KEY = '7c1f6a7e-2f0e-4d8f-9a35-0c4f3f3f6d1a';

function networkError(): KeelNetworkError {
  return new KeelNetworkError({ code: 'network_error', status: null, message: 'connection reset' });
}

describe('shouldRetry', () => {
  it('retries network error on keyed mutation', () => {
    assert.equal(shouldRetry({ attempt: 1, method: 'POST', idempotencyKey: KEY, error: networkError() }), true);
  });

  it('retries timeout on keyed mutation', () => {
    const error = new KeelTimeoutError({ code: 'timeout', status: null, message: 'timed out' });
    assert.equal(shouldRetry({ attempt: 1, method: 'POST', idempotencyKey: KEY, error }), true);
  });

  it('never retries mutation without key', () => {
    assert.equal(shouldRetry({ attempt: 1, method: 'POST', idempotencyKey: null, error: networkError() }), false);
  });

  it('retries GET without key', () => {
    assert.equal(shouldRetry({ attempt: 1, method: 'GET', error: networkError() }), true);
  });

  it('stops at max attempts', () => {
    const policy = { maxAttempts: 2 };
    assert.equal(shouldRetry({ attempt: 2, method: 'POST', idempotencyKey: KEY, error: networkError(), policy }), false);
  });

  const statusCases: Array<[number, boolean]> = [
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [501, false],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [422, false],
  ];
  for (const [status, expected] of statusCases) {
    it(`status ${status} gives ${expected}`, () => {
      const response = { status };
      assert.equal(shouldRetry({ attempt: 1, method: 'POST', idempotencyKey: KEY, response }), expected);
    });
  }

  it('retries 409 idempotency in progress', () => {
    const response = { status: 409, code: 'idempotency_in_progress' };
    assert.equal(shouldRetry({ attempt: 1, method: 'POST', idempotencyKey: KEY, response }), true);
  });

  it('does not retry other 409 codes', () => {
    const response = { status: 409, code: 'idempotency_key_reused' };
    assert.equal(shouldRetry({ attempt: 1, method: 'POST', idempotencyKey: KEY, response }), false);
  });

  it('gives up on too long Retry-After', () => {
    const response = { status: 429, retryAfterMs: DEFAULT_RETRY_POLICY.maxRetryAfterMs + 1 };
    assert.equal(shouldRetry({ attempt: 1, method: 'POST', idempotencyKey: KEY, response }), false);
  });

  it('reads status from KeelApiError', () => {
    const error = createKeelApiError({ status: 503, body: undefined });
    assert.ok(error instanceof KeelServerError);
    assert.equal(shouldRetry({ attempt: 1, method: 'DELETE', idempotencyKey: KEY, error }), true);
  });

  it('does not retry unknown thrown values', () => {
    assert.equal(shouldRetry({ attempt: 1, method: 'GET', error: new TypeError('bug') }), false);
  });
});

describe('computeRetryDelay', () => {
  it('uses Retry-After as given', () => {
    assert.equal(computeRetryDelay({ attempt: 1, retryAfterMs: 2_000, random: () => 0.5 }), 2_000);
  });

  it('doubles the ceiling per attempt', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 10_000 };
    const nearlyOne = () => 0.999999;
    assert.equal(computeRetryDelay({ attempt: 1, policy, random: nearlyOne }), 99);
    assert.equal(computeRetryDelay({ attempt: 2, policy, random: nearlyOne }), 199);
    assert.equal(computeRetryDelay({ attempt: 3, policy, random: nearlyOne }), 399);
  });

  it('caps the ceiling at maxDelayMs', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 250 };
    assert.equal(computeRetryDelay({ attempt: 10, policy, random: () => 0.999999 }), 249);
  });

  it('applies full jitter down to zero', () => {
    assert.equal(computeRetryDelay({ attempt: 3, random: () => 0 }), 0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-04T10:00:00Z');

  it('reads delta seconds', () => {
    assert.equal(parseRetryAfter('3', now), 3_000);
  });

  it('reads an HTTP date', () => {
    assert.equal(parseRetryAfter('Fri, 04 Dec 2026 10:00:05 GMT', now), 5_000);
  });

  it('clamps a past date to zero', () => {
    assert.equal(parseRetryAfter('Fri, 04 Dec 2026 09:00:00 GMT', now), 0);
  });

  it('returns null for garbage', () => {
    assert.equal(parseRetryAfter('soon', now), null);
  });

  it('returns null when missing', () => {
    assert.equal(parseRetryAfter(null, now), null);
  });
});
