/**
 * Client benchmark: what the typed client adds per call on top of
 * `JSON.parse`, for a 25-invoice list page and a 150-line invoice detail.
 *
 *   npm run bench:client -- [--duration 2] [--iterations N] [--no-write]
 *
 * The payloads are real responses of Keel's sandbox backend on PGlite,
 * fetched once in process before timing starts. Each case then runs for
 * `--duration` seconds, or exactly `--iterations` calls when that is given.
 * Progress goes to stderr, the table to stdout, and the table to
 * docs/benchmarks.md unless `--no-write` is given.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createKeelClient } from '../../src/client/index.js';
import { responseCheck } from '../../src/client/methods.js';
import { CAPABILITIES } from '../../src/contract/capabilities.js';
import { operations } from '../../src/contract/operations.js';
import { createKeelServer } from '../../src/server/index.js';
import { createLogger } from '../../src/server/logger.js';
import type { SandboxProvider } from '../../src/server/providers/sandbox/index.js';
import { loadAverage, machineDescription, markdownTable, ratio, today, writeDocSection } from './server/report.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '2' },
    iterations: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});

const durationMs = Number(args.duration) * 1000;
if (!Number.isFinite(durationMs) || durationMs <= 0) throw new Error(`--duration must be a positive number of seconds, got ${args.duration}.`);
const fixedIterations = args.iterations === undefined ? null : Number(args.iterations);
if (fixedIterations !== null && (!Number.isSafeInteger(fixedIterations) || fixedIterations <= 0)) {
  throw new Error(`--iterations must be a positive whole number, got ${args.iterations}.`);
}

const LINE_COUNT = 150;
const LIST_CUSTOMER = 'cus_many_invoices';
/** Calls between clock reads, so reading the clock stays out of short measurements. */
const BATCH = 50;
const WARMUP_CALLS = 200;

function log(message: string): void {
  process.stderr.write(`bench:client: ${message}\n`);
}

interface Payloads {
  token: string;
  list: string;
  detail: string;
  detailId: string;
}

/** Starts the sandbox backend in process, adds a 150-line invoice and returns the response texts. */
async function loadPayloads(): Promise<Payloads> {
  log('starting Keel on PGlite to fetch the payloads');
  const keel = createKeelServer({
    secret: `bench-${randomBytes(24).toString('hex')}`,
    provider: 'sandbox',
    rateLimit: false,
    logger: createLogger({ level: 'warn', write: (line) => process.stderr.write(`${line}\n`) }),
  });
  try {
    await keel.ready();
    const provider = (await keel.provider()) as SandboxProvider;
    const items = Array.from({ length: LINE_COUNT }, (_, index) => ({ description: `Usage item ${index + 1}`, amount: 100 + index, quantity: 1 }));
    const detailId = await provider.engine.createInvoice(LIST_CUSTOMER, items, { collect: false });

    const { token } = await keel.createPortalSession({ customerId: LIST_CUSTOMER, capabilities: CAPABILITIES });
    const read = async (path: string) => {
      const response = await keel.fetch(new Request(`http://keel.bench${path}`, { headers: { Authorization: `Bearer ${token}` } }));
      const text = await response.text();
      if (!response.ok) throw new Error(`GET ${path} returned ${response.status} while fetching payloads: ${text}`);
      return text;
    };
    const list = await read('/v1/invoices?limit=25');
    const detail = await read(`/v1/invoices/${detailId}`);

    const listed = (JSON.parse(list) as { data: unknown[] }).data.length;
    const lines = (JSON.parse(detail) as { lines: unknown[] }).lines.length;
    if (listed !== 25 || lines !== LINE_COUNT) throw new Error(`Expected 25 invoices and ${LINE_COUNT} lines, got ${listed} and ${lines}.`);
    return { token, list, detail, detailId };
  } finally {
    await keel.close();
    log('stopped Keel');
  }
}

interface Measurement {
  calls: number;
  microsecondsPerCall: number;
}

/** Times `call` after a warm-up, for the configured duration or iteration count. */
async function measure(name: string, call: () => unknown): Promise<Measurement> {
  for (let index = 0; index < Math.min(WARMUP_CALLS, fixedIterations ?? WARMUP_CALLS); index += 1) await call();
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  for (;;) {
    const batch = fixedIterations === null ? BATCH : Math.min(BATCH, fixedIterations - calls);
    for (let index = 0; index < batch; index += 1) await call();
    calls += batch;
    elapsed = performance.now() - started;
    if (fixedIterations === null ? elapsed >= durationMs : calls >= fixedIterations) break;
  }
  const result = { calls, microsecondsPerCall: (elapsed * 1000) / calls };
  log(`  ${name}: ${calls} calls, ${result.microsecondsPerCall.toFixed(1)} µs per call`);
  return result;
}

/** Checks `text` once, untimed, against the response schema, so a payload the schema rejects stops the benchmark instead of timing an error path. */
function assertValid(operation: 'invoices.list' | 'invoices.retrieve', text: string): void {
  const checked = responseCheck(operations[operation])(JSON.parse(text));
  if (!checked.ok) throw new Error(`The ${operation} payload fails its response schema: ${JSON.stringify(checked.issues.slice(0, 3))}`);
}

const started = performance.now();
const loadAtStart = loadAverage();
const payloads = await loadPayloads();
assertValid('invoices.list', payloads.list);
assertValid('invoices.retrieve', payloads.detail);

const client = createKeelClient({
  apiBase: 'http://keel.bench',
  sessionToken: payloads.token,
  retry: false,
  // Serves the stored payload for every request, so the call measures the client and one `Response`, no network.
  fetch: async (url) => {
    const text = url.includes('/v1/invoices/') ? payloads.detail : payloads.list;
    return new Response(text, { status: 200, headers: { 'Content-Type': 'application/json' } });
  },
});

const checkList = responseCheck(operations['invoices.list']);
const checkDetail = responseCheck(operations['invoices.retrieve']);

const cases = [
  {
    payload: '25-invoice list page',
    bytes: Buffer.byteLength(payloads.list),
    baseline: () => JSON.parse(payloads.list),
    validated: () => checkList(JSON.parse(payloads.list)),
    clientCall: () => client.invoices.list({ limit: 25 }),
  },
  {
    payload: `${LINE_COUNT}-line invoice detail`,
    bytes: Buffer.byteLength(payloads.detail),
    baseline: () => JSON.parse(payloads.detail),
    validated: () => checkDetail(JSON.parse(payloads.detail)),
    clientCall: () => client.invoices.retrieve(payloads.detailId),
  },
];

const rows: string[][] = [];
for (const entry of cases) {
  log(`${entry.payload} (${entry.bytes} bytes)`);
  const baseline = await measure('JSON.parse', entry.baseline);
  const validated = await measure('JSON.parse + zod response check', entry.validated);
  const clientCall = await measure('client method, in-memory fetch', entry.clientCall);
  for (const [label, result] of [
    ['`JSON.parse` alone (baseline)', baseline],
    ['`JSON.parse` + zod response check', validated],
    ['client method with an in-memory `fetch`', clientCall],
  ] as const) {
    rows.push([
      entry.payload,
      String(entry.bytes),
      label,
      String(result.calls),
      result.microsecondsPerCall.toFixed(1),
      ratio(result.microsecondsPerCall, baseline.microsecondsPerCall),
    ]);
  }
}
const elapsedSeconds = (performance.now() - started) / 1000;

const table = markdownTable(
  [
    { title: 'payload' },
    { title: 'bytes', align: 'right' },
    { title: 'work per call' },
    { title: 'calls', align: 'right' },
    { title: 'µs per call', align: 'right' },
    { title: 'time vs JSON.parse', align: 'right' },
  ],
  rows,
);
process.stdout.write(`${table}\n`);

const section = [
  '## Client per-call overhead',
  '',
  'Generated by `npm run bench:client` (`test/bench/client.ts`); rerun it to refresh this section.',
  '',
  `- Date: ${today()}; run time: ${elapsedSeconds.toFixed(1)} s`,
  `- Machine: ${machineDescription()}`,
  `- 1-minute load average on ${os.cpus().length} logical CPUs: ${loadAtStart} at the start, ${loadAverage()} at the end. A load above the CPU count means other processes shared the machine and the absolute figures are lower than on an idle one.`,
  `- Each case runs ${fixedIterations === null ? `for ${durationMs / 1000} s` : `${fixedIterations} calls`} in one Node process after ${WARMUP_CALLS} warm-up calls; the ratio is time per call over the time of \`JSON.parse\` alone on the same text.`,
  "- Payloads: the sandbox backend's own responses, `GET /v1/invoices?limit=25` for `cus_many_invoices` and `GET /v1/invoices/:id` for an invoice with 150 lines.",
  '- The zod row runs the check the client applies to every response (`zod/mini` `safeParse` against the contract schema). The client row is a whole `client.invoices` call: URL and headers, one `Response` built by the in-memory `fetch`, reading its text, parsing and the check.',
  '',
  table,
].join('\n');

if (!args['no-write']) {
  const written = await writeDocSection('client-benchmark', section);
  log(`wrote ${written}`);
}
log(`finished in ${elapsedSeconds.toFixed(1)} s`);
