/**
 * Serve a Keel server (or any fetch handler) over Node's HTTP server.
 *
 * @module
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { createLogger, type Logger } from './logger.js';

export interface ServeOptions {
  /** Request handler: a `KeelServer` or anything with a fetch method. */
  server: { fetch(request: Request): Promise<Response> | Response; close?: () => Promise<void> };
  /** TCP port; 0 picks a free one. [default: 8787] */
  port?: number;
  /** Interface to bind. Keep the loopback default unless a proxy in front needs another. [default: '127.0.0.1'] */
  hostname?: string;
  logger?: Logger;
  /** Also close `server` when the listener stops. [default: true] */
  closeServer?: boolean;
}

export interface RunningServer {
  url: string;
  hostname: string;
  port: number;
  /** Stop accepting connections, finish open requests, then close the Keel server. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8787;
/** Open keep-alive connections get this long to finish before they are cut. */
const SHUTDOWN_GRACE_MS = 5_000;

function urlFor(hostname: string, port: number): string {
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return `http://${host}:${port}`;
}

/** Listen on `hostname:port`; resolves once listening, rejects with a plain sentence when binding fails. */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const { server, port = DEFAULT_PORT, hostname = '127.0.0.1', closeServer = true } = options;
  const logger = options.logger ?? createLogger();
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`Port ${String(port)} is invalid; use a whole number from 0 to 65535.`);
  }

  const httpServer = createAdaptorServer({ fetch: (request: Request) => server.fetch(request) }) as Server;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${hostname} is already in use; choose another with --port`
          : error.code === 'EADDRNOTAVAIL'
            ? `address ${hostname} is not available on this machine`
            : error.message;
      reject(new Error(`Could not listen on ${urlFor(hostname, port)}: ${reason}.`, { cause: error }));
    };
    httpServer.once('error', onError);
    httpServer.listen(port, hostname, () => {
      httpServer.off('error', onError);
      resolve();
    });
  });

  const address = httpServer.address() as AddressInfo;
  const url = urlFor(hostname, address.port);
  logger.info(`Keel server listening on ${url}`, { url, hostname, port: address.port });

  let closing: Promise<void> | null = null;
  return {
    url,
    hostname,
    port: address.port,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeIdleConnections();
        const timer = setTimeout(() => httpServer.closeAllConnections(), SHUTDOWN_GRACE_MS);
        await stopped;
        clearTimeout(timer);
        if (closeServer && server.close) await server.close();
        logger.info('Keel server stopped.', { url });
      })();
      return closing;
    },
  };
}
