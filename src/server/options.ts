/**
 * Options of `createKeelServer`, checked once at creation so a misconfigured
 * server fails at startup with a sentence naming the option, never on the
 * first request.
 *
 * @module
 */
import type { Branding } from '../contract/session.js';
import { createOriginAllowlist, type OriginAllowlist } from './auth/origins.js';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, DEFAULT_SESSION_TTL_SECONDS, MIN_SECRET_BYTES } from './auth/session-token.js';
import { KeelConfigError } from './errors.js';
import { createLogger, type Logger, type LoggerOptions } from './logger.js';
import { MetricsRegistry } from './metrics.js';
import { DEFAULT_MAX_BODY_BYTES } from './middleware/body-limit.js';
import { DEFAULT_IDEMPOTENCY, type IdempotencyConfig } from './middleware/idempotency.js';
import { DEFAULT_RATE_LIMIT, type RateLimitConfig } from './middleware/rate-limit.js';
import type { BillingPolicy, BillingProvider, DunningRecoveryListener } from './providers/provider.js';
import type { SandboxProviderOptions } from './providers/sandbox/index.js';
import type { StripeProviderOptions } from './providers/stripe/index.js';
import type { Store, StoreOptions } from './store/index.js';

export const PROVIDER_NAMES = ['sandbox', 'stripe'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** Arguments a provider factory receives when the server opens. */
export interface ProviderContext {
  store: Store;
  policy: BillingPolicy;
  logger: Logger;
  /** Counts recoveries the routes do not see; pass it to a provider built by a factory. */
  onDunningRecovery: DunningRecoveryListener;
}

/** Builds a provider once the store is open. */
export type ProviderFactory = (context: ProviderContext) => BillingProvider | Promise<BillingProvider>;

export interface KeelServerOptions {
  /** HMAC key for session tokens: at least 32 bytes (UTF-8 bytes for a string). Keep it out of source control. */
  secret: string | Uint8Array;
  /**
   * Billing provider: `'sandbox'` (embedded engine on the store), `'stripe'`,
   * a ready `BillingProvider`, or a factory that builds one from the open store.
   * [default: 'sandbox']
   */
  provider?: ProviderName | BillingProvider | ProviderFactory;
  /** An open store, or options to open one. [default: in-memory PGlite] */
  store?: Store | StoreOptions;
  /** `iss` claim of session tokens. [default: 'keel'] */
  issuer?: string;
  /** `aud` claim of session tokens. [default: 'keel-portal'] */
  audience?: string;
  /** Lifetime of sessions that do not set one, in seconds. [default: 900] */
  defaultSessionTtlSeconds?: number;
  /** Browser origins allowed to call the API (CORS), such as `https://app.example.com`. [default: []] */
  allowedOrigins?: readonly string[];
  /** Origins a session's return URL may point to. [default: allowedOrigins] */
  returnUrlAllowlist?: readonly string[];
  /** Bearer key for `/v1/sandbox/...` and `/v1/admin/...`, at least 32 characters. Without it those routes return 401. */
  adminKey?: string;
  /** Bearer token required to read `/metrics`. [default: none, metrics are public] */
  metricsToken?: string;
  /** Per-session rate limit, or false to turn it off. [default: 300 requests per 60 s] */
  rateLimit?: RateLimitConfig | false;
  idempotency?: IdempotencyConfig;
  /** Largest accepted request body in bytes. [default: 65536] */
  maxBodyBytes?: number;
  /** The vendor's brand as the portal shows it. */
  branding?: Partial<Branding>;
  /** Self-service rules; passed to the provider and shown in the session. */
  policy?: Partial<BillingPolicy>;
  /** Stripe publishable key sent to the browser in live mode. */
  stripePublishableKey?: string;
  /** Settings of the `'sandbox'` provider, such as the sandbox id and whether to seed an empty store. */
  sandbox?: Omit<SandboxProviderOptions, 'store' | 'policy'>;
  /** Settings of the `'stripe'` provider: the client or secret key, webhook secret and catalog. Required with provider 'stripe'. */
  stripe?: Omit<StripeProviderOptions, 'policy' | 'publishableKey'>;
  /** A logger, or options for the built-in JSON logger. [default: JSON lines on stdout at info] */
  logger?: Logger | LoggerOptions;
  /** Registry that `/metrics` renders; pass one to add your own metrics. [default: a new registry] */
  metrics?: MetricsRegistry;
  /** Wall clock in milliseconds, replaceable in tests. [default: Date.now] */
  now?: () => number;
}

export const DEFAULT_BRANDING: Branding = {
  business_name: 'Keel',
  logo_url: null,
  primary_color: null,
  support_email: null,
  support_url: null,
};

export const DEFAULT_POLICY: BillingPolicy = {
  features: {
    pause: { months: [1, 2, 3], behavior: 'void', keeps_access: false },
    cancel: {
      reasons: ['too_expensive', 'missing_features', 'switched_service', 'unused', 'customer_service', 'too_complex', 'low_quality', 'other'],
      free_text: true,
      mode: 'period_end',
    },
    plan_change: { enabled: true, downgrade_timing: 'period_end' },
    dunning: { final_stage_wall: false },
  },
  allowIntervalChange: true,
  extensionDays: 7,
};

/** Options after validation, with every default filled in. */
export interface ResolvedOptions {
  secret: string | Uint8Array;
  provider: ProviderName | BillingProvider | ProviderFactory;
  store: Store | StoreOptions;
  issuer: string;
  audience: string;
  defaultSessionTtlSeconds: number;
  origins: OriginAllowlist;
  returnUrlAllowlist: readonly string[];
  adminKey: string | null;
  metricsToken: string | null;
  rateLimit: Required<RateLimitConfig> | false;
  idempotency: Required<IdempotencyConfig>;
  maxBodyBytes: number;
  branding: Branding;
  policy: BillingPolicy;
  stripePublishableKey: string | null;
  stripe: Omit<StripeProviderOptions, 'policy' | 'publishableKey'> | null;
  sandbox: Omit<SandboxProviderOptions, 'store' | 'policy'>;
  logger: Logger;
  metrics: MetricsRegistry;
  now: () => number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isStore(value: unknown): value is Store {
  return isObject(value) && 'db' in value && typeof value.close === 'function' && typeof value.transaction === 'function';
}

export function isBillingProvider(value: unknown): value is BillingProvider {
  return (
    isObject(value) &&
    (value.kind === 'sandbox' || value.kind === 'stripe') &&
    typeof value.getCustomer === 'function' &&
    typeof value.close === 'function'
  );
}

function positiveInteger(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new KeelConfigError(option, `${option} must be a positive whole number; got ${String(value)}.`);
  }
  return value;
}

function checkProvider(provider: unknown): ResolvedOptions['provider'] {
  if (provider === undefined) return 'sandbox';
  if (typeof provider === 'string') {
    if ((PROVIDER_NAMES as readonly string[]).includes(provider)) return provider as ProviderName;
    throw new KeelConfigError('provider', `provider "${provider}" is unknown; use ${PROVIDER_NAMES.map((name) => `"${name}"`).join(' or ')}, a BillingProvider object or a factory function.`);
  }
  if (typeof provider === 'function') return provider as ProviderFactory;
  if (isBillingProvider(provider)) return provider;
  throw new KeelConfigError('provider', 'provider must be "sandbox", "stripe", a BillingProvider object or a factory function.');
}

function checkSecret(secret: unknown): string | Uint8Array {
  if (secret === undefined || secret === null || secret === '') {
    throw new KeelConfigError('secret', `secret is missing; pass at least ${MIN_SECRET_BYTES} random bytes, for example 64 hex characters from a secrets manager.`);
  }
  if (typeof secret !== 'string' && !(secret instanceof Uint8Array)) {
    throw new KeelConfigError('secret', 'secret must be a string or a Uint8Array.');
  }
  const length = typeof secret === 'string' ? new TextEncoder().encode(secret).byteLength : secret.byteLength;
  if (length < MIN_SECRET_BYTES) {
    throw new KeelConfigError('secret', `secret is ${length} bytes long; it must be at least ${MIN_SECRET_BYTES} bytes.`);
  }
  return secret;
}

function checkRateLimit(value: unknown): ResolvedOptions['rateLimit'] {
  if (value === false) return false;
  if (value === undefined) return { ...DEFAULT_RATE_LIMIT };
  if (!isObject(value)) throw new KeelConfigError('rateLimit', 'rateLimit must be false or { maxRequests, windowSeconds }.');
  return {
    maxRequests: positiveInteger(value.maxRequests, 'rateLimit.maxRequests', DEFAULT_RATE_LIMIT.maxRequests),
    windowSeconds: positiveInteger(value.windowSeconds, 'rateLimit.windowSeconds', DEFAULT_RATE_LIMIT.windowSeconds),
  };
}

function checkIdempotency(value: unknown): Required<IdempotencyConfig> {
  if (value === undefined) return { ...DEFAULT_IDEMPOTENCY };
  if (!isObject(value)) throw new KeelConfigError('idempotency', 'idempotency must be an object.');
  return {
    retentionSeconds: positiveInteger(value.retentionSeconds, 'idempotency.retentionSeconds', DEFAULT_IDEMPOTENCY.retentionSeconds),
    lockTimeoutMs: positiveInteger(value.lockTimeoutMs, 'idempotency.lockTimeoutMs', DEFAULT_IDEMPOTENCY.lockTimeoutMs),
    waitTimeoutMs: positiveInteger(value.waitTimeoutMs, 'idempotency.waitTimeoutMs', DEFAULT_IDEMPOTENCY.waitTimeoutMs),
  };
}

function checkKey(value: unknown, option: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length < 32 || /\s/.test(value)) {
    throw new KeelConfigError(option, `${option} must be at least 32 characters without spaces.`);
  }
  return value;
}

function resolveLogger(value: unknown): Logger {
  if (value === undefined) return createLogger();
  if (isObject(value) && typeof value.info === 'function' && typeof value.error === 'function' && typeof value.child === 'function') {
    return value as unknown as Logger;
  }
  if (isObject(value)) return createLogger(value as LoggerOptions);
  throw new KeelConfigError('logger', 'logger must be a Logger or logger options.');
}

/** Validate `options` and fill in defaults; throws `KeelConfigError` naming the first bad option. */
export function resolveOptions(options: KeelServerOptions): ResolvedOptions {
  if (!isObject(options)) throw new KeelConfigError('options', 'createKeelServer needs an options object with at least a secret.');

  const secret = checkSecret(options.secret);
  const provider = checkProvider(options.provider);
  const store = options.store ?? {};
  if (!isObject(store)) throw new KeelConfigError('store', 'store must be an open Store or { url?, dataDir? }.');
  if (!isStore(store) && 'url' in store && store.url !== undefined && (typeof store.url !== 'string' || !/^postgres(ql)?:\/\//.test(store.url))) {
    throw new KeelConfigError('store.url', 'store.url must be a PostgreSQL URL starting with postgres:// or postgresql://.');
  }

  const origins = createOriginAllowlist(options.allowedOrigins ?? [], 'allowedOrigins');
  const returnUrlAllowlist = options.returnUrlAllowlist ?? origins.entries;
  createOriginAllowlist(returnUrlAllowlist, 'returnUrlAllowlist');

  const issuer = options.issuer ?? DEFAULT_ISSUER;
  const audience = options.audience ?? DEFAULT_AUDIENCE;
  if (typeof issuer !== 'string' || issuer === '') throw new KeelConfigError('issuer', 'issuer must be a non-empty string.');
  if (typeof audience !== 'string' || audience === '') throw new KeelConfigError('audience', 'audience must be a non-empty string.');

  const metrics = options.metrics ?? new MetricsRegistry();
  if (!(metrics instanceof MetricsRegistry)) throw new KeelConfigError('metrics', 'metrics must be a MetricsRegistry.');

  if (provider === 'stripe') {
    const stripe = options.stripe;
    if (!isObject(stripe) || !stripe.stripe) {
      throw new KeelConfigError('stripe', 'provider "stripe" needs the stripe option with a Stripe client or secret key and a webhookSecret.');
    }
    if (typeof stripe.webhookSecret !== 'string' || !stripe.webhookSecret.startsWith('whsec_')) {
      throw new KeelConfigError('stripe.webhookSecret', 'stripe.webhookSecret must be the endpoint signing secret that starts with whsec_.');
    }
  }

  const policy: BillingPolicy = { ...DEFAULT_POLICY, ...options.policy };
  const branding: Branding = { ...DEFAULT_BRANDING, ...options.branding };

  return {
    secret,
    provider,
    store: store as Store | StoreOptions,
    issuer,
    audience,
    defaultSessionTtlSeconds: positiveInteger(options.defaultSessionTtlSeconds, 'defaultSessionTtlSeconds', DEFAULT_SESSION_TTL_SECONDS),
    origins,
    returnUrlAllowlist,
    adminKey: checkKey(options.adminKey, 'adminKey'),
    metricsToken: checkKey(options.metricsToken, 'metricsToken'),
    rateLimit: checkRateLimit(options.rateLimit),
    idempotency: checkIdempotency(options.idempotency),
    maxBodyBytes: positiveInteger(options.maxBodyBytes, 'maxBodyBytes', DEFAULT_MAX_BODY_BYTES),
    branding,
    policy,
    stripePublishableKey: options.stripePublishableKey ?? null,
    stripe: options.stripe ?? null,
    sandbox: options.sandbox ?? {},
    logger: resolveLogger(options.logger),
    metrics,
    now: options.now ?? Date.now,
  };
}

export { isStore };
