/**
 * Two Keel instances on one PostgreSQL schema must respond like one: the same
 * reads, and one payment attempt for many concurrent pay-now requests that
 * share an idempotency key, whichever instance each request reaches.
 *
 * @module
 */
import pg from 'pg';
import type { Instance } from './instances.js';
import { INVOICES_CUSTOMER, PAY_CUSTOMER, openInvoiceId, payRequest } from './scenarios.js';

export interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

export const CONCURRENT_PAY_REQUESTS = 50;
const READ_PATHS = ['/v1/session', '/v1/invoices?limit=25', '/v1/dunning'] as const;

async function countAttempts(url: string, schema: string, invoiceId: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>(`select count(*) as count from "${schema}".payment_attempts where invoice_id = $1`, [invoiceId]);
    return Number(result.rows[0]?.count ?? Number.NaN);
  } finally {
    await client.end();
  }
}

async function readBody(instance: Instance, path: string, token: string): Promise<string> {
  const response = await fetch(`${instance.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return `${response.status} ${await response.text()}`;
}

/** Runs the checks against instances `a` and `b`, which share `schema` at `url`. */
export async function checkTwoInstances(a: Instance, b: Instance, url: string, schema: string, runId: string): Promise<Check[]> {
  const checks: Check[] = [];

  // Tokens minted by one instance must be accepted by the other, so each read goes out with a token from `a`.
  const tokens = { [INVOICES_CUSTOMER]: await a.token(INVOICES_CUSTOMER), [PAY_CUSTOMER]: await a.token(PAY_CUSTOMER) };
  for (const path of READ_PATHS) {
    const token = path === '/v1/dunning' ? tokens[PAY_CUSTOMER] : tokens[INVOICES_CUSTOMER];
    const [fromA, fromB] = await Promise.all([readBody(a, path, token), readBody(b, path, token)]);
    checks.push({ name: `GET ${path}: same response`, passed: fromA === fromB, detail: fromA === fromB ? `status ${fromA.split(' ')[0]}` : 'the bodies differ' });
  }

  const payToken = tokens[PAY_CUSTOMER];
  const invoiceId = await openInvoiceId(a, payToken);
  const before = await countAttempts(url, schema, invoiceId);
  const request = payRequest(invoiceId, payToken, `${runId}-two-instances`);
  const responses = await Promise.all(
    Array.from({ length: CONCURRENT_PAY_REQUESTS }, async (_, index) => {
      const target = index % 2 === 0 ? a : b;
      const response = await fetch(`${target.url}${request.path}`, { method: 'POST', headers: request.headers, body: request.body ?? null });
      return { status: response.status, replayed: response.headers.get('Idempotent-Replayed') === 'true', body: await response.text() };
    }),
  );
  const added = (await countAttempts(url, schema, invoiceId)) - before;

  const statuses = [...new Set(responses.map((response) => response.status))];
  const bodies = new Set(responses.map((response) => response.body));
  const replayed = responses.filter((response) => response.replayed).length;
  checks.push({ name: `${CONCURRENT_PAY_REQUESTS} pay-now, one key: payment attempts`, passed: added === 1, detail: `${added} added` });
  checks.push({ name: `${CONCURRENT_PAY_REQUESTS} pay-now, one key: statuses`, passed: statuses.length === 1, detail: statuses.join(', ') });
  checks.push({ name: `${CONCURRENT_PAY_REQUESTS} pay-now, one key: bodies`, passed: bodies.size === 1, detail: `${bodies.size} distinct` });
  checks.push({
    name: `${CONCURRENT_PAY_REQUESTS} pay-now, one key: replays`,
    passed: replayed === CONCURRENT_PAY_REQUESTS - 1,
    detail: `${replayed} of ${CONCURRENT_PAY_REQUESTS} marked Idempotent-Replayed`,
  });
  return checks;
}

/** Drops the benchmark's PostgreSQL schema. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
