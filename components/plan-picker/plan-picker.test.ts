import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { API_BASE, example, jsonError, mockApi } from '../../test/browser/support/api.js';
import { LOAD_TIMEOUT, buttonByText, focused, sessionWith, textOf, uniqueToken, waitForButton, waitForDialog } from '../subscription/subscription-test-support.js';
import './define.js';
import type { KeelPlanPicker } from './plan-picker.js';

async function renderPicker(locale = 'en'): Promise<KeelPlanPicker> {
  const element = await fixture<KeelPlanPicker>(
    html`<keel-plan-picker api-base=${API_BASE} session-token=${uniqueToken()} subscription-id="sub_jp_1" locale=${locale}></keel-plan-picker>`,
  );
  await waitUntil(() => element.shadowRoot!.querySelector('[part="trigger"]'), 'trigger did not render', { timeout: LOAD_TIMEOUT });
  return element;
}

/** Returns the example catalog plus a yearly plan the vendor does not allow switching to. */
function catalogWithDisallowed() {
  const catalog = example('PlanCatalog');
  const yearly = { ...catalog.plans[1]!.plan, id: 'price_pro_yearly_jpy', name: 'Pro yearly', interval: 'year' as const, amount: 49800 };
  catalog.plans.push({ plan: yearly, current: false, allowed: false, disallowed_reason: 'interval_change_not_allowed', timing: 'now' });
  return catalog;
}

async function openPreview(element: KeelPlanPicker): Promise<HTMLDialogElement> {
  element.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!.click();
  const dialog = await waitForDialog(element);
  (await waitForButton(dialog, 'Choose')).click();
  return dialog;
}

describe('keel-plan-picker', () => {
  it('marks the current plan and disables disallowed ones', async () => {
    await mockApi({ 'session.retrieve': sessionWith(), 'plans.list': catalogWithDisallowed() });
    const element = await renderPicker();
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!.click();
    const dialog = await waitForDialog(element);
    await waitUntil(() => dialog.querySelectorAll('[part="plan"]').length === 3, 'catalog did not render');
    const [starter, pro, yearly] = [...dialog.querySelectorAll('[part="plan"]')];

    expect(textOf(starter)).to.contain('Takes effect at the end of your billing period');
    expect(starter!.querySelector('button')!.disabled).to.equal(false);
    expect(textOf(pro)).to.contain('Current plan');
    expect(pro!.querySelector('button')).to.equal(null);
    expect(yearly!.querySelector('button')!.disabled).to.equal(true);
    expect(textOf(yearly)).to.contain("Switching to a different billing interval isn't available.");
    await expect(element).to.be.accessible();
  });

  it('asks the catalog for this subscription', async () => {
    const requests = await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderPicker();
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!.click();
    await waitUntil(() => requests.some((request) => request.operation === 'plans.list'), 'catalog not requested');

    const request = requests.find((item) => item.operation === 'plans.list')!;
    expect(request.url.searchParams.get('subscription_id')).to.equal('sub_jp_1');
  });

  it('shows the proration preview', async () => {
    await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderPicker();
    const dialog = await openPreview(element);
    await waitUntil(() => dialog.querySelector('[part="preview"]'), 'preview did not render');
    const amounts = [...dialog.querySelectorAll('tbody td.amount')].map((cell) => textOf(cell));

    expect(textOf(dialog.querySelector('[part="amount-due"]'))).to.equal('Due now ¥1,702');
    expect(amounts).to.deep.equal(['-¥1,022', '+¥2,570']);
    expect(textOf(dialog)).to.contain('Next invoice: ¥5,478 on Jan 1, 2027');
    expect(textOf(dialog)).to.contain('The change takes effect immediately.');
    await expect(element).to.be.accessible();
  });

  it('says when a change waits for period end', async () => {
    const preview = example('SubscriptionChangePreview');
    Object.assign(preview, { timing: 'period_end', effective_at: '2027-01-01T00:00:00Z', lines: [], subtotal: 0, total_tax: 0, amount_due_now: 0 });
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.previewChange': preview });
    const element = await renderPicker();
    const dialog = await openPreview(element);
    await waitUntil(() => dialog.querySelector('[part="preview"]'), 'preview did not render');

    expect(textOf(dialog)).to.contain('The change takes effect on Jan 1, 2027. Nothing is charged now.');
  });

  it('confirms with the preview proration date', async () => {
    const preview = example('SubscriptionChangePreview');
    preview.proration_date = '2026-12-16T08:30:00Z';
    const requests = await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.previewChange': preview });
    const element = await renderPicker();
    const dialog = await openPreview(element);

    const changed = oneEvent(element, 'keel-subscription-changed');
    (await waitForButton(dialog, 'Confirm change')).click();
    const { detail } = await changed;

    const change = requests.find((request) => request.operation === 'subscriptions.change')!;
    expect(change.body).to.deep.equal({ plan_id: 'price_pro_monthly_jpy', proration_date: '2026-12-16T08:30:00Z' });
    expect(detail.change).to.equal('plan');
    await waitUntil(() => dialog.querySelector('[part="result"]'), 'no result');
    expect(textOf(dialog.querySelector('[part="result"]'))).to.equal('Your plan is now Pro.');
    await expect(element).to.be.accessible();
  });

  it('sends one change on double click', async () => {
    const requests = await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderPicker();
    const dialog = await openPreview(element);
    const confirm = await waitForButton(dialog, 'Confirm change');

    const changed = oneEvent(element, 'keel-subscription-changed');
    confirm.click();
    confirm.click();
    await changed;

    expect(requests.filter((request) => request.operation === 'subscriptions.change')).to.have.length(1);
  });

  it('failed preview shows error, not zero', async () => {
    let failing = true;
    await mockApi({
      'session.retrieve': sessionWith(),
      'subscriptions.previewChange': () => (failing ? jsonError(500, 'internal_error') : example('SubscriptionChangePreview')),
    });
    const element = await renderPicker();
    const dialog = await openPreview(element);
    await waitUntil(() => dialog.querySelector('[role="alert"]'), 'no error shown', { timeout: 10_000 });

    expect(textOf(dialog.querySelector('[role="alert"]'))).to.contain("We couldn't calculate the price of this change.");
    expect(textOf(dialog)).not.to.match(/¥\s*0/);
    expect(dialog.querySelector('[part="amount-due"]')).to.equal(null);
    expect(buttonByText(dialog, 'Confirm change')).to.equal(null);
    await expect(element).to.be.accessible();

    failing = false;
    dialog.querySelector<HTMLButtonElement>('[part="retry-button"]')!.click();
    await waitUntil(() => dialog.querySelector('[part="amount-due"]'), 'retry did not load the preview');
    expect(textOf(dialog.querySelector('[part="amount-due"]'))).to.equal('Due now ¥1,702');
  });

  it('shows a server refusal', async () => {
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.change': jsonError(422, 'plan_change_not_allowed', 'plan_id') });
    const element = await renderPicker();
    const dialog = await openPreview(element);

    const failed = oneEvent(element, 'keel-error');
    (await waitForButton(dialog, 'Confirm change')).click();
    await failed;
    await element.updateComplete;

    expect(textOf(dialog.querySelector('[part="alert"]'))).to.equal("This plan change isn't available for your subscription.");
    expect(buttonByText(dialog, 'Confirm change')!.disabled).to.equal(true);
  });

  it('opens at a plan preview', async () => {
    const requests = await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderPicker();

    await element.open({ planId: 'price_starter_monthly_jpy' });
    const dialog = await waitForDialog(element);
    await waitUntil(() => dialog.querySelector('[part="amount-due"]'), 'preview did not render');

    const preview = requests.find((request) => request.operation === 'subscriptions.previewChange')!;
    expect(preview.body).to.deep.equal({ plan_id: 'price_starter_monthly_jpy' });
    expect(requests.some((request) => request.operation === 'plans.list')).to.equal(false);
  });

  it('shows the empty catalog', async () => {
    await mockApi({ 'session.retrieve': sessionWith(), 'plans.list': { object: 'plan_catalog', subscription_id: 'sub_jp_1', plans: [] } });
    const element = await renderPicker();
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!.click();
    const dialog = await waitForDialog(element);
    await waitUntil(() => dialog.querySelector('[part="empty"]'), 'no empty state');

    expect(textOf(dialog.querySelector('[part="empty"]'))).to.equal('No plans are available.');
    await expect(element).to.be.accessible();
  });

  it('passes axe while the catalog loads', async () => {
    await mockApi({ 'session.retrieve': sessionWith(), 'plans.list': () => new Promise(() => {}) });
    const element = await renderPicker();
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!.click();
    const dialog = await waitForDialog(element);

    expect(dialog.querySelector('[part="loading"]')).to.exist;
    await expect(element).to.be.accessible();
  });

  it('hides the trigger without the capability', async () => {
    await mockApi({ 'session.retrieve': sessionWith(['subscription.read']) });
    const element = await fixture<KeelPlanPicker>(html`<keel-plan-picker api-base=${API_BASE} session-token=${uniqueToken()} subscription-id="sub_jp_1" locale="en"></keel-plan-picker>`);
    await waitUntil(() => element.shadowRoot!.querySelector('[part="announcer"]') && (element as unknown as { currentSubscription?: unknown }).currentSubscription, 'did not load');

    expect(element.shadowRoot!.querySelector('[part="trigger"]')).to.equal(null);
  });

  it('works by keyboard with managed focus', async () => {
    await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderPicker();
    const trigger = element.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!;
    trigger.focus();

    await sendKeys({ press: 'Enter' });
    const dialog = await waitForDialog(element);
    await waitUntil(() => dialog.contains(focused()), 'focus did not move into the dialog');

    await waitForButton(dialog, 'Choose');
    for (let press = 0; press < 6; press += 1) {
      await sendKeys({ press: 'Tab' });
      expect(dialog.contains(focused()), `focus left the dialog after ${press + 1} Tab presses`).to.equal(true);
    }
    (buttonByText(dialog, 'Choose')!).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => buttonByText(dialog, 'Confirm change'), 'preview did not open by keyboard');

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'Escape did not close the dialog');
    expect(focused()).to.equal(trigger);
  });

  it('speaks Japanese', async () => {
    await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderPicker('ja');
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!.click();
    const dialog = await waitForDialog(element);
    (await waitForButton(dialog, '選択する')).click();
    await waitUntil(() => dialog.querySelector('[part="amount-due"]'), 'preview did not render');

    expect(textOf(dialog.querySelector('[part="amount-due"]'))).to.equal('今回のお支払い額 ￥1,702');
    expect(buttonByText(dialog, '変更を確定する')).to.exist;
  });
});
