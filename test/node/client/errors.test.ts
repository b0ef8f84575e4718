import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  KeelApiError,
  KeelAuthenticationError,
  KeelConflictError,
  KeelInvalidRequestError,
  KeelNotFoundError,
  KeelPaymentError,
  KeelPermissionError,
  KeelRateLimitError,
  KeelResponseValidationError,
  KeelServerError,
  createKeelApiError,
  formatIssuePath,
} from '../../../src/client/errors.js';

function envelope(code: string, extra: Record<string, unknown> = {}) {
  return { error: { code, message: `message for ${code}`, param: null, request_id: 'req_123', ...extra } };
}

describe('createKeelApiError', () => {
  const classCases: Array<[number, string, new (...args: never[]) => KeelApiError, string]> = [
    [400, 'parameter_invalid', KeelInvalidRequestError, 'invalid_request_error'],
    [401, 'session_expired', KeelAuthenticationError, 'authentication_error'],
    [402, 'payment_declined', KeelPaymentError, 'payment_error'],
    [403, 'capability_missing', KeelPermissionError, 'permission_error'],
    [404, 'resource_missing', KeelNotFoundError, 'not_found_error'],
    [409, 'idempotency_key_reused', KeelConflictError, 'conflict_error'],
    [422, 'parameter_invalid', KeelInvalidRequestError, 'invalid_request_error'],
    [429, 'rate_limited', KeelRateLimitError, 'rate_limit_error'],
    [500, 'internal_error', KeelServerError, 'server_error'],
    [503, 'provider_error', KeelServerError, 'server_error'],
  ];
  for (const [status, code, errorClass, type] of classCases) {
    it(`maps ${status} to ${errorClass.name}`, () => {
      const error = createKeelApiError({ status, body: envelope(code) });
      assert.ok(error instanceof errorClass);
      assert.equal(error.type, type);
      assert.equal(error.code, code);
    });
  }

  it('copies envelope fields', () => {
    const body = envelope('parameter_invalid', { param: 'address.postal_code' });
    const error = createKeelApiError({ status: 400, body, operation: 'billingDetails.update' });
    assert.equal(error.status, 400);
    assert.equal(error.message, 'message for parameter_invalid');
    assert.equal(error.param, 'address.postal_code');
    assert.equal(error.requestId, 'req_123');
    assert.equal(error.operation, 'billingDetails.update');
    assert.deepEqual(error.raw, body);
  });

  it('keeps decline reason', () => {
    const error = createKeelApiError({ status: 402, body: envelope('payment_declined', { decline_reason: 'expired_card' }) });
    assert.equal(error.declineReason, 'expired_card');
  });

  it('survives an HTML body', () => {
    const headers = new Headers({ 'request-id': 'req_from_header' });
    const error = createKeelApiError({ status: 502, body: '<html>Bad Gateway</html>', headers });
    assert.ok(error instanceof KeelServerError);
    assert.equal(error.code, 'server_error');
    assert.equal(error.message, 'Request failed with status 502');
    assert.equal(error.requestId, 'req_from_header');
  });

  it('survives an empty body', () => {
    const error = createKeelApiError({ status: 404, body: undefined });
    assert.ok(error instanceof KeelNotFoundError);
    assert.equal(error.code, 'not_found');
  });

  it('ignores wrongly typed envelope fields', () => {
    const error = createKeelApiError({ status: 400, body: { error: { code: 42, message: ['x'], param: {} } } });
    assert.equal(error.code, 'invalid_request');
    assert.equal(error.message, 'Request failed with status 400');
    assert.equal(error.param, null);
  });

  it('keeps name after construction', () => {
    const error = createKeelApiError({ status: 403, body: envelope('capability_missing') });
    assert.equal(error.name, 'KeelPermissionError');
  });
});

describe('KeelResponseValidationError', () => {
  it('names the first bad path', () => {
    const error = new KeelResponseValidationError({
      status: 200,
      operation: 'invoices.retrieve',
      issues: [{ path: 'lines[0].amount', code: 'invalid_type', message: 'expected int' }],
    });
    assert.equal(error.path, 'lines[0].amount');
    assert.equal(error.param, 'lines[0].amount');
    assert.match(error.message, /invoices\.retrieve/);
    assert.match(error.message, /lines\[0\]\.amount/);
  });
});

describe('formatIssuePath', () => {
  it('formats keys and indexes', () => {
    assert.equal(formatIssuePath(['data', 'lines', 0, 'amount']), 'data.lines[0].amount');
  });

  it('formats a leading index', () => {
    assert.equal(formatIssuePath([2, 'id']), '[2].id');
  });

  it('formats the root as empty', () => {
    assert.equal(formatIssuePath([]), '');
  });
});
