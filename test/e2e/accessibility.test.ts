// Accessibility pass: axe-core, injected into the demo, checks the dashboard
// (with the dunning banner) and every section of the billing portal. axe-core
// walks open shadow roots, so the rules reach inside Keel's elements.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openDemo, saveScreenshot, startEnvironment, type E2eEnvironment } from './support/harness.js';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core');
/** WCAG 2.2 AA and everything below it, plus axe's best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

interface Finding {
  rule: string;
  impact: string | null;
  /** axe's selector path. A node in a shadow root has one selector per shadow host, outermost first. */
  target: string;
  summary: string;
}

let env: E2eEnvironment | undefined;

before(async () => {
  env = await startEnvironment();
});

after(async () => {
  await env?.close();
});

/** Runs axe-core on the whole page and returns one finding per failing node. */
async function runAxe(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> }> } }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return results.violations.flatMap((violation) =>
      violation.nodes.map((node) => ({
        rule: violation.id,
        impact: violation.impact,
        target: JSON.stringify(node.target),
        summary: node.failureSummary ?? '',
      })),
    );
  }, AXE_TAGS);
}

function isInsideKeel(finding: Finding): boolean {
  return /keel-/.test(finding.target);
}

function formatFindings(findings: Finding[]): string {
  return findings.map((finding) => `${finding.rule} (${finding.impact}) at ${finding.target}: ${finding.summary}`).join('\n');
}

test('dashboard with banner passes axe', async () => {
  const { page, pageErrors } = await openDemo(env!, { customerId: 'cus_jp_expired', page: 'dashboard' });
  await page.locator('keel-dunning-banner').getByRole('button', { name: 'お支払い方法を更新' }).waitFor();

  const findings = await runAxe(page);
  assert.deepEqual(findings.filter(isInsideKeel), [], formatFindings(findings.filter(isInsideKeel)));
  assert.deepEqual(findings.filter((finding) => !isInsideKeel(finding)), [], formatFindings(findings));

  // The banner's card form opens in place, so it is checked open as well.
  await page.locator('keel-dunning-banner').getByRole('button', { name: 'お支払い方法を更新' }).click();
  await page.locator('keel-dunning-banner').getByRole('textbox', { name: 'カード番号' }).waitFor();
  const openFindings = await runAxe(page);
  assert.deepEqual(openFindings.filter(isInsideKeel), [], formatFindings(openFindings));
  await saveScreenshot(page, 'accessibility-dashboard');
  assert.deepEqual(pageErrors, []);
});

test('billing sections pass axe', async () => {
  const { page, pageErrors } = await openDemo(env!, { customerId: 'cus_de_reverse_charge', locale: 'en', page: 'billing' });
  const sections = page.getByRole('navigation', { name: 'Billing sections' });
  await sections.waitFor();
  const names = ['Overview', 'Subscription', 'Payment methods', 'Invoices', 'Billing details'];

  for (const name of names) {
    await sections.getByRole('button', { name, exact: true }).click();
    const region = page.locator('keel-portal').getByRole('region', { name, exact: true });
    await region.waitFor();
    // A section is ready once nothing in it reports itself busy.
    await region.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
    const findings = await runAxe(page);
    assert.deepEqual(findings.filter(isInsideKeel), [], `${name}:\n${formatFindings(findings)}`);
    assert.deepEqual(findings.filter((finding) => !isInsideKeel(finding)), [], `${name}, demo shell:\n${formatFindings(findings)}`);
  }
  await saveScreenshot(page, 'accessibility-billing');
  assert.deepEqual(pageErrors, []);
});

test('billing dialogs pass axe', async () => {
  const { page, pageErrors } = await openDemo(env!, { customerId: 'cus_us_annual', locale: 'en', page: 'billing' });
  await page.getByRole('navigation', { name: 'Billing sections' }).getByRole('button', { name: 'Subscription', exact: true }).click();
  const subscription = page.getByRole('region', { name: 'Subscription' }).getByRole('article');
  const dialogs = [
    { opener: 'Change plan', dialog: 'Change plan' },
    { opener: 'Pause subscription', dialog: 'Pause subscription' },
    { opener: 'Cancel subscription', dialog: 'Cancel subscription' },
  ];

  for (const { opener, dialog: name } of dialogs) {
    await subscription.getByRole('button', { name: opener }).click();
    const dialog = page.getByRole('dialog', { name });
    await dialog.getByRole('button').first().waitFor();
    const findings = await runAxe(page);
    assert.deepEqual(findings.filter(isInsideKeel), [], `${name} dialog:\n${formatFindings(findings)}`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  }

  await page.getByRole('navigation', { name: 'Billing sections' }).getByRole('button', { name: 'Payment methods', exact: true }).click();
  await page.getByRole('region', { name: 'Payment methods', exact: true }).getByRole('button', { name: 'Add payment method' }).click();
  await page.getByRole('textbox', { name: 'Card number' }).waitFor();
  const findings = await runAxe(page);
  assert.deepEqual(findings.filter(isInsideKeel), [], `card form:\n${formatFindings(findings)}`);
  assert.deepEqual(pageErrors, []);
});

// Elements nested in keel-portal take its theme, so the dark scheme is checked there too.
test('dark billing overview passes axe', async () => {
  const { context, page } = await openDemo(env!, { customerId: 'cus_de_reverse_charge', locale: 'en', page: 'billing' });
  await context.addInitScript(() => localStorage.setItem('keel-demo-theme', 'dark'));
  await page.reload();
  const overview = page.locator('keel-portal').getByRole('region', { name: 'Overview', exact: true });
  await overview.getByRole('heading', { name: 'Payment methods' }).waitFor();

  const findings = await runAxe(page);
  assert.deepEqual(findings.filter(isInsideKeel), [], formatFindings(findings));
});

// NOTE: keel-dunning-banner does not pass its theme to the card form it nests.
test('dark banner card form passes axe', async () => {
  const { context, page } = await openDemo(env!, { customerId: 'cus_jp_expired', page: 'dashboard' });
  await context.addInitScript(() => localStorage.setItem('keel-demo-theme', 'dark'));
  await page.reload();
  const banner = page.locator('#banner-slot keel-dunning-banner');
  await banner.getByRole('button', { name: 'お支払い方法を更新' }).click();
  await banner.getByRole('textbox', { name: 'カード番号' }).waitFor();

  const findings = await runAxe(page);
  assert.deepEqual(findings.filter(isInsideKeel), [], formatFindings(findings));
});
