// Journey: a healthy US customer upgrades from Team to Business yearly, reads
// the proration preview, confirms, and the invoice the upgrade produces
// charges exactly the previewed amount.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { InvoiceList } from '../../src/contract/index.js';
import { formatMoney } from '../../src/money/index.js';
import { apiGet, openDemo, saveScreenshot, startEnvironment, type E2eEnvironment } from './support/harness.js';

const CUSTOMER = 'cus_us_annual';

let env: E2eEnvironment | undefined;

before(async () => {
  env = await startEnvironment();
});

after(async () => {
  await env?.close();
});

test('upgrade invoices the previewed amount', async () => {
  const { page, pageErrors } = await openDemo(env!, { customerId: CUSTOMER, locale: 'en', page: 'billing' });
  const invoicesBefore = await apiGet<InvoiceList>(env!, CUSTOMER, '/v1/invoices?limit=100');

  await page.getByRole('navigation', { name: 'Billing sections' }).getByRole('button', { name: 'Subscription', exact: true }).click();
  const subscription = page.getByRole('region', { name: 'Subscription' }).getByRole('article');
  await subscription.getByRole('button', { name: 'Change plan' }).click();

  const picker = page.getByRole('dialog', { name: 'Change plan' });
  await picker.getByRole('listitem').filter({ hasText: 'Business' }).filter({ hasText: 'per year' }).getByRole('button', { name: 'Choose' }).click();

  const review = page.getByRole('dialog', { name: 'Review your plan change' });
  await review.getByRole('table', { name: 'Proration' }).waitFor();
  const dueNow = (await review.getByRole('paragraph').filter({ hasText: 'Due now' }).getByRole('strong').textContent())?.trim();
  assert.ok(dueNow, 'the preview shows the amount due now');
  await saveScreenshot(page, 'upgrade-proration');

  await review.getByRole('button', { name: 'Confirm change' }).click();
  const done = page.getByRole('dialog', { name: 'Plan changed' });
  await done.getByText('Your plan is now Business.').waitFor();
  await done.getByRole('button', { name: 'Close' }).last().click();
  await subscription.getByRole('heading', { name: 'Business', level: 3 }).waitFor();

  const invoicesAfter = await apiGet<InvoiceList>(env!, CUSTOMER, '/v1/invoices?limit=100');
  const knownIds = new Set(invoicesBefore.data.map((invoice) => invoice.id));
  const created = invoicesAfter.data.filter((invoice) => !knownIds.has(invoice.id));
  assert.equal(created.length, 1, 'the upgrade creates one invoice');
  const invoice = created[0]!;
  assert.equal(formatMoney(invoice.total, invoice.currency, 'en-US'), dueNow);
  assert.equal(invoice.status, 'paid');

  await page.getByRole('navigation', { name: 'Billing sections' }).getByRole('button', { name: 'Invoices', exact: true }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: `View invoice ${invoice.number}` }) });
  await row.getByRole('cell', { name: dueNow, exact: true }).waitFor();
  assert.deepEqual(pageErrors, []);
});
