// Runs each benchmark with a minimal load and checks that it finishes and
// prints its table with the expected rows. The figures themselves are not
// checked: they depend on the machine and on what else runs on it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Startup includes creating and seeding PGlite databases, which takes seconds on a busy machine. */
const RUN_TIMEOUT_MS = 600_000;

async function runBenchmark(file: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', file, ...args, '--no-write'], { cwd: repoRoot, timeout: RUN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
}

/** Returns the table rows of `stdout` whose first two cells are `first` and `second`. */
function rowsStartingWith(stdout: string, first: string, second: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith(`| ${first} | ${second} |`));
}

const KEEL_ROUTES = [
  'GET /v1/session',
  'GET /v1/invoices?limit=25',
  'GET /v1/dunning',
  'POST /v1/invoices/:id/pay, new key',
  'POST /v1/invoices/:id/pay, replayed key',
];

describe('benchmarks with a minimal load', () => {
  test('server benchmark prints its table', { timeout: RUN_TIMEOUT_MS }, async () => {
    const { stdout, stderr } = await runBenchmark('test/bench/server.ts', ['--requests', '50', '--warmup', '10']);

    assert.match(stdout, /^\| server \| route \| status \| requests \| requests\/s \| p50 ms \| p99 ms \| baseline requests\/s \|/m);
    const stores = process.env.KEEL_TEST_DATABASE_URL ? ['PGlite', 'PostgreSQL'] : ['PGlite'];
    for (const store of stores) {
      for (const route of KEEL_ROUTES) {
        assert.equal(rowsStartingWith(stdout, `Keel, ${store}`, route).length, 1, `row for ${route} on ${store}`);
      }
    }
    if (process.env.KEEL_TEST_DATABASE_URL) {
      assert.match(stdout, /^\| 50 pay-now, one key: payment attempts \| pass \| 1 added \|$/m);
      assert.doesNotMatch(stdout, /\| FAIL \|/);
    } else {
      assert.match(stdout, /Skipped: KEEL_TEST_DATABASE_URL was not set\./);
    }
    assert.match(stderr, /stopped Keel on PGlite/);
  });

  test('client benchmark prints its table', { timeout: RUN_TIMEOUT_MS }, async () => {
    const { stdout } = await runBenchmark('test/bench/client.ts', ['--iterations', '50']);

    assert.match(stdout, /^\| payload \| bytes \| work per call \| calls \| µs per call \| time vs JSON\.parse \|$/m);
    for (const payload of ['25-invoice list page', '150-line invoice detail']) {
      assert.equal(stdout.split('\n').filter((line) => line.startsWith(`| ${payload} |`)).length, 3, `three rows for ${payload}`);
      assert.match(stdout, new RegExp(`^\\| ${payload} \\| \\d+ \\| \`JSON\\.parse\` alone \\(baseline\\) \\| 50 \\| [\\d.]+ \\| 1\\.00× \\|$`, 'm'));
    }
  });
});
