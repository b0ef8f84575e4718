/**
 * Seeded property test of the HTTP layer: every contract operation receives
 * random and hostile paths, queries, headers and JSON bodies through
 * `createKeelServer(...).fetch` with the real sandbox provider on PGlite.
 * No response may be a 5xx, and every error must have the shared error shape.
 *
 * A failure message names the seed and the request. Rerun it with
 * `KEEL_FUZZ_SEED=<seed> node --import tsx --test test/node/server/fuzz.test.ts`;
 * `KEEL_FUZZ_RUNS` sets the requests per operation.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as z from 'zod/mini';
import { CAPABILITIES } from '../../../src/contract/capabilities.js';
import { examples } from '../../../src/contract/examples.js';
import { isMutation, operations, type OperationDefinition, type OperationId } from '../../../src/contract/operations.js';
import { createKeelServer, type KeelServer } from '../../../src/server/index.js';
import { createLogger } from '../../../src/server/logger.js';
import { openStore, type Store } from '../../../src/server/store/index.js';
import { ADMIN_KEY, SECRET } from './harness.js';

const SEED = Number(process.env.KEEL_FUZZ_SEED ?? 20261204);
const RUNS_PER_OPERATION = Number(process.env.KEEL_FUZZ_RUNS ?? 24);
const CUSTOMER = 'cus_jp_expired';
const BASE = 'http://keel.test';

/** mulberry32: a small, fast PRNG whose whole state is one 32-bit seed. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number): number => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const chance = (probability: number): boolean => next() < probability;
  return { next, int, pick, chance };
}
type Random = ReturnType<typeof createRandom>;

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'in_\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u0644\u0627',
  '😀'.repeat(40),
  'x'.repeat(256),
  'x'.repeat(5000),
  '../../../etc/passwd',
  '..%2f..%2f',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '"; DROP TABLE invoices; --',
  '${7*7}{{7*7}}',
  'javascript:alert(1)',
  '4242424242424242',
  '1e309',
  'NaN',
  '-0',
  'true',
  'null',
  '__proto__',
  'constructor',
  '%00',
  '\r\nX-Injected: 1',
  'in_jp_1',
  'cus_b',
];

const HOSTILE_NUMBERS = [0, -1, 1.5, -0.0001, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, Number.MAX_SAFE_INTEGER + 2];

function randomText(random: Random, maxLength: number): string {
  const length = random.int(maxLength + 1);
  let text = '';
  for (let index = 0; index < length; index += 1) {
    const range = random.pick([
      [0x20, 0x7e],
      [0x00, 0x1f],
      [0x80, 0x2ff],
      [0x3040, 0x30ff],
      [0xd800, 0xdfff],
      [0xfff0, 0xffff],
    ] as const);
    text += String.fromCharCode(range[0] + random.int(range[1] - range[0] + 1));
  }
  return text;
}

function hostileString(random: Random): string {
  return random.chance(0.6) ? random.pick(HOSTILE_STRINGS) : randomText(random, 40);
}

/** Returns a random JSON value nested up to `depth` levels. */
function randomJson(random: Random, depth: number): unknown {
  const kind = random.int(depth > 0 ? 9 : 6);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick(HOSTILE_NUMBERS);
    case 3:
    case 4:
      return hostileString(random);
    case 5:
      return random.int(1000);
    case 6: {
      const length = random.int(5);
      return Array.from({ length }, () => randomJson(random, depth - 1));
    }
    default: {
      const object: Record<string, unknown> = {};
      const size = random.int(5);
      for (let index = 0; index < size; index += 1) object[hostileString(random)] = randomJson(random, depth - 1);
      return object;
    }
  }
}

function deeplyNested(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let index = 0; index < levels; index += 1) value = index % 2 === 0 ? [value] : { a: value };
  return value;
}

/** Replace one field of `body` (at any depth) with a hostile value. */
function mutateField(random: Random, body: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = Object.keys(copy);
  if (keys.length === 0) return { [hostileString(random)]: randomJson(random, 2) };
  const key = random.pick(keys);
  const current = copy[key];
  if (current !== null && typeof current === 'object' && !Array.isArray(current) && random.chance(0.5)) {
    copy[key] = mutateField(random, current as Record<string, unknown>);
  } else {
    copy[key] = randomJson(random, 2);
  }
  return copy;
}

function exampleFor(schema: unknown): Record<string, unknown> | undefined {
  const match = Object.values(examples).find((example) => example.schema === schema);
  return match?.valid as Record<string, unknown> | undefined;
}

/** Ids of the customer's real objects, so some requests reach the provider's deeper paths. */
interface IdPool {
  invoice: string[];
  subscription: string[];
  payment_method: string[];
  payment: string[];
  setup: string[];
  tax_id: string[];
  offer: string[];
  konbini_voucher: string[];
}

function swapIds(random: Random, value: unknown, pool: IdPool): unknown {
  const json = JSON.stringify(value ?? {})
    .replaceAll('"in_jp_1"', JSON.stringify(random.pick(pool.invoice)))
    .replaceAll('"pm_visa_4242"', JSON.stringify(random.pick(pool.payment_method)))
    .replaceAll('"sub_jp_1"', JSON.stringify(random.pick(pool.subscription)));
  return JSON.parse(json);
}

/** Percent-encode `text` for a path segment. Text that is not valid UTF-16 becomes bytes that are not valid UTF-8. */
function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80%ff';
  }
}

function idForPath(random: Random, path: string, pool: IdPool): string {
  if (random.chance(0.35)) return hostileString(random);
  if (path.startsWith('/v1/invoices/')) return random.pick(pool.invoice);
  if (path.startsWith('/v1/payments/')) return random.pick(pool.payment);
  if (path.startsWith('/v1/payment_methods/setup/')) return random.pick(pool.setup);
  if (path.startsWith('/v1/payment_methods/')) return random.pick(pool.payment_method);
  if (path.startsWith('/v1/subscriptions/')) return random.pick(pool.subscription);
  if (path.startsWith('/v1/billing_details/tax_ids/')) return random.pick(pool.tax_id);
  if (path.startsWith('/v1/sandbox/konbini_vouchers/')) return random.pick(pool.konbini_voucher);
  return hostileString(random);
}

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function buildRequest(random: Random, id: OperationId, definition: OperationDefinition, pool: IdPool, tokens: { session: string }): FuzzRequest {
  let path = definition.path.replace(':id', () => encodeSegment(idForPath(random, definition.path, pool)));
  path = path.replace(':offer_id', () => encodeSegment(random.chance(0.5) ? random.pick(pool.offer) : hostileString(random)));

  const query = new URLSearchParams();
  const validQuery = definition.query ? exampleFor(definition.query) : undefined;
  if (validQuery && random.chance(0.5)) {
    for (const [key, value] of Object.entries(swapIds(random, validQuery, pool) as Record<string, unknown>)) query.append(key, String(value));
  }
  if (random.chance(0.4)) {
    const key = random.chance(0.5) && validQuery ? random.pick(Object.keys(validQuery)) : hostileString(random);
    query.append(key, hostileString(random));
  }
  const search = query.toString();
  if (search !== '') path += `?${search}`;

  const headers: Record<string, string> = {};
  const authRoll = random.next();
  if (definition.auth === 'admin') headers.Authorization = authRoll < 0.85 ? `Bearer ${ADMIN_KEY}` : `Bearer ${tokens.session}`;
  else if (definition.auth === 'session') {
    if (authRoll < 0.85) headers.Authorization = `Bearer ${tokens.session}`;
    else if (authRoll < 0.95) headers.Authorization = `Bearer ${hostileString(random).replace(/[^\x21-\x7e]/g, 'x') || 'x'}`;
  } else if (random.chance(0.5)) headers['Stripe-Signature'] = `t=1,v1=${'0'.repeat(64)}`;

  let body: string | undefined;
  if (isMutation(definition)) {
    const keyRoll = random.next();
    if (keyRoll < 0.8) headers['Idempotency-Key'] = `fuzz-${id}-${random.int(1e9)}`;
    else if (keyRoll < 0.9) headers['Idempotency-Key'] = random.pick(['x'.repeat(300), 'key with spaces', 'cl\u00e9', '\t']);

    const valid = swapIds(random, definition.body ? (exampleFor(definition.body) ?? {}) : {}, pool) as Record<string, unknown>;
    const strategy = random.int(9);
    if (strategy === 0) body = JSON.stringify(valid);
    else if (strategy === 1) body = JSON.stringify(mutateField(random, valid));
    else if (strategy === 2) body = JSON.stringify({ ...valid, [hostileString(random)]: randomJson(random, 2) });
    else if (strategy === 3) body = JSON.stringify(randomJson(random, 3));
    else if (strategy === 4) body = random.pick(['{', '{"a":', 'nul', '[1,]', '{"a":1}}', '\u0000', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}']);
    else if (strategy === 5) body = JSON.stringify(deeplyNested(random.pick([50, 500, 2000])));
    else if (strategy === 6) body = JSON.stringify({ ...valid, items: Array.from({ length: random.pick([100, 5000]) }, () => 0) });
    else if (strategy === 7) body = `{"pad":"${'x'.repeat(random.pick([1000, 70_000]))}"}`;
    else body = random.chance(0.5) ? '' : JSON.stringify(mutateField(random, mutateField(random, valid)));

    const typeRoll = random.next();
    if (typeRoll < 0.8) headers['Content-Type'] = 'application/json';
    else if (typeRoll < 0.9) headers['Content-Type'] = random.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/vnd.api+json']);
  } else if (random.chance(0.1)) {
    body = undefined;
    headers['Content-Type'] = 'application/json';
  }
  return { method: definition.method, path, headers, body };
}

const ErrorShape = z.object({
  error: z.object({
    code: z.string().check(z.regex(/^[a-z][a-z0-9_]*$/)),
    message: z.string().check(z.minLength(1)),
    param: z.nullable(z.string()),
    request_id: z.nullable(z.string()),
  }),
});

function describeRequest(request: FuzzRequest): string {
  const body = request.body === undefined ? '' : ` body=${JSON.stringify(request.body.length > 200 ? `${request.body.slice(0, 200)}… (${request.body.length} chars)` : request.body)}`;
  return `${request.method} ${request.path} headers=${JSON.stringify({ ...request.headers, Authorization: request.headers.Authorization ? '…' : undefined })}${body}`;
}

let store: Store;
let keel: KeelServer;
const lines: string[] = [];

async function getJson(path: string, token: string): Promise<any> {
  const response = await keel.fetch(new Request(`${BASE}${path}`, { headers: { Authorization: `Bearer ${token}` } }));
  assert.equal(response.status, 200, `fixture read ${path}`);
  return response.json();
}

before(async () => {
  store = await openStore();
  keel = createKeelServer({
    secret: SECRET,
    provider: 'sandbox',
    store,
    adminKey: ADMIN_KEY,
    rateLimit: false,
    allowedOrigins: ['https://app.example.com'],
    logger: createLogger({ write: (line) => lines.push(line) }),
  });
  await keel.ready();
});

after(async () => {
  await keel.close();
  await store.close();
});

test('hostile requests get 4xx error shapes', { timeout: 600_000 }, async () => {
  const { token } = await keel.createPortalSession({ customerId: CUSTOMER, capabilities: CAPABILITIES });
  const invoices = await getJson('/v1/invoices', token);
  const subscriptions = await getJson('/v1/subscriptions', token);
  const methods = await getJson('/v1/payment_methods', token);
  const details = await getJson('/v1/billing_details', token);
  const subscriptionIds: string[] = subscriptions.data.map((item: { id: string }) => item.id);
  const offers = subscriptionIds.length > 0 ? await getJson(`/v1/subscriptions/${subscriptionIds[0]}/retention_offers?reason=too_expensive`, token) : { data: [] };
  const pool: IdPool = {
    invoice: [...invoices.data.map((item: { id: string }) => item.id), 'in_missing'],
    subscription: [...subscriptionIds, 'sub_missing'],
    payment_method: [...methods.data.map((item: { id: string }) => item.id), 'pm_missing'],
    payment: [...invoices.data.flatMap((item: { pending_payment_id: string | null }) => (item.pending_payment_id ? [item.pending_payment_id] : [])), 'pay_missing'],
    setup: ['seti_missing'],
    tax_id: [...details.tax_ids.map((item: { id: string }) => item.id), 'txi_missing'],
    offer: [...offers.data.map((item: { id: string }) => item.id), 'offer_missing'],
    konbini_voucher: ['kv_missing'],
  };

  const random = createRandom(SEED);
  const failures: string[] = [];
  for (const id of Object.keys(operations) as OperationId[]) {
    const definition = operations[id] as OperationDefinition;
    for (let run = 0; run < RUNS_PER_OPERATION; run += 1) {
      const request = buildRequest(random, id, definition, pool, { session: token });
      const response = await keel.fetch(
        new Request(`${BASE}${request.path}`, { method: request.method, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) }),
      );
      const text = await response.text();
      const where = `seed ${SEED}, ${id} run ${run}: ${describeRequest(request)} -> ${response.status} ${text.slice(0, 300)}`;

      if (response.status >= 500) {
        failures.push(where);
        continue;
      }
      if (response.status >= 400) {
        if (!/^application\/json/.test(response.headers.get('Content-Type') ?? '')) failures.push(`error is not JSON: ${where}`);
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(text);
        } catch {
          failures.push(`error body does not parse: ${where}`);
          continue;
        }
        const shape = z.safeParse(ErrorShape, parsed);
        if (!shape.success) failures.push(`error shape wrong: ${where}`);
        else if (shape.data.error.request_id !== null && shape.data.error.request_id !== response.headers.get('X-Request-Id')) {
          failures.push(`request_id differs from X-Request-Id: ${where}`);
        }
      }
    }
  }
  assert.deepEqual(failures, [], `${failures.length} bad responses; first:\n${failures.slice(0, 5).join('\n')}`);
});

test('fuzzing leaves no error log lines', () => {
  const errors = lines.filter((line) => (JSON.parse(line) as { level: string }).level === 'error');
  assert.deepEqual(errors.slice(0, 3), []);
});
