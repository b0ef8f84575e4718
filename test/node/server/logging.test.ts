import { generateRequestId } from '../../../src/server/middleware/request-id.js';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../../src/server/logger.js';
import { REDACTED, redact, redactString } from '../../../src/server/redact.js';
import { openStore, type Store } from '../../../src/server/store/index.js';
import { CUSTOMER_A } from './fake-provider.js';
import { errorOf, startTestServer, type TestServer } from './harness.js';

const CARD_NUMBERS = ['4242424242424242', '4000 0000 0000 9995', '5555-5555-5555-4444', '378282246310005'];
const EMAIL = 'jane.doe+billing@example.co.jp';

describe('redactString', () => {
  test('session token replaced', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjdXNfYSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    assert.equal(redactString(`token ${token} used`), `token ${REDACTED} used`);
  });

  test('bearer header replaced', () => {
    assert.equal(redactString('Authorization: Bearer abc.def'), `Authorization: Bearer ${REDACTED}`);
  });

  test('email replaced', () => {
    assert.equal(redactString(`mail ${EMAIL} now`), `mail ${REDACTED} now`);
  });

  for (const number of CARD_NUMBERS) {
    test(`card ${number.slice(0, 4)} replaced`, () => {
      assert.equal(redactString(`card ${number} declined`), `card ${REDACTED} declined`);
    });
  }

  test('cvc in text replaced', () => {
    assert.equal(redactString('{"cvc":"123"}'), `{"cvc":"${REDACTED}"}`);
  });

  for (const iban of ['DE89370400440532013000', 'DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432', 'NO9386011117947']) {
    test(`IBAN ${iban.slice(0, 2)} ${iban.length} replaced`, () => {
      assert.equal(redactString(`transfer from ${iban} received`), `transfer from ${REDACTED} received`);
    });
  }

  test('card inside an identifier replaced', () => {
    assert.equal(redactString('pm_card_4242424242424242 failed'), `pm_card_${REDACTED} failed`);
  });

  test('cvc with quotes replaced', () => {
    assert.equal(redactString("cvc: '123'"), `cvc: '${REDACTED}'`);
  });

  test('client secret replaced', () => {
    assert.equal(redactString('confirm seti_1Nabc_secret_XyZ123abc now'), `confirm seti_1Nabc_secret_${REDACTED} now`);
  });

  test('short numbers kept', () => {
    assert.equal(redactString('invoice 2026-0042 for 22219 JPY'), 'invoice 2026-0042 for 22219 JPY');
  });
});

describe('redact', () => {
  test('sensitive keys replaced', () => {
    const record = redact({ card: { number: 4242424242424242, cvc: '123', exp_month: 12 }, email: 'x', Authorization: 'y' }) as Record<string, any>;
    assert.equal(record.card.number, REDACTED);
    assert.equal(record.card.cvc, REDACTED);
    assert.equal(record.card.exp_month, 12);
    assert.equal(record.email, REDACTED);
    assert.equal(record.Authorization, REDACTED);
  });

  test('iban key replaced', () => {
    const record = redact({ iban: 'not-an-iban-format' }) as Record<string, unknown>;
    assert.equal(record.iban, REDACTED);
  });

  test('error message redacted', () => {
    const record = redact(new Error(`charge for ${EMAIL} failed`)) as Record<string, string>;
    assert.ok(!record.message?.includes(EMAIL));
    assert.ok(!record.stack?.includes(EMAIL));
  });

  test('cycles cut', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    assert.deepEqual(redact(cyclic), { name: 'a', self: '[truncated]' });
  });
});

describe('logger', () => {
  test('one JSON object per line', () => {
    const lines: string[] = [];
    createLogger({ write: (line) => lines.push(line) }).info('hello', { user_email: EMAIL });
    assert.equal(lines.length, 1);
    const record = JSON.parse(lines[0] as string);
    assert.equal(record.msg, 'hello');
    assert.equal(record.level, 'info');
    assert.equal(record.user_email, REDACTED);
  });

  test('level filters lines', () => {
    const lines: string[] = [];
    createLogger({ write: (line) => lines.push(line), level: 'warn' }).info('quiet');
    assert.equal(lines.length, 0);
  });
});

describe('request logs', () => {
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

  test('access line per request', async () => {
    const token = await server.token(CUSTOMER_A);
    const response = await server.request('GET', '/v1/invoices', { token });
    const requestId = response.headers.get('X-Request-Id');
    const lines = server.lines.map((line) => JSON.parse(line)).filter((record) => record.request_id === requestId);
    assert.equal(lines.length, 1);
    assert.equal(lines[0].route, '/v1/invoices');
    assert.equal(lines[0].status, 200);
    assert.equal(typeof lines[0].duration_ms, 'number');
  });

  test('no token, email or card', async () => {
    const token = await server.token(CUSTOMER_A);
    const start = server.lines.length;
    await server.request('POST', '/v1/billing_details', { token, body: { email: EMAIL } });
    for (const number of CARD_NUMBERS) {
      await server.request('POST', '/v1/payment_methods/setup/seti_a/complete', {
        token,
        body: { card: { number, exp_month: 12, exp_year: 2030, cvc: '123' } },
      });
    }
    server.provider.failNext('updateBillingDetails', new Error(`provider rejected ${EMAIL} with card ${CARD_NUMBERS[0]} and token ${token}`));
    const failed = await server.request('POST', '/v1/billing_details', { token, body: { email: EMAIL } });
    assert.equal(failed.status, 500);
    await server.request('GET', `/v1/invoices?starting_after=${encodeURIComponent(EMAIL)}`, { token });

    const written = server.lines.slice(start).join('\n');
    assert.ok(server.lines.length > start + 5, 'expected log lines');
    assert.ok(!written.includes(token), 'token logged');
    assert.ok(!written.includes(token.split('.')[2] as string), 'token signature logged');
    assert.ok(!written.includes(EMAIL), 'email logged');
    for (const number of CARD_NUMBERS) {
      assert.ok(!written.includes(number), `card ${number} logged`);
      assert.ok(!written.includes(number.replace(/\D/g, '')), `card digits ${number} logged`);
    }
  });

  test('generated request ids survive redaction', () => {
    for (let index = 0; index < 2000; index += 1) {
      const id = generateRequestId();
      assert.equal(redactString(id), id);
    }
  });

  test('internal error hidden and logged once', async () => {
    const token = await server.token(CUSTOMER_A);
    server.provider.failNext('pauseSubscription', new Error('connection to 10.0.0.5 refused'));
    const response = await server.request('POST', '/v1/subscriptions/sub_a/pause', { token, body: { months: 1 } });
    assert.equal(response.status, 500);
    const requestId = response.headers.get('X-Request-Id');
    const error = await errorOf(response);
    assert.equal(error.code, 'internal_error');
    assert.equal(error.request_id, requestId);
    assert.ok(!error.message.includes('10.0.0.5'), 'internal detail leaked');
    const errorLines = server.lines.map((line) => JSON.parse(line)).filter((record) => record.request_id === requestId && record.level === 'error' && record.msg !== 'request');
    assert.equal(errorLines.length, 1);
    assert.match(errorLines[0].error.message, /10\.0\.0\.5/);
  });
});
