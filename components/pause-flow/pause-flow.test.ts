import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { API_BASE, jsonError, mockApi } from '../../test/browser/support/api.js';
import { addMonths } from '../subscription/subscription-format.js';
import { LOAD_TIMEOUT, buttonByText, focused, sessionWith, subscriptionWith, textOf, uniqueToken, waitForButton, waitForDialog } from '../subscription/subscription-test-support.js';
import './define.js';
import type { KeelPauseFlow } from './pause-flow.js';

const pausedSubscription = () => subscriptionWith({ pause_collection: { behavior: 'void', resumes_at: '2027-03-01T00:00:00Z' } });

async function renderFlow(locale = 'en'): Promise<KeelPauseFlow> {
  const element = await fixture<KeelPauseFlow>(
    html`<keel-pause-flow api-base=${API_BASE} session-token=${uniqueToken()} subscription-id="sub_jp_1" locale=${locale}></keel-pause-flow>`,
  );
  await waitUntil(() => element.shadowRoot!.querySelector('[part="trigger"]'), 'trigger did not render', { timeout: LOAD_TIMEOUT });
  return element;
}

async function openFlow(element: KeelPauseFlow): Promise<HTMLDialogElement> {
  element.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!.click();
  return waitForDialog(element);
}

describe('keel-pause-flow', () => {
  it('offers the vendor durations with resume dates', async () => {
    await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderFlow();
    const dialog = await openFlow(element);
    const choices = [...dialog.querySelectorAll('label.choice')].map((label) => textOf(label));
    const inTwoMonths = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'Asia/Tokyo' }).format(addMonths(new Date(), 2));

    expect(choices).to.have.length(3);
    expect(choices[0]).to.match(/^1 month Resumes on /);
    expect(choices[1]).to.equal(`2 months Resumes on ${inTwoMonths}`);
    await expect(element).to.be.accessible();
  });

  it('counts resume dates from the provider clock', async () => {
    // A sandbox whose test clock is 40 days behind the browser.
    const session = sessionWith();
    const providerNow = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000);
    session.now = providerNow.toISOString();
    await mockApi({ 'session.retrieve': session });
    const element = await renderFlow();
    const dialog = await openFlow(element);
    const choices = [...dialog.querySelectorAll('label.choice')].map((label) => textOf(label));
    const inTwoMonths = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'Asia/Tokyo' }).format(addMonths(providerNow, 2));

    expect(choices[1]).to.equal(`2 months Resumes on ${inTwoMonths}`);
  });

    it('explains billing and access', async () => {
    await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderFlow();
    const dialog = await openFlow(element);
    const terms = textOf(dialog.querySelector('[part="terms"]'));

    expect(terms).to.contain("You won't be charged for the paused period.");
    expect(terms).to.contain("You won't have access to the service while paused.");
  });

  it('explains held invoices and kept access', async () => {
    const session = sessionWith();
    session.features.pause = { months: [1], behavior: 'keep_as_draft', keeps_access: true };
    await mockApi({ 'session.retrieve': session });
    const element = await renderFlow();
    const dialog = await openFlow(element);
    const terms = textOf(dialog.querySelector('[part="terms"]'));

    expect(terms).to.contain('Invoices for the paused period are held and may be charged after your subscription resumes.');
    expect(terms).to.contain('You keep access to the service while paused.');
  });

  it('pauses for the chosen months', async () => {
    const requests = await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.pause': pausedSubscription() });
    const element = await renderFlow();
    const dialog = await openFlow(element);
    dialog.querySelector<HTMLInputElement>('input[value="3"]')!.click();

    const changed = oneEvent(element, 'keel-subscription-changed');
    buttonByText(dialog, 'Pause subscription')!.click();
    const { detail } = await changed;

    expect(requests.find((request) => request.operation === 'subscriptions.pause')!.body).to.deep.equal({ months: 3 });
    expect(detail.change).to.equal('paused');
    await waitUntil(() => dialog.querySelector('[part="result"]'), 'no result');
    expect(textOf(dialog.querySelector('[part="result"]'))).to.equal('Your subscription is paused until Mar 1, 2027.');
    await expect(element).to.be.accessible();
  });

  it('pauses once on double click', async () => {
    const requests = await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.pause': pausedSubscription() });
    const element = await renderFlow();
    const dialog = await openFlow(element);
    const confirm = buttonByText(dialog, 'Pause subscription')!;

    const changed = oneEvent(element, 'keel-subscription-changed');
    confirm.click();
    confirm.click();
    await changed;

    expect(requests.filter((request) => request.operation === 'subscriptions.pause')).to.have.length(1);
  });

  it('shows a refused pause', async () => {
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.pause': jsonError(422, 'pause_duration_not_offered', 'months') });
    const element = await renderFlow();
    const dialog = await openFlow(element);

    const failed = oneEvent(element, 'keel-error');
    buttonByText(dialog, 'Pause subscription')!.click();
    await failed;
    await element.updateComplete;

    expect(textOf(dialog.querySelector('[part="alert"]'))).to.equal("That pause length isn't available.");
    await expect(element).to.be.accessible();
  });

  it('shows a paused badge and resumes', async () => {
    const requests = await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.retrieve': pausedSubscription() });
    const element = await renderFlow();

    expect(textOf(element.shadowRoot!.querySelector('[part="badges"]'))).to.equal('Paused until Mar 1, 2027');
    const dialog = await openFlow(element);
    const resume = await waitForButton(dialog, 'Resume now');
    expect(textOf(dialog)).to.contain('Your subscription is paused until Mar 1, 2027.');
    await expect(element).to.be.accessible();

    const changed = oneEvent(element, 'keel-subscription-changed');
    resume.click();
    const { detail } = await changed;

    expect(requests.filter((request) => request.operation === 'subscriptions.resume')).to.have.length(1);
    expect(detail.change).to.equal('resumed');
  });

  it('hides the trigger without durations', async () => {
    const session = sessionWith();
    session.features.pause.months = [];
    await mockApi({ 'session.retrieve': session });
    const element = await fixture<KeelPauseFlow>(html`<keel-pause-flow api-base=${API_BASE} session-token=${uniqueToken()} subscription-id="sub_jp_1" locale="en"></keel-pause-flow>`);
    await waitUntil(() => (element as unknown as { subscriptionLoader: { status: string } }).subscriptionLoader.status === 'ready', 'did not load');
    await element.updateComplete;

    expect(element.shadowRoot!.querySelector('[part="trigger"]')).to.equal(null);
  });

  it('hides the trigger without the capability', async () => {
    await mockApi({ 'session.retrieve': sessionWith(['subscription.read']) });
    const element = await fixture<KeelPauseFlow>(html`<keel-pause-flow api-base=${API_BASE} session-token=${uniqueToken()} subscription-id="sub_jp_1" locale="en"></keel-pause-flow>`);
    await waitUntil(() => (element as unknown as { subscriptionLoader: { status: string } }).subscriptionLoader.status === 'ready', 'did not load');
    await element.updateComplete;

    expect(element.shadowRoot!.querySelector('[part="trigger"]')).to.equal(null);
  });

  it('shows an error with retry when loading fails', async () => {
    let failing = true;
    await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.retrieve': () => (failing ? jsonError(404, 'resource_missing') : subscriptionWith()) });
    const element = await fixture<KeelPauseFlow>(html`<keel-pause-flow api-base=${API_BASE} session-token=${uniqueToken()} subscription-id="sub_jp_1" locale="en"></keel-pause-flow>`);
    await waitUntil(() => element.shadowRoot!.querySelector('[part="error"]'), 'no error shown');
    await expect(element).to.be.accessible();

    failing = false;
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry-button"]')!.click();
    await waitUntil(() => element.shadowRoot!.querySelector('[part="trigger"]'), 'retry did not load');
  });

  it('pauses by keyboard with managed focus', async () => {
    const requests = await mockApi({ 'session.retrieve': sessionWith(), 'subscriptions.pause': pausedSubscription() });
    const element = await renderFlow();
    const trigger = element.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!;
    trigger.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = await waitForDialog(element);
    await waitUntil(() => dialog.contains(focused()), 'focus did not move into the dialog');

    // Heading, close button, then the checked duration; the arrow key picks the next one.
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => requests.some((request) => request.operation === 'subscriptions.pause'), 'Enter did not pause');
    expect(requests.find((request) => request.operation === 'subscriptions.pause')!.body).to.deep.equal({ months: 2 });

    await waitForButton(dialog, 'Close');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'Escape did not close');
    expect(focused()).to.equal(element.shadowRoot!.querySelector('[part="trigger"]'));
  });

  it('speaks Japanese', async () => {
    await mockApi({ 'session.retrieve': sessionWith() });
    const element = await renderFlow('ja');
    const dialog = await openFlow(element);

    expect(textOf(dialog.querySelector('legend'))).to.equal('一時停止する期間を選択してください');
    expect(textOf(dialog.querySelector('label.choice'))).to.match(/^1か月 .+に再開$/);
    expect(buttonByText(dialog, '一時停止する')).to.exist;
  });
});
