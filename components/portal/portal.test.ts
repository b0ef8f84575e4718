import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { API_BASE, example, jsonError, mockApi } from '../../test/browser/support/api.js';
import type { PortalSession } from '../../src/contract/index.js';
import { defineElement } from '../shared/define-element.js';
import type { KeelErrorDetail, KeelFlowCompleteDetail } from '../shared/events.js';
import { SUBSCRIPTION_CAPABILITIES, sessionWith, waitForButton } from '../subscription/subscription-test-support.js';
import './define.js';
import type { KeelFlowError } from './flows.js';
import type { KeelPortal } from './portal.js';

async function renderPortal(locale = 'en'): Promise<KeelPortal> {
  const portal = await fixture<KeelPortal>(html`<keel-portal api-base=${API_BASE} session-token=${`token-${Math.random()}`} locale=${locale}></keel-portal>`);
  await waitUntil(() => portal.shadowRoot!.querySelector('nav'), 'portal did not finish loading');
  return portal;
}

function navLabels(portal: KeelPortal): string[] {
  return [...portal.shadowRoot!.querySelectorAll('nav button')].map((button) => button.textContent!.trim());
}

describe('keel-portal', () => {
  it('shows only the views the session allows', async () => {
    await mockApi();
    const portal = await renderPortal();

    expect(navLabels(portal)).to.deep.equal(['Overview', 'Payment methods', 'Invoices']);
  });

  it('passes axe once loaded', async () => {
    await mockApi();
    const portal = await renderPortal();

    await expect(portal).to.be.accessible();
  });

  it('passes axe while loading', async () => {
    await mockApi({ 'session.retrieve': () => new Promise(() => {}) });
    const portal = await fixture<KeelPortal>(html`<keel-portal api-base=${API_BASE} session-token="token-loading"></keel-portal>`);

    expect(portal.shadowRoot!.querySelector('[role="status"]')).to.exist;
    await expect(portal).to.be.accessible();
  });

  it('shows an error with retry when the session fails', async () => {
    let failing = true;
    await mockApi({ 'session.retrieve': () => (failing ? jsonError(500, 'internal_error') : example('PortalSession')) });
    const portal = await fixture<KeelPortal>(html`<keel-portal api-base=${API_BASE} session-token="token-error"></keel-portal>`);
    await waitUntil(() => portal.shadowRoot!.querySelector('[role="alert"]'), 'no error shown', { timeout: 8000 });
    await expect(portal).to.be.accessible();

    failing = false;
    portal.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry-button"]')!.click();
    await waitUntil(() => portal.shadowRoot!.querySelector('nav'), 'retry did not load the portal');
    expect(portal.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
  });

  it('moves between views with arrow keys', async () => {
    await mockApi();
    const portal = await renderPortal();
    const first = portal.shadowRoot!.querySelector<HTMLButtonElement>('nav button')!;
    first.focus();

    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }));
    await portal.updateComplete;

    expect(portal.view).to.equal('payment-methods');
    expect(portal.shadowRoot!.activeElement?.textContent?.trim()).to.equal('Payment methods');
  });

  it('speaks Japanese and lays out Arabic right to left', async () => {
    await mockApi();
    const japanese = await renderPortal('ja');
    expect(navLabels(japanese)[0]).to.equal('概要');

    const arabic = await renderPortal('ar');
    expect(arabic.getAttribute('dir')).to.equal('rtl');
  });

  it('renders the business name as text', async () => {
    const session = example('PortalSession');
    session.branding.business_name = '<img src=x onerror=alert(1)>';
    session.return_url = 'https://app.example.com/';
    await mockApi({ 'session.retrieve': session });
    const portal = await renderPortal();

    const link = portal.shadowRoot!.querySelector('[part="return-link"]')!;
    expect(link.textContent).to.contain('<img src=x onerror=alert(1)>');
    expect(portal.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('shows no link for a javascript return URL', async () => {
    const session = example('PortalSession');
    session.return_url = 'javascript:alert(document.domain)';
    await mockApi({ 'session.retrieve': session });
    const portal = await renderPortal();

    expect(portal.shadowRoot!.querySelector('[part="return-link"]')).to.equal(null);
  });

  it('passes its dark theme to nested elements', async () => {
    await mockApi();
    const portal = await renderPortal();
    portal.theme = 'dark';
    await portal.updateComplete;

    await waitUntil(() => portal.shadowRoot!.querySelector('keel-payment-methods')?.getAttribute('theme') === 'dark', 'nested element stayed light', { timeout: 15000 });
    portal.theme = 'light';
    await waitUntil(() => portal.shadowRoot!.querySelector('keel-payment-methods')?.getAttribute('theme') === 'light', 'nested element kept dark', { timeout: 15000 });
  });

  it('loads the elements of the view it shows', async () => {
    await mockApi();
    const portal = await renderPortal();
    portal.view = 'invoices';

    await waitUntil(() => customElements.get('keel-invoice-history'), 'invoice history was never defined', { timeout: 15000 });
  });

  it('keeps the first definition of its tag', () => {
    const first = customElements.get('keel-portal');

    const defined = defineElement('keel-portal', class SecondCopy extends HTMLElement {});

    expect(defined).to.equal(false);
    expect(customElements.get('keel-portal')).to.equal(first);
  });
});

describe('keel-portal flow', () => {
  const TIMEOUT = 15000;

  interface FlowFixture {
    portal: KeelPortal;
    errors: KeelErrorDetail[];
    completions: KeelFlowCompleteDetail[];
  }

  /** Renders a portal deep-linked to a flow and records its flow events. Each completion is cancelled, so the test page never navigates. */
  async function renderFlow(flow: string, options: { planId?: string; afterCompletion?: string } = {}): Promise<FlowFixture> {
    const portal = await fixture<KeelPortal>(html`<keel-portal
      api-base=${API_BASE}
      session-token=${`token-flow-${Math.random()}`}
      locale="en"
      flow=${flow}
      flow-plan-id=${options.planId ?? ''}
      after-completion=${options.afterCompletion ?? 'portal_homepage'}
    ></keel-portal>`);
    const errors: KeelErrorDetail[] = [];
    const completions: KeelFlowCompleteDetail[] = [];
    portal.addEventListener('keel-error', (event) => errors.push(event.detail));
    portal.addEventListener('keel-flow-complete', (event) => {
      completions.push(event.detail);
      event.preventDefault();
    });
    await waitUntil(() => portal.shadowRoot!.querySelector('nav'), 'portal did not finish loading', { timeout: TIMEOUT });
    return { portal, errors, completions };
  }

  function inside(host: Element | null | undefined, selector: string): HTMLElement | null {
    return host?.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;
  }

  function subscriptionElement(portal: KeelPortal): HTMLElement | null {
    return inside(portal, 'section keel-subscription');
  }

  function flowDialog(portal: KeelPortal, tag: 'keel-plan-picker' | 'keel-cancel-flow'): HTMLDialogElement | null {
    return inside(inside(subscriptionElement(portal), tag), 'dialog') as HTMLDialogElement | null;
  }

  function cardDialog(portal: KeelPortal): HTMLDialogElement | null {
    return inside(inside(portal, 'section keel-payment-methods'), 'dialog.form') as HTMLDialogElement | null;
  }

  function subscriptionSession(fields: Partial<PortalSession> = {}): PortalSession {
    return { ...sessionWith([...SUBSCRIPTION_CAPABILITIES, 'payment_methods.read']), ...fields };
  }

  it('opens the add-card dialog', async () => {
    await mockApi();
    const { portal } = await renderFlow('payment_method_update');

    await waitUntil(() => cardDialog(portal)?.open, 'add-card dialog did not open', { timeout: TIMEOUT });
    expect(portal.view).to.equal('payment-methods');
    expect(inside(portal, 'section keel-payment-methods')!.shadowRoot!.querySelector('#form-title')!.textContent).to.equal('Add a payment method');
    await expect(portal).to.be.accessible();
  });

  it('opens the cancel flow', async () => {
    await mockApi({ 'session.retrieve': subscriptionSession() });
    const { portal } = await renderFlow('subscription_cancel');

    await waitUntil(() => flowDialog(portal, 'keel-cancel-flow')?.open, 'cancel flow did not open', { timeout: TIMEOUT });
    expect(portal.view).to.equal('subscription');
    await expect(portal).to.be.accessible();
  });

  it('opens the plan picker catalog', async () => {
    const requests = await mockApi({ 'session.retrieve': subscriptionSession() });
    const { portal } = await renderFlow('subscription_update');

    await waitUntil(() => flowDialog(portal, 'keel-plan-picker')?.querySelector('[part="plan"]'), 'plan catalog did not open', { timeout: TIMEOUT });
    expect(portal.view).to.equal('subscription');
    expect(requests.filter((request) => request.operation === 'subscriptions.previewChange')).to.have.length(0);
    await expect(portal).to.be.accessible();
  });

  it('opens the preview of a plan', async () => {
    const requests = await mockApi({ 'session.retrieve': subscriptionSession() });
    const { portal } = await renderFlow('subscription_update_confirm', { planId: 'price_starter_monthly_jpy' });

    await waitUntil(() => flowDialog(portal, 'keel-plan-picker')?.querySelector('[part="preview"]'), 'plan preview did not open', { timeout: TIMEOUT });
    const previews = requests.filter((request) => request.operation === 'subscriptions.previewChange');
    expect(previews[0]!.body).to.deep.equal({ plan_id: 'price_starter_monthly_jpy' });
    expect(previews[0]!.params.id).to.equal('sub_jp_1');
    await expect(portal).to.be.accessible();
  });

  it('rejects a flow without capability', async () => {
    const session = example('PortalSession');
    session.capabilities = ['payment_methods.read', 'invoices.read'];
    await mockApi({ 'session.retrieve': session });
    const { portal, errors } = await renderFlow('payment_method_update');

    await waitUntil(() => errors.length > 0, 'no keel-error for the missing capability', { timeout: TIMEOUT });
    const error = errors[0]!.error as KeelFlowError;
    expect(error.code).to.equal('missing_capability');
    expect(error.message).to.contain('payment_methods.write');
    expect(portal.view).to.equal('overview');
    expect(cardDialog(portal)?.open ?? false).to.equal(false);
  });

  it('rejects subscription flows without capability', async () => {
    await mockApi();
    const { portal, errors } = await renderFlow('subscription_cancel');

    await waitUntil(() => errors.length > 0, 'no keel-error for the missing capability', { timeout: TIMEOUT });
    expect((errors[0]!.error as KeelFlowError).code).to.equal('missing_capability');
    expect(portal.view).to.equal('overview');
    expect(subscriptionElement(portal)).to.equal(null);
  });

  it('rejects confirm without a plan', async () => {
    await mockApi({ 'session.retrieve': subscriptionSession() });
    const { portal, errors } = await renderFlow('subscription_update_confirm');

    await waitUntil(() => errors.length > 0, 'no keel-error for the missing plan', { timeout: TIMEOUT });
    expect((errors[0]!.error as KeelFlowError).code).to.equal('missing_plan_id');
    expect(portal.view).to.equal('overview');
  });

  it('rejects an unknown flow name', async () => {
    await mockApi();
    const { portal, errors } = await renderFlow('subscription_pause');

    await waitUntil(() => errors.length > 0, 'no keel-error for the unknown flow', { timeout: TIMEOUT });
    expect((errors[0]!.error as KeelFlowError).code).to.equal('unknown_flow');
    expect(portal.view).to.equal('overview');
  });

  it('runs each flow value once', async () => {
    await mockApi();
    const { portal } = await renderFlow('payment_method_update');
    await waitUntil(() => cardDialog(portal)?.open, 'add-card dialog did not open', { timeout: TIMEOUT });
    cardDialog(portal)!.close();
    portal.view = 'invoices';
    await portal.updateComplete;

    portal.flow = 'payment_method_update';
    portal.theme = 'dark';
    await portal.updateComplete;
    await portal.updateComplete;

    expect(portal.view).to.equal('invoices');
  });

  it('returns to an http return URL', async () => {
    const returnUrl = `${location.origin}/after-flow`;
    await mockApi({ 'session.retrieve': subscriptionSession({ return_url: returnUrl }) });
    const { portal, completions } = await renderFlow('subscription_update_confirm', { planId: 'price_starter_monthly_jpy', afterCompletion: 'return_url' });
    await waitUntil(() => flowDialog(portal, 'keel-plan-picker')?.querySelector('[part="preview"]'), 'plan preview did not open', { timeout: TIMEOUT });

    (await waitForButton(flowDialog(portal, 'keel-plan-picker')!, 'Confirm change')).click();
    await waitUntil(() => completions.length > 0, 'no keel-flow-complete', { timeout: TIMEOUT });

    expect(completions[0]).to.deep.equal({ flow: 'subscription_update_confirm', afterCompletion: 'return_url', returnUrl });
  });

  it('stays for a javascript return URL', async () => {
    await mockApi({ 'session.retrieve': subscriptionSession({ return_url: 'javascript:alert(document.domain)' }) });
    const { portal, completions, errors } = await renderFlow('subscription_update_confirm', { planId: 'price_starter_monthly_jpy', afterCompletion: 'return_url' });
    await waitUntil(() => flowDialog(portal, 'keel-plan-picker')?.querySelector('[part="preview"]'), 'plan preview did not open', { timeout: TIMEOUT });

    (await waitForButton(flowDialog(portal, 'keel-plan-picker')!, 'Confirm change')).click();
    await waitUntil(() => completions.length > 0, 'no keel-flow-complete', { timeout: TIMEOUT });

    expect(completions[0]!.returnUrl).to.equal(null);
    expect((errors[0]!.error as KeelFlowError).code).to.equal('unsafe_return_url');
  });

  it('stays in the portal by default', async () => {
    await mockApi({ 'session.retrieve': subscriptionSession() });
    const { portal, completions } = await renderFlow('subscription_update_confirm', { planId: 'price_starter_monthly_jpy' });
    await waitUntil(() => flowDialog(portal, 'keel-plan-picker')?.querySelector('[part="preview"]'), 'plan preview did not open', { timeout: TIMEOUT });

    (await waitForButton(flowDialog(portal, 'keel-plan-picker')!, 'Confirm change')).click();
    await waitUntil(() => completions.length > 0, 'no keel-flow-complete', { timeout: TIMEOUT });

    expect(completions[0]!.returnUrl).to.equal(null);
    expect(portal.view).to.equal('subscription');
  });
});
