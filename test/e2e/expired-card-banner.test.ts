// Journey: a Japanese customer whose renewal failed on an expired card sees
// the dunning banner in Japanese and replaces the card with a test card
// inside the banner, which then shows that the payment is being confirmed.
// Once the sandbox's scheduled retry runs on the test clock, the banner goes
// away and the invoice reads as paid.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DunningState, Invoice } from '../../src/contract/index.js';
import { apiGet, openDemo, saveScreenshot, startEnvironment, type E2eEnvironment } from './support/harness.js';

const CUSTOMER = 'cus_jp_expired';

let env: E2eEnvironment | undefined;

before(async () => {
  env = await startEnvironment();
});

after(async () => {
  await env?.close();
});

// On the sandbox the provider's time is the test clock, days behind or ahead of the browser's.
test('banner deadline counts from provider time', async () => {
  const state = await apiGet<DunningState>(env!, CUSTOMER, '/v1/dunning');
  assert.ok(state.deadline, 'the dunning state has a deadline');
  const days = (Date.parse(state.deadline) - Date.parse(state.as_of)) / (24 * 3600 * 1000);
  assert.ok(Number.isInteger(days), `the deadline is ${days} days after as_of, a whole number in the seed`);

  const { page } = await openDemo(env!, { customerId: CUSTOMER, page: 'dashboard' });
  const relative = await page.evaluate((count) => new Intl.RelativeTimeFormat('ja', { numeric: 'auto' }).format(count, 'day'), days);
  const deadline = page.locator('#banner-slot keel-dunning-banner').getByText(/までにお支払いをお願いいたします/);
  await deadline.waitFor();
  assert.match((await deadline.textContent()) ?? '', new RegExp(`（${relative}）`));
});

test('expired card fixed in banner', async () => {
  const failed = await apiGet<DunningState>(env!, CUSTOMER, '/v1/dunning');
  assert.equal(failed.reason, 'expired_card');
  assert.ok(failed.invoice_id, 'the dunning state names the failed invoice');
  const invoiceId = failed.invoice_id;

  const { page, pageErrors } = await openDemo(env!, { customerId: CUSTOMER, page: 'dashboard' });
  const banner = page.locator('#banner-slot keel-dunning-banner');
  const alert = banner.getByRole('region', { name: 'お支払いのご対応をお願いいたします' });
  await alert.getByText('ご登録のカードの有効期限が切れています。').waitFor();
  assert.equal(await banner.getAttribute('lang'), 'ja');
  await alert.getByText('ご請求額 ￥3,300').waitFor();

  await alert.getByRole('button', { name: 'お支払い方法を更新' }).click();
  const fix = banner.getByRole('group', { name: 'お支払い方法を更新' });
  await fix.getByRole('button', { name: /^4242 4242 4242 4242/ }).click();
  assert.equal((await fix.getByRole('textbox', { name: 'カード番号' }).inputValue()).replace(/\s/g, ''), '4242424242424242');
  // The confirming state may last only as long as the charge, so watch for it before submitting.
  // A string, because tsx rewrites named functions in a way the page cannot run.
  await page.evaluate(`(() => {
    const host = document.querySelector('#banner-slot keel-dunning-banner');
    window.sawConfirming = false;
    new MutationObserver(() => {
      if (host.shadowRoot.textContent.includes('お支払いを確認しています')) window.sawConfirming = true;
    }).observe(host.shadowRoot, { subtree: true, childList: true, characterData: true });
  })()`);
  await fix.getByRole('button', { name: 'カードを登録' }).click();

  // The sandbox charges the new default card at once, while the customer is still here.
  await page.waitForFunction(() => {
    const element = document.querySelector('#banner-slot keel-dunning-banner') as (Element & { dunningState?: { status: string } }) | null;
    return element?.dunningState?.status === 'none';
  });
  assert.equal(await page.evaluate(() => (window as unknown as { sawConfirming: boolean }).sawConfirming), true, 'the banner showed the confirming state');
  await saveScreenshot(page, 'expired-card-banner');
  assert.equal(await banner.isHidden(), true, 'the banner is gone');

  const invoice = await apiGet<Invoice>(env!, CUSTOMER, `/v1/invoices/${invoiceId}`);
  assert.equal(invoice.status, 'paid');
  assert.equal(invoice.amount_remaining, 0);

  await page.getByRole('link', { name: 'Billing' }).click();
  await page.getByRole('navigation', { name: 'お支払い関連のメニュー' }).getByRole('button', { name: '請求書', exact: true }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: new RegExp(invoice.number ?? invoiceId) }) });
  await row.getByRole('cell', { name: '支払い済み' }).waitFor();
  assert.deepEqual(pageErrors, []);
});
