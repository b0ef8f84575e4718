/**
 * Keel's reference backend adapter: a fetch handler for any runtime with
 * web-standard `Request` and `Response`, plus a Node `serve` helper.
 *
 * @module
 */
export { createKeelServer, type KeelServer } from './app.js';
export { serve, DEFAULT_PORT, type ServeOptions, type RunningServer } from './node.js';
export {
  DEFAULT_BRANDING,
  DEFAULT_POLICY,
  PROVIDER_NAMES,
  type KeelServerOptions,
  type ProviderContext,
  type ProviderFactory,
  type ProviderName,
} from './options.js';
export {
  createSessionSigner,
  MIN_SECRET_BYTES,
  DEFAULT_ISSUER,
  DEFAULT_AUDIENCE,
  DEFAULT_SESSION_TTL_SECONDS,
  MAX_SESSION_TTL_SECONDS,
  type CreatePortalSessionParams,
  type PortalSession,
  type PortalSessionToken,
  type SessionSigner,
  type SessionSignerOptions,
} from './auth/session-token.js';
export { CAPABILITIES, type Capability } from './auth/capabilities.js';
export { KeelConfigError, KeelHttpError } from './errors.js';
export { createLogger, silentLogger, type Logger, type LoggerOptions, type LogLevel } from './logger.js';
export { redact, redactString } from './redact.js';
export { MetricsRegistry, Counter, Gauge, Histogram, PROMETHEUS_CONTENT_TYPE } from './metrics.js';
export { listAuditRows } from './platform-store.js';
export type { BillingProvider, BillingPolicy } from './providers/provider.js';
