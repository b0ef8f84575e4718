import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSessionSigner } from '../../../src/server/auth/session-token.js';

const BIN = resolve(import.meta.dirname, '../../../bin/keel.js');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runKeel(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, KEEL_SECRET: '', KEEL_ADMIN_KEY: '', KEEL_DATA_DIR: '', KEEL_DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

let dataDir: string;

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
});

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('keel help', () => {
  test('main help lists commands', async () => {
    const result = await runKeel(['--help']);
    assert.equal(result.code, 0);
    for (const command of ['serve', 'token', 'seed', 'clock']) assert.match(result.stdout, new RegExp(`^  ${command} `, 'm'));
  });

  for (const command of ['serve', 'token', 'seed', 'clock']) {
    test(`${command} --help`, async () => {
      const result = await runKeel([command, '--help']);
      assert.equal(result.code, 0);
      assert.match(result.stdout, new RegExp(`^Usage: keel ${command}`));
    });
  }

  test('unknown command fails', async () => {
    const result = await runKeel(['deploy']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /"deploy" is not a command/);
  });
});

describe('keel token', () => {
  test('token verifies with stored secret', async () => {
    const result = await runKeel(['token', '--customer', 'cus_jp_expired', '--capabilities', 'invoices.read,dunning.read', '--ttl', '10m', '--locale', 'ja', '--data-dir', dataDir]);
    assert.equal(result.code, 0, result.stderr);
    const secretPath = join(dataDir, 'secret');
    assert.equal(statSync(secretPath).mode & 0o777, 0o600);
    const signer = createSessionSigner({ secret: readFileSync(secretPath, 'utf8').trim() });
    const session = await signer.verify(result.stdout.trim());
    assert.equal(session.customerId, 'cus_jp_expired');
    assert.deepEqual([...session.capabilities], ['invoices.read', 'dunning.read']);
    assert.equal(session.locale, 'ja');
    assert.equal((session.expiresAt.getTime() - session.issuedAt.getTime()) / 1000, 600);
    assert.match(result.stderr, /expires at/);
  });

  test('KEEL_SECRET used when set', async () => {
    const secret = 'k'.repeat(40);
    const result = await runKeel(['token', '--customer', 'cus_1', '--data-dir', dataDir], { KEEL_SECRET: secret });
    assert.equal(result.code, 0, result.stderr);
    const session = await createSessionSigner({ secret }).verify(result.stdout.trim());
    assert.equal(session.customerId, 'cus_1');
  });

  test('customer missing', async () => {
    const result = await runKeel(['token', '--data-dir', dataDir]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /needs --customer/);
    assert.equal(result.stdout, '');
  });

  test('ttl invalid', async () => {
    const result = await runKeel(['token', '--customer', 'cus_1', '--ttl', 'soon', '--data-dir', dataDir]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /not a duration/);
  });

  test('ttl above a day', async () => {
    const result = await runKeel(['token', '--customer', 'cus_1', '--ttl', '2d', '--data-dir', dataDir]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /ttlSeconds must be/);
  });

  test('unknown option', async () => {
    const result = await runKeel(['token', '--customer', 'cus_1', '--colour', 'red']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Unknown option '--colour'/);
    assert.doesNotMatch(result.stderr, /    at /);
  });
});

describe('keel serve errors', () => {
  test('port invalid', async () => {
    const result = await runKeel(['serve', '--port', 'eighty', '--data-dir', dataDir]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Port "eighty" is invalid/);
  });

  test('provider not available', async () => {
    const result = await runKeel(['serve', '--provider', 'stripe', '--data-dir', dataDir]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot be started from the CLI/);
  });
});

describe('keel clock errors', () => {
  test('no server answering', async () => {
    const result = await runKeel(['clock', 'advance', '7d', '--url', 'http://127.0.0.1:9', '--data-dir', dataDir]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /No Keel server responded at http:\/\/127\.0\.0\.1:9/);
  });

  test('duration invalid', async () => {
    const result = await runKeel(['clock', 'advance', 'a week', '--data-dir', dataDir]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /not a clock duration/);
  });
});

describe('keel serve', () => {
  test('serves, advances clock, stops', async () => {
    const serveDir = mkdtempSync(join(tmpdir(), 'keel-serve-'));
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', serveDir, '--log-level', 'warn'], {
      env: { ...process.env, KEEL_SECRET: '', KEEL_ADMIN_KEY: '', KEEL_DATA_DIR: '', KEEL_DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | null>((resolveExit) => child.on('close', (code) => resolveExit(code)));
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (match) resolveUrl(match[1] as string);
        });
        child.on('close', () => reject(new Error(`keel serve exited early: ${stderr}`)));
      });
      assert.match(stderr, /store: PGlite in /);
      assert.match(stderr, /Seeded the demo sandbox/);

      const token = await runKeel(['token', '--customer', 'cus_jp_expired', '--data-dir', serveDir]);
      assert.equal(token.code, 0, token.stderr);
      const session = await fetch(`${url}/v1/session`, { headers: { Authorization: `Bearer ${token.stdout.trim()}` } });
      assert.equal(session.status, 200);
      assert.equal(((await session.json()) as { mode: string }).mode, 'sandbox');

      const clock = await runKeel(['clock', 'advance', '1d', '--data-dir', serveDir]);
      assert.equal(clock.code, 0, clock.stderr);
      assert.match(clock.stdout, /^Test clock advanced by 1d to \d{4}-/);

      const seed = await runKeel(['seed', '--data-dir', serveDir]);
      assert.equal(seed.code, 1);
      assert.match(seed.stderr, /stop it first/);
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /Keel server stopped\./);
    assert.equal(existsSync(join(serveDir, 'server.json')), false);
    rmSync(serveDir, { recursive: true, force: true });
  });
});
