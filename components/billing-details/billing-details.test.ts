import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { BillingDetails, Capability } from '../../src/contract/index.js';
import { API_BASE, example, jsonError, mockApi as mockSessionApi, type RecordedRequest } from '../../test/browser/support/api.js';
import { deepActiveElement } from '../shared/dialog.js';
import { sharedClient } from '../shared/environment.js';
import type { KeelBillingDetailsUpdatedDetail } from '../shared/events.js';
import './define.js';
import type { KeelBillingDetails } from './billing-details.js';

/** Installs the mock API with a session granting the billing capabilities the contract's example session lacks. */
function mockApi(overrides: Parameters<typeof mockSessionApi>[0] = {}, capabilities: Capability[] = ['billing_details.read', 'billing_details.write']): Promise<RecordedRequest[]> {
  const session = example('PortalSession');
  session.capabilities = [...session.capabilities, ...capabilities];
  return mockSessionApi({ 'session.retrieve': session, ...overrides });
}

async function renderDetails(locale = 'en'): Promise<{ element: KeelBillingDetails; token: string }> {
  const token = `billing-${Math.random()}`;
  const element = await fixture<KeelBillingDetails>(html`<keel-billing-details api-base=${API_BASE} session-token=${token} locale=${locale}></keel-billing-details>`);
  return { element, token };
}

async function renderLoaded(locale = 'en'): Promise<KeelBillingDetails> {
  const { element } = await renderDetails(locale);
  await waitUntil(() => element.shadowRoot!.querySelector('.tax-ids'), 'details did not load', { timeout: 8000 });
  return element;
}

function query<T extends Element = HTMLElement>(element: HTMLElement, selector: string): T | null {
  return element.shadowRoot!.querySelector<T>(selector);
}

function typeInto(element: HTMLElement, id: string, value: string): void {
  const input = query<HTMLInputElement>(element, `#${id}`)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

function calls(requests: RecordedRequest[], operation: string): RecordedRequest[] {
  return requests.filter((request) => request.operation === operation);
}

function expectFieldError(element: HTMLElement, id: string, text: string): void {
  const input = query(element, `#${id}`)!;
  const error = query(element, `#${id}-error`);
  expect(input.getAttribute('aria-invalid'), `${id} aria-invalid`).to.equal('true');
  expect(input.getAttribute('aria-describedby'), `${id} aria-describedby`).to.contain(`${id}-error`);
  expect(error?.textContent, `${id} message`).to.contain(text);
}

describe('keel-billing-details', () => {
  it('shows the saved details', async () => {
    await mockApi();
    const element = await renderLoaded();

    expect(query<HTMLInputElement>(element, '#field-name')!.value).to.equal('株式会社サンプル');
    expect(query<HTMLInputElement>(element, '#field-email')!.value).to.equal('billing@example.jp');
    expect(query<HTMLSelectElement>(element, '#field-address-country')!.value).to.equal('JP');
    expect(query(element, '[part="tax-id"] .tax-value')!.textContent).to.equal('T7010705000725');
    expect(query<HTMLSelectElement>(element, '#tax-type')!.value, 'JP customers start with the T-number').to.equal('jp_trn');
  });

  it('passes axe once loaded', async () => {
    await mockApi();
    const element = await renderLoaded();

    await expect(element).to.be.accessible();
  });

  it('passes axe while loading', async () => {
    await mockApi({ 'billingDetails.retrieve': () => new Promise(() => {}) });
    const { element } = await renderDetails();
    await waitUntil(() => query(element, '[part="loading"]'), 'no loading state', { timeout: 8000 });

    await expect(element).to.be.accessible();
  });

  it('retries after a load error', async () => {
    let failing = true;
    await mockApi({ 'billingDetails.retrieve': () => (failing ? jsonError(400, 'resource_missing') : example('BillingDetails')) });
    const { element } = await renderDetails();
    await waitUntil(() => query(element, '[role="alert"]'), 'no error shown', { timeout: 8000 });
    await expect(element).to.be.accessible();

    failing = false;
    query<HTMLButtonElement>(element, '[part="retry-button"]')!.click();
    await waitUntil(() => query(element, '.tax-ids'), 'retry did not load');
  });

  it('shows the empty tax ID list', async () => {
    const empty: BillingDetails = { object: 'billing_details', name: null, email: null, phone: null, address: null, tax_ids: [] };
    await mockApi({ 'billingDetails.retrieve': empty });
    const element = await renderLoaded();

    expect(query(element, '.tax-ids')!.textContent).to.contain('No tax IDs yet.');
    expect(query<HTMLSelectElement>(element, '#field-address-country')!.value).to.equal('');
    await expect(element).to.be.accessible();
  });

  it('checks fields before sending', async () => {
    const requests = await mockApi();
    const element = await renderLoaded();
    typeInto(element, 'field-email', 'not-an-email');
    typeInto(element, 'field-phone', '03-1234-abcd');

    query<HTMLButtonElement>(element, '[part="save-button"]')!.click();
    await waitUntil(() => query(element, '#field-email-error'), 'no field error');

    expectFieldError(element, 'field-email', 'name@example.com');
    expectFieldError(element, 'field-phone', 'digits');
    expect(deepActiveElement()).to.equal(query(element, '#field-email'));
    expect(calls(requests, 'billingDetails.update')).to.have.length(0);
    await expect(element).to.be.accessible();
  });

  it('asks for a country with an address', async () => {
    const requests = await mockApi({ 'billingDetails.retrieve': { object: 'billing_details', name: null, email: null, phone: null, address: null, tax_ids: [] } });
    const element = await renderLoaded();
    typeInto(element, 'field-address-city', 'Berlin');

    query<HTMLButtonElement>(element, '[part="save-button"]')!.click();
    await waitUntil(() => query(element, '#field-address-country-error'), 'no country error');

    expectFieldError(element, 'field-address-country', 'country');
    expect(calls(requests, 'billingDetails.update')).to.have.length(0);
  });

  it('saves and announces', async () => {
    const requests = await mockApi({ 'billingDetails.update': (request) => ({ ...example('BillingDetails'), ...(request.body as object) }) });
    const element = await renderLoaded();
    const events: KeelBillingDetailsUpdatedDetail[] = [];
    element.addEventListener('keel-billing-details-updated', (event) => events.push(event.detail));
    typeInto(element, 'field-email', 'ap@example.jp');

    query<HTMLButtonElement>(element, '[part="save-button"]')!.click();
    await waitUntil(() => query(element, '[part="saved-status"]')!.textContent === 'Billing details saved.', 'no saved status', { timeout: 8000 });

    const body = calls(requests, 'billingDetails.update')[0]!.body as { email: string; address: { country: string } };
    expect(body.email).to.equal('ap@example.jp');
    expect(body.address.country).to.equal('JP');
    expect(events[0]!.change).to.equal('details');
    expect(events[0]!.billingDetails!.email).to.equal('ap@example.jp');
    await waitUntil(() => query(element, '[part="announcer"]')!.textContent === 'Billing details saved.', 'save not announced');
  });

  it('shows a server error by its field', async () => {
    await mockApi({ 'billingDetails.update': jsonError(400, 'parameter_invalid', 'address.postal_code') });
    const element = await renderLoaded();

    query<HTMLButtonElement>(element, '[part="save-button"]')!.click();
    await waitUntil(() => query(element, '#field-address-postal_code-error'), 'no error by the postal code', { timeout: 8000 });

    expectFieldError(element, 'field-address-postal_code', 'not valid');
    await expect(element).to.be.accessible();
  });

  it('rejects a wrong T-number check digit', async () => {
    const requests = await mockApi();
    const element = await renderLoaded();
    typeInto(element, 'tax-value', 'T1010705000725');

    query<HTMLButtonElement>(element, '[part="add-tax-id-button"]')!.click();
    await waitUntil(() => query(element, '#tax-value-error'), 'no tax ID error');

    expectFieldError(element, 'tax-value', 'check digit');
    expect(calls(requests, 'billingDetails.addTaxId')).to.have.length(0);
    await expect(element).to.be.accessible();
  });

  it('rejects a malformed EU VAT number', async () => {
    const requests = await mockApi();
    const element = await renderLoaded();
    const select = query<HTMLSelectElement>(element, '#tax-type')!;
    select.value = 'eu_vat';
    select.dispatchEvent(new Event('change'));
    typeInto(element, 'tax-value', 'DE12345');

    query<HTMLButtonElement>(element, '[part="add-tax-id-button"]')!.click();
    await waitUntil(() => query(element, '#tax-value-error'), 'no tax ID error');

    expectFieldError(element, 'tax-value', 'DE123456789');
    expect(calls(requests, 'billingDetails.addTaxId')).to.have.length(0);
  });

  it('adds a normalized tax ID by keyboard', async () => {
    const requests = await mockApi({ 'billingDetails.addTaxId': { ...example('TaxId'), id: 'txi_de', type: 'eu_vat', value: 'DE123456789', country: 'DE' } });
    const element = await renderLoaded();
    const events: KeelBillingDetailsUpdatedDetail[] = [];
    element.addEventListener('keel-billing-details-updated', (event) => events.push(event.detail));
    const select = query<HTMLSelectElement>(element, '#tax-type')!;
    select.value = 'eu_vat';
    select.dispatchEvent(new Event('change'));

    query<HTMLInputElement>(element, '#tax-value')!.focus();
    await sendKeys({ type: 'de 123.456.789' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => events.length === 1, 'no event', { timeout: 8000 });

    expect(calls(requests, 'billingDetails.addTaxId')[0]!.body).to.deep.equal({ type: 'eu_vat', value: 'DE123456789' });
    expect(events[0]!.change).to.equal('tax_id_added');
    expect(events[0]!.taxId!.id).to.equal('txi_de');
  });

  it('shows the server tax ID rejection', async () => {
    await mockApi({ 'billingDetails.addTaxId': jsonError(400, 'tax_id_invalid', 'value') });
    const element = await renderLoaded();
    typeInto(element, 'tax-value', 'T7010705000725');

    query<HTMLButtonElement>(element, '[part="add-tax-id-button"]')!.click();
    await waitUntil(() => query(element, '#tax-value-error'), 'no error by the value', { timeout: 8000 });

    expectFieldError(element, 'tax-value', 'format');
  });

  it('removes a tax ID', async () => {
    const requests = await mockApi();
    const element = await renderLoaded();
    const events: KeelBillingDetailsUpdatedDetail[] = [];
    element.addEventListener('keel-billing-details-updated', (event) => events.push(event.detail));

    query<HTMLButtonElement>(element, '[part="remove-tax-id-button"]')!.click();
    await waitUntil(() => events.length === 1, 'no event', { timeout: 8000 });

    expect(calls(requests, 'billingDetails.removeTaxId')[0]!.params.id).to.equal('txi_1');
    expect(events[0]!.change).to.equal('tax_id_removed');
  });

  it('is read-only without write capability', async () => {
    const requests = await mockApi({}, ['billing_details.read']);
    const element = await renderLoaded();

    expect(query(element, 'input')).to.equal(null);
    expect(query(element, '[part="remove-tax-id-button"]')).to.equal(null);
    expect(query(element, '.read-only')!.textContent).to.contain('billing@example.jp');
    expect(calls(requests, 'billingDetails.update')).to.have.length(0);
    await expect(element).to.be.accessible();
  });

  it('renders nothing without read capability', async () => {
    const requests = await mockApi({}, []);
    const { element } = await renderDetails();
    await waitUntil(() => element.getAttribute('lang'), 'environment not ready', { timeout: 8000 });

    expect(query(element, '[part="base"]')).to.equal(null);
    expect(calls(requests, 'billingDetails.retrieve')).to.have.length(0);
  });

  it('renders a name with markup literally', async () => {
    const details = { ...example('BillingDetails'), name: '<img src=x onerror=alert(1)>' };
    await mockApi({ 'billingDetails.retrieve': details });
    const editable = await renderLoaded();
    expect(query<HTMLInputElement>(editable, '#field-name')!.value).to.equal('<img src=x onerror=alert(1)>');

    await mockApi({ 'billingDetails.retrieve': details }, ['billing_details.read']);
    const readOnly = await renderLoaded();
    expect(query(readOnly, '.read-only dd')!.textContent).to.equal('<img src=x onerror=alert(1)>');
    expect(query(readOnly, 'img')).to.equal(null);
  });

  it('refreshes on a change elsewhere', async () => {
    let current = example('BillingDetails');
    await mockApi({ 'billingDetails.retrieve': () => current });
    const { element, token } = await renderDetails();
    await waitUntil(() => query(element, '[part="tax-id"]'), 'details did not load', { timeout: 8000 });

    current = { ...current, tax_ids: [] };
    await sharedClient(API_BASE, token).billingDetails.removeTaxId('txi_1');
    await waitUntil(() => !query(element, '[part="tax-id"]'), 'removed tax ID still shown');
  });

  it('speaks Japanese', async () => {
    await mockApi();
    const element = await renderLoaded('ja');

    expect(query(element, '.title')!.textContent).to.equal('請求先情報');
    expect(query(element, 'label[for="field-address-state"]')!.textContent).to.equal('都道府県');
    expect(query(element, '[part="tax-id"] .tax-type')!.textContent).to.equal('適格請求書発行事業者登録番号（T＋13桁）');
    expect(query<HTMLSelectElement>(element, '#field-address-country')!.selectedOptions[0]!.textContent).to.equal('日本');
  });
});
