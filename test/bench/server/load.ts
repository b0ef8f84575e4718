/**
 * A bounded HTTP load generator: a fixed number of keep-alive connections,
 * each sending one request at a time, until a request count or a duration is
 * reached, whichever comes first.
 *
 * @module
 */
import http from 'node:http';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  /** Origin of the server, such as `http://127.0.0.1:40123`. */
  origin: string;
  /** Connections kept open, each with one request in flight. */
  concurrency: number;
  /** Stop after this many requests. */
  maxRequests: number;
  /** Stop sending new requests after this many milliseconds. */
  maxDurationMs: number;
  /** Builds request number `index` (0-based). */
  makeRequest: (index: number) => LoadRequest;
  /** Status every response should have; others are counted as unexpected. */
  expectedStatus: number;
  /** A request that takes longer than this is aborted and counted as failed. [default: 10000] */
  requestTimeoutMs?: number;
  /** Called about once a second with the requests finished so far. */
  onProgress?: (finished: number, elapsedMs: number) => void;
}

export interface LoadResult {
  requests: number;
  durationMs: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Count of responses whose status differs from `expectedStatus`, keyed by status. Status 0 counts failed requests. */
  unexpected: Map<number, number>;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const PROGRESS_INTERVAL_MS = 1_000;

/** Returns the value at quantile `q` (0..1) of ascending `sorted`, by the nearest-rank method. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/** Sends one request and resolves with its status after the body is read, or 0 when it fails. */
function send(agent: http.Agent, url: URL, request: LoadRequest, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(request.body));
    const outgoing = http.request(
      { agent, hostname: url.hostname, port: url.port, method: request.method, path: request.path, headers },
      (response) => {
        response.on('data', () => {});
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(0));
      },
    );
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`Request timed out after ${timeoutMs} ms.`)));
    outgoing.on('error', () => resolve(0));
    outgoing.end(request.body);
  });
}

/** Runs the load and returns throughput and latency of the requests sent. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.origin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const latencies: number[] = [];
  const unexpected = new Map<number, number>();
  let issued = 0;

  const started = performance.now();
  const deadline = started + options.maxDurationMs;
  const progress = options.onProgress
    ? setInterval(() => options.onProgress?.(latencies.length, performance.now() - started), PROGRESS_INTERVAL_MS)
    : null;

  async function connection(): Promise<void> {
    while (issued < options.maxRequests && performance.now() < deadline) {
      const request = options.makeRequest(issued);
      issued += 1;
      const sent = performance.now();
      const status = await send(agent, url, request, timeoutMs);
      latencies.push(performance.now() - sent);
      if (status !== options.expectedStatus) unexpected.set(status, (unexpected.get(status) ?? 0) + 1);
    }
  }

  try {
    await Promise.all(Array.from({ length: options.concurrency }, () => connection()));
  } finally {
    if (progress) clearInterval(progress);
    agent.destroy();
  }

  const durationMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    durationMs,
    requestsPerSecond: latencies.length / (durationMs / 1000),
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    unexpected,
  };
}
