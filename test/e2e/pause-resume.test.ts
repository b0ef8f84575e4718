// Journey: a healthy customer pauses for a month, sees the paused badge with
// the resume date, then resumes, and the badge goes away.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SubscriptionList, TestClock } from '../../src/contract/index.js';
import { apiGet, openDemo, saveScreenshot, startEnvironment, type E2eEnvironment } from './support/harness.js';

const CUSTOMER = 'cus_us_annual';

let env: E2eEnvironment | undefined;

before(async () => {
  env = await startEnvironment();
});

after(async () => {
  await env?.close();
});

// NOTE: keel-pause-flow computes the resume dates it offers from the
// browser's clock, so against the sandbox's test clock they differ from the
// date the server then pauses until.
test('pause dialog offers server resume date', async () => {
  const { page } = await openDemo(env!, { customerId: CUSTOMER, locale: 'en', page: 'billing' });
  await page.getByRole('navigation', { name: 'Billing sections' }).getByRole('button', { name: 'Subscription', exact: true }).click();
  const subscription = page.getByRole('region', { name: 'Subscription' }).getByRole('article');
  await subscription.getByRole('button', { name: 'Pause subscription' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pause subscription' });
  // The first choice is one month, and each choice names its resume date.
  const firstResumeDate = dialog.getByText(/^Resumes on /).first();
  await firstResumeDate.waitFor();

  const clock = await fetch(`${env!.demo.url}/demo-api/clock`).then((response) => response.json() as Promise<TestClock>);
  const expectedResume = new Date(clock.frozen_time);
  expectedResume.setUTCMonth(expectedResume.getUTCMonth() + 1);
  const expectedDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'America/New_York' }).format(expectedResume);
  assert.equal((await firstResumeDate.textContent())?.trim(), `Resumes on ${expectedDate}`);
});

test('pause shows badge, resume clears it', async () => {
  const { page, pageErrors } = await openDemo(env!, { customerId: CUSTOMER, locale: 'en', page: 'billing' });
  await page.getByRole('navigation', { name: 'Billing sections' }).getByRole('button', { name: 'Subscription', exact: true }).click();
  const subscription = page.getByRole('region', { name: 'Subscription' }).getByRole('article');
  const badges = subscription.getByRole('list').first();
  await badges.getByText('Active', { exact: true }).waitFor();

  await subscription.getByRole('button', { name: 'Pause subscription' }).click();
  const pauseDialog = page.getByRole('dialog', { name: 'Pause subscription' });
  await pauseDialog.getByRole('radio', { name: /^1 month/ }).check();
  await pauseDialog.getByRole('button', { name: 'Pause subscription' }).click();
  await pauseDialog.getByText(/Your subscription is paused until/).waitFor();
  await pauseDialog.getByRole('button', { name: 'Close' }).last().click();

  const pausedBadge = badges.getByRole('listitem').filter({ hasText: /^Paused until / });
  await pausedBadge.waitFor();
  await saveScreenshot(page, 'pause-resume');

  const clock = await fetch(`${env!.demo.url}/demo-api/clock`).then((response) => response.json() as Promise<TestClock>);
  const paused = (await apiGet<SubscriptionList>(env!, CUSTOMER, '/v1/subscriptions')).data[0]!;
  assert.equal(paused.status, 'paused');
  const resumesAt = new Date(paused.pause_collection?.resumes_at ?? 0);
  const expectedResume = new Date(clock.frozen_time);
  expectedResume.setUTCMonth(expectedResume.getUTCMonth() + 1);
  assert.equal(resumesAt.toISOString(), expectedResume.toISOString(), 'the pause lasts one month on the test clock');
  const badgeDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'America/New_York' }).format(resumesAt);
  assert.equal((await pausedBadge.textContent())?.trim(), `Paused until ${badgeDate}`);

  await subscription.getByRole('button', { name: 'Resume subscription' }).click();
  const resumeDialog = page.getByRole('dialog', { name: 'Resume subscription' });
  await resumeDialog.getByRole('button', { name: 'Resume now' }).click();
  await resumeDialog.getByText('Your subscription is active again.').waitFor();
  await resumeDialog.getByRole('button', { name: 'Close' }).last().click();

  await badges.getByText('Active', { exact: true }).waitFor();
  assert.equal(await pausedBadge.count(), 0, 'the paused badge is gone');
  await subscription.getByRole('button', { name: 'Pause subscription' }).waitFor();
  const resumed = (await apiGet<SubscriptionList>(env!, CUSTOMER, '/v1/subscriptions')).data[0]!;
  assert.equal(resumed.status, 'active');
  assert.equal(resumed.pause_collection, null);
  assert.deepEqual(pageErrors, []);
});
