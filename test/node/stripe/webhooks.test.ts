import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { createKeelServer } from '../../../src/server/index.js';
import { createLogger } from '../../../src/server/logger.js';
import type { StripeWebhookChange } from '../../../src/server/providers/stripe/index.js';
import { openStore } from '../../../src/server/store/index.js';
import * as build from './fake/objects.js';
import { WEBHOOK_SECRET, createTestProvider } from './fake/scenario.js';

const signer = new Stripe('sk_test_fake');

function event(id: string, type: string, object: { id: string; object: string }, created: number) {
  return { id, object: 'event', api_version: '2026-11-18.endive', created, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } };
}

async function deliver(handle: (request: Request) => Promise<Response>, body: unknown, secret = WEBHOOK_SECRET): Promise<Response> {
  const payload = JSON.stringify(body);
  const signature = await signer.webhooks.generateTestHeaderStringAsync({ payload, secret });
  return handle(new Request('http://127.0.0.1/v1/webhooks/stripe', { method: 'POST', headers: { 'stripe-signature': signature, 'content-type': 'application/json' }, body: payload }));
}

function recorder() {
  const changes: StripeWebhookChange[] = [];
  return { changes, onWebhookChange: (change: StripeWebhookChange) => void changes.push(change) };
}

describe('stripe webhooks', () => {
  it('accepts a valid signature', async () => {
    const { changes, onWebhookChange } = recorder();
    const { provider } = createTestProvider({ onWebhookChange });
    const response = await deliver(provider.handleWebhook, event('evt_1', 'invoice.payment_failed', { id: 'in_a_open', object: 'invoice' }, build.T0));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { received: true });
    assert.equal(changes.length, 1);
    assert.equal(changes[0]?.customerId, 'cus_a');
  });

  it('rejects a bad signature', async () => {
    const { changes, onWebhookChange } = recorder();
    const { provider } = createTestProvider({ onWebhookChange });
    const response = await deliver(provider.handleWebhook, event('evt_1', 'invoice.paid', { id: 'in_a_open', object: 'invoice' }, build.T0), 'whsec_wrong');
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'webhook_signature_invalid');
    assert.equal(changes.length, 0);
  });

  it('rejects a missing signature', async () => {
    const { provider } = createTestProvider();
    const response = await provider.handleWebhook(new Request('http://127.0.0.1/v1/webhooks/stripe', { method: 'POST', body: '{}' }));
    assert.equal(response.status, 400);
  });

  it('ignores a duplicate event', async () => {
    const { changes, onWebhookChange } = recorder();
    const { provider } = createTestProvider({ onWebhookChange });
    const body = event('evt_dup', 'invoice.payment_failed', { id: 'in_a_open', object: 'invoice' }, build.T0);
    await deliver(provider.handleWebhook, body);
    const second = await deliver(provider.handleWebhook, body);
    assert.equal(second.status, 200);
    assert.equal(changes.length, 1);
  });

  it('uses a shared dedupe function', async () => {
    const seen = new Set<string>();
    const dedupe = async (id: string) => (seen.has(id) ? false : (seen.add(id), true));
    const first = recorder();
    const second = recorder();
    const one = createTestProvider({ dedupe, onWebhookChange: first.onWebhookChange });
    const two = createTestProvider({ dedupe, onWebhookChange: second.onWebhookChange });
    const body = event('evt_shared', 'invoice.paid', { id: 'in_a_open', object: 'invoice' }, build.T0);
    await deliver(one.provider.handleWebhook, body);
    await deliver(two.provider.handleWebhook, body);
    assert.equal(first.changes.length + second.changes.length, 1);
  });

  it('converges on out-of-order events', async () => {
    const orders = [
      ['evt_failed', 'evt_paid'],
      ['evt_paid', 'evt_failed'],
    ];
    const finalStates: Array<string | null | undefined> = [];
    for (const order of orders) {
      const { changes, onWebhookChange } = recorder();
      const { fake, provider } = createTestProvider({ onWebhookChange });
      const failed = event('evt_failed', 'invoice.payment_failed', { id: 'in_a_open', object: 'invoice' }, build.T0 + 100);
      const paid = event('evt_paid', 'invoice.paid', { id: 'in_a_open', object: 'invoice' }, build.T0 + 200);
      // By the time either event arrives, Stripe has the invoice paid.
      Object.assign(fake.invoices.get('in_a_open')!, { status: 'paid', amount_paid: 1100, amount_remaining: 0 });
      for (const id of order) await deliver(provider.handleWebhook, id === 'evt_paid' ? paid : failed);
      const last = changes.at(-1)?.object as { status?: string | null } | undefined;
      finalStates.push(last?.status);
    }
    assert.deepEqual(finalStates, ['paid', 'paid']);
  });

  it('ignores a stale event', async () => {
    const { changes, onWebhookChange } = recorder();
    const { provider } = createTestProvider({ onWebhookChange });
    await deliver(provider.handleWebhook, event('evt_new', 'invoice.paid', { id: 'in_a_open', object: 'invoice' }, build.T0 + 200));
    const stale = await deliver(provider.handleWebhook, event('evt_old', 'invoice.payment_failed', { id: 'in_a_open', object: 'invoice' }, build.T0 + 100));
    assert.equal(stale.status, 200);
    assert.deepEqual(changes.map((change) => change.eventId), ['evt_new']);
  });

  it('redelivers after a failed handler', async () => {
    let failures = 1;
    const changes: string[] = [];
    const { provider } = createTestProvider({
      onWebhookChange: (change) => {
        if (failures-- > 0) throw new Error('downstream unavailable');
        changes.push(change.eventId);
      },
    });
    const body = event('evt_retry', 'invoice.paid', { id: 'in_a_open', object: 'invoice' }, build.T0);
    const first = await deliver(provider.handleWebhook, body);
    const second = await deliver(provider.handleWebhook, body);
    assert.equal(first.status, 500);
    assert.equal(second.status, 200);
    assert.deepEqual(changes, ['evt_retry']);
  });
});

describe('stripe webhooks through the server', () => {
  async function serve() {
    const { provider } = createTestProvider();
    const store = await openStore();
    const keel = createKeelServer({ secret: 'webhook-test-secret-0123456789-abcdefghijklmnop', provider, store, logger: createLogger({ write: () => {} }) });
    await keel.ready();
    return { keel, close: async () => (await keel.close(), await store.close()) };
  }

  it('accepts an event over 64 KB', async () => {
    const { keel, close } = await serve();
    try {
      const object = { id: 'in_a_open', object: 'invoice', metadata: { note: 'x'.repeat(100 * 1024) } };
      const response = await deliver(keel.fetch, event('evt_large', 'invoice.updated', object, build.T0));
      assert.equal(response.status, 200);
    } finally {
      await close();
    }
  });

  it('rejects an event over 1 MB', async () => {
    const { keel, close } = await serve();
    try {
      const object = { id: 'in_a_open', object: 'invoice', metadata: { note: 'x'.repeat(1024 * 1024) } };
      const response = await deliver(keel.fetch, event('evt_huge', 'invoice.updated', object, build.T0));
      assert.equal(response.status, 413);
    } finally {
      await close();
    }
  });

  it('rejects a replayed old signature', async () => {
    const { keel, close } = await serve();
    try {
      const payload = JSON.stringify(event('evt_replayed', 'invoice.paid', { id: 'in_a_open', object: 'invoice' }, build.T0));
      const timestamp = Math.floor(Date.now() / 1000) - 10 * 60;
      const signature = await signer.webhooks.generateTestHeaderStringAsync({ payload, secret: WEBHOOK_SECRET, timestamp });
      const response = await keel.fetch(new Request('http://127.0.0.1/v1/webhooks/stripe', { method: 'POST', headers: { 'stripe-signature': signature, 'content-type': 'application/json' }, body: payload }));
      assert.equal(response.status, 400);
    } finally {
      await close();
    }
  });
});
