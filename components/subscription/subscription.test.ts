import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { API_BASE, example, jsonError, mockApi } from '../../test/browser/support/api.js';
import type { KeelCancelFlow } from '../cancel-flow/cancel-flow.js';
import type { KeelPlanPicker } from '../plan-picker/plan-picker.js';
import './define.js';
import type { KeelSubscription } from './subscription.js';
import {
  LOAD_TIMEOUT,
  buttonByText,
  cancellingSubscription,
  focused,
  sessionWith,
  subscriptionWith,
  textOf,
  uniqueToken,
  waitForButton,
  waitForDialog,
} from './subscription-test-support.js';
import type { Subscription } from '../../src/contract/index.js';

async function renderSubscription(locale = 'en', token = uniqueToken()): Promise<KeelSubscription> {
  const element = await fixture<KeelSubscription>(html`<keel-subscription api-base=${API_BASE} session-token=${token} locale=${locale}></keel-subscription>`);
  await waitUntil(() => element.shadowRoot!.querySelector('[part="subscription"], [part="empty"], [part="error"]'), 'subscription did not load', { timeout: LOAD_TIMEOUT });
  return element;
}

function listOf(...subscriptions: Subscription[]) {
  return { object: 'list', data: subscriptions, has_more: false, next_cursor: null };
}

function actionLabels(element: KeelSubscription): string[] {
  return [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="actions"] button')].map((button) => button.dataset.action ?? '');
}

describe('keel-subscription', () => {
  it('shows plan, price, renewal and next invoice', async () => {
    await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderSubscription();
    const text = textOf(element.shadowRoot!.querySelector('[part="subscription"]'));

    expect(text).to.contain('Pro');
    expect(text).to.contain('¥4,980 per month');
    expect(text).to.contain('Renews on');
    expect(text).to.contain('¥5,478 on Jan 1, 2027');
    expect(text).to.contain('Active');
  });

  it('passes axe once loaded', async () => {
    await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderSubscription();

    await expect(element).to.be.accessible();
  });

  it('passes axe while loading', async () => {
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.list': () => new Promise(() => {}) });
    const element = await fixture<KeelSubscription>(html`<keel-subscription api-base=${API_BASE} session-token=${uniqueToken()} locale="en"></keel-subscription>`);
    await waitUntil(() => element.shadowRoot!.querySelector('[part="loading"]'), 'no loading state');

    await expect(element).to.be.accessible();
  });

  it('shows the empty state', async () => {
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.list': listOf() });
    const element = await renderSubscription();

    expect(textOf(element.shadowRoot!.querySelector('[part="empty"]'))).to.equal("You don't have a subscription.");
    await expect(element).to.be.accessible();
  });

  it('shows an error and retries', async () => {
    let failing = true;
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.list': () => (failing ? jsonError(404, 'resource_missing') : example('SubscriptionList')) });
    const element = await renderSubscription();
    expect(element.shadowRoot!.querySelector('[part="error"]')).to.exist;
    await expect(element).to.be.accessible();

    failing = false;
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry-button"]')!.click();
    await waitUntil(() => element.shadowRoot!.querySelector('[part="subscription"]'), 'retry did not load');
  });

  it('cancel at period end says nothing more is charged', async () => {
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.list': listOf(cancellingSubscription()) });
    const element = await renderSubscription();

    const notice = textOf(element.shadowRoot!.querySelector('[part="end-notice"]'));
    expect(notice).to.equal('Your subscription ends on Jan 1, 2027. Nothing more will be charged.');
    expect(textOf(element.shadowRoot!.querySelector('[part="badges"]'))).to.contain('Cancels on Jan 1, 2027');
    expect(textOf(element.shadowRoot!)).not.to.contain('Next invoice');
    expect(actionLabels(element)).to.include('reactivate');
    expect(actionLabels(element)).not.to.include('cancel');
  });

  it('previews a change while cancelling', async () => {
    const requests = await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.list': listOf(cancellingSubscription()) });
    const element = await renderSubscription();

    element.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="change-plan"]')!.click();
    const picker = element.shadowRoot!.querySelector<KeelPlanPicker>('keel-plan-picker')!;
    const dialog = await waitForDialog(picker);
    (await waitForButton(dialog, 'Choose')).click();
    await waitUntil(() => picker.shadowRoot!.querySelector('[part="amount-due"]'), 'preview did not render');

    expect(textOf(picker.shadowRoot!.querySelector('[part="amount-due"]'))).to.equal('Due now ¥1,702');
    expect(requests.some((request) => request.operation === 'subscriptions.previewChange')).to.equal(true);
  });

  it('shows trial, past due, paused and scheduled badges', async () => {
    const trial = subscriptionWith({ id: 'sub_trial', status: 'trialing', trial_end: '2026-12-20T00:00:00Z' });
    const pastDue = subscriptionWith({ id: 'sub_past_due', status: 'past_due' });
    const paused = subscriptionWith({ id: 'sub_paused', pause_collection: { behavior: 'void', resumes_at: '2027-03-01T00:00:00Z' } });
    const scheduled = subscriptionWith({
      id: 'sub_scheduled',
      scheduled_change: { plan: { ...example('Subscription').items[0]!.plan, name: 'Starter' }, quantity: 1, effective_at: '2027-01-01T00:00:00Z' },
    });
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.list': listOf(trial, pastDue, paused, scheduled) });
    const element = await renderSubscription();
    const badges = [...element.shadowRoot!.querySelectorAll('[part="badges"]')].map((list) => textOf(list));

    expect(badges[0]).to.equal('Trial until Dec 20, 2026');
    expect(badges[1]).to.equal('Past due');
    expect(badges[2]).to.equal('Paused until Mar 1, 2027');
    expect(badges[3]).to.contain('Changes to Starter on Jan 1, 2027');
  });

  it('shows actions the session allows', async () => {
    await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderSubscription();

    expect(actionLabels(element)).to.deep.equal(['change-plan', 'pause', 'cancel']);
  });

  it('hides actions without capabilities', async () => {
    await mockApi({ 'session.retrieve': sessionWith(['subscription.read']) });
    const element = await renderSubscription();

    expect(element.shadowRoot!.querySelector('[part="actions"]')).to.equal(null);
  });

  it('hides pause without durations', async () => {
    const session = sessionWith();
    session.features.pause.months = [];
    await mockApi({ 'session.retrieve': session });
    const element = await renderSubscription();

    expect(actionLabels(element)).not.to.include('pause');
  });

  it('offers resume when paused', async () => {
    const paused = subscriptionWith({ pause_collection: { behavior: 'void', resumes_at: '2027-03-01T00:00:00Z' } });
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.list': listOf(paused) });
    const element = await renderSubscription();

    expect(actionLabels(element)).to.include('resume');
    expect(actionLabels(element)).not.to.include('pause');
  });

  it('drops a scheduled change and refreshes', async () => {
    const scheduled = subscriptionWith({
      scheduled_change: { plan: example('Subscription').items[0]!.plan, quantity: 1, effective_at: '2027-01-01T00:00:00Z' },
    });
    const requests = await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.list': listOf(scheduled) });
    const element = await renderSubscription();
    const listCalls = () => requests.filter((request) => request.operation === 'subscriptions.list').length;
    expect(listCalls()).to.equal(1);

    const event = oneEvent(element, 'keel-subscription-changed');
    element.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="drop-scheduled-change"]')!.click();
    const { detail } = await event;

    expect(detail.change).to.equal('scheduled_change_canceled');
    expect(requests.filter((request) => request.operation === 'subscriptions.cancelScheduledChange')).to.have.length(1);
    await waitUntil(() => listCalls() === 2, 'the change did not refresh the list');
  });

  it('drops a scheduled change once on double click', async () => {
    const scheduled = subscriptionWith({
      scheduled_change: { plan: example('Subscription').items[0]!.plan, quantity: 1, effective_at: '2027-01-01T00:00:00Z' },
    });
    const requests = await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.list': listOf(scheduled) });
    const element = await renderSubscription();
    const button = element.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="drop-scheduled-change"]')!;

    const event = oneEvent(element, 'keel-subscription-changed');
    button.click();
    button.click();
    await event;

    expect(requests.filter((request) => request.operation === 'subscriptions.cancelScheduledChange')).to.have.length(1);
  });

  it('cancels and returns focus', async () => {
    let cancelled = false;
    await mockApi({
      'session.retrieve': sessionWith(),
      'subscriptions.list': () => listOf(cancelled ? cancellingSubscription() : subscriptionWith()),
      'subscriptions.cancel': () => {
        cancelled = true;
        return cancellingSubscription();
      },
    });
    const element = await renderSubscription();
    const opener = element.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="cancel"]')!;
    opener.focus();
    opener.click();
    const flow = element.shadowRoot!.querySelector<KeelCancelFlow>('keel-cancel-flow')!;
    const dialog = await waitForDialog(flow);
    await waitUntil(() => dialog.querySelector('input[name="reason"]'), 'survey did not render');
    dialog.querySelector<HTMLInputElement>('input[value="unused"]')!.click();
    buttonByText(dialog, 'Continue')!.click();
    (await waitForButton(dialog, 'No thanks, continue canceling')).click();
    const complete = oneEvent(element, 'keel-cancel-flow-complete');
    (await waitForButton(dialog, 'Cancel subscription')).click();
    expect((await complete).detail.outcome).to.equal('cancelled');

    await waitUntil(() => element.shadowRoot!.querySelector('[data-action="reactivate"]'), 'the list did not refresh');
    (await waitForButton(dialog, 'Close')).click();
    await waitUntil(() => !dialog.open, 'dialog did not close');
    expect(focused()).to.equal(element.shadowRoot!.querySelector('[data-action="reactivate"]'));
    expect(textOf(element.shadowRoot!.querySelector('[part="end-notice"]'))).to.contain('Nothing more will be charged.');
  });

  it('renders plan names as text', async () => {
    const hostile = subscriptionWith();
    hostile.items = [{ ...hostile.items[0]!, plan: { ...hostile.items[0]!.plan, name: '<img src=x onerror=alert(1)>' } }];
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.list': listOf(hostile) });
    const element = await renderSubscription();

    expect(textOf(element.shadowRoot!.querySelector('h3'))).to.equal('<img src=x onerror=alert(1)>');
    expect(element.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('speaks Japanese', async () => {
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.list': listOf(cancellingSubscription()) });
    const element = await renderSubscription('ja');

    expect(textOf(element.shadowRoot!.querySelector('.item-price'))).to.equal('月額 ￥4,980');
    expect(textOf(element.shadowRoot!.querySelector('[part="end-notice"]'))).to.equal('サブスクリプションは2027/01/01に終了します。以降の請求は発生しません。');
    expect(buttonByText(element.shadowRoot!, '解約を取り消す')).to.exist;
  });
});
