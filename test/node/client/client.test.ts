import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  KeelAuthenticationError,
  KeelChangeEvent,
  KeelInvalidRequestError,
  KeelNotFoundError,
  KeelPaymentError,
  KeelResponseValidationError,
  createKeelClient,
  type KeelChange,
  type KeelClientOptions,
  type SessionExpiredDetail,
} from '../../../src/client/index.js';
import { examples } from '../../../src/contract/examples.js';
import { errorEnvelope, json, scriptedFetch, type Reply, type RecordedCall } from './fake-fetch.js';

const API_BASE = 'http://127.0.0.1:9/keel';

function makeClient(
  replies: Reply[] | ((call: RecordedCall, index: number) => Reply | Promise<Reply>),
  options: Partial<KeelClientOptions> = {},
) {
  const { fetch, calls } = scriptedFetch(replies);
  const client = createKeelClient({
    apiBase: API_BASE,
    sessionToken: 'tok_test',
    fetch,
    sleep: async () => {},
    ...options,
  });
  return { client, calls };
}

describe('createKeelClient options', () => {
  it('rejects missing apiBase', () => {
    assert.throws(() => createKeelClient({ apiBase: '' }), /apiBase is required/);
  });

  it('rejects non-positive timeout', () => {
    assert.throws(() => createKeelClient({ apiBase: '/keel', timeoutMs: 0 }), /timeoutMs must be a positive number/);
  });

  it('rejects zero max attempts', () => {
    assert.throws(() => createKeelClient({ apiBase: '/keel', retry: { maxAttempts: 0 } }), /retry\.maxAttempts/);
  });

  it('uses global fetch by default', async () => {
    const original = globalThis.fetch;
    const seen: string[] = [];
    globalThis.fetch = async (input) => {
      seen.push(String(input));
      return json(examples.DunningState.valid);
    };
    try {
      const client = createKeelClient({ apiBase: API_BASE, sessionToken: 'tok' });
      await client.dunning.retrieve();
    } finally {
      globalThis.fetch = original;
    }
    assert.deepEqual(seen, [`${API_BASE}/v1/dunning`]);
  });

  it('groups methods by resource', () => {
    const { client } = makeClient([]);
    assert.equal(typeof client.invoices.list, 'function');
    assert.equal(typeof client.paymentMethods.setDefault, 'function');
    assert.equal(typeof client.subscriptions.acceptOffer, 'function');
  });

  it('leaves out admin operations', () => {
    const { client } = makeClient([]);
    assert.equal('admin' in client, false);
    assert.equal('sandbox' in client, false);
    assert.equal('webhooks' in client, false);
  });
});

describe('client requests', () => {
  it('lists invoices with query', async () => {
    const { client, calls } = makeClient([json(examples.InvoiceList.valid)]);
    const page = await client.invoices.list({ limit: 5, status: 'open', starting_after: 'in_0' });
    assert.equal(calls[0]?.method, 'GET');
    assert.equal(calls[0]?.url, `${API_BASE}/v1/invoices?limit=5&status=open&starting_after=in_0`);
    assert.equal(page.data[0]?.id, 'in_jp_1');
  });

  it('encodes path parameters', async () => {
    const { client, calls } = makeClient([json(examples.InvoiceDetail.valid)]);
    await client.invoices.retrieve('in/../1 x');
    assert.equal(calls[0]?.url, `${API_BASE}/v1/invoices/in%2F..%2F1%20x`);
  });

  it('fills two path parameters', async () => {
    const { client, calls } = makeClient([json(examples.Subscription.valid)]);
    await client.subscriptions.acceptOffer('sub_1', 'offer_2', { reason: 'too_expensive' });
    assert.equal(calls[0]?.url, `${API_BASE}/v1/subscriptions/sub_1/retention_offers/offer_2/accept`);
    assert.equal(calls[0]?.body, '{"reason":"too_expensive"}');
  });

  it('rejects empty id locally', async () => {
    const { client, calls } = makeClient([]);
    const rejection = await client.invoices.retrieve('').catch((error: unknown) => error);
    assert.ok(rejection instanceof KeelInvalidRequestError);
    assert.equal(rejection.param, 'id');
    assert.equal(calls.length, 0);
  });

  it('rejects invalid body locally', async () => {
    const { client, calls } = makeClient([]);
    const input = { reason: 'bored' } as unknown as { reason: 'other' };
    const rejection = await client.subscriptions.cancel('sub_1', input).catch((error: unknown) => error);
    assert.ok(rejection instanceof KeelInvalidRequestError);
    assert.equal(rejection.param, 'reason');
    assert.equal(rejection.code, 'parameter_invalid');
    assert.equal(calls.length, 0);
  });

  it('sends empty object for optional body', async () => {
    const { client, calls } = makeClient([json(examples.Payment.valid)]);
    await client.invoices.pay('in_jp_1');
    assert.equal(calls[0]?.body, '{}');
  });

  it('downloads a PDF as Blob', async () => {
    const pdfBytes = new TextEncoder().encode('%PDF-1.7\n');
    const { client, calls } = makeClient([new Response(pdfBytes, { headers: { 'content-type': 'application/pdf' } })]);
    const pdf = await client.invoices.pdf('in_jp_1');
    assert.ok(pdf instanceof Blob);
    assert.equal(await pdf.text(), '%PDF-1.7\n');
    assert.match(calls[0]?.headers.get('accept') ?? '', /application\/pdf/);
  });

  it('throws typed not found', async () => {
    const { client } = makeClient([errorEnvelope(404, 'resource_missing')]);
    const rejection = await client.invoices.retrieve('in_nope').catch((error: unknown) => error);
    assert.ok(rejection instanceof KeelNotFoundError);
    assert.equal(rejection.operation, 'invoices.retrieve');
    assert.equal(rejection.requestId, 'req_404');
  });
});

describe('client response validation', () => {
  it('accepts invoice with null fields', async () => {
    const body = examples.InvoiceWithNulls.valid;
    assert.equal(body.status, null);
    assert.equal(body.due_date, null);
    assert.equal(body.default_payment_method, null);
    const { client } = makeClient([json({ object: 'list', data: [body], has_more: false, next_cursor: null })]);
    const page = await client.invoices.list();
    assert.equal(page.data[0]?.status, null);
    assert.equal(page.data[0]?.due_date, null);
    assert.equal(page.data[0]?.default_payment_method, null);
  });

  it('rejects string line amount', async () => {
    const { client } = makeClient([json(examples.InvoiceDetail.invalid.value)]);
    const rejection = await client.invoices.retrieve('in_jp_1').catch((error: unknown) => error);
    assert.ok(rejection instanceof KeelResponseValidationError);
    assert.equal(rejection.path, 'lines[0].amount');
    assert.equal(rejection.operation, 'invoices.retrieve');
    assert.match(rejection.message, /lines\[0\]\.amount/);
  });

  it('names nested list paths', async () => {
    const detail = examples.InvoiceDetail.valid;
    const broken = { ...examples.InvoiceList.valid, data: [examples.Invoice.valid, { ...detail, total: '1' }] };
    const { client } = makeClient([json(broken)]);
    const rejection = await client.invoices.list().catch((error: unknown) => error);
    assert.ok(rejection instanceof KeelResponseValidationError);
    assert.ok(rejection.issues.some((issue) => issue.path === 'data[1].total'));
  });

  it('does not retry invalid responses', async () => {
    const { client, calls } = makeClient(() => json(examples.Invoice.invalid.value));
    await assert.rejects(client.invoices.retrieve('in_jp_1'), KeelResponseValidationError);
    assert.equal(calls.length, 1);
  });
});

describe('client retries', () => {
  it('waits for Retry-After', async () => {
    const delays: number[] = [];
    const { client, calls } = makeClient(
      [errorEnvelope(429, 'rate_limited', { 'retry-after': '4' }), json(examples.DunningState.valid)],
      { sleep: async (ms) => void delays.push(ms) },
    );
    await client.dunning.retrieve();
    assert.deepEqual(delays, [4_000]);
    assert.equal(calls.length, 2);
  });

  it('retries in-progress idempotency conflict', async () => {
    const { client, calls } = makeClient([errorEnvelope(409, 'idempotency_in_progress'), json(examples.Payment.valid)]);
    await client.invoices.pay('in_jp_1');
    assert.equal(calls.length, 2);
    assert.equal(calls[1]?.headers.get('idempotency-key'), calls[0]?.headers.get('idempotency-key'));
  });

  it('retry false sends once', async () => {
    const { client, calls } = makeClient(() => errorEnvelope(503, 'provider_error'), { retry: false });
    await assert.rejects(client.invoices.pay('in_jp_1'), { name: 'KeelServerError' });
    assert.equal(calls.length, 1);
  });
});

describe('client idempotency keys', () => {
  it('reuses key after dropped connection', async () => {
    const { client, calls } = makeClient([new TypeError('fetch failed: socket hang up'), json(examples.Subscription.valid)]);
    await client.subscriptions.change('sub_jp_1', { plan_id: 'price_pro_monthly_jpy', quantity: 2 });
    const first = calls[0]?.headers.get('idempotency-key');
    assert.match(first ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(calls[1]?.headers.get('idempotency-key'), first);
  });

  it('new call gets new key', async () => {
    const { client, calls } = makeClient(() => json(examples.Subscription.valid));
    await client.subscriptions.change('sub_jp_1', { plan_id: 'price_pro_monthly_jpy', quantity: 2 });
    await client.subscriptions.change('sub_jp_1', { plan_id: 'price_pro_monthly_jpy', quantity: 3 });
    assert.equal(calls[1]?.body, '{"plan_id":"price_pro_monthly_jpy","quantity":3}');
    assert.notEqual(calls[1]?.headers.get('idempotency-key'), calls[0]?.headers.get('idempotency-key'));
  });

  it('same body twice gets new key', async () => {
    const { client, calls } = makeClient(() => json(examples.Payment.valid));
    await client.invoices.pay('in_jp_1');
    await client.invoices.pay('in_jp_1');
    assert.notEqual(calls[1]?.headers.get('idempotency-key'), calls[0]?.headers.get('idempotency-key'));
  });

  it('reads carry no key', async () => {
    const { client, calls } = makeClient([json(examples.PaymentMethodList.valid)]);
    await client.paymentMethods.list();
    assert.equal(calls[0]?.headers.has('idempotency-key'), false);
  });

  it('DELETE carries a key', async () => {
    const { client, calls } = makeClient([json({ object: 'payment_method', id: 'pm_1', deleted: true })]);
    await client.paymentMethods.remove('pm_1');
    assert.equal(calls[0]?.method, 'DELETE');
    assert.ok(calls[0]?.headers.get('idempotency-key'));
  });
});

describe('client change notifications', () => {
  it('notifies resources after pay', async () => {
    const changes: KeelChange[] = [];
    const { client } = makeClient([json(examples.Payment.valid, 200, { 'request-id': 'req_pay' })], {
      onChange: (change) => changes.push(change),
    });
    await client.invoices.pay('in_jp_1');
    assert.equal(changes.length, 1);
    assert.equal(changes[0]?.operation, 'invoices.pay');
    assert.deepEqual([...(changes[0]?.resources ?? [])].sort(), ['dunning', 'invoices', 'payments', 'subscriptions']);
    assert.equal(changes[0]?.requestId, 'req_pay');
  });

  it('subscribe and unsubscribe', async () => {
    const seen: string[] = [];
    const { client } = makeClient(() => json(examples.PaymentMethod.valid));
    const unsubscribe = client.onChange((change) => seen.push(change.operation));
    await client.paymentMethods.setDefault('pm_visa_4242');
    unsubscribe();
    await client.paymentMethods.setDefault('pm_visa_4242');
    assert.deepEqual(seen, ['paymentMethods.setDefault']);
  });

  it('dispatches on changes target', async () => {
    const events: KeelChangeEvent[] = [];
    const { client } = makeClient([json(examples.PaymentMethod.valid)]);
    client.changes.addEventListener('change', (event) => events.push(event as KeelChangeEvent));
    await client.paymentMethods.setDefault('pm_visa_4242');
    assert.ok(events[0] instanceof KeelChangeEvent);
    assert.deepEqual(events[0]?.detail.resources, ['payment_methods', 'subscriptions', 'dunning']);
  });

  it('reads do not notify', async () => {
    let notified = 0;
    const { client } = makeClient([json(examples.InvoiceList.valid)], { onChange: () => (notified += 1) });
    await client.invoices.list();
    assert.equal(notified, 0);
  });

  it('failed mutations do not notify', async () => {
    let notified = 0;
    const { client } = makeClient([errorEnvelope(409, 'invoice_not_payable')], { onChange: () => (notified += 1) });
    await assert.rejects(client.invoices.pay('in_jp_1'));
    assert.equal(notified, 0);
  });

  it('declined payment notifies', async () => {
    const changes: KeelChange[] = [];
    const declined = json(
      { error: { code: 'payment_declined', message: 'declined', param: null, request_id: 'req_decline', decline_reason: 'insufficient_funds' } },
      402,
    );
    const { client } = makeClient([declined], { onChange: (change) => changes.push(change) });
    const rejection = await client.invoices.pay('in_jp_1').catch((error: unknown) => error);
    assert.ok(rejection instanceof KeelPaymentError);
    assert.equal(rejection.declineReason, 'insufficient_funds');
    assert.equal(changes[0]?.operation, 'invoices.pay');
    assert.equal(changes[0]?.requestId, 'req_decline');
  });

  it('preview does not notify', async () => {
    let notified = 0;
    const { client } = makeClient([json(examples.SubscriptionChangePreview.valid)], { onChange: () => (notified += 1) });
    await client.subscriptions.previewChange('sub_jp_1', { plan_id: 'price_pro_monthly_jpy' });
    assert.equal(notified, 0);
  });
});

describe('client session', () => {
  it('refreshes token once on 401', async () => {
    let refreshes = 0;
    const { client, calls } = makeClient([errorEnvelope(401, 'session_expired'), json(examples.DunningState.valid)], {
      getSessionToken: () => {
        refreshes += 1;
        return 'tok_fresh';
      },
    });
    await client.dunning.retrieve();
    assert.equal(refreshes, 1);
    assert.equal(calls[1]?.headers.get('authorization'), 'Bearer tok_fresh');
  });

  it('keeps refreshed token for later calls', async () => {
    const { client, calls } = makeClient(
      [errorEnvelope(401, 'session_invalid'), json(examples.DunningState.valid), json(examples.DunningState.valid)],
      { getSessionToken: () => 'tok_fresh' },
    );
    await client.dunning.retrieve();
    await client.dunning.retrieve();
    assert.equal(calls[2]?.headers.get('authorization'), 'Bearer tok_fresh');
  });

  it('reports expiry without callback', async () => {
    const expired: SessionExpiredDetail[] = [];
    const { client } = makeClient([errorEnvelope(401, 'session_expired')], { onSessionExpired: (detail) => expired.push(detail) });
    await assert.rejects(client.dunning.retrieve(), KeelAuthenticationError);
    assert.equal(expired.length, 1);
    assert.equal(expired[0]?.error.code, 'session_expired');
  });

  it('failing first token fetch', async () => {
    const expired: SessionExpiredDetail[] = [];
    const { client, calls } = makeClient([], {
      sessionToken: undefined,
      getSessionToken: async () => {
        throw new Error('vendor session endpoint returned 500');
      },
      onSessionExpired: (detail) => expired.push(detail),
    });
    const rejection = await client.dunning.retrieve().catch((error: unknown) => error);
    assert.ok(rejection instanceof KeelAuthenticationError);
    assert.equal(rejection.code, 'session_token_unavailable');
    assert.equal(calls.length, 0);
    assert.equal(expired[0]?.reason, 'refresh_failed');
  });

  it('setSessionToken replaces token', async () => {
    const { client, calls } = makeClient([json(examples.DunningState.valid)]);
    client.setSessionToken('tok_replaced');
    await client.dunning.retrieve();
    assert.equal(calls[0]?.headers.get('authorization'), 'Bearer tok_replaced');
  });
});

describe('client timeouts', () => {
  it('per-call timeout aborts', async () => {
    const { client } = makeClient(['hang'], { retry: false });
    const rejection = await client.session.retrieve({ timeoutMs: 10 }).catch((error: unknown) => error);
    assert.ok(rejection instanceof Error);
    assert.equal(rejection.name, 'KeelTimeoutError');
  });

  it('client timeout aborts', async () => {
    const { client } = makeClient(['hang'], { retry: false, timeoutMs: 10 });
    await assert.rejects(client.session.retrieve(), { name: 'KeelTimeoutError' });
  });

  it('caller signal aborts', async () => {
    const controller = new AbortController();
    const { client } = makeClient(() => {
      setImmediate(() => controller.abort(new DOMException('left the page', 'AbortError')));
      return 'hang';
    });
    await assert.rejects(client.session.retrieve({ signal: controller.signal }), { name: 'AbortError' });
  });
});
