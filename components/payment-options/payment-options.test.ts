import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { BankTransferInstructions, PaymentOptions } from '../../src/contract/index.js';
import { API_BASE, example, jsonError, mockApi as mockSessionApi, type RecordedRequest } from '../../test/browser/support/api.js';
import { sharedClient } from '../shared/environment.js';
import './define.js';
import type { KeelPaymentOptions } from './payment-options.js';

/** Installs the mock API with a session that adds `payment_options.read`, which the contract's example session lacks. */
function mockApi(overrides: Parameters<typeof mockSessionApi>[0] = {}): Promise<RecordedRequest[]> {
  const session = example('PortalSession');
  session.capabilities = [...session.capabilities, 'payment_options.read'];
  return mockSessionApi({ 'session.retrieve': session, ...overrides });
}

async function renderOptions(options: { locale?: string; invoiceId?: string } = {}): Promise<{ element: KeelPaymentOptions; token: string }> {
  const token = `options-${Math.random()}`;
  const element = await fixture<KeelPaymentOptions>(
    html`<keel-payment-options api-base=${API_BASE} session-token=${token} locale=${options.locale ?? 'en'} invoice-id=${options.invoiceId ?? ''}></keel-payment-options>`,
  );
  return { element, token };
}

async function renderLoaded(options: { locale?: string; invoiceId?: string } = {}): Promise<KeelPaymentOptions> {
  const { element } = await renderOptions(options);
  await waitUntil(() => element.shadowRoot!.querySelector('[part="option"], [part="empty"]'), 'options did not load', { timeout: 8000 });
  return element;
}

function query<T extends Element = HTMLElement>(element: HTMLElement, selector: string): T | null {
  return element.shadowRoot!.querySelector<T>(selector);
}

function sectionTypes(element: HTMLElement): string[] {
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part="option"]')].map((section) => section.dataset.type!);
}

function calls(requests: RecordedRequest[], operation: string): RecordedRequest[] {
  return requests.filter((request) => request.operation === operation);
}

function withOptions(types: Array<PaymentOptions['options'][number]>): PaymentOptions {
  return { ...example('PaymentOptions'), options: types };
}

const allEligible = withOptions([
  { type: 'bank_transfer', eligible: true, ineligible_reason: null, wallets: [], terms_days: [] },
  { type: 'konbini', eligible: true, ineligible_reason: null, wallets: [], terms_days: [] },
  { type: 'wallet', eligible: true, ineligible_reason: null, wallets: ['apple_pay', 'google_pay'], terms_days: [] },
  { type: 'pay_by_invoice', eligible: true, ineligible_reason: null, wallets: [], terms_days: [14, 30] },
]);

async function showBankTransfer(element: KeelPaymentOptions): Promise<void> {
  query<HTMLButtonElement>(element, '[part="bank-transfer-button"]')!.click();
  await waitUntil(() => query(element, '.rows'), 'instructions not shown', { timeout: 8000 });
}

describe('keel-payment-options', () => {
  it('shows only eligible options', async () => {
    await mockApi();
    const element = await renderLoaded();

    expect(sectionTypes(element)).to.deep.equal(['bank_transfer', 'konbini', 'pay_by_invoice']);
  });

  it('passes axe with every option', async () => {
    await mockApi({ 'paymentOptions.list': allEligible });
    const element = await renderLoaded();

    expect(sectionTypes(element)).to.deep.equal(['bank_transfer', 'konbini', 'wallet', 'pay_by_invoice']);
    expect(query(element, '[data-type="wallet"]')!.textContent).to.contain('Apple Pay or Google Pay');
    await expect(element).to.be.accessible();
  });

  it('passes axe while loading', async () => {
    await mockApi({ 'paymentOptions.list': () => new Promise(() => {}) });
    const { element } = await renderOptions();
    await waitUntil(() => query(element, '[part="loading"]'), 'no loading state', { timeout: 8000 });

    await expect(element).to.be.accessible();
  });

  it('shows the empty state', async () => {
    await mockApi({ 'paymentOptions.list': withOptions([{ type: 'card', eligible: true, ineligible_reason: null, wallets: [], terms_days: [] }]) });
    const element = await renderLoaded();

    expect(query(element, '[part="empty"]')!.textContent).to.contain('No other payment options');
    await expect(element).to.be.accessible();
  });

  it('retries after a load error', async () => {
    let failing = true;
    await mockApi({ 'paymentOptions.list': () => (failing ? jsonError(400, 'resource_missing') : example('PaymentOptions')) });
    const { element } = await renderOptions();
    await waitUntil(() => query(element, '[role="alert"]'), 'no error shown', { timeout: 8000 });
    await expect(element).to.be.accessible();

    failing = false;
    query<HTMLButtonElement>(element, '[part="retry-button"]')!.click();
    await waitUntil(() => query(element, '[part="option"]'), 'retry did not load');
  });

  it('asks about the given invoice', async () => {
    const requests = await mockApi();
    await renderLoaded({ invoiceId: 'in_42' });

    expect(calls(requests, 'paymentOptions.list')[0]!.url.searchParams.get('invoice_id')).to.equal('in_42');
  });

  it('shows Zengin instructions with the holiday notice', async () => {
    const requests = await mockApi();
    const element = await renderLoaded();

    await showBankTransfer(element);

    const section = query(element, '[data-type="bank_transfer"]')!;
    expect(calls(requests, 'paymentOptions.bankTransfer')[0]!.body).to.deep.equal({ invoice_id: 'in_jp_1' });
    expect(section.querySelector('#value-reference')!.textContent).to.equal('KEEL-7Q2M');
    expect(section.querySelector('#value-0-accountNumber')!.textContent).to.equal('1234567');
    expect(section.querySelector('#value-0-branchCode')!.textContent).to.equal('001');
    expect(section.querySelector('#value-0-accountType')!.textContent).to.equal('Ordinary (futsu)');
    expect(section.querySelector('[part="holiday-notice"]')!.textContent).to.contain('December 31 to January 3');
    expect(section.textContent).to.contain('¥22,219');
    await expect(element).to.be.accessible();
  });

  it('shows IBAN and ABA instructions', async () => {
    const instructions: BankTransferInstructions = {
      ...example('BankTransferInstructions'),
      currency: 'EUR',
      amount_remaining: 11900,
      bank_holidays_apply: false,
      financial_addresses: [
        { type: 'iban', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', account_holder_name: 'Acme Cloud GmbH', country: 'DE' },
        { type: 'aba', account_number: '000123456789', routing_number: '110000000', bank_name: 'Test Bank', account_holder_name: 'Acme Cloud Inc.' },
      ],
    };
    await mockApi({ 'paymentOptions.bankTransfer': instructions });
    const element = await renderLoaded();

    await showBankTransfer(element);

    expect(query(element, '#value-0-iban')!.textContent).to.equal('DE89370400440532013000');
    expect(query(element, '#value-0-country')!.textContent).to.equal('Germany');
    expect(query(element, '#value-1-routingNumber')!.textContent).to.equal('110000000');
    expect(query(element, '[part="holiday-notice"]')).to.equal(null);
  });

  it('copies a value and announces it', async () => {
    await mockApi();
    const element = await renderLoaded();
    await showBankTransfer(element);
    const written: string[] = [];
    const original = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void written.push(text) } });
    try {
      const button = query<HTMLButtonElement>(element, '[part="copy-button"][data-key="0-accountNumber"]')!;
      button.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => query(element, '[part="announcer"]')!.textContent === 'Copied', 'copy not announced');

      expect(written).to.deep.equal(['1234567']);
      expect(button.textContent!.trim()).to.equal('Copied');
    } finally {
      if (original) Object.defineProperty(navigator, 'clipboard', original);
      else delete (navigator as unknown as { clipboard?: unknown }).clipboard;
    }
  });

  it('shows the konbini deadline in Japan time', async () => {
    const requests = await mockApi();
    const element = await renderLoaded({ invoiceId: 'in_jp_1' });

    query<HTMLButtonElement>(element, '[part="konbini-button"]')!.click();
    await waitUntil(() => query(element, '[part="konbini-deadline"]'), 'no voucher', { timeout: 8000 });

    expect(calls(requests, 'paymentOptions.konbini')[0]!.body).to.deep.equal({ invoice_id: 'in_jp_1' });
    expect(query(element, '[part="konbini-deadline"]')!.textContent).to.contain('December 7, 2026 at 11:59 PM');
    expect(query(element, '[part="konbini-deadline"]')!.textContent).to.contain('Japan time');
    expect(query(element, '#value-lawson-code')!.textContent).to.equal('123456789012');
    expect(query(element, '#value-lawson-confirmation')!.textContent).to.equal('01234567890');
    await expect(element).to.be.accessible();
  });

  it('hides konbini without invoices.pay', async () => {
    const session = example('PortalSession');
    session.capabilities = ['payment_options.read'];
    await mockApi({ 'session.retrieve': session });
    const element = await renderLoaded();

    expect(sectionTypes(element)).to.deep.equal(['bank_transfer', 'pay_by_invoice']);
  });

  it('renders nothing without payment_options.read', async () => {
    const session = example('PortalSession');
    session.capabilities = ['invoices.read'];
    const requests = await mockApi({ 'session.retrieve': session });
    const { element } = await renderOptions();
    await waitUntil(() => element.getAttribute('lang'), 'environment not ready', { timeout: 8000 });

    expect(query(element, '[part="base"]')).to.equal(null);
    expect(calls(requests, 'paymentOptions.list')).to.have.length(0);
  });

  it('requests pay by invoice', async () => {
    const requests = await mockApi();
    const element = await renderLoaded();

    const select = query<HTMLSelectElement>(element, '#terms')!;
    expect([...select.options].map((option) => option.textContent)).to.deep.equal(['14 days after the invoice date', '30 days after the invoice date']);
    select.value = '30';
    select.dispatchEvent(new Event('change'));
    const purchaseOrder = query<HTMLInputElement>(element, '#purchase-order')!;
    purchaseOrder.value = 'PO-7';
    purchaseOrder.dispatchEvent(new Event('input'));
    query<HTMLButtonElement>(element, '[part="pay-by-invoice-button"]')!.click();
    await waitUntil(() => query(element, '[part="application-status"]'), 'no status', { timeout: 8000 });

    expect(calls(requests, 'paymentOptions.payByInvoice')[0]!.body).to.deep.equal({ terms_days: 30, purchase_order: 'PO-7' });
    expect(query(element, '[part="application-status"]')!.textContent).to.contain('Under review');
    await expect(element).to.be.accessible();
  });

  it('marks a rejected purchase order', async () => {
    await mockApi({ 'paymentOptions.payByInvoice': jsonError(400, 'parameter_invalid', 'purchase_order') });
    const element = await renderLoaded();

    query<HTMLButtonElement>(element, '[part="pay-by-invoice-button"]')!.click();
    await waitUntil(() => query(element, '#purchase-order-error'), 'no field error', { timeout: 8000 });

    const input = query<HTMLInputElement>(element, '#purchase-order')!;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal('purchase-order-error');
    await expect(element).to.be.accessible();
  });

  it('refreshes on a change elsewhere', async () => {
    let current = allEligible;
    await mockApi({ 'paymentOptions.list': () => current });
    const { element, token } = await renderOptions();
    await waitUntil(() => query(element, '[data-type="wallet"]'), 'options did not load', { timeout: 8000 });

    current = example('PaymentOptions');
    await sharedClient(API_BASE, token).billingDetails.update({ email: 'ap@example.com' });
    await waitUntil(() => !query(element, '[data-type="wallet"]'), 'ineligible wallet still shown');
  });

  it('renders server text literally', async () => {
    await mockApi({ 'paymentOptions.bankTransfer': { ...example('BankTransferInstructions'), reference: '<img src=x onerror=alert(1)>' } });
    const element = await renderLoaded();

    await showBankTransfer(element);

    expect(query(element, '#value-reference')!.textContent).to.equal('<img src=x onerror=alert(1)>');
    expect(query(element, 'img')).to.equal(null);
  });

  it('speaks Japanese', async () => {
    await mockApi();
    const element = await renderLoaded({ locale: 'ja', invoiceId: 'in_jp_1' });
    await showBankTransfer(element);
    query<HTMLButtonElement>(element, '[part="konbini-button"]')!.click();
    await waitUntil(() => query(element, '[part="konbini-deadline"]'), 'no voucher', { timeout: 8000 });

    expect(query(element, '#bank-transfer-title')!.textContent).to.equal('銀行振込');
    expect(query(element, '#value-0-accountType')!.textContent).to.equal('普通');
    expect(query(element, '[part="holiday-notice"]')!.textContent).to.equal('土日・祝日および12月31日〜1月3日のお振り込みは、翌営業日の処理となります。');
    expect(query(element, '[part="konbini-deadline"]')!.textContent).to.contain('2026年12月7日 23:59');
    expect(query(element, '[data-type="konbini"] h5')!.textContent).to.equal('ローソン');
  });
});
