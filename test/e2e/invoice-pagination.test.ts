// Journey: a customer with a long history pages through every invoice in the
// invoice list, forward to the last page and one page back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { openDemo, saveScreenshot, startEnvironment, type E2eEnvironment } from './support/harness.js';

const CUSTOMER = 'cus_many_invoices';
/** Every invoice the seed gives this customer: 142 inserted in bulk plus 8 billed by the engine. */
const SEEDED_INVOICES = 150;
/** Stops a broken Next button from paging forever. */
const MAX_PAGES = 100;

let env: E2eEnvironment | undefined;

before(async () => {
  env = await startEnvironment();
});

after(async () => {
  await env?.close();
});

/** Returns the invoice numbers in the table's rows, in order. */
async function invoiceNumbers(table: Locator): Promise<string[]> {
  const labels = await table.getByRole('button', { name: /^View invoice / }).evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label') ?? button.textContent ?? ''));
  return labels.map((label) => label.replace(/^View invoice /, '').trim());
}

test('invoice list pages through 150 invoices', async () => {
  const { page, pageErrors } = await openDemo(env!, { customerId: CUSTOMER, locale: 'en', page: 'billing' });
  await page.getByRole('navigation', { name: 'Billing sections' }).getByRole('button', { name: 'Invoices', exact: true }).click();
  const region = page.locator('keel-portal').getByRole('region', { name: 'Invoices', exact: true });
  const pager = region.getByRole('navigation', { name: 'Invoice pages' });
  const next = pager.getByRole('button', { name: 'Next' });
  const previous = pager.getByRole('button', { name: 'Previous' });

  const seen = new Set<string>();
  const pages: string[][] = [];
  for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber += 1) {
    // The caption names the new page as soon as it is requested, so the rows count only once the table stops being busy.
    const table = region.getByRole('table', { name: `Invoices, page ${pageNumber}` }).and(page.locator('[aria-busy="false"]'));
    await table.waitFor();
    const numbers = await invoiceNumbers(table);
    assert.ok(numbers.length > 0, `page ${pageNumber} lists invoices`);
    pages.push(numbers);
    for (const number of numbers) seen.add(number);
    if (await next.isDisabled()) break;
    await next.click();
  }

  assert.equal(seen.size, SEEDED_INVOICES, 'distinct invoice numbers seen');
  assert.equal(pages.flat().length, SEEDED_INVOICES, 'no invoice appears on two pages');
  await saveScreenshot(page, 'invoice-pagination');

  await previous.click();
  const previousTable = region.getByRole('table', { name: `Invoices, page ${pages.length - 1}` }).and(page.locator('[aria-busy="false"]'));
  await previousTable.waitFor();
  assert.deepEqual(await invoiceNumbers(previousTable), pages.at(-2));
  assert.deepEqual(pageErrors, []);
});
