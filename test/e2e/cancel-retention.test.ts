// Journey: a customer starts to cancel, accepts the retention discount,
// changes their mind again and cancels at period end, then reactivates.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SubscriptionList } from '../../src/contract/index.js';
import { apiGet, openDemo, saveScreenshot, startEnvironment, type E2eEnvironment } from './support/harness.js';

const CUSTOMER = 'cus_many_invoices';

let env: E2eEnvironment | undefined;

before(async () => {
  env = await startEnvironment();
});

after(async () => {
  await env?.close();
});

test('cancel, retain, cancel, reactivate', async () => {
  const { page, pageErrors } = await openDemo(env!, { customerId: CUSTOMER, locale: 'en', page: 'billing' });
  await page.getByRole('navigation', { name: 'Billing sections' }).getByRole('button', { name: 'Subscription', exact: true }).click();
  const subscription = page.getByRole('region', { name: 'Subscription' }).getByRole('article');
  const badges = subscription.getByRole('list').first();

  // First attempt: the survey leads to a retention offer, which the customer accepts.
  await subscription.getByRole('button', { name: 'Cancel subscription' }).click();
  const survey = page.getByRole('dialog', { name: 'Cancel subscription' });
  await survey.getByRole('radio', { name: "It's too expensive" }).check();
  await survey.getByRole('button', { name: 'Continue' }).click();
  const offers = page.getByRole('dialog', { name: 'Before you go' });
  await offers.getByRole('listitem').filter({ hasText: '20% off for 3 months' }).getByRole('button', { name: 'Accept offer' }).click();
  const retained = page.getByRole('dialog', { name: /Offer applied/ });
  await retained.getByText(/Your next invoice: \$7\.20/).waitFor();
  await retained.getByRole('button', { name: 'Close' }).last().click();
  await subscription.getByText('Discount').waitFor();

  const discounted = (await apiGet<SubscriptionList>(env!, CUSTOMER, '/v1/subscriptions')).data[0]!;
  assert.equal(discounted.discount?.percent_off, 20);
  assert.equal(discounted.cancel_at_period_end, false);

  // Second attempt: the customer declines the offer, if shown, and confirms.
  await subscription.getByRole('button', { name: 'Cancel subscription' }).click();
  await survey.getByRole('radio', { name: "It's too expensive" }).check();
  await survey.getByRole('button', { name: 'Continue' }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirm cancellation' });
  const declineOffers = offers.getByRole('button', { name: 'No thanks, continue canceling' });
  await confirm.or(declineOffers).first().waitFor();
  if (await declineOffers.isVisible()) await declineOffers.click();
  await confirm.getByRole('button', { name: 'Cancel subscription' }).click();
  const canceled = page.getByRole('dialog', { name: 'Subscription canceled' });
  await canceled.getByText(/Your subscription ends on/).waitFor();
  await canceled.getByRole('button', { name: 'Close' }).last().click();

  const cancelsBadge = badges.getByRole('listitem').filter({ hasText: /^Cancels on / });
  await cancelsBadge.waitFor();
  await saveScreenshot(page, 'cancel-retention');
  const ending = (await apiGet<SubscriptionList>(env!, CUSTOMER, '/v1/subscriptions')).data[0]!;
  assert.equal(ending.cancel_at_period_end, true);
  assert.equal(ending.upcoming_invoice, null);

  // Reactivation brings back the renewal, discount included.
  await subscription.getByRole('button', { name: 'Reactivate subscription' }).click();
  const reactivate = page.getByRole('dialog', { name: 'Reactivate subscription' });
  await reactivate.getByRole('button', { name: 'Reactivate subscription' }).click();
  const active = page.getByRole('dialog', { name: 'Your subscription is active again' });
  await active.getByText(/It renews on/).waitFor();
  await active.getByRole('button', { name: 'Close' }).last().click();

  await subscription.getByRole('button', { name: 'Cancel subscription' }).waitFor();
  assert.equal(await cancelsBadge.count(), 0, 'the cancellation badge is gone');
  const renewed = (await apiGet<SubscriptionList>(env!, CUSTOMER, '/v1/subscriptions')).data[0]!;
  assert.equal(renewed.cancel_at_period_end, false);
  assert.equal(renewed.status, 'active');
  assert.equal(renewed.discount?.percent_off, 20);
  assert.equal(renewed.upcoming_invoice?.amount_due, 720);
  assert.deepEqual(pageErrors, []);
});
