/**
 * One structured log line and one metrics observation per request.
 *
 * The line carries the request id, method, route pattern (never the raw query
 * string), status, duration and error code. The logger also redacts anything
 * that looks like a token, card number or email on the way out.
 *
 * @module
 */
import type { MiddlewareHandler } from 'hono';
import type { KeelEnv } from '../context.js';
import type { MetricsRegistry } from '../metrics.js';

export interface AccessLogOptions {
  metrics: MetricsRegistry;
}

export function accessLog({ metrics }: AccessLogOptions): MiddlewareHandler<KeelEnv> {
  const requests = metrics.counter({
    name: 'keel_http_requests_total',
    help: 'HTTP responses sent, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
  });
  const durations = metrics.histogram({
    name: 'keel_http_request_duration_seconds',
    help: 'Time from receiving a request to having its response, in seconds.',
    labelNames: ['method', 'route'],
  });

  return async function accessLog(c, next) {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = c.get('routePattern') ?? 'unmatched';
    const status = c.res.status;

    requests.inc({ method: c.req.method, route, status });
    durations.observe({ method: c.req.method, route }, seconds);

    const session = c.get('session');
    const fields = {
      method: c.req.method,
      route,
      operation: c.get('operationId') ?? null,
      status,
      duration_ms: Math.round(seconds * 1000 * 100) / 100,
      session_id: session?.id ?? null,
      customer_id: session?.customerId ?? null,
      error_code: c.get('errorCode') ?? null,
      idempotent_replay: c.get('idempotentReplay') ?? false,
    };
    // Always info: the error handler already logged the failure itself once, with its stack.
    c.get('logger').info('request', fields);
  };
}
