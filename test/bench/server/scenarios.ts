/**
 * The routes the server benchmark drives, with the seeded customers and
 * invoices they need.
 *
 * @module
 */
import type { Instance } from './instances.js';
import type { LoadRequest } from './load.js';

/** 150 invoices, for a full first page. */
export const INVOICES_CUSTOMER = 'cus_many_invoices';
/** An open invoice whose card expired, so every new payment attempt is declined and the invoice stays open. */
export const PAY_CUSTOMER = 'cus_jp_expired';

export interface Scenario {
  route: string;
  expectedStatus: number;
  /** Builds request `index` of a load run; `phase` keeps idempotency keys of warm-up and measured runs apart. */
  makeRequest: (phase: string, index: number) => LoadRequest;
}

function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

async function getJson<T>(instance: Instance, path: string, token: string): Promise<T> {
  const response = await fetch(`${instance.url}${path}`, { headers: bearer(token) });
  if (!response.ok) throw new Error(`GET ${path} returned ${response.status} during benchmark setup: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Reads the open invoice of `PAY_CUSTOMER` from its dunning state. */
export async function openInvoiceId(instance: Instance, token: string): Promise<string> {
  const dunning = await getJson<{ invoice_id: string | null }>(instance, '/v1/dunning', token);
  if (!dunning.invoice_id) throw new Error(`The seeded customer ${PAY_CUSTOMER} has no open invoice, so the sandbox seed no longer matches this benchmark.`);
  return dunning.invoice_id;
}

export function payRequest(invoiceId: string, token: string, idempotencyKey: string): LoadRequest {
  return {
    method: 'POST',
    path: `/v1/invoices/${invoiceId}/pay`,
    headers: { ...bearer(token), 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
    body: '{}',
  };
}

/** Sends one request with fetch and returns its status. */
async function probe(instance: Instance, request: LoadRequest): Promise<number> {
  const response = await fetch(`${instance.url}${request.path}`, { method: request.method, headers: request.headers, body: request.body ?? null });
  await response.arrayBuffer();
  return response.status;
}

/**
 * Builds the Keel scenarios for one running instance. Each expected status
 * is read from one probe request, so a route that fails outright shows up as
 * unexpected responses rather than as a fast benchmark.
 */
export async function keelScenarios(instance: Instance, runId: string): Promise<Scenario[]> {
  const invoicesToken = await instance.token(INVOICES_CUSTOMER);
  const payToken = await instance.token(PAY_CUSTOMER);
  const invoiceId = await openInvoiceId(instance, payToken);

  const replayKey = `${runId}-replay`;
  const replayStatus = await probe(instance, payRequest(invoiceId, payToken, replayKey));
  const newKeyStatus = await probe(instance, payRequest(invoiceId, payToken, `${runId}-probe`));

  return [
    { route: 'GET /v1/session', expectedStatus: 200, makeRequest: () => ({ method: 'GET', path: '/v1/session', headers: bearer(invoicesToken) }) },
    {
      route: 'GET /v1/invoices?limit=25',
      expectedStatus: 200,
      makeRequest: () => ({ method: 'GET', path: '/v1/invoices?limit=25', headers: bearer(invoicesToken) }),
    },
    { route: 'GET /v1/dunning', expectedStatus: 200, makeRequest: () => ({ method: 'GET', path: '/v1/dunning', headers: bearer(payToken) }) },
    {
      route: 'POST /v1/invoices/:id/pay, new key',
      expectedStatus: newKeyStatus,
      makeRequest: (phase, index) => payRequest(invoiceId, payToken, `${runId}-${phase}-${index}`),
    },
    {
      route: 'POST /v1/invoices/:id/pay, replayed key',
      expectedStatus: replayStatus,
      makeRequest: () => payRequest(invoiceId, payToken, replayKey),
    },
  ];
}

export const BASELINE_SCENARIO: Scenario = {
  route: 'GET /ping (plain Hono)',
  expectedStatus: 200,
  makeRequest: () => ({ method: 'GET', path: '/ping' }),
};
