// Browser tests: every components/**/*.test.ts and test/browser/**/*.test.ts
// file runs in Debian's Chromium through @web/test-runner.
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { keelBundlePlugin } from './test/browser/support/bundle-plugin.js';

const tsconfig = fileURLToPath(new URL('./tsconfig.json', import.meta.url));
const serviceWorkerFile = fileURLToPath(
  new URL('./node_modules/msw/lib/mockServiceWorker.js', import.meta.url),
);

const chromiumPath = process.env.KEEL_CHROMIUM_PATH ?? '/usr/bin/chromium';

// Chromium runs as root on CI, so it needs --no-sandbox. The networking flags
// stop its background traffic, and the resolver rule makes every host other
// than loopback fail at once, so a test that reaches out by mistake fails
// instead of hanging.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

/**
 * Opens a test page that behaves as if it had window focus. Headless Chromium
 * gives focus to one page at a time, so with two pages open the other one
 * gets no focus events and `document.hasFocus()` is false, which breaks
 * keyboard and focus-management tests at random.
 */
async function createFocusedPage({ context }) {
  const page = await context.newPage();
  const session = await page.createCDPSession();
  await session.send('Emulation.setFocusEmulationEnabled', { enabled: true });
  return page;
}

/**
 * Serves msw's worker script from the site root. Test pages live at
 * `/?wtr-session-id=...`, and a service worker controls only pages under its
 * own path, so the script cannot be served from node_modules.
 */
function mockServiceWorkerMiddleware(context, next) {
  if (context.path !== '/mockServiceWorker.js') {
    return next();
  }
  context.type = 'application/javascript';
  context.body = createReadStream(serviceWorkerFile);
  return undefined;
}

/**
 * Counts test results and prints one plain line, `wtr: N passed, N failed,
 * N skipped`, that CI can parse. The default reporter draws a progress bar
 * that overwrites anything printed in stop(), so the line goes out on exit.
 * A file that fails to import or throws outside a test has no passing test
 * results but has session errors: it counts as one failure per error.
 */
function countingReporter() {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  let stopped = false;

  function countSuite(suite) {
    for (const test of suite.tests) {
      if (test.skipped) counts.skipped += 1;
      else if (test.passed) counts.passed += 1;
      else counts.failed += 1;
    }
    for (const child of suite.suites) countSuite(child);
  }

  function countFailedTests(suite) {
    let failed = suite.tests.filter((test) => !test.skipped && !test.passed).length;
    for (const child of suite.suites) failed += countFailedTests(child);
    return failed;
  }

  process.on('exit', () => {
    if (!stopped) {
      // The runner exited before stop(), for example on a config error.
      counts.failed += 1;
    }
    process.stdout.write(
      `wtr: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`,
    );
  });

  return {
    stop({ sessions }) {
      stopped = true;
      for (const session of sessions) {
        if (session.testResults) countSuite(session.testResults);
        counts.failed += session.errors.length;
        const failedTests = session.testResults ? countFailedTests(session.testResults) : 0;
        if (session.passed === false && session.errors.length === 0 && failedTests === 0) {
          // A session can fail with neither a failed test nor an error, for
          // example when the browser page times out or crashes.
          counts.failed += 1;
        }
      }
    },
  };
}

export default {
  files: ['components/**/*.test.ts', 'test/browser/**/*.test.ts'],
  nodeResolve: true,
  hostname: '127.0.0.1',
  // No fixed port: the runner takes the first free one from 8000 up, so two
  // runs on one machine do not collide.
  // CI machines have 2 cores, and more than two pages at once only adds contention there.
  concurrency: 2,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 300_000,
  testFramework: {
    config: {
      ui: 'bdd',
      // msw's unbundled modules take about 4 s to load on a 2-core machine,
      // and a hook that starts the worker runs under this timeout too.
      timeout: 20_000,
      retries: 0,
    },
  },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
      },
      createPage: createFocusedPage,
    }),
  ],
  middleware: [mockServiceWorkerMiddleware],
  plugins: [esbuildPlugin({ ts: true, json: true, tsconfig, target: 'auto' }), keelBundlePlugin()],
  reporters: [
    defaultReporter(),
    countingReporter(),
  ],
};
