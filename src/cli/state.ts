/**
 * Files the CLI keeps in its data directory (`.keel` by default), so that
 * `keel serve`, `keel token` and `keel clock` started separately agree on the
 * same secret, admin key, database and server address:
 *
 * - `secret`: session signing key (64 hex characters), unless KEEL_SECRET is set.
 * - `admin-key`: sandbox admin key, unless KEEL_ADMIN_KEY is set.
 * - `pglite/`: the PGlite database, unless a PostgreSQL URL is given.
 * - `server.json`: address and pid of the running `keel serve`.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError } from './errors.js';

export const DEFAULT_DATA_DIR = '.keel';

export interface RunningServerRecord {
  url: string;
  pid: number;
  store: string;
}

export function dataDirPath(dataDir: string | undefined): string {
  return resolve(dataDir ?? process.env.KEEL_DATA_DIR ?? DEFAULT_DATA_DIR);
}

function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new CliError(`Could not create the data directory ${dir}: ${(error as Error).message}.`);
  }
}

/** Read a key file, creating it with a new random key when absent. */
function readOrCreateKey(dir: string, name: string): string {
  const path = join(dir, name);
  try {
    const value = readFileSync(path, 'utf8').trim();
    if (value.length >= 32) return value;
    throw new CliError(`The key file ${path} contains fewer than 32 characters; delete it to have a new key made.`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CliError(`Could not read ${path}: ${(error as Error).message}.`);
    }
  }
  ensureDir(dir);
  const value = randomBytes(32).toString('hex');
  writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return value;
}

/** Load the session signing secret from KEEL_SECRET, else from the data directory's `secret` file. */
export function loadSecret(dir: string): string {
  const fromEnv = process.env.KEEL_SECRET;
  if (fromEnv) {
    if (Buffer.byteLength(fromEnv) < 32) throw new CliError('KEEL_SECRET is shorter than 32 bytes; use at least 64 hex characters.');
    return fromEnv;
  }
  return readOrCreateKey(dir, 'secret');
}

/** Load the sandbox admin key from KEEL_ADMIN_KEY, else from the data directory's `admin-key` file. */
export function loadAdminKey(dir: string): string {
  const fromEnv = process.env.KEEL_ADMIN_KEY;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new CliError('KEEL_ADMIN_KEY is shorter than 32 characters.');
    return fromEnv;
  }
  return readOrCreateKey(dir, 'admin-key');
}

export function pgliteDir(dir: string): string {
  return join(dir, 'pglite');
}

export function writeServerRecord(dir: string, record: RunningServerRecord): void {
  ensureDir(dir);
  writeFileSync(join(dir, 'server.json'), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

export function removeServerRecord(dir: string, pid: number): void {
  const record = readServerRecord(dir);
  if (record?.pid === pid) rmSync(join(dir, 'server.json'), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Read the record of a `keel serve` that is still running; null when none is. */
export function readServerRecord(dir: string): RunningServerRecord | null {
  try {
    const record = JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8')) as RunningServerRecord;
    return typeof record.url === 'string' && typeof record.pid === 'number' && isAlive(record.pid) ? record : null;
  } catch {
    return null;
  }
}

/** Describe where the data lives, for log lines; never includes a password. */
export function describeStore(databaseUrl: string | undefined, dir: string): string {
  if (!databaseUrl) return `PGlite in ${pgliteDir(dir)}`;
  try {
    const url = new URL(databaseUrl);
    return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    throw new CliError('The database URL is not a valid URL; use the form postgres://user:password@host:5432/database.');
  }
}
