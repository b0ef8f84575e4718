/**
 * Server benchmark: Keel's routes against a plain Hono app on the same
 * machine, in the same run, reported as ratios.
 *
 *   npm run bench:server -- [--duration 3] [--requests 1000000] [--concurrency 16] [--warmup 200] [--no-write]
 *
 * Each server runs in its own child process on 127.0.0.1 and a free port;
 * the load generator runs in this process. Keel runs on PGlite, and also on
 * PostgreSQL when KEEL_TEST_DATABASE_URL is set, where a second instance on
 * the same schema must return the same responses as the first. Progress goes to
 * stderr, the table to stdout, and the table to docs/benchmarks.md unless
 * `--no-write` is given.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { startInstance, type Instance } from './server/instances.js';
import { runLoad, type LoadResult } from './server/load.js';
import { loadAverage, machineDescription, markdownTable, ratio, today, writeDocSection } from './server/report.js';
import { BASELINE_SCENARIO, keelScenarios, type Scenario } from './server/scenarios.js';
import { CONCURRENT_PAY_REQUESTS, checkTwoInstances, dropSchema, type Check } from './server/two-instances.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '3' },
    requests: { type: 'string', default: '1000000' },
    concurrency: { type: 'string', default: '16' },
    warmup: { type: 'string', default: '200' },
    'no-write': { type: 'boolean', default: false },
  },
});

function positiveNumber(name: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isSafeInteger(value))) {
    throw new Error(`--${name} must be a positive ${integer ? 'whole number' : 'number'}, got ${text}.`);
  }
  return value;
}

const durationMs = positiveNumber('duration', args.duration, false) * 1000;
const maxRequests = positiveNumber('requests', args.requests, true);
const concurrency = positiveNumber('concurrency', args.concurrency, true);
const warmupRequests = Number(args.warmup);
if (!Number.isSafeInteger(warmupRequests) || warmupRequests < 0) throw new Error(`--warmup must be a whole number of requests, got ${args.warmup}.`);

/** Signs the benchmark's own tokens. It protects nothing outside this run. */
const BENCH_SECRET = `bench-${randomBytes(24).toString('hex')}`;
const runId = `bench-${Date.now().toString(36)}`;
const databaseUrl = process.env.KEEL_TEST_DATABASE_URL;

interface Row {
  server: string;
  route: string;
  status: number;
  result: LoadResult;
  /** The baseline, measured right before this route so both see the same load from other processes. */
  baseline: LoadResult;
}

function log(message: string): void {
  process.stderr.write(`bench:server: ${message}\n`);
}

async function measure(server: string, instance: Instance, scenario: Scenario): Promise<LoadResult> {
  const common = { origin: instance.url, concurrency, expectedStatus: scenario.expectedStatus };
  if (warmupRequests > 0) {
    await runLoad({ ...common, maxRequests: warmupRequests, maxDurationMs: durationMs, makeRequest: (index) => scenario.makeRequest('warmup', index) });
  }
  log(`${server}: ${scenario.route} for up to ${durationMs / 1000} s or ${maxRequests} requests, ${concurrency} connections`);
  const result = await runLoad({
    ...common,
    maxRequests,
    maxDurationMs: durationMs,
    makeRequest: (index) => scenario.makeRequest('measured', index),
    onProgress: (finished, elapsedMs) => log(`  ${(elapsedMs / 1000).toFixed(1)} s, ${finished} requests`),
  });
  log(`  done: ${result.requests} requests, ${Math.round(result.requestsPerSecond)} requests/s, p99 ${result.p99Ms.toFixed(2)} ms`);
  return result;
}

async function withInstance<T>(label: string, start: () => Promise<Instance>, use: (instance: Instance) => Promise<T>): Promise<T> {
  log(`starting ${label}`);
  const instance = await start();
  log(`${label} listening on ${instance.url} (pid ${instance.pid})`);
  try {
    return await use(instance);
  } finally {
    await instance.stop();
    log(`stopped ${label}`);
  }
}

/** Measures every Keel route, each right after a fresh baseline measurement on the idle baseline server. */
async function measureKeel(storeName: string, instance: Instance, baselineInstance: Instance): Promise<Row[]> {
  const rows: Row[] = [];
  const server = `Keel, ${storeName}`;
  for (const scenario of await keelScenarios(instance, `${runId}-${storeName}`)) {
    const baseline = await measure('baseline', baselineInstance, BASELINE_SCENARIO);
    const result = await measure(server, instance, scenario);
    rows.push({ server, route: scenario.route, status: scenario.expectedStatus, result, baseline });
  }
  return rows;
}

async function measureAll(baselineInstance: Instance): Promise<{ rows: Row[]; checks: Check[] | null }> {
  const rows = await withInstance(
    'Keel on PGlite',
    () => startInstance({ kind: 'keel', secret: BENCH_SECRET, store: { kind: 'pglite' } }),
    (instance) => measureKeel('PGlite', instance, baselineInstance),
  );
  if (!databaseUrl) {
    log('KEEL_TEST_DATABASE_URL is not set, so the PostgreSQL runs and the two-instance check are skipped');
    return { rows, checks: null };
  }

  const schema = `keel_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const config = { kind: 'keel', secret: BENCH_SECRET, store: { kind: 'postgres', url: databaseUrl, schema } } as const;
  try {
    return await withInstance('Keel on PostgreSQL, instance A', () => startInstance(config), async (a) => {
      // The second instance starts after the first has seeded the schema, as a second machine would.
      const checks = await withInstance('Keel on PostgreSQL, instance B', () => startInstance(config), (b) => checkTwoInstances(a, b, databaseUrl, schema, runId));
      return { rows: [...rows, ...(await measureKeel('PostgreSQL', a, baselineInstance))], checks };
    });
  } finally {
    await dropSchema(databaseUrl, schema);
    log(`dropped schema ${schema}`);
  }
}

const started = performance.now();
const loadAtStart = loadAverage();
const { rows, checks } = await withInstance('baseline server (plain Hono)', () => startInstance({ kind: 'baseline' }), measureAll);
const elapsedSeconds = (performance.now() - started) / 1000;

function unexpectedText(result: LoadResult): string {
  if (result.unexpected.size === 0) return '0';
  return [...result.unexpected].map(([status, count]) => `${count} × ${status === 0 ? 'failed' : status}`).join(', ');
}

const table = markdownTable(
  [
    { title: 'server' },
    { title: 'route' },
    { title: 'status', align: 'right' },
    { title: 'requests', align: 'right' },
    { title: 'requests/s', align: 'right' },
    { title: 'p50 ms', align: 'right' },
    { title: 'p99 ms', align: 'right' },
    { title: 'baseline requests/s', align: 'right' },
    { title: 'baseline p99 ms', align: 'right' },
    { title: 'requests/s vs baseline', align: 'right' },
    { title: 'p50 vs baseline', align: 'right' },
    { title: 'p99 vs baseline', align: 'right' },
    { title: 'other statuses', align: 'right' },
  ],
  rows.map(({ server, route, status, result, baseline }) => [
    server,
    route,
    String(status),
    String(result.requests),
    String(Math.round(result.requestsPerSecond)),
    result.p50Ms.toFixed(2),
    result.p99Ms.toFixed(2),
    String(Math.round(baseline.requestsPerSecond)),
    baseline.p99Ms.toFixed(2),
    ratio(result.requestsPerSecond, baseline.requestsPerSecond),
    ratio(result.p50Ms, baseline.p50Ms),
    ratio(result.p99Ms, baseline.p99Ms),
    unexpectedText(result),
  ]),
);

const checkTable = checks
  ? markdownTable(
      [{ title: 'check' }, { title: 'result' }, { title: 'detail' }],
      checks.map((check) => [check.name, check.passed ? 'pass' : 'FAIL', check.detail]),
    )
  : 'Skipped: KEEL_TEST_DATABASE_URL was not set.';

process.stdout.write(`${table}\n\nTwo instances on one PostgreSQL schema:\n\n${checkTable}\n`);

const failedChecks = checks?.filter((check) => !check.passed) ?? [];
const unexpectedRows = rows.filter((row) => row.result.unexpected.size > 0 || row.baseline.unexpected.size > 0);
if (failedChecks.length > 0) log(`${failedChecks.length} two-instance check(s) failed`);
if (unexpectedRows.length > 0) log(`${unexpectedRows.length} route(s) had unexpected responses; their figures do not measure the intended path`);
if (failedChecks.length > 0 || unexpectedRows.length > 0) process.exitCode = 1;

const section = [
  '## Server throughput and latency',
  '',
  'Generated by `npm run bench:server` (`test/bench/server.ts`); rerun it to refresh this section.',
  '',
  `- Date: ${today()}; run time: ${elapsedSeconds.toFixed(1)} s`,
  `- Machine: ${machineDescription()}`,
  `- 1-minute load average on ${os.cpus().length} logical CPUs: ${loadAtStart} at the start, ${loadAverage()} at the end. A load above the CPU count means other processes shared the machine and the absolute figures are lower than on an idle one.`,
  `- Load: ${concurrency} keep-alive connections (Node's \`http.Agent\`), each with one request in flight; every route runs for ${durationMs / 1000} s or ${maxRequests} requests, whichever ends first, after ${warmupRequests} warm-up requests that are not counted.`,
  '- The load generator and the server under test share the same CPU cores: each server runs in its own child process on 127.0.0.1, the load generator in the parent process. Only the ratios carry over to other machines; the absolute numbers describe this run.',
  '- The baseline is a plain Hono app on `@hono/node-server` returning a small JSON object. It is measured again right before each Keel route, and each ratio uses that paired measurement, so load from other processes that changes during the run affects both sides alike.',
  "- Keel runs the sandbox provider, seeded once at startup, with every middleware on: request ids, access log, CORS, session token check, rate limiter, validation, idempotency and audit log. Access-log lines are formatted, then discarded, so terminal speed stays out. The rate limit is set so high that no run reaches it, so its query runs on every request but never rejects.",
  '- `new key`: every request carries a fresh `Idempotency-Key` and pays the open invoice of `cus_jp_expired`, whose card expired, so each one records a declined payment attempt. `replayed key`: every request repeats one key, so the stored response is replayed.',
  '',
  table,
  '',
  '### Two instances on one PostgreSQL schema',
  '',
  `Instance B starts after instance A has seeded the schema. The three reads go to both with a token minted by A; then ${CONCURRENT_PAY_REQUESTS} concurrent pay-now requests with one idempotency key alternate between A and B.`,
  '',
  checkTable,
].join('\n');

if (!args['no-write']) {
  const written = await writeDocSection('server-benchmark', section);
  log(`wrote ${written}`);
}
log(`finished in ${elapsedSeconds.toFixed(1)} s`);
