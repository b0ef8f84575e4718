// Journey: a customer switches the portal to Arabic, and it lays out right to
// left: the portal's direction is rtl, its section navigation starts at the
// right edge, and amounts keep their left-to-right order inside the RTL text.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openDemo, saveScreenshot, startEnvironment, type E2eEnvironment } from './support/harness.js';

const CUSTOMER = 'cus_us_annual';
/** How far, in CSS pixels, the first tab may sit from the navigation's edge (its padding). */
const EDGE_TOLERANCE_PX = 24;

let env: E2eEnvironment | undefined;

before(async () => {
  env = await startEnvironment();
});

after(async () => {
  await env?.close();
});

test('Arabic portal lays out right to left', async () => {
  const { page, pageErrors } = await openDemo(env!, { customerId: CUSTOMER, locale: 'en', page: 'billing' });
  const portal = page.locator('keel-portal');
  await page.getByRole('navigation', { name: 'Billing sections' }).waitFor();
  assert.equal(await portal.evaluate((element) => getComputedStyle(element).direction), 'ltr', 'English starts left to right');

  await page.getByLabel('Language').selectOption('ar');
  const nav = page.getByRole('navigation', { name: 'أقسام الفوترة' });
  await nav.waitFor();

  assert.equal(await portal.getAttribute('dir'), 'rtl');
  assert.equal(await portal.evaluate((element) => getComputedStyle(element).direction), 'rtl');

  const tabs = nav.getByRole('button');
  const navBox = await nav.boundingBox();
  const firstTab = await tabs.nth(0).boundingBox();
  const secondTab = await tabs.nth(1).boundingBox();
  assert.ok(navBox && firstTab && secondTab, 'the navigation and its tabs are laid out');
  assert.equal(await tabs.nth(0).textContent().then((text) => text?.trim()), 'نظرة عامة', 'the first tab is the overview');
  assert.ok(secondTab.x + secondTab.width <= firstTab.x, `the second tab (right edge ${secondTab.x + secondTab.width}) sits left of the first (left edge ${firstTab.x})`);
  const gapToRight = navBox.x + navBox.width - (firstTab.x + firstTab.width);
  assert.ok(gapToRight >= 0 && gapToRight <= EDGE_TOLERANCE_PX, `the first tab ends ${gapToRight}px from the navigation's right edge`);

  const amount = page.getByRole('region', { name: 'نظرة عامة' }).getByRole('article').getByText(/290\.00/).first();
  await amount.waitFor();
  const amountStyle = await amount.evaluate((element) => {
    const style = getComputedStyle(element);
    return { direction: style.direction, unicodeBidi: style.unicodeBidi };
  });
  assert.equal(amountStyle.direction, 'ltr', 'amounts keep left-to-right order');
  assert.equal(amountStyle.unicodeBidi, 'isolate', 'amounts are isolated from the surrounding RTL text');

  await saveScreenshot(page, 'arabic-rtl');
  assert.deepEqual(pageErrors, []);
});
