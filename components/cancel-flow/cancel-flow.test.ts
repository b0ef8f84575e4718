import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { API_BASE, example, jsonError, mockApi } from '../../test/browser/support/api.js';
import { LOAD_TIMEOUT, buttonByText, cancellingSubscription, focused, sessionWith, subscriptionWith, textOf, uniqueToken, waitForButton, waitForDialog } from '../subscription/subscription-test-support.js';
import type { KeelCancelFlow } from './cancel-flow.js';
import './define.js';

async function renderFlow(locale = 'en'): Promise<KeelCancelFlow> {
  const element = await fixture<KeelCancelFlow>(
    html`<keel-cancel-flow api-base=${API_BASE} session-token=${uniqueToken()} subscription-id="sub_jp_1" locale=${locale}></keel-cancel-flow>`,
  );
  await waitUntil(() => element.shadowRoot!.querySelector('[part="trigger"]'), 'trigger did not render', { timeout: LOAD_TIMEOUT });
  return element;
}

async function openSurvey(element: KeelCancelFlow): Promise<HTMLDialogElement> {
  element.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!.click();
  const dialog = await waitForDialog(element);
  await waitUntil(() => dialog.querySelector('input[name="reason"]'), 'survey did not render');
  return dialog;
}

function chooseReason(dialog: HTMLDialogElement, reason: string): void {
  dialog.querySelector<HTMLInputElement>(`input[name="reason"][value="${reason}"]`)!.click();
}

async function typeFeedback(dialog: HTMLDialogElement, text: string): Promise<void> {
  const textarea = dialog.querySelector<HTMLTextAreaElement>('textarea')!;
  textarea.value = text;
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
}

async function reachOffers(element: KeelCancelFlow, reason = 'too_expensive'): Promise<HTMLDialogElement> {
  const dialog = await openSurvey(element);
  chooseReason(dialog, reason);
  buttonByText(dialog, 'Continue')!.click();
  await waitUntil(() => dialog.querySelector('[part="offer"]'), 'offers did not render');
  return dialog;
}

describe('keel-cancel-flow', () => {
  it('offers the vendor reasons and free text', async () => {
    await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderFlow();
    const dialog = await openSurvey(element);
    const reasons = [...dialog.querySelectorAll<HTMLInputElement>('input[name="reason"]')].map((input) => input.value);

    expect(reasons).to.deep.equal(['too_expensive', 'missing_features', 'unused', 'other']);
    expect(dialog.querySelector('textarea')).to.exist;
    await expect(element).to.be.accessible();
  });

  it('hides free text when the vendor turns it off', async () => {
    const session = sessionWith();
    session.features.cancel.free_text = false;
    await mockApi({ 'session.retrieve': session });
    const element = await renderFlow();
    const dialog = await openSurvey(element);

    expect(dialog.querySelector('textarea')).to.equal(null);
  });

  it('requires a reason', async () => {
    const requests = await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderFlow();
    const dialog = await openSurvey(element);

    buttonByText(dialog, 'Continue')!.click();
    await element.updateComplete;

    expect(textOf(dialog.querySelector('[role="alert"]'))).to.equal('Choose a reason to continue.');
    expect(requests.some((request) => request.operation === 'subscriptions.retentionOffers')).to.equal(false);
    await expect(element).to.be.accessible();
  });

  it('asks for offers by reason', async () => {
    const requests = await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderFlow();
    const dialog = await reachOffers(element, 'unused');
    const offers = [...dialog.querySelectorAll('[part="offer"]')].map((offer) => textOf(offer));

    const request = requests.find((item) => item.operation === 'subscriptions.retentionOffers')!;
    expect(request.url.searchParams.get('reason')).to.equal('unused');
    expect(offers[0]).to.contain('30% off for 3 months');
    expect(offers[1]).to.contain('Switch to Starter for ¥1,980 per month');
    await expect(element).to.be.accessible();
  });

  it('accepting an offer is retained', async () => {
    const requests = await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderFlow();
    const dialog = await reachOffers(element);

    const changed = oneEvent(element, 'keel-subscription-changed');
    const complete = oneEvent(element, 'keel-cancel-flow-complete');
    dialog.querySelector<HTMLButtonElement>('[part="offer"] button')!.click();
    const [{ detail: change }, { detail: outcome }] = await Promise.all([changed, complete]);

    const accept = requests.find((request) => request.operation === 'subscriptions.acceptOffer')!;
    expect(accept.params).to.deep.equal({ id: 'sub_jp_1', offer_id: 'offer_discount_30' });
    expect(accept.body).to.deep.equal({ reason: 'too_expensive' });
    expect(change.change).to.equal('offer_accepted');
    expect(outcome).to.deep.equal({ outcome: 'retained', subscriptionId: 'sub_jp_1' });
    expect(requests.some((request) => request.operation === 'subscriptions.cancel')).to.equal(false);
    await waitUntil(() => dialog.querySelector('[part="result"]'), 'no result');
    await expect(element).to.be.accessible();
  });

  it('offers a pause instead', async () => {
    const offers = example('RetentionOfferList');
    offers.data = [{ object: 'retention_offer', id: 'offer_pause_2', type: 'pause', discount: null, pause_months: 2, plan: null }];
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.retentionOffers': offers });
    const element = await renderFlow();
    const dialog = await reachOffers(element);

    expect(textOf(dialog.querySelector('[part="offer"]'))).to.contain('Pause for 2 months instead of canceling');
  });

  it('cancels with reason, feedback and declines', async () => {
    const requests = await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.cancel': cancellingSubscription() });
    const element = await renderFlow();
    const dialog = await openSurvey(element);
    chooseReason(dialog, 'too_expensive');
    await typeFeedback(dialog, 'Budget cuts');
    buttonByText(dialog, 'Continue')!.click();
    (await waitForButton(dialog, 'No thanks, continue canceling')).click();
    await waitUntil(() => dialog.querySelector('[part="confirm-summary"]'), 'confirmation did not render');

    expect(textOf(dialog.querySelector('[part="confirm-summary"]'))).to.equal(
      'Your subscription will end on Jan 1, 2027. You keep access until then, and nothing more will be charged.',
    );
    await expect(element).to.be.accessible();

    const changed = oneEvent(element, 'keel-subscription-changed');
    const complete = oneEvent(element, 'keel-cancel-flow-complete');
    buttonByText(dialog, 'Cancel subscription')!.click();
    const [{ detail: change }, { detail: outcome }] = await Promise.all([changed, complete]);

    const cancel = requests.find((request) => request.operation === 'subscriptions.cancel')!;
    expect(cancel.body).to.deep.equal({ reason: 'too_expensive', feedback: 'Budget cuts', declined_offer_ids: ['offer_discount_30', 'offer_plan_starter'] });
    expect(change.change).to.equal('canceled');
    expect(outcome.outcome).to.equal('cancelled');
    await waitUntil(() => dialog.querySelector('[part="result"]'), 'no result');
    expect(textOf(dialog.querySelector('[part="result"]'))).to.contain('nothing more will be charged');
    await expect(element).to.be.accessible();
  });

  it('cancels without offers', async () => {
    const offers = example('RetentionOfferList');
    offers.data = [];
    const requests = await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.retentionOffers': offers });
    const element = await renderFlow();
    const dialog = await openSurvey(element);
    chooseReason(dialog, 'other');
    buttonByText(dialog, 'Continue')!.click();
    (await waitForButton(dialog, 'Cancel subscription')).click();
    await waitUntil(() => requests.some((request) => request.operation === 'subscriptions.cancel'), 'no cancel request');

    const cancel = requests.find((request) => request.operation === 'subscriptions.cancel')!;
    expect(cancel.body).to.deep.equal({ reason: 'other' });
  });

  it('shows a failed cancellation and stays', async () => {
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.cancel': jsonError(409, 'subscription_state_invalid') });
    const element = await renderFlow();
    const dialog = await reachOffers(element);
    buttonByText(dialog, 'No thanks, continue canceling')!.click();
    (await waitForButton(dialog, 'Cancel subscription')).click();
    await waitUntil(() => dialog.querySelector('[part="alert"]'), 'no error shown', { timeout: 10_000 });

    expect(textOf(dialog.querySelector('[part="alert"]'))).to.equal("Your subscription can't be changed in its current state.");
    expect(dialog.querySelector('[part="confirm-summary"]')).to.exist;
    await expect(element).to.be.accessible();
  });

  it('closing early is aborted', async () => {
    const requests = await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderFlow();
    const dialog = await reachOffers(element);

    const complete = oneEvent(element, 'keel-cancel-flow-complete');
    dialog.querySelector<HTMLButtonElement>('[part="close-button"]')!.click();
    const { detail } = await complete;

    expect(detail.outcome).to.equal('aborted');
    expect(requests.some((request) => request.operation === 'subscriptions.cancel')).to.equal(false);
  });

  it('escape is aborted and restores focus', async () => {
    await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderFlow();
    const trigger = element.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!;
    trigger.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = await waitForDialog(element);
    await waitUntil(() => dialog.contains(focused()), 'focus did not move into the dialog');

    const complete = oneEvent(element, 'keel-cancel-flow-complete');
    await sendKeys({ press: 'Escape' });
    const { detail } = await complete;

    expect(detail.outcome).to.equal('aborted');
    expect(dialog.open).to.equal(false);
    expect(focused()).to.equal(trigger);
  });

  it('cancels by keyboard alone', async () => {
    const requests = await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderFlow();
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = await waitForDialog(element);
    await waitUntil(() => dialog.querySelector('input[name="reason"]') && dialog.contains(focused()), 'survey did not take focus');

    // Heading, close button, then the first reason; Space selects it.
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(focused()).to.equal(dialog.querySelector('input[name="reason"]'));
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => buttonByText(dialog, 'No thanks, continue canceling'), 'offers did not open by keyboard');

    buttonByText(dialog, 'No thanks, continue canceling')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => buttonByText(dialog, 'Cancel subscription'), 'confirmation did not open by keyboard');
    buttonByText(dialog, 'Cancel subscription')!.focus();
    const complete = oneEvent(element, 'keel-cancel-flow-complete');
    await sendKeys({ press: 'Enter' });
    const { detail } = await complete;

    expect(detail.outcome).to.equal('cancelled');
    expect(requests.find((request) => request.operation === 'subscriptions.cancel')!.body).to.deep.equal({
      reason: 'too_expensive',
      declined_offer_ids: ['offer_discount_30', 'offer_plan_starter'],
    });
  });

  it('keeps Tab inside the dialog', async () => {
    await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderFlow();
    const dialog = await reachOffers(element);
    dialog.querySelector<HTMLButtonElement>('[part="close-button"]')!.focus();

    for (let press = 0; press < 8; press += 1) {
      await sendKeys({ press: 'Tab' });
      expect(dialog.contains(focused()), `focus left after ${press + 1} Tab presses`).to.equal(true);
    }
    await sendKeys({ down: 'Shift' });
    try {
      for (let press = 0; press < 8; press += 1) {
        await sendKeys({ press: 'Tab' });
        expect(dialog.contains(focused()), `focus left after ${press + 1} Shift+Tab presses`).to.equal(true);
      }
    } finally {
      await sendKeys({ up: 'Shift' });
    }
  });

  it('reactivates a cancelling subscription', async () => {
    const requests = await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.retrieve': cancellingSubscription() });
    const element = await renderFlow();

    expect(textOf(element.shadowRoot!.querySelector('[part="badges"]'))).to.equal('Cancels on Jan 1, 2027');
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!.click();
    const dialog = await waitForDialog(element);
    const submit = await waitForButton(dialog, 'Reactivate subscription');
    expect(textOf(dialog)).to.contain('Your subscription ends on Jan 1, 2027.');
    await expect(element).to.be.accessible();

    const changed = oneEvent(element, 'keel-subscription-changed');
    const complete = oneEvent(element, 'keel-cancel-flow-complete');
    submit.click();
    const [{ detail: change }, { detail: outcome }] = await Promise.all([changed, complete]);

    expect(requests.filter((request) => request.operation === 'subscriptions.reactivate')).to.have.length(1);
    expect(change.change).to.equal('reactivated');
    expect(outcome.outcome).to.equal('retained');
  });

  it('passes axe while offers load', async () => {
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.retentionOffers': () => new Promise(() => {}) });
    const element = await renderFlow();
    const dialog = await openSurvey(element);
    chooseReason(dialog, 'unused');
    buttonByText(dialog, 'Continue')!.click();
    await waitUntil(() => dialog.querySelector('[role="status"]'), 'no loading state');

    await expect(element).to.be.accessible();
  });

  it('shows an error when the subscription fails', async () => {
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.retrieve': jsonError(404, 'resource_missing') });
    const element = await fixture<KeelCancelFlow>(html`<keel-cancel-flow api-base=${API_BASE} session-token=${uniqueToken()} subscription-id="sub_gone" locale="en"></keel-cancel-flow>`);
    await waitUntil(() => (element as unknown as { subscriptionLoader: { status: string } }).subscriptionLoader.status === 'error', 'load did not fail');

    await element.open();
    const dialog = await waitForDialog(element);
    expect(dialog.querySelector('[part="error"]')).to.exist;
    await expect(element).to.be.accessible();
  });

  it('hides the trigger without the capability', async () => {
    await mockApi({ 'session.retrieve': sessionWith(['subscription.read']) });
    const element = await fixture<KeelCancelFlow>(html`<keel-cancel-flow api-base=${API_BASE} session-token=${uniqueToken()} subscription-id="sub_jp_1" locale="en"></keel-cancel-flow>`);
    await waitUntil(() => (element as unknown as { subscriptionLoader: { status: string } }).subscriptionLoader.status === 'ready', 'did not load');
    await element.updateComplete;

    expect(element.shadowRoot!.querySelector('[part="trigger"]')).to.equal(null);
  });

  it('renders offer plan names as text', async () => {
    const offers = example('RetentionOfferList');
    offers.data[1]!.plan!.name = '<b>Cheap</b>';
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.retentionOffers': offers });
    const element = await renderFlow();
    const dialog = await reachOffers(element);

    expect(textOf(dialog)).to.contain('Switch to <b>Cheap</b>');
    expect(dialog.querySelector('b')).to.equal(null);
  });

  it('speaks Japanese', async () => {
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.retrieve': subscriptionWith() });
    const element = await renderFlow('ja');
    const dialog = await openSurvey(element);

    expect(textOf(dialog.querySelector('legend'))).to.equal('解約の理由をお聞かせください');
    chooseReason(dialog, 'too_expensive');
    buttonByText(dialog, '次へ')!.click();
    await waitUntil(() => dialog.querySelector('[part="offer"]'), 'offers did not render');
    expect(textOf(dialog.querySelector('[part="offer"]'))).to.contain('3か月間 30%オフ');
  });
});
