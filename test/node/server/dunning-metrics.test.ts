import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import Stripe from 'stripe';
import { CAPABILITIES } from '../../../src/contract/capabilities.js';
import type { DunningState } from '../../../src/contract/dunning.js';
import { DunningMetrics, labelValues, type DunningMetricsTables } from '../../../src/server/dunning-metrics.js';
import { createKeelServer, type KeelServer } from '../../../src/server/index.js';
import { createLogger } from '../../../src/server/logger.js';
import { MetricsRegistry } from '../../../src/server/metrics.js';
import type { DunningRecovery } from '../../../src/server/providers/provider.js';
import type { Store } from '../../../src/server/store/index.js';
import { storeTargets } from '../store/harness.js';
import { T0 } from '../stripe/fake/objects.js';
import { WEBHOOK_SECRET, createTestProvider } from '../stripe/fake/scenario.js';
import { ADMIN_KEY, BASE, SECRET } from './harness.js';

const SEEDED_CUSTOMERS = ['cus_jp_expired', 'cus_de_reverse_charge', 'cus_3ds_renewal', 'cus_us_annual', 'cus_jp_paused', 'cus_many_invoices'];

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Exposition {
  help: Map<string, string>;
  types: Map<string, string>;
  samples: Sample[];
}

/** Reads one label value starting after its opening quote; returns the value and the index after the closing quote. */
function readQuoted(text: string, start: number): [string, number] {
  let value = '';
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') return [value, index + 1];
    if (char !== '\\') {
      value += char;
      continue;
    }
    const escaped = text[index + 1];
    index += 1;
    if (escaped === 'n') value += '\n';
    else if (escaped === '\\' || escaped === '"') value += escaped;
    else throw new Error(`Invalid escape \\${escaped} in a label value: ${text}`);
  }
  throw new Error(`Unterminated label value: ${text}`);
}

/** Parses the Prometheus text format 0.0.4 strictly enough to catch malformed lines. */
function parseExposition(text: string): Exposition {
  const exposition: Exposition = { help: new Map(), types: new Map(), samples: [] };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (comment) {
      const [, kind, name, rest] = comment as unknown as [string, string, string, string];
      if (kind === 'HELP') exposition.help.set(name, rest);
      else exposition.types.set(name, rest);
      continue;
    }
    if (line.startsWith('#')) continue;
    const head = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
    if (!head) throw new Error(`Invalid sample line: ${line}`);
    const name = head[1]!;
    let index = name.length;
    const labels: Record<string, string> = {};
    if (line[index] === '{') {
      index += 1;
      while (line[index] !== '}') {
        const pair = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(index));
        if (!pair) throw new Error(`Invalid label in: ${line}`);
        const [value, next] = readQuoted(line, index + pair[0].length);
        labels[pair[1]!] = value;
        index = next;
        if (line[index] === ',') index += 1;
        else if (line[index] !== '}') throw new Error(`Expected , or } in: ${line}`);
      }
      index += 1;
    }
    const valueText = line.slice(index);
    if (!/^ (?:[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?|[-+]Inf|NaN)$/.test(valueText)) throw new Error(`Invalid sample value in: ${line}`);
    exposition.samples.push({ name, labels, value: Number(valueText.trim().replace('Inf', 'Infinity')) });
  }
  return exposition;
}

/** Returns the sample value of `name` with exactly `labels`, or 0 when the series does not exist. */
function valueOf(exposition: Exposition, name: string, labels: Record<string, string>): number {
  const expected = JSON.stringify(Object.entries(labels).sort());
  const sample = exposition.samples.find((candidate) => candidate.name === name && JSON.stringify(Object.entries(candidate.labels).sort()) === expected);
  return sample?.value ?? 0;
}

/** Sum of every series of `name` whose labels include `labels`. */
function sumOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number {
  return exposition.samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

function stateLabels(state: DunningState): { reason: string; tone: string; variant: string } {
  return { reason: state.reason ?? 'unknown', tone: state.tone ?? 'unknown', variant: state.variant };
}

for (const target of storeTargets()) {
  describe(`dunning metrics on ${target.name}`, { skip: target.skip }, () => {
    let store: Store;
    let keel: KeelServer;
    /** The invoice the bank transfer test recovered. */
    let transferredInvoiceId = '';

    before(async () => {
      store = await target.open();
      keel = createKeelServer({ secret: SECRET, provider: 'sandbox', store, adminKey: ADMIN_KEY, rateLimit: false, logger: createLogger({ write: () => {} }) });
      await keel.ready();
    });

    after(async () => {
      await keel?.close();
      await store?.close();
    });

    async function tokenFor(customerId: string): Promise<string> {
      return (await keel.createPortalSession({ customerId, capabilities: CAPABILITIES })).token;
    }

    async function call<T>(method: string, path: string, options: { token?: string; admin?: boolean; body?: unknown } = {}): Promise<T> {
      const headers = new Headers();
      if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
      if (options.admin) headers.set('Authorization', `Bearer ${ADMIN_KEY}`);
      if (method !== 'GET') {
        headers.set('Idempotency-Key', randomUUID());
        headers.set('Content-Type', 'application/json');
      }
      const response = await keel.fetch(new Request(`${BASE}${path}`, { method, headers, ...(method !== 'GET' ? { body: JSON.stringify(options.body ?? {}) } : {}) }));
      const text = await response.text();
      assert.ok(response.ok, `${method} ${path} answered ${response.status}: ${text}`);
      return JSON.parse(text) as T;
    }

    async function scrape(): Promise<Exposition> {
      const response = await keel.fetch(new Request(`${BASE}/metrics`));
      assert.equal(response.status, 200);
      return parseExposition(await response.text());
    }

    test('banner events counted by state labels', async () => {
      const token = await tokenFor('cus_3ds_renewal');
      const state = await call<DunningState>('GET', '/v1/dunning', { token });
      assert.notEqual(state.status, 'none', 'the seeded 3-D Secure renewal is in dunning');
      const invoiceId = state.invoice_id!;
      const labels = stateLabels(state);

      await call('POST', '/v1/dunning/events', { token, body: { type: 'impression', invoice_id: invoiceId, variant: state.variant } });
      await call('POST', '/v1/dunning/events', { token, body: { type: 'impression', invoice_id: invoiceId, variant: state.variant } });
      await call('POST', '/v1/dunning/events', { token, body: { type: 'click', invoice_id: invoiceId, variant: state.variant, action: 'authenticate' } });
      await call('POST', '/v1/dunning/events', { token, body: { type: 'dismissal', invoice_id: invoiceId, variant: state.variant } });

      const metrics = await scrape();
      assert.equal(valueOf(metrics, 'keel_dunning_banner_impressions_total', labels), 2);
      assert.equal(valueOf(metrics, 'keel_dunning_banner_clicks_total', { ...labels, action: 'authenticate' }), 1);
      assert.equal(valueOf(metrics, 'keel_dunning_banner_dismissals_total', labels), 1);
      assert.equal(labels.reason, 'authentication_required');
    });

    test('client variant not used as label', async () => {
      const token = await tokenFor('cus_3ds_renewal');
      const state = await call<DunningState>('GET', '/v1/dunning', { token });
      const beforeScrape = await scrape();
      await call('POST', '/v1/dunning/events', { token, body: { type: 'impression', invoice_id: state.invoice_id, variant: 'x"y\nz' } });

      const metrics = await scrape();
      assert.equal(sumOf(metrics, 'keel_dunning_banner_impressions_total', { variant: 'x"y\nz' }), 0);
      assert.equal(
        valueOf(metrics, 'keel_dunning_banner_impressions_total', stateLabels(state)),
        valueOf(beforeScrape, 'keel_dunning_banner_impressions_total', stateLabels(state)) + 1,
      );
    });

    test('3-D Secure approval recovers by customer', async () => {
      const token = await tokenFor('cus_3ds_renewal');
      const state = await call<DunningState>('GET', '/v1/dunning', { token });
      assert.ok(state.payment_id, 'the seeded renewal waits for authentication');
      const labels = stateLabels(state);

      await call('POST', `/v1/payments/${state.payment_id}/authenticate`, { token, body: { result: 'approve' } });

      const metrics = await scrape();
      assert.equal(valueOf(metrics, 'keel_dunning_fixes_total', { ...labels, action: 'authenticate' }), 1);
      assert.equal(valueOf(metrics, 'keel_dunning_recoveries_total', { ...labels, channel: 'customer' }), 1);
      assert.equal(sumOf(metrics, 'keel_dunning_recoveries_total', { channel: 'automatic' }), 0);
    });

    test('new default card recovers by customer at once', async () => {
      const token = await tokenFor('cus_jp_expired');
      const state = await call<DunningState>('GET', '/v1/dunning', { token });
      assert.equal(state.reason, 'expired_card');
      const labels = stateLabels(state);

      const setup = await call<{ id: string }>('POST', '/v1/payment_methods/setup', { token, body: { set_default: true } });
      await call('POST', `/v1/payment_methods/setup/${setup.id}/complete`, {
        token,
        body: { card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' } },
      });

      // The sandbox charges the new default card while the customer is still in the portal.
      const invoice = await call<{ status: string }>('GET', `/v1/invoices/${state.invoice_id}`, { token });
      assert.equal(invoice.status, 'paid');
      const metrics = await scrape();
      assert.equal(valueOf(metrics, 'keel_dunning_fixes_total', { ...labels, action: 'completeSetup' }), 1);
      assert.equal(valueOf(metrics, 'keel_dunning_recoveries_total', { ...labels, channel: 'customer' }), 1);
      assert.equal(sumOf(metrics, 'keel_dunning_recoveries_total', { reason: 'expired_card', channel: 'automatic' }), 0);
    });

    test('bank transfer recovers automatically once', async () => {
      const token = await tokenFor('cus_de_reverse_charge');
      const state = await call<DunningState>('GET', '/v1/dunning', { token });
      assert.equal(state.reason, 'insufficient_funds');
      assert.ok(state.amount_due && state.currency);
      const transfer = { customer_id: 'cus_de_reverse_charge', amount: state.amount_due, currency: state.currency };
      const before = await scrape();

      const first = await call<{ invoices_paid: string[] }>('POST', '/v1/sandbox/bank_transfers', { admin: true, body: transfer });
      assert.ok(first.invoices_paid.includes(state.invoice_id!));
      transferredInvoiceId = state.invoice_id!;
      const afterFirst = await scrape();
      const recovered = sumOf(afterFirst, 'keel_dunning_recoveries_total', { reason: 'insufficient_funds', channel: 'automatic' });
      assert.equal(recovered, sumOf(before, 'keel_dunning_recoveries_total', { reason: 'insufficient_funds', channel: 'automatic' }) + 1);
      assert.equal(sumOf(afterFirst, 'keel_dunning_fixes_total', { reason: 'insufficient_funds' }), 0);

      await call('POST', '/v1/sandbox/bank_transfers', { admin: true, body: transfer });
      const afterSecond = await scrape();
      assert.equal(sumOf(afterSecond, 'keel_dunning_recoveries_total', { reason: 'insufficient_funds' }), recovered);
    });

    test('second instance does not recount', async () => {
      assert.ok(transferredInvoiceId, 'the bank transfer test ran first');
      const registry = new MetricsRegistry();
      const other = new DunningMetrics({
        registry,
        db: store.db as unknown as Kysely<DunningMetricsTables>,
        scope: 'sandbox:sb_demo',
        logger: createLogger({ write: () => {} }),
        now: Date.now,
      });

      const labels = { reason: 'insufficient_funds' as const, tone: 'friendly' as const, variant: 'default' };

      await other.onDunningRecovery({ invoiceId: transferredInvoiceId, customerId: 'cus_de_reverse_charge', labels });
      assert.equal(sumOf(parseExposition(registry.render()), 'keel_dunning_recoveries_total'), 0);

      await other.onDunningRecovery({ invoiceId: 'in_not_seen_before', customerId: 'cus_de_reverse_charge', labels });
      assert.equal(sumOf(parseExposition(registry.render()), 'keel_dunning_recoveries_total'), 1);
    });

    test('unlabelled recovery uses seen labels', async () => {
      const registry = new MetricsRegistry();
      const metrics = new DunningMetrics({
        registry,
        db: store.db as unknown as Kysely<DunningMetricsTables>,
        scope: 'stripe',
        logger: createLogger({ write: () => {} }),
        now: Date.now,
      });
      await metrics.ledger.observe('in_stripe_seen', { reason: 'bank_declined', tone: 'final', variant: 'b' });

      await metrics.onDunningRecovery({ invoiceId: 'in_stripe_seen', customerId: 'cus_stripe', labels: null });
      await metrics.onDunningRecovery({ invoiceId: 'in_stripe_unseen', customerId: 'cus_stripe', labels: null });

      const exposition = parseExposition(registry.render());
      assert.equal(valueOf(exposition, 'keel_dunning_recoveries_total', { reason: 'bank_declined', tone: 'final', variant: 'b', channel: 'automatic' }), 1);
      assert.equal(valueOf(exposition, 'keel_dunning_recoveries_total', { reason: 'unknown', tone: 'unknown', variant: 'unknown', channel: 'automatic' }), 1);
    });

    test('metrics parse without ids', async () => {
      const response = await keel.fetch(new Request(`${BASE}/metrics`));
      const text = await response.text();
      const metrics = parseExposition(text);
      const families = ['impressions', 'clicks', 'dismissals'].map((kind) => `keel_dunning_banner_${kind}_total`);
      families.push('keel_dunning_fixes_total', 'keel_dunning_recoveries_total');

      for (const family of families) {
        assert.equal(metrics.types.get(family), 'counter', `TYPE of ${family}`);
        assert.ok(metrics.help.get(family), `HELP of ${family}`);
      }
      for (const sample of metrics.samples) {
        assert.ok(metrics.types.has(sample.name.replace(/_(bucket|sum|count)$/, '')) || metrics.types.has(sample.name), `sample ${sample.name} has a TYPE`);
      }

      const invoiceIds = (await store.db.selectFrom('invoices').select('id').where('first_failed_at', 'is not', null).execute()).map((row) => row.id);
      assert.ok(invoiceIds.length >= 3, 'the failed invoices are known');
      for (const id of [...SEEDED_CUSTOMERS, ...invoiceIds]) {
        assert.equal(text.includes(id), false, `/metrics contains ${id}`);
      }
    });
  });
}

describe('dunning label values', () => {
  test('quoted variant becomes other', () => {
    assert.equal(labelValues({ reason: 'expired_card', tone: 'firm', variant: 'a"b' }).variant, 'other');
  });

  test('long variant becomes other', () => {
    assert.equal(labelValues({ reason: 'expired_card', tone: 'firm', variant: 'v'.repeat(33) }).variant, 'other');
  });

  test('missing reason becomes unknown', () => {
    assert.equal(labelValues({ reason: null, tone: null, variant: 'default' }).reason, 'unknown');
  });

  test('token variant kept', () => {
    assert.equal(labelValues({ reason: 'expired_card', tone: 'firm', variant: 'b-2' }).variant, 'b-2');
  });
});

describe('stripe invoice.paid recovery', () => {
  const signer = new Stripe('sk_test_fake');

  async function deliverPaid(handle: (request: Request) => Promise<Response>, eventId: string): Promise<Response> {
    const payload = JSON.stringify({
      id: eventId,
      object: 'event',
      api_version: '2026-11-18.endive',
      created: T0 + 100,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'invoice.paid',
      data: { object: { id: 'in_a_open', object: 'invoice' } },
    });
    const signature = await signer.webhooks.generateTestHeaderStringAsync({ payload, secret: WEBHOOK_SECRET });
    return handle(new Request('http://127.0.0.1/v1/webhooks/stripe', { method: 'POST', headers: { 'stripe-signature': signature, 'content-type': 'application/json' }, body: payload }));
  }

  test('paid after failures reported', async () => {
    const reported: DunningRecovery[] = [];
    const { fake, provider } = createTestProvider({ onDunningRecovery: (recovery) => void reported.push(recovery) });
    Object.assign(fake.invoices.get('in_a_open')!, { status: 'paid', amount_paid: 1100, amount_remaining: 0, attempt_count: 3 });

    const response = await deliverPaid(provider.handleWebhook, 'evt_paid_after_failures');

    assert.equal(response.status, 200);
    assert.deepEqual(reported, [{ invoiceId: 'in_a_open', customerId: 'cus_a', labels: null }]);
  });

  test('first-attempt payment not reported', async () => {
    const reported: DunningRecovery[] = [];
    const { fake, provider } = createTestProvider({ onDunningRecovery: (recovery) => void reported.push(recovery) });
    Object.assign(fake.invoices.get('in_a_open')!, { status: 'paid', amount_paid: 1100, amount_remaining: 0, attempt_count: 1 });

    await deliverPaid(provider.handleWebhook, 'evt_paid_first_attempt');

    assert.equal(reported.length, 0);
  });
});
