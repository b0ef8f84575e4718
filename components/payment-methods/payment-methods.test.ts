import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { PaymentMethod, PaymentMethodList } from '../../src/contract/index.js';
import { API_BASE, example, jsonError, mockApi, type RecordedRequest } from '../../test/browser/support/api.js';
import { deepActiveElement } from '../shared/dialog.js';
import { sharedClient } from '../shared/environment.js';
import type { KeelPaymentMethodUpdatedDetail } from '../shared/events.js';
import './define.js';
import type { KeelPaymentMethods } from './payment-methods.js';

function method(overrides: Partial<PaymentMethod> & { last4?: string }): PaymentMethod {
  const base = example('PaymentMethod');
  const { last4, ...rest } = overrides;
  const card = rest.card ?? base.card!;
  return { ...base, ...rest, card: { ...card, last4: last4 ?? card.last4 } };
}

function list(...methods: PaymentMethod[]): PaymentMethodList {
  return { object: 'list', data: methods, has_more: false, next_cursor: null };
}

const twoMethods = list(
  method({ id: 'pm_visa', last4: '4242', is_default: true }),
  method({ id: 'pm_mc', last4: '4444', is_default: false, expires_soon: true, card: { ...example('PaymentMethod').card!, brand: 'mastercard', last4: '4444', exp_month: 1, exp_year: 2027 } }),
);

async function renderList(locale = 'en'): Promise<{ element: KeelPaymentMethods; token: string }> {
  const token = `methods-${Math.random()}`;
  const element = await fixture<KeelPaymentMethods>(html`<keel-payment-methods api-base=${API_BASE} session-token=${token} locale=${locale}></keel-payment-methods>`);
  return { element, token };
}

async function renderLoaded(locale = 'en'): Promise<KeelPaymentMethods> {
  const { element } = await renderList(locale);
  await waitUntil(() => element.shadowRoot!.querySelector('.methods, [part="empty"]'), 'list did not load', { timeout: 8000 });
  return element;
}

function query<T extends Element = HTMLElement>(element: HTMLElement, selector: string): T | null {
  return element.shadowRoot!.querySelector<T>(selector);
}

function item(element: HTMLElement, id: string): HTMLElement {
  return query(element, `[part="method"][data-id="${id}"]`)!;
}

function calls(requests: RecordedRequest[], operation: string): RecordedRequest[] {
  return requests.filter((request) => request.operation === operation);
}

describe('keel-payment-methods', () => {
  it('shows brand, last 4, expiry and default', async () => {
    await mockApi();
    const element = await renderLoaded();

    const card = item(element, 'pm_visa_4242');
    expect(card.querySelector('.brand')!.textContent).to.equal('Visa');
    expect(card.querySelector('.number')!.textContent).to.contain('4242');
    expect(card.querySelector('.expiry')!.textContent).to.contain('12/2030');
    expect(card.querySelector('[part="default-badge"]')!.textContent).to.equal('Default');
  });

  it('passes axe once loaded', async () => {
    await mockApi({ 'paymentMethods.list': twoMethods });
    const element = await renderLoaded();

    await expect(element).to.be.accessible();
  });

  it('warns about expiring and expired cards', async () => {
    await mockApi({
      'paymentMethods.list': list(method({ id: 'pm_soon', expires_soon: true, is_default: false }), method({ id: 'pm_gone', expired: true, is_default: false })),
    });
    const element = await renderLoaded();

    expect(item(element, 'pm_soon').querySelector('[part="expiring-badge"]')!.textContent).to.equal('Expires soon');
    expect(item(element, 'pm_soon').querySelector('.hint.warning')).to.exist;
    expect(item(element, 'pm_gone').querySelector('[part="expired-badge"]')!.textContent).to.equal('Expired');
    expect(item(element, 'pm_gone').querySelector('[part="default-button"]'), 'an expired card cannot become the default').to.equal(null);
    await expect(element).to.be.accessible();
  });

  it('passes axe while loading', async () => {
    await mockApi({ 'paymentMethods.list': () => new Promise(() => {}) });
    const { element } = await renderList();
    await waitUntil(() => query(element, '[part="loading"]'), 'no loading state', { timeout: 8000 });

    await expect(element).to.be.accessible();
  });

  it('shows the empty state', async () => {
    await mockApi({ 'paymentMethods.list': list() });
    const element = await renderLoaded();

    expect(query(element, '[part="empty"]')!.textContent).to.contain('no saved payment methods');
    expect(query(element, '[part="add-button"]')).to.exist;
    await expect(element).to.be.accessible();
  });

  it('retries after a load error', async () => {
    let failing = true;
    await mockApi({ 'paymentMethods.list': () => (failing ? jsonError(400, 'resource_missing') : example('PaymentMethodList')) });
    const { element } = await renderList();
    const errors: unknown[] = [];
    element.addEventListener('keel-error', (event) => errors.push(event.detail));
    await waitUntil(() => query(element, '[role="alert"]'), 'no error shown', { timeout: 8000 });
    await expect(element).to.be.accessible();

    failing = false;
    query<HTMLButtonElement>(element, '[part="retry-button"]')!.click();
    await waitUntil(() => query(element, '.methods'), 'retry did not load');
    expect(errors).to.have.length(1);
  });

  it('sets the default', async () => {
    const requests = await mockApi({
      'paymentMethods.list': twoMethods,
      'paymentMethods.setDefault': { ...twoMethods.data[1]!, is_default: true },
    });
    const element = await renderLoaded();
    const events: KeelPaymentMethodUpdatedDetail[] = [];
    element.addEventListener('keel-payment-method-updated', (event) => events.push(event.detail));

    item(element, 'pm_mc').querySelector<HTMLButtonElement>('[part="default-button"]')!.click();
    await waitUntil(() => events.length === 1, 'no event');

    expect(calls(requests, 'paymentMethods.setDefault')[0]!.params.id).to.equal('pm_mc');
    expect(events[0]!.change).to.equal('default');
    expect(events[0]!.paymentMethod.id).to.equal('pm_mc');
  });

  it('removes after confirmation', async () => {
    const requests = await mockApi({ 'paymentMethods.list': twoMethods });
    const element = await renderLoaded();
    const events: KeelPaymentMethodUpdatedDetail[] = [];
    element.addEventListener('keel-payment-method-updated', (event) => events.push(event.detail));

    item(element, 'pm_mc').querySelector<HTMLButtonElement>('[part="remove-button"]')!.click();
    await waitUntil(() => query<HTMLDialogElement>(element, 'dialog.remove')!.open, 'dialog did not open');
    expect(query(element, '#remove-body')!.textContent).to.contain('Mastercard ending in 4444');
    await expect(element).to.be.accessible();
    expect(calls(requests, 'paymentMethods.remove'), 'nothing removed before confirming').to.have.length(0);

    query<HTMLButtonElement>(element, '[part="confirm-remove-button"]')!.click();
    await waitUntil(() => events.length === 1, 'no event');

    expect(calls(requests, 'paymentMethods.remove')[0]!.params.id).to.equal('pm_mc');
    expect(events[0]).to.deep.include({ change: 'removed' });
    expect(events[0]!.paymentMethod.id).to.equal('pm_mc');
    expect(query<HTMLDialogElement>(element, 'dialog.remove')!.open).to.equal(false);
  });

  it('shows the last-method refusal by the card', async () => {
    await mockApi({ 'paymentMethods.list': twoMethods, 'paymentMethods.remove': jsonError(409, 'last_payment_method', 'id') });
    const element = await renderLoaded();

    item(element, 'pm_visa').querySelector<HTMLButtonElement>('[part="remove-button"]')!.click();
    await waitUntil(() => query<HTMLDialogElement>(element, 'dialog.remove')!.open, 'dialog did not open');
    query<HTMLButtonElement>(element, '[part="confirm-remove-button"]')!.click();
    await waitUntil(() => item(element, 'pm_visa').querySelector('[part="method-error"]'), 'no error by the card', { timeout: 8000 });

    const message = item(element, 'pm_visa').querySelector('[part="method-error"]')!;
    expect(message.textContent).to.contain("can't remove your only payment method");
    expect(message.getAttribute('role')).to.equal('alert');
    await expect(element).to.be.accessible();
  });

  it('explains why the only method stays', async () => {
    const requests = await mockApi();
    const element = await renderLoaded();

    const remove = item(element, 'pm_visa_4242').querySelector<HTMLButtonElement>('[part="remove-button"]')!;
    remove.click();
    await element.updateComplete;

    expect(remove.getAttribute('aria-disabled')).to.equal('true');
    const noteId = remove.getAttribute('aria-describedby')!.split(' ')[1];
    const note = query(element, `#${noteId}`)!;
    expect(note.textContent).to.contain('only payment method');
    expect(query<HTMLDialogElement>(element, 'dialog.remove')!.open).to.equal(false);
    expect(calls(requests, 'paymentMethods.remove')).to.have.length(0);
  });

  it('closes the dialog with Escape', async () => {
    await mockApi({ 'paymentMethods.list': twoMethods });
    const element = await renderLoaded();
    const remove = item(element, 'pm_mc').querySelector<HTMLButtonElement>('[part="remove-button"]')!;

    remove.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => query<HTMLDialogElement>(element, 'dialog.remove')!.open, 'Enter did not open the dialog');
    expect(deepActiveElement()?.textContent?.trim()).to.equal('Cancel');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !query<HTMLDialogElement>(element, 'dialog.remove')!.open, 'Escape did not close the dialog');

    expect(deepActiveElement()).to.equal(remove);
  });

  it('adds a card in the dialog', async () => {
    const requests = await mockApi({ 'paymentMethods.list': twoMethods });
    const element = await renderLoaded();
    const events: KeelPaymentMethodUpdatedDetail[] = [];
    element.addEventListener('keel-payment-method-updated', (event) => events.push(event.detail));

    query<HTMLButtonElement>(element, '[part="add-button"]')!.click();
    await waitUntil(() => query(element, 'keel-payment-method-form')?.shadowRoot?.querySelector('[part="test-card"]'), 'form did not load', { timeout: 8000 });
    expect(query<HTMLDialogElement>(element, 'dialog.form')!.open).to.equal(true);
    await expect(element).to.be.accessible();

    const formElement = query(element, 'keel-payment-method-form')!;
    formElement.shadowRoot!.querySelector<HTMLButtonElement>('[part="test-card"]')!.click();
    await (formElement as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    formElement.shadowRoot!.querySelector<HTMLButtonElement>('[part="submit-button"]')!.click();
    await waitUntil(() => events.length === 1, 'no event from the form');

    expect(events[0]!.change).to.equal('added');
    expect(query<HTMLDialogElement>(element, 'dialog.form')!.open).to.equal(false);
    await waitUntil(() => calls(requests, 'paymentMethods.list').length === 2, 'list did not refresh');
  });

  it('asks to replace as the default', async () => {
    const requests = await mockApi({ 'paymentMethods.list': twoMethods });
    const element = await renderLoaded();

    item(element, 'pm_visa').querySelector<HTMLButtonElement>('[part="replace-button"]')!.click();
    await waitUntil(() => calls(requests, 'paymentMethods.createSetup').length === 1, 'no setup started', { timeout: 8000 });

    expect(calls(requests, 'paymentMethods.createSetup')[0]!.body).to.deep.equal({ replace_payment_method_id: 'pm_visa', set_default: true });
    expect(query(element, '#form-title')!.textContent).to.equal('Replace your card');
  });

  it('hides actions without write capability', async () => {
    const session = example('PortalSession');
    session.capabilities = ['payment_methods.read'];
    await mockApi({ 'session.retrieve': session, 'paymentMethods.list': twoMethods });
    const element = await renderLoaded();

    expect(query(element, '[part="add-button"]')).to.equal(null);
    expect(query(element, '[part="remove-button"]')).to.equal(null);
    expect(query(element, '[part="default-button"]')).to.equal(null);
    expect(query(element, '[part="replace-button"]')).to.equal(null);
  });

  it('refreshes on a change elsewhere', async () => {
    let current = twoMethods;
    const requests = await mockApi({ 'paymentMethods.list': () => current });
    const { element, token } = await renderList();
    await waitUntil(() => query(element, '.methods'), 'list did not load', { timeout: 8000 });

    current = list(twoMethods.data[0]!);
    await sharedClient(API_BASE, token).paymentMethods.remove('pm_mc');
    await waitUntil(() => !item(element, 'pm_mc'), 'removed card still shown');

    expect(calls(requests, 'paymentMethods.list')).to.have.length(2);
  });

  it('renders a billing name as text', async () => {
    await mockApi({ 'paymentMethods.list': list(method({ billing_name: '<img src=x onerror=alert(1)>' })) });
    const element = await renderLoaded();

    expect(query(element, '.holder')!.textContent).to.equal('<img src=x onerror=alert(1)>');
    expect(query(element, 'img')).to.equal(null);
  });

  it('speaks Japanese', async () => {
    await mockApi({ 'paymentMethods.list': twoMethods });
    const element = await renderLoaded('ja');

    expect(query(element, '.title')!.textContent).to.equal('お支払い方法');
    expect(item(element, 'pm_visa').querySelector('[part="default-badge"]')!.textContent).to.equal('既定');
    expect(item(element, 'pm_mc').querySelector('[part="expiring-badge"]')!.textContent).to.equal('まもなく期限切れ');
  });
});
