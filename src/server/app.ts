/**
 * `createKeelServer`: the reference backend as a web-standard fetch handler,
 * with Hono inside.
 *
 * Options are checked when the server is created. The store and provider open
 * in the background right away; requests wait for them, and `ready()` lets a
 * caller wait (and fail) at startup instead.
 *
 * @module
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { ErrorCode } from '../contract/errors.js';
import { isMutation, operations, pathParameters, type OperationDefinition, type OperationId } from '../contract/operations.js';
import { Id } from '../contract/primitives.js';
import * as z from 'zod/mini';
import { createSessionSigner, type CreatePortalSessionParams, type PortalSessionToken, type SessionSigner } from './auth/session-token.js';
import type { KeelContext, KeelEnv } from './context.js';
import { DunningMetrics, type DunningMetricsTables } from './dunning-metrics.js';
import { KeelHttpError } from './errors.js';
import type { Logger } from './logger.js';
import { MetricsRegistry, PROMETHEUS_CONTENT_TYPE } from './metrics.js';
import { accessLog } from './middleware/access-log.js';
import { auditLog, type AuditEntry } from './middleware/audit.js';
import { WEBHOOK_MAX_BODY_BYTES, bodySizeLimit } from './middleware/body-limit.js';
import { corsAllowlist } from './middleware/cors.js';
import { keelErrorHandler, keelNotFoundHandler } from './middleware/error-handler.js';
import { idempotency } from './middleware/idempotency.js';
import { rateLimit } from './middleware/rate-limit.js';
import { requestId } from './middleware/request-id.js';
import { adminAuth, bearerKeyMatches, requireCapability, sessionAuth } from './middleware/session-auth.js';
import { validateRequest } from './middleware/validate.js';
import { isBillingProvider, isStore, resolveOptions, type KeelServerOptions, type ResolvedOptions } from './options.js';
import type { PlatformDb } from './platform-store.js';
import { resolveProvider } from './provider-factory.js';
import type { BillingProvider } from './providers/provider.js';
import { SEED_SANDBOX_ID } from './providers/sandbox/seeds.js';
import { SPECIAL_OPERATIONS, routeHandlers, type RouteEnvironment } from './routes/index.js';
import { openStore, type Store } from './store/index.js';

export interface KeelServer {
  /** Handle one HTTP request and return its response. */
  fetch(request: Request): Promise<Response>;
  /** Resolve once the store and provider are open; reject with the reason they failed to. */
  ready(): Promise<void>;
  /** Mint a portal session token for one customer; the same as the vendor backend's call. */
  createPortalSession(params: CreatePortalSessionParams): Promise<PortalSessionToken>;
  /** Close the provider and, when the server opened it, the store. Idempotent. */
  close(): Promise<void>;
  readonly metrics: MetricsRegistry;
  readonly logger: Logger;
  /** The open store; rejects like `ready()`. */
  store(): Promise<Store>;
  /** The billing provider; rejects like `ready()`. */
  provider(): Promise<BillingProvider>;
}

/** Scope of idempotency keys sent with the admin key; customer ids cannot contain a space. */
const ADMIN_SCOPE = 'admin key';

interface OpenState {
  store: Store;
  ownsStore: boolean;
  provider: BillingProvider;
  ownsProvider: boolean;
  app: Hono<KeelEnv>;
}

/** A Stripe provider that also receives webhooks; it reads the raw body itself to check the signature. */
interface WebhookReceiver {
  handleWebhook(request: Request): Promise<Response>;
}

function receivesWebhooks(provider: BillingProvider): provider is BillingProvider & WebhookReceiver {
  return typeof (provider as Partial<WebhookReceiver>).handleWebhook === 'function';
}

function paramsSchema(path: string) {
  const names = pathParameters(path);
  return z.strictObject(Object.fromEntries(names.map((name) => [name, Id])));
}

function setOperation(id: OperationId, pattern: string): MiddlewareHandler<KeelEnv> {
  return async function setOperation(c, next) {
    c.set('operationId', id);
    c.set('routePattern', pattern);
    await next();
  };
}

function rejectOutsideSandbox(provider: BillingProvider): MiddlewareHandler<KeelEnv> {
  return async function rejectOutsideSandbox(_c, next) {
    if (provider.kind !== 'sandbox') {
      throw new KeelHttpError(404, ErrorCode.sandboxOnly, 'This operation exists only when the server runs the sandbox provider.');
    }
    await next();
  };
}

function noAdminKey(): MiddlewareHandler<KeelEnv> {
  return async function noAdminKey() {
    throw new KeelHttpError(401, ErrorCode.sessionInvalid, 'Admin operations are off because the server has no adminKey option.');
  };
}

/**
 * Namespace of the provider's invoice ids in `dunning_recoveries`: sandbox
 * ids repeat across sandboxes, Stripe ids are unique.
 * NOTE: a provider passed as an object or factory shares the `provider`
 * namespace with any other such provider on the same database.
 */
function recoveryScope(options: ResolvedOptions): string {
  if (options.provider === 'sandbox') return `sandbox:${options.sandbox.sandboxId ?? SEED_SANDBOX_ID}`;
  if (options.provider === 'stripe') return 'stripe';
  return 'provider';
}

function buildApp(options: ResolvedOptions, signer: SessionSigner, store: Store, provider: BillingProvider, dunningMetrics: DunningMetrics): Hono<KeelEnv> {
  const app = new Hono<KeelEnv>();
  const db = store.db as unknown as PlatformDb;
  const env: RouteEnvironment = {
    provider,
    policy: options.policy,
    branding: options.branding,
    stripePublishableKey: options.stripePublishableKey,
    dunningMetrics,
  };

  app.onError(keelErrorHandler());
  app.notFound(keelNotFoundHandler());

  app.use('*', requestId({ logger: options.logger }));
  app.use('*', accessLog({ metrics: options.metrics }));
  app.use('*', async function securityHeaders(c, next) {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  });
  app.use('/v1/*', corsAllowlist({ origins: options.origins }));
  const portalBodyLimit = bodySizeLimit(options.maxBodyBytes);
  const webhookBodyLimit = bodySizeLimit(Math.max(options.maxBodyBytes, WEBHOOK_MAX_BODY_BYTES));
  app.use('/v1/*', async function bodyLimit(c, next) {
    const limit = c.req.path === operations['webhooks.stripe'].path ? webhookBodyLimit : portalBodyLimit;
    return limit(c, next);
  });

  app.get('/metrics', (c) => {
    c.set('routePattern', '/metrics');
    if (options.metricsToken !== null && !bearerKeyMatches(c.req.header('Authorization'), options.metricsToken)) {
      throw new KeelHttpError(401, ErrorCode.sessionInvalid, 'Reading metrics needs the metrics token as a bearer token.');
    }
    return c.body(options.metrics.render(), 200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE });
  });
  app.get('/health', (c) => {
    c.set('routePattern', '/health');
    return c.json({ status: 'ok' });
  });

  // NOTE: only session routes are limited. Requests without a valid token stop at the signature check,
  // but an IP-based limit for them is left to the proxy in front.
  const limiter =
    options.rateLimit === false
      ? null
      : rateLimit({
          db,
          metrics: options.metrics,
          now: options.now,
          ...options.rateLimit,
          bucketOf: (c) => {
            const session = c.get('session');
            return session ? `session:${session.id}` : null;
          },
        });

  for (const [id, definition] of Object.entries(operations) as [OperationId, OperationDefinition][]) {
    const chain: MiddlewareHandler<KeelEnv>[] = [setOperation(id, definition.path)];

    if (SPECIAL_OPERATIONS.includes(id)) {
      app.on(definition.method, [definition.path], ...chain, async (c) => {
        if (!receivesWebhooks(provider)) {
          throw new KeelHttpError(404, ErrorCode.routeNotFound, 'This server’s provider does not receive Stripe webhooks.');
        }
        return provider.handleWebhook(c.req.raw);
      });
      continue;
    }

    const route = routeHandlers[id];
    if (!route) throw new Error(`No route handler is defined for the contract operation ${id}.`);

    if (definition.auth === 'session') {
      chain.push(sessionAuth(signer));
      if (limiter) chain.push(limiter);
      if (definition.capability) chain.push(requireCapability(definition.capability));
    } else {
      chain.push(options.adminKey === null ? noAdminKey() : adminAuth(options.adminKey));
    }
    if (definition.sandboxOnly) chain.push(rejectOutsideSandbox(provider));

    const mutation = isMutation(definition);
    chain.push(validateRequest({ params: paramsSchema(definition.path), query: definition.query, body: definition.body }, { hasBody: mutation }));

    const actor = definition.auth === 'session' ? 'customer' : 'admin';
    if (mutation) {
      chain.push(
        idempotency({
          db,
          metrics: options.metrics,
          now: options.now,
          ...options.idempotency,
          scopeOf: (c: KeelContext) => (actor === 'customer' ? c.get('session').customerId : ADMIN_SCOPE),
        }),
      );
      const objectIdParam = route.objectIdParam ?? (pathParameters(definition.path).includes('id') ? 'id' : undefined);
      chain.push(auditLog({ db, actor, objectType: route.objectType, now: options.now, ...(objectIdParam ? { objectIdParam } : {}) }));
    }

    app.on(definition.method, [definition.path], ...chain, async function handleOperation(c) {
      const validated = c.get('validated');
      const session = actor === 'customer' ? c.get('session') : undefined;
      const audit: AuditEntry = c.get('audit') ?? { objectType: null, objectId: null, before: null, after: null };
      const result = await route.handle({
        c,
        env,
        customerId: session?.customerId ?? '',
        session,
        params: validated.params as Record<string, string>,
        query: validated.query as never,
        body: (validated.body ?? {}) as never,
        audit,
      });
      if (result instanceof Response) return result;
      return c.json(result as object, 200);
    });
  }

  return app;
}

/**
 * Create the Keel backend. Throws `KeelConfigError` at once for invalid
 * options: a missing or short secret, an unknown provider, a malformed origin.
 *
 * @example
 * const keel = createKeelServer({ secret: process.env.KEEL_SECRET!, allowedOrigins: ['https://app.example.com'] });
 * export default { fetch: keel.fetch };
 */
export function createKeelServer(input: KeelServerOptions): KeelServer {
  const options = resolveOptions(input);
  const signer = createSessionSigner({
    secret: options.secret,
    issuer: options.issuer,
    audience: options.audience,
    returnUrlAllowlist: options.returnUrlAllowlist,
    defaultTtlSeconds: options.defaultSessionTtlSeconds,
    now: options.now,
  });
  const logger = options.logger;
  let closed = false;

  const opening: Promise<OpenState> = (async () => {
    const ownsStore = !isStore(options.store);
    const store = isStore(options.store) ? options.store : await openStore(options.store);
    try {
      const ownsProvider = !isBillingProvider(options.provider);
      const dunningMetrics = new DunningMetrics({
        registry: options.metrics,
        db: store.db as unknown as Kysely<DunningMetricsTables>,
        scope: recoveryScope(options),
        logger,
        now: options.now,
      });
      const provider = await resolveProvider(options, { store, policy: options.policy, logger, onDunningRecovery: dunningMetrics.onDunningRecovery });
      const app = buildApp(options, signer, store, provider, dunningMetrics);
      logger.info('Keel server ready.', { provider: provider.kind, store: store.kind });
      return { store, ownsStore, provider, ownsProvider, app };
    } catch (error) {
      if (ownsStore) await store.close();
      throw error;
    }
  })();
  // Failures surface through ready() and as 500s; this keeps Node from reporting them as unhandled.
  opening.catch((error: unknown) => logger.error('Keel server failed to start.', { error }));

  return {
    metrics: options.metrics,
    logger,
    async fetch(request: Request): Promise<Response> {
      if (closed) {
        return new Response(JSON.stringify({ error: { code: 'server_closed', message: 'The server is shutting down.', param: null, request_id: null } }), {
          status: 503,
          headers: { 'Content-Type': 'application/json', 'Retry-After': '1' },
        });
      }
      let state: OpenState;
      try {
        state = await opening;
      } catch {
        return new Response(
          JSON.stringify({ error: { code: ErrorCode.internalError, message: 'The server failed to start; see its logs.', param: null, request_id: null } }),
          { status: 500, headers: { 'Content-Type': 'application/json' } },
        );
      }
      return state.app.fetch(request);
    },
    async ready() {
      await opening;
    },
    createPortalSession: (params) => signer.createPortalSession(params),
    store: async () => (await opening).store,
    provider: async () => (await opening).provider,
    async close() {
      if (closed) return;
      closed = true;
      let state: OpenState;
      try {
        state = await opening;
      } catch {
        return;
      }
      if (state.ownsProvider) await state.provider.close();
      if (state.ownsStore) await state.store.close();
      logger.info('Keel server closed.');
    },
  };
}
