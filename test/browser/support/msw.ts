/**
 * Mock Service Worker for browser tests. Importing this module registers a
 * root `afterEach` that removes the handlers a test added and fails the test
 * if a request reached msw without a matching handler.
 *
 * Exports:
 * - `worker`: the page's one msw worker, for calls not wrapped here.
 * - `startWorker()`: starts the worker once per page; later calls return the same promise.
 * - `useHandlers(...handlers)`: starts the worker if needed and adds handlers for the current test.
 * - `takeUnhandledRequests()`: returns and clears the unhandled requests seen so far, as `METHOD URL`.
 */
import { isCommonAssetRequest } from 'msw';
import type { RequestHandler } from 'msw';
import { setupWorker } from 'msw/browser';

export const worker = setupWorker();

const unhandledRequests: string[] = [];

worker.events.on('request:unhandled', ({ request }) => {
  // Script, JSON and font requests go on to the dev server; only API calls count.
  if (!isCommonAssetRequest(request)) {
    unhandledRequests.push(`${request.method} ${request.url}`);
  }
});

let starting: Promise<unknown> | undefined;

export function startWorker(): Promise<unknown> {
  starting ??= worker.start({
    // The dev server serves the script at the root so the worker controls the test page.
    serviceWorker: { url: '/mockServiceWorker.js' },
    // msw logs a request without a handler and answers it with status 500,
    // so it never reaches a real server. The afterEach below also fails the test.
    onUnhandledRequest: 'error',
    quiet: true,
  });
  return starting;
}

export async function useHandlers(...handlers: RequestHandler[]): Promise<void> {
  await startWorker();
  worker.use(...handlers);
}

export function takeUnhandledRequests(): string[] {
  return unhandledRequests.splice(0, unhandledRequests.length);
}

afterEach(() => {
  worker.resetHandlers();
  const unhandled = takeUnhandledRequests();
  if (unhandled.length > 0) {
    throw new Error(`msw received requests without a handler: ${unhandled.join(', ')}`);
  }
});
