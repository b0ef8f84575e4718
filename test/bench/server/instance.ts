/**
 * One benchmark server in its own process, started by `instances.ts` with
 * `child_process.fork`, so the server and the load generator each get their
 * own event loop.
 *
 * The configuration arrives as JSON in `KEEL_BENCH_INSTANCE`. The process
 * sends `{ type: 'listening', url }` once it listens, replies to
 * `{ type: 'token', requestId, customerId }` with a portal session token, and
 * on `{ type: 'stop' }` (or when the parent disconnects) closes its server and
 * exits.
 *
 * @module
 */
import { serve as serveHono } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { CAPABILITIES } from '../../../src/contract/capabilities.js';
import { createKeelServer, type KeelServer } from '../../../src/server/index.js';
import { createLogger } from '../../../src/server/logger.js';
import { serve } from '../../../src/server/node.js';

export type InstanceConfig =
  | { kind: 'baseline' }
  | { kind: 'keel'; secret: string; store: { kind: 'pglite' } | { kind: 'postgres'; url: string; schema: string } };

export type ParentMessage = { type: 'token'; requestId: number; customerId: string } | { type: 'stop' };

export type InstanceMessage =
  | { type: 'listening'; url: string }
  | { type: 'token'; requestId: number; token: string }
  | { type: 'error'; message: string }
  | { type: 'stopped' };

/** A limit no benchmark reaches, so the rate limiter runs its query on every request but never rejects. */
const UNREACHED_RATE_LIMIT = { maxRequests: 1_000_000_000, windowSeconds: 60 };

function reply(message: InstanceMessage): void {
  process.send?.(message);
}

async function startBaseline(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = new Hono();
  app.get('/ping', (c) => c.json({ status: 'ok', service: 'baseline' }));
  const server = await new Promise<ReturnType<typeof serveHono>>((resolve) => {
    const listening = serveHono({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

async function startKeel(config: Extract<InstanceConfig, { kind: 'keel' }>): Promise<{ url: string; keel: KeelServer; close: () => Promise<void> }> {
  // Access-log lines are formatted as in production but discarded, so the speed of a terminal or pipe
  // stays out of the figures. Warnings and errors still reach stderr.
  const logger = createLogger({
    write: (line) => {
      if (!line.includes('"level":"info"') && !line.includes('"level":"debug"')) process.stderr.write(`${line}\n`);
    },
  });
  const store = config.store.kind === 'postgres' ? { url: config.store.url, schema: config.store.schema } : {};
  const keel = createKeelServer({ secret: config.secret, provider: 'sandbox', store, rateLimit: UNREACHED_RATE_LIMIT, logger });
  await keel.ready();
  const running = await serve({ server: keel, port: 0, hostname: '127.0.0.1', logger });
  return { url: running.url, keel, close: () => running.close() };
}

async function main(): Promise<void> {
  const raw = process.env.KEEL_BENCH_INSTANCE;
  if (!raw) throw new Error('KEEL_BENCH_INSTANCE is missing. Start this file with startInstance() from test/bench/server/instances.ts.');
  const config = JSON.parse(raw) as InstanceConfig;

  const started = config.kind === 'baseline' ? { ...(await startBaseline()), keel: null } : await startKeel(config);
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= started.close().then(() => {
      reply({ type: 'stopped' });
      process.exit(0);
    });
    return stopping;
  };

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') {
      void stop();
    } else if (message.type === 'token') {
      if (!started.keel) {
        reply({ type: 'error', message: 'The baseline server has no session tokens.' });
        return;
      }
      started.keel
        .createPortalSession({ customerId: message.customerId, capabilities: CAPABILITIES })
        .then((session) => reply({ type: 'token', requestId: message.requestId, token: session.token }))
        .catch((error: unknown) => reply({ type: 'error', message: `Minting a token for ${message.customerId} failed: ${String(error)}` }));
    }
  });
  process.on('disconnect', () => void stop());
  reply({ type: 'listening', url: started.url });
}

main().catch((error: unknown) => {
  reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
