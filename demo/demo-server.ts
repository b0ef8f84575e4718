/**
 * The demo backend. It runs the Keel server with the sandbox engine on a
 * PGlite store in a data directory, seeded on first start, and serves the
 * demo app's files. A few demo-only routes stand in for what a vendor's own
 * backend provides: minting session tokens for the seeded customers and
 * moving the test clock.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build, type OutputFile } from 'esbuild';
import { Hono } from 'hono';
import { CAPABILITIES } from '../src/contract/index.js';
import { loadAdminKey, loadSecret, pgliteDir } from '../src/cli/state.js';
import { seedIfEmpty } from '../src/cli/store.js';
import { createKeelServer, type KeelServer } from '../src/server/app.js';
import { createLogger, type Logger } from '../src/server/logger.js';
import { serve, type RunningServer } from '../src/server/node.js';
import { openStore, type Store } from '../src/server/store/index.js';

const DEMO_DIR = fileURLToPath(new URL('.', import.meta.url));
const API_PREFIX = '/keel-api';
const SESSION_TTL_SECONDS = 3600;

export interface DemoOptions {
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Directory for the PGlite database and the demo's keys. */
  dataDir: string;
  /** Progress lines for the person running the demo. */
  progress: (line: string) => void;
  /** Request and error logs of the Keel server. */
  logger?: Logger;
}

export interface RunningDemo {
  url: string;
  close(): Promise<void>;
}

interface BundledApp {
  files: Map<string, OutputFile>;
}

/** Bundles demo/app.ts with esbuild; locale files become separate lazy chunks. */
async function bundleApp(): Promise<BundledApp> {
  const result = await build({
    entryPoints: { app: fileURLToPath(new URL('./app.ts', import.meta.url)) },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    outdir: '/',
    write: false,
    minify: true,
    sourcemap: false,
    logLevel: 'silent',
    tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
  });
  const files = new Map<string, OutputFile>();
  for (const file of result.outputFiles) files.set(file.path, file);
  return { files };
}

function contentType(path: string): string {
  if (path.endsWith('.js')) return 'text/javascript; charset=utf-8';
  if (path.endsWith('.css')) return 'text/css; charset=utf-8';
  return 'text/html; charset=utf-8';
}

/** Forwards `/keel-api/v1/...` to the Keel server's `/v1/...`. */
function forwardToKeel(keel: KeelServer, request: Request): Promise<Response> {
  const url = new URL(request.url);
  url.pathname = url.pathname.slice(API_PREFIX.length) || '/';
  return keel.fetch(new Request(url, request));
}

function buildDemoApp(keel: KeelServer, adminKey: string, app: BundledApp): Hono {
  const demo = new Hono();
  const adminHeaders = { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' };

  demo.all(`${API_PREFIX}/*`, (c) => forwardToKeel(keel, c.req.raw));

  demo.get('/demo-api/customers', (c) => keel.fetch(new Request(new URL('/v1/sandbox/customers', c.req.url), { headers: adminHeaders })));

  demo.post('/demo-api/session', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { customer_id?: unknown } | null;
    const customerId = typeof body?.customer_id === 'string' ? body.customer_id : '';
    const provider = await keel.provider();
    const known = (await provider.sandbox?.listCustomers())?.some((customer) => customer.id === customerId) ?? false;
    if (!known) {
      return c.json({ error: { code: 'resource_missing', message: `No demo customer with id ${customerId || '(missing)'}.`, param: 'customer_id', request_id: null } }, 404);
    }
    const session = await keel.createPortalSession({ customerId, capabilities: [...CAPABILITIES], ttlSeconds: SESSION_TTL_SECONDS });
    return c.json({ token: session.token });
  });

  demo.get('/demo-api/clock', (c) => keel.fetch(new Request(new URL('/v1/sandbox/clock', c.req.url), { headers: adminHeaders })));

  demo.post('/demo-api/clock/advance', async (c) =>
    keel.fetch(
      new Request(new URL('/v1/sandbox/clock/advance', c.req.url), {
        method: 'POST',
        headers: { ...adminHeaders, 'Idempotency-Key': crypto.randomUUID() },
        body: await c.req.text(),
      }),
    ),
  );

  demo.post('/demo-api/bank-transfer', async (c) =>
    keel.fetch(
      new Request(new URL('/v1/sandbox/bank_transfers', c.req.url), {
        method: 'POST',
        headers: { ...adminHeaders, 'Idempotency-Key': crypto.randomUUID() },
        body: await c.req.text(),
      }),
    ),
  );

  demo.get('/', async (c) => c.html(await readFile(`${DEMO_DIR}index.html`, 'utf8')));
  demo.get('/demo.css', async (c) => c.body(await readFile(`${DEMO_DIR}demo.css`, 'utf8'), 200, { 'Content-Type': contentType('.css') }));
  demo.get('/:file{.+\\.js}', (c) => {
    const file = app.files.get(`/${c.req.param('file')}`);
    if (!file) return c.text('Not found', 404);
    return c.body(file.text, 200, { 'Content-Type': contentType(file.path), 'Cache-Control': 'no-cache' });
  });
  return demo;
}

/** Prints a line every two seconds while a slow step runs, so the terminal never looks stuck. */
async function withProgress<T>(progress: (line: string) => void, label: string, step: () => Promise<T>): Promise<T> {
  const started = Date.now();
  progress(`${label}…`);
  const timer = setInterval(() => progress(`  still working (${Math.round((Date.now() - started) / 1000)} s)`), 2000);
  try {
    return await step();
  } finally {
    clearInterval(timer);
  }
}

/** Starts the demo: store, seed, Keel server, app bundle and HTTP listener. */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const { progress } = options;
  await mkdir(options.dataDir, { recursive: true });
  const store: Store = await withProgress(progress, `Opening the sandbox store in ${options.dataDir} (the first start creates the database)`, () =>
    openStore({ dataDir: pgliteDir(options.dataDir) }),
  );

  let keel: KeelServer | undefined;
  try {
    const seeded = await withProgress(progress, 'Checking the demo customers', () => seedIfEmpty(store));
    progress(seeded ? `Seeded ${seeded.length} demo customers.` : 'Demo customers already seeded; keeping their state.');

    const adminKey = loadAdminKey(options.dataDir);
    keel = createKeelServer({
      secret: loadSecret(options.dataDir),
      adminKey,
      provider: 'sandbox',
      store,
      branding: { business_name: 'Acme Cloud', support_email: 'billing@acme.example' },
      logger: options.logger ?? createLogger({ level: 'warn' }),
      rateLimit: false,
    });
    await keel.ready();

    const app = await withProgress(progress, 'Building the demo app', bundleApp);
    const running: RunningServer = await serve({ server: buildDemoApp(keel, adminKey, app), port: options.port, hostname: '127.0.0.1', closeServer: false });

    const server = keel;
    return {
      url: running.url,
      async close() {
        await running.close();
        await server.close();
        await store.close();
      },
    };
  } catch (error) {
    await keel?.close();
    await store.close();
    throw error;
  }
}
