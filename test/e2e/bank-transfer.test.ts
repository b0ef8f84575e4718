// Journey: a German business whose renewal failed for insufficient funds
// chooses bank transfer in the dunning banner and reads the IBAN
// instructions. Once the simulated transfer arrives through the demo's
// control, the banner goes away and the invoice reads as paid.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DunningState, Invoice } from '../../src/contract/index.js';
import { apiGet, openDemo, saveScreenshot, startEnvironment, type E2eEnvironment } from './support/harness.js';

const CUSTOMER = 'cus_de_reverse_charge';
/** An IBAN: country code, two check digits, then up to 30 letters and digits. */
const IBAN_PATTERN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

let env: E2eEnvironment | undefined;

before(async () => {
  env = await startEnvironment();
});

after(async () => {
  await env?.close();
});

test('bank transfer pays failed invoice', async () => {
  const failed = await apiGet<DunningState>(env!, CUSTOMER, '/v1/dunning');
  assert.equal(failed.reason, 'insufficient_funds');
  assert.equal(failed.currency, 'EUR');
  assert.ok(failed.invoice_id, 'the dunning state names the failed invoice');
  const invoiceId = failed.invoice_id;

  const { page, pageErrors } = await openDemo(env!, { customerId: CUSTOMER, page: 'dashboard' });
  const banner = page.locator('#banner-slot keel-dunning-banner');
  await banner.getByText('Fälliger Betrag 27,00 €').waitFor();
  await banner.getByRole('button', { name: 'Per Überweisung zahlen' }).click();

  const fix = banner.getByRole('group', { name: 'Per Überweisung zahlen' });
  const iban = fix.locator('dt:text-is("IBAN") + dd');
  // The instructions may sit behind a button that creates the transfer account on demand.
  const reveal = fix.getByRole('button', { name: 'Überweisungsdaten anzeigen' });
  await iban.or(reveal).first().waitFor();
  if (await reveal.isVisible()) await reveal.click();
  await iban.waitFor();
  // The definition may also contain a copy button, whose label is not part of the IBAN.
  const ibanText = await iban.evaluate((element) =>
    [...element.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE || (node instanceof HTMLElement && !(node instanceof HTMLButtonElement)))
      .map((node) => node.textContent ?? '')
      .join('')
      .replace(/\s/g, ''),
  );
  assert.match(ibanText, IBAN_PATTERN);
  await fix.getByText('27,00 €').first().waitFor();
  await saveScreenshot(page, 'bank-transfer');

  // The demo's transfer control is prefilled with the amount due.
  const controls = page.getByRole('group', { name: 'Simulated bank transfer' });
  const amount = controls.getByLabel('Amount');
  assert.equal(await amount.inputValue(), '27.00');

  // An amount that is not a number is rejected before anything is sent.
  await amount.fill('27,00 EUR');
  await controls.getByRole('button', { name: 'Send transfer' }).click();
  await page.getByRole('status').filter({ hasText: 'Invalid amount "27,00 EUR"' }).waitFor();
  assert.equal((await apiGet<Invoice>(env!, CUSTOMER, `/v1/invoices/${invoiceId}`)).status, 'open');

  await amount.fill('27.00');
  await controls.getByRole('button', { name: 'Send transfer' }).click();
  await page.getByRole('status').filter({ hasText: 'Bank transfer of €27.00 received; 1 invoice paid.' }).waitFor();

  await page.waitForFunction(() => {
    const element = document.querySelector('#banner-slot keel-dunning-banner') as (Element & { dunningState?: { status: string } }) | null;
    return element?.dunningState?.status === 'none';
  });
  assert.equal(await banner.isHidden(), true, 'the banner is gone');

  const invoice = await apiGet<Invoice>(env!, CUSTOMER, `/v1/invoices/${invoiceId}`);
  assert.equal(invoice.status, 'paid');
  assert.equal(invoice.amount_remaining, 0);

  await page.getByRole('link', { name: 'Billing' }).click();
  await page.getByRole('navigation', { name: 'Bereiche der Abrechnung' }).getByRole('button', { name: 'Rechnungen', exact: true }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: new RegExp(invoice.number ?? invoiceId) }) });
  await row.getByRole('cell', { name: 'Bezahlt' }).waitFor();
  assert.deepEqual(pageErrors, []);
});
