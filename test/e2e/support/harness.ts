/**
 * Shared setup for the end-to-end journeys: one demo server on a fresh data
 * directory and one headless Chromium per test file, plus helpers to open the
 * demo as a given customer and to read the sandbox through the Keel API.
 */
import { access, constants, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startDemo, type RunningDemo } from '../../../demo/demo-server.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');
const CHROMIUM_PATH = process.env.KEEL_CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium tries to reach outside
// hosts. The resolver rule makes any host but loopback fail at once.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
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
 * Writes a fontconfig file that adds the Japanese font the PDF renderer
 * already depends on to the system fonts, so Japanese text in screenshots
 * renders on machines without CJK fonts instead of as empty boxes.
 */
async function writeFontConfig(directory: string): Promise<string> {
  const fontPackage = path.dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/biz-udpgothic/package.json'));
  const file = path.join(directory, 'fonts.conf');
  const config = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    '<fontconfig>',
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    `  <dir>${fontPackage}</dir>`,
    `  <cachedir>${path.join(directory, 'font-cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
  await writeFile(file, config);
  return file;
}

/** The limit for each wait, generous because the browser, the server and PGlite share two cores. */
export const STEP_TIMEOUT_MS = 20_000;

export interface E2eEnvironment {
  demo: RunningDemo;
  browser: Browser;
  /** Temporary directory with the demo's data and the browser's font configuration. */
  workDir: string;
  /** Stops the browser and the demo and removes the temporary directory. */
  close(): Promise<void>;
}

/** Starts the demo on a fresh data directory in a new temporary directory and launches Chromium. */
export async function startEnvironment(): Promise<E2eEnvironment> {
  try {
    await access(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(`No Chromium executable at ${CHROMIUM_PATH}: install Debian's chromium package or set KEEL_CHROMIUM_PATH to the browser.`);
  }
  const workDir = await mkdtemp(path.join(tmpdir(), 'keel-e2e-'));
  const fontConfig = await writeFontConfig(workDir);
  const [demoResult, browserResult] = await Promise.allSettled([
    startDemo({ port: 0, dataDir: path.join(workDir, 'demo'), progress: () => {} }),
    chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, env: { ...process.env, FONTCONFIG_FILE: fontConfig } }),
  ]);
  // Whichever half started must stop again, or the test process never exits.
  if (demoResult.status === 'rejected' || browserResult.status === 'rejected') {
    if (demoResult.status === 'fulfilled') await demoResult.value.close();
    if (browserResult.status === 'fulfilled') await browserResult.value.close();
    await rm(workDir, { recursive: true, force: true });
    throw demoResult.status === 'rejected' ? demoResult.reason : (browserResult as PromiseRejectedResult).reason;
  }
  const demo = demoResult.value;
  const browser = browserResult.value;
  return {
    demo,
    browser,
    workDir,
    async close() {
      await browser.close();
      await demo.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

export interface DemoPageOptions {
  customerId: string;
  /** Locale picker value. Empty means the customer's own language. */
  locale?: string;
  /** Hash route: dashboard, projects or billing. */
  page?: 'dashboard' | 'projects' | 'billing';
}

/**
 * Opens the demo in a new browser context with the customer and locale
 * preselected through the demo's localStorage keys, and collects page errors
 * so a journey can assert that none happened.
 */
export async function openDemo(env: E2eEnvironment, options: DemoPageOptions): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }> {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: env.demo.url });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  await context.addInitScript(
    ({ customerId, locale }) => {
      localStorage.setItem('keel-demo-customer', customerId);
      localStorage.setItem('keel-demo-locale', locale);
    },
    { customerId: options.customerId, locale: options.locale ?? '' },
  );
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`/#/${options.page ?? 'dashboard'}`);
  return { context, page, pageErrors };
}

/** Saves a full-viewport screenshot to docs/screenshots/<journey>.png. */
export async function saveScreenshot(page: Page, journey: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${journey}.png`) });
}

/** Mints a session token for a seeded customer through the demo backend. */
export async function sessionToken(env: E2eEnvironment, customerId: string): Promise<string> {
  const response = await fetch(`${env.demo.url}/demo-api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customer_id: customerId }),
  });
  if (!response.ok) throw new Error(`Minting a session for ${customerId} failed with status ${response.status}.`);
  return ((await response.json()) as { token: string }).token;
}

/** GETs a Keel API path (such as `/v1/invoices`) as the customer and returns the parsed body. */
export async function apiGet<T>(env: E2eEnvironment, customerId: string, apiPath: string): Promise<T> {
  const token = await sessionToken(env, customerId);
  const response = await fetch(`${env.demo.url}/keel-api${apiPath}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${apiPath} as ${customerId} failed with status ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
