// Journey: a French customer's renewal waits for 3-D Secure. The customer
// confirms the payment in the dunning banner, approves the sandbox's
// simulated bank challenge, and the invoice is paid.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DunningState, Invoice } from '../../src/contract/index.js';
import { apiGet, openDemo, saveScreenshot, startEnvironment, type E2eEnvironment } from './support/harness.js';

const CUSTOMER = 'cus_3ds_renewal';

let env: E2eEnvironment | undefined;

before(async () => {
  env = await startEnvironment();
});

after(async () => {
  await env?.close();
});

test('3-D Secure renewal completed in banner', async () => {
  const pending = await apiGet<DunningState>(env!, CUSTOMER, '/v1/dunning');
  assert.equal(pending.reason, 'authentication_required');
  assert.equal(pending.primary_action, 'authenticate');
  assert.ok(pending.invoice_id, 'the dunning state names the invoice awaiting authentication');
  const invoiceId = pending.invoice_id;

  const { page, pageErrors } = await openDemo(env!, { customerId: CUSTOMER, page: 'dashboard' });
  const banner = page.locator('#banner-slot keel-dunning-banner');
  await banner.getByText('Votre banque vous demande de confirmer ce paiement.').waitFor();
  await banner.getByRole('button', { name: 'Confirmer le paiement' }).first().click();

  const challenge = banner.getByRole('group', { name: 'Confirmer le paiement' });
  await challenge.getByText('Mode test : choisissez la réponse de la banque simulée.').waitFor();
  await saveScreenshot(page, 'three-d-secure-renewal');
  await challenge.getByRole('button', { name: 'Approuver' }).click();

  await page.waitForFunction(() => {
    const element = document.querySelector('#banner-slot keel-dunning-banner') as (Element & { dunningState?: { status: string } }) | null;
    return element?.dunningState?.status === 'none';
  });
  assert.equal(await banner.isHidden(), true, 'the banner is gone');
  await page.getByRole('status').filter({ hasText: 'Invoice paid.' }).waitFor();

  const invoice = await apiGet<Invoice>(env!, CUSTOMER, `/v1/invoices/${invoiceId}`);
  assert.equal(invoice.status, 'paid');
  assert.equal(invoice.amount_remaining, 0);

  await page.getByRole('link', { name: 'Billing' }).click();
  await page.getByRole('navigation', { name: 'Rubriques de facturation' }).getByRole('button', { name: 'Factures', exact: true }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: new RegExp(invoice.number ?? invoiceId) }) });
  await row.getByRole('cell', { name: 'Payée' }).waitFor();
  assert.deepEqual(pageErrors, []);
});
