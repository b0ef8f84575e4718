/**
 * Builds Keel servers for HTTP-layer tests: an in-process fetch handler over a
 * shared store, the fake provider, and a logger that keeps every line.
 */
import { randomUUID } from 'node:crypto';
import { createKeelServer, type KeelServer, type KeelServerOptions } from '../../../src/server/index.js';
import type { Capability } from '../../../src/contract/capabilities.js';
import { CAPABILITIES } from '../../../src/contract/capabilities.js';
import { createLogger } from '../../../src/server/logger.js';
import type { Store } from '../../../src/server/store/index.js';
import { createFakeProvider, type FakeProvider } from './fake-provider.js';

export const SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
export const ADMIN_KEY = 'admin-key-0123456789-abcdefghijklmnopqrstuvwxyz';
export const BASE = 'http://keel.test';

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  /** Raw body text, sent as is (for malformed JSON). */
  rawBody?: string;
  idempotencyKey?: string | null;
  headers?: Record<string, string>;
}

export interface TestServer {
  keel: KeelServer;
  provider: FakeProvider;
  /** Every log line the server wrote. */
  lines: string[];
  token(customerId: string, capabilities?: readonly Capability[], ttlSeconds?: number): Promise<string>;
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestServer(store: Store, overrides: Partial<KeelServerOptions> = {}): Promise<TestServer> {
  const provider = (overrides.provider as FakeProvider | undefined) ?? createFakeProvider();
  const lines: string[] = [];
  const keel = createKeelServer({
    secret: SECRET,
    provider,
    store,
    adminKey: ADMIN_KEY,
    allowedOrigins: ['https://app.example.com'],
    logger: createLogger({ write: (line) => lines.push(line), level: 'debug' }),
    ...overrides,
  });
  await keel.ready();

  return {
    keel,
    provider,
    lines,
    async token(customerId, capabilities = CAPABILITIES, ttlSeconds) {
      const session = await keel.createPortalSession({ customerId, capabilities, ...(ttlSeconds ? { ttlSeconds } : {}) });
      return session.token;
    },
    async request(method, path, options = {}) {
      const headers = new Headers(options.headers);
      if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
      const mutation = method !== 'GET';
      if (mutation && options.idempotencyKey !== null) headers.set('Idempotency-Key', options.idempotencyKey ?? randomUUID());
      let body: string | undefined;
      if (options.rawBody !== undefined) body = options.rawBody;
      else if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
      return keel.fetch(new Request(`${BASE}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }));
    },
    close: () => keel.close(),
  };
}

/** Parse an error response and return its error object. */
export async function errorOf(response: Response): Promise<{ code: string; message: string; param: string | null; request_id: string | null }> {
  const body = (await response.json()) as { error: { code: string; message: string; param: string | null; request_id: string | null } };
  return body.error;
}
