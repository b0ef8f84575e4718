import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { API_BASE, example, jsonError, mockApi } from '../../test/browser/support/api.js';
import { defineElement } from '../shared/define-element.js';
import './define.js';
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
