import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { HttpResponse } from 'msw';
import type { Invoice, InvoiceList, Payment } from '../../src/contract/index.js';
import { API_BASE, example, jsonError, mockApi, testClient, type RecordedRequest } from '../../test/browser/support/api.js';
import type { StripeNextActionHandler } from '../shared/payment-confirmation.js';
import './define.js';
import type { KeelInvoiceHistory } from './invoice-history.js';

let tokenCounter = 0;

async function renderHistory(options: { locale?: string; pageSize?: number } = {}): Promise<KeelInvoiceHistory> {
  tokenCounter += 1;
  return fixture<KeelInvoiceHistory>(
    html`<keel-invoice-history
      api-base=${API_BASE}
      session-token=${`history-token-${tokenCounter}-${Math.random()}`}
      locale=${options.locale ?? 'en'}
      page-size=${options.pageSize ?? 10}
    ></keel-invoice-history>`,
  );
}

async function loaded(element: KeelInvoiceHistory): Promise<ShadowRoot> {
  await waitUntil(() => element.shadowRoot!.querySelector('tbody tr'), 'invoices did not render', { timeout: 10_000 });
  return element.shadowRoot!;
}

function text(root: ParentNode | null | undefined, selector: string): string {
  return root?.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

function row(root: ShadowRoot, invoiceId: string): HTMLTableRowElement {
  return root.querySelector<HTMLTableRowElement>(`tr[data-invoice-id="${invoiceId}"]`)!;
}

function payDialog(root: ShadowRoot): HTMLDialogElement {
  return root.querySelector<HTMLDialogElement>('dialog.pay')!;
}

function announced(root: ShadowRoot): string {
  return text(root, '[part="announcer"]');
}

/** Names the focused control by its action or invoice, so a failure prints a short value rather than a DOM node. */
function focusedAction(root: ShadowRoot): string {
  const active = root.activeElement as HTMLElement | null;
  if (!active) return 'nothing';
  if (active.classList.contains('invoice-number')) return `invoice-number ${active.closest('tr')?.dataset.invoiceId ?? ''}`;
  return active.dataset.action ?? active.getAttribute('part') ?? active.tagName.toLowerCase();
}

function isoDaysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function invoice(id: string, overrides: Partial<Invoice> = {}): Invoice {
  return { ...example('Invoice'), id, number: `KEEL-${id}`, pdf_url: `/v1/invoices/${id}/pdf`, ...overrides };
}

function list(data: Invoice[], nextCursor: string | null = null): InvoiceList {
  return { object: 'list', data, has_more: nextCursor !== null, next_cursor: nextCursor };
}

function payment(overrides: Partial<Payment> = {}): Payment {
  return { ...example('Payment'), ...overrides };
}

function count(requests: RecordedRequest[], operation: RecordedRequest['operation']): number {
  return requests.filter((request) => request.operation === operation).length;
}

/** Opens the pay dialog of a row and waits for the confirmation step. */
async function openPayDialog(root: ShadowRoot, invoiceId = 'in_jp_1'): Promise<HTMLDialogElement> {
  row(root, invoiceId).querySelector<HTMLButtonElement>('[part="pay-button"]')!.click();
  const dialog = payDialog(root);
  await waitUntil(() => dialog.open && dialog.querySelector('[data-action="confirm"]'), 'pay dialog did not open');
  return dialog;
}

describe('keel-invoice-history', () => {
  it('lists invoices with amount and due date', async () => {
    await mockApi();
    const element = await renderHistory();
    const root = await loaded(element);

    const first = row(root, 'in_jp_1');
    expect(text(first, '.invoice-number')).to.equal('KEEL-0001');
    expect(text(first, '[data-field="amount"]')).to.equal('¥22,219');
    expect(text(first, '[data-field="due-date"]')).to.equal('Dec 15, 2026');
    expect(text(first, '[part="status"]')).to.equal('Open');
  });

  it('passes axe once loaded', async () => {
    await mockApi();
    const element = await renderHistory();
    await loaded(element);

    await expect(element).to.be.accessible();
  });

  it('passes axe while loading', async () => {
    await mockApi({ 'invoices.list': () => new Promise(() => {}) });
    const element = await renderHistory();
    await waitUntil(() => text(element.shadowRoot, '[part="loading"]') === 'Loading…', 'no loading state');

    await expect(element).to.be.accessible();
  });

  it('shows empty when there are no invoices', async () => {
    await mockApi({ 'invoices.list': list([]) });
    const element = await renderHistory();
    await waitUntil(() => element.shadowRoot!.querySelector('[part="empty"]'), 'no empty state');

    expect(text(element.shadowRoot, '[part="empty"]')).to.equal("You don't have any invoices yet.");
    await expect(element).to.be.accessible();
  });

  it('shows an error and retries', async () => {
    let failing = true;
    await mockApi({ 'invoices.list': () => (failing ? jsonError(503, 'provider_error') : list([invoice('in_jp_1')])) });
    const element = await renderHistory();
    await waitUntil(() => element.shadowRoot!.querySelector('[role="alert"]'), 'no error shown', { timeout: 15_000 });
    expect(text(element.shadowRoot, '[role="alert"]')).to.contain("The payment provider didn't respond.");
    await expect(element).to.be.accessible();

    failing = false;
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry-button"]')!.click();
    await loaded(element);
  });

  it('badges every status and past due', async () => {
    const invoices = [
      invoice('draft', { status: 'draft', number: null, pdf_url: null }),
      invoice('open', { due_date: isoDaysFromToday(10) }),
      invoice('late', { due_date: isoDaysFromToday(-3) }),
      invoice('paid', { status: 'paid', amount_remaining: 0, amount_paid: 22219 }),
      invoice('bad', { status: 'uncollectible' }),
      invoice('void', { status: 'void' }),
    ];
    await mockApi({ 'invoices.list': list(invoices) });
    const element = await renderHistory();
    const root = await loaded(element);

    const statuses = invoices.map((item) => text(row(root, item.id), '[part="status"]'));
    expect(statuses).to.deep.equal(['Draft', 'Open', 'Open', 'Paid', 'Uncollectible', 'Void']);
    expect(text(row(root, 'late'), '[part="past-due"]')).to.equal('Past due');
    expect(row(root, 'open').querySelector('[part="past-due"]')).to.equal(null);
    expect(text(row(root, 'draft'), '.invoice-number')).to.equal('Draft');
  });

  it('offers pay now only on open invoices', async () => {
    const invoices = [invoice('open'), invoice('paid', { status: 'paid', amount_remaining: 0 }), invoice('void', { status: 'void' })];
    await mockApi({ 'invoices.list': list(invoices) });
    const element = await renderHistory();
    const root = await loaded(element);

    const payable = [...root.querySelectorAll('[part="pay-button"]')].map((button) => button.closest('tr')!.dataset.invoiceId);
    expect(payable).to.deep.equal(['open']);
  });

  it('hides pay now without the capability', async () => {
    const session = example('PortalSession');
    session.capabilities = ['invoices.read'];
    await mockApi({ 'session.retrieve': session });
    const element = await renderHistory();
    const root = await loaded(element);

    expect(root.querySelector('[part="pay-button"]')).to.equal(null);
    expect(root.querySelector('[part="download-button"]')).to.not.equal(null);
  });

  it('speaks Japanese', async () => {
    await mockApi();
    const element = await renderHistory({ locale: 'ja' });
    const root = await loaded(element);

    const first = row(root, 'in_jp_1');
    expect(text(first, '[part="pay-button"]')).to.equal('今すぐ支払う');
    expect(text(first, '[part="status"]')).to.equal('支払い待ち');
    expect(text(first, '[data-field="amount"]')).to.equal('￥22,219');
    expect(text(first, '[data-field="due-date"]')).to.equal('2026/12/15');
    await expect(element).to.be.accessible();
  });

  it('renders markup in descriptions as text', async () => {
    await mockApi({ 'invoices.list': list([invoice('in_x', { description: '<img src=x onerror=alert(1)>', number: '<b>KEEL-1</b>' })]) });
    const element = await renderHistory();
    const root = await loaded(element);

    expect(text(row(root, 'in_x'), '.invoice-description')).to.equal('<img src=x onerror=alert(1)>');
    expect(text(row(root, 'in_x'), '.invoice-number')).to.equal('<b>KEEL-1</b>');
    expect(root.querySelector('img, b')).to.equal(null);
  });

  describe('pagination', () => {
    const pageOne = [invoice('in_1'), invoice('in_2')];
    const pageTwo = [invoice('in_3')];

    async function paginated(): Promise<RecordedRequest[]> {
      return mockApi({
        'invoices.list': ({ url }) => (url.searchParams.get('starting_after') === 'in_2' ? list(pageTwo) : list(pageOne, 'in_2')),
      });
    }

    it('requests pages by cursor', async () => {
      const requests = await paginated();
      const element = await renderHistory({ pageSize: 2 });
      const root = await loaded(element);

      root.querySelector<HTMLButtonElement>('[data-page="next"]')!.click();
      await waitUntil(() => row(root, 'in_3'), 'second page did not render');
      root.querySelector<HTMLButtonElement>('[data-page="previous"]')!.click();
      await waitUntil(() => row(root, 'in_1'), 'first page did not come back');

      const queries = requests.filter((request) => request.operation === 'invoices.list').map((request) => request.url.search);
      expect(queries).to.deep.equal(['?limit=2', '?limit=2&starting_after=in_2', '?limit=2']);
    });

    it('announces the page and moves focus', async () => {
      await paginated();
      const element = await renderHistory({ pageSize: 2 });
      const root = await loaded(element);
      root.querySelector<HTMLButtonElement>('[data-page="next"]')!.focus();

      await sendKeys({ press: 'Enter' });
      await waitUntil(() => announced(root) === 'Page 2: 1 invoice', 'page change was not announced');

      expect(focusedAction(root)).to.equal('invoice-number in_3');
      expect(text(root, '.page-number')).to.equal('Page 2');
      expect(root.querySelector<HTMLButtonElement>('[data-page="next"]')!.disabled).to.equal(true);
      await expect(element).to.be.accessible();
    });

    it('keeps the page when the next fails', async () => {
      await mockApi({
        'invoices.list': ({ url }) => (url.searchParams.get('starting_after') ? jsonError(404, 'resource_missing') : list(pageOne, 'in_2')),
      });
      const element = await renderHistory({ pageSize: 2 });
      const root = await loaded(element);

      root.querySelector<HTMLButtonElement>('[data-page="next"]')!.click();
      await waitUntil(() => root.querySelector('[role="alert"]'), 'no error shown');

      expect(text(root, '.page-number')).to.equal('Page 1');
      expect(row(root, 'in_1')).to.not.equal(null);
    });
  });

  describe('PDF download', () => {
    const originalClick = HTMLAnchorElement.prototype.click;
    let downloads: string[] = [];

    beforeEach(() => {
      downloads = [];
      // Records the file name instead of letting the browser save a file.
      HTMLAnchorElement.prototype.click = function recordClick(this: HTMLAnchorElement) {
        downloads.push(this.download);
      };
    });

    afterEach(() => {
      HTMLAnchorElement.prototype.click = originalClick;
    });

    it('saves the PDF under the invoice number', async () => {
      const requests = await mockApi({
        'invoices.pdf': () => new Response(new Blob(['%PDF-1.7'], { type: 'application/pdf' }), { headers: { 'Content-Type': 'application/pdf' } }),
      });
      const element = await renderHistory();
      const root = await loaded(element);

      row(root, 'in_jp_1').querySelector<HTMLButtonElement>('[part="download-button"]')!.click();
      await waitUntil(() => downloads.length === 1, 'no download started');

      expect(downloads).to.deep.equal(['KEEL-0001.pdf']);
      expect(count(requests, 'invoices.pdf')).to.equal(1);
      await waitUntil(() => announced(root) === 'Your download has started.', 'download was not announced');
    });
  });

  describe('pay now', () => {
    it('confirms amount and method', async () => {
      await mockApi();
      const element = await renderHistory();
      const root = await loaded(element);

      const dialog = await openPayDialog(root);
      await waitUntil(() => text(dialog, '[data-field="pay-method"]') === 'Visa ending in 4242', 'payment method not shown');

      expect(text(dialog, '[data-field="pay-amount"]')).to.equal('¥22,219');
      expect(text(dialog, '[data-action="confirm"]')).to.equal('Pay ¥22,219');
      await expect(element).to.be.accessible();
    });

    it('pays and fires keel-invoice-paid', async () => {
      let status: 'open' | 'paid' = 'open';
      const requests = await mockApi({
        'invoices.list': () => list([invoice('in_jp_1', { number: 'KEEL-0001', status })]),
        'invoices.pay': () => {
          status = 'paid';
          return payment({ status: 'succeeded', next_action: null });
        },
        'invoices.retrieve': () => ({ ...example('InvoiceDetail'), status: 'paid', amount_remaining: 0, amount_paid: 22219 }),
      });
      const element = await renderHistory();
      const root = await loaded(element);
      const paid = new Promise<CustomEvent>((resolve) => element.addEventListener('keel-invoice-paid', resolve, { once: true }));

      const dialog = await openPayDialog(root);
      dialog.querySelector<HTMLButtonElement>('[data-action="confirm"]')!.click();
      const event = await paid;

      expect(event.detail.invoice.id).to.equal('in_jp_1');
      expect(event.detail.invoice.status).to.equal('paid');
      expect(text(dialog, '[data-outcome]')).to.equal('Payment received. Invoice KEEL-0001 is paid.');
      expect(requests.find((request) => request.operation === 'invoices.pay')!.params.id).to.equal('in_jp_1');
      await waitUntil(() => text(row(root, 'in_jp_1'), '[part="status"]') === 'Paid', 'list did not refresh');
      await expect(element).to.be.accessible();
    });

    it('sends one request on double click', async () => {
      const requests = await mockApi({ 'invoices.pay': payment({ status: 'succeeded', next_action: null }) });
      const element = await renderHistory();
      const root = await loaded(element);

      const dialog = await openPayDialog(root);
      const confirm = dialog.querySelector<HTMLButtonElement>('[data-action="confirm"]')!;
      confirm.click();
      confirm.click();
      await waitUntil(() => dialog.querySelector('[data-outcome]'), 'no outcome shown');

      expect(count(requests, 'invoices.pay')).to.equal(1);
    });

    it('shows the decline reason', async () => {
      await mockApi({
        'invoices.pay': () =>
          HttpResponse.json(
            { error: { code: 'payment_declined', message: 'Declined.', param: null, request_id: 'req_1', decline_reason: 'insufficient_funds' } },
            { status: 402 },
          ),
      });
      const element = await renderHistory();
      const root = await loaded(element);

      const dialog = await openPayDialog(root);
      dialog.querySelector<HTMLButtonElement>('[data-action="confirm"]')!.click();
      await waitUntil(() => dialog.querySelector('[data-outcome]'), 'no outcome shown');

      expect(text(dialog, '[data-outcome]')).to.equal('Your payment was declined: the card has insufficient funds. No money was taken.');
      expect(dialog.querySelector('[data-outcome]')!.getAttribute('role')).to.equal('alert');
      await expect(element).to.be.accessible();
    });

    it('shows a failed payment in Japanese', async () => {
      await mockApi({
        'invoices.pay': payment({ status: 'failed', next_action: null, error: { code: 'expired_card', decline_reason: 'expired_card', occurred_at: '2026-12-04T10:00:00Z' } }),
      });
      const element = await renderHistory({ locale: 'ja' });
      const root = await loaded(element);

      const dialog = await openPayDialog(root);
      dialog.querySelector<HTMLButtonElement>('[data-action="confirm"]')!.click();
      await waitUntil(() => dialog.querySelector('[data-outcome]'), 'no outcome shown');

      expect(text(dialog, '[data-outcome]')).to.equal('お支払いが承認されませんでした：カードの有効期限が切れています。請求は発生していません。');
    });

    it('keeps the dialog open on errors', async () => {
      await mockApi({ 'invoices.pay': () => jsonError(409, 'invoice_not_payable') });
      const element = await renderHistory();
      const root = await loaded(element);
      const failed = new Promise<CustomEvent>((resolve) => element.addEventListener('keel-error', resolve, { once: true }));

      const dialog = await openPayDialog(root);
      dialog.querySelector<HTMLButtonElement>('[data-action="confirm"]')!.click();
      const event = await failed;
      await element.updateComplete;

      expect(event.detail.source).to.equal('invoices.pay');
      expect(text(dialog, '[role="alert"]')).to.equal('This invoice can no longer be paid.');
      expect(dialog.querySelector('[data-action="confirm"]')).to.not.equal(null);
    });

    it('opens and closes with the keyboard', async () => {
      await mockApi();
      const element = await renderHistory();
      const root = await loaded(element);
      const payButton = row(root, 'in_jp_1').querySelector<HTMLButtonElement>('[part="pay-button"]')!;
      payButton.focus();

      await sendKeys({ press: 'Enter' });
      const dialog = payDialog(root);
      await waitUntil(() => dialog.open, 'Enter did not open the dialog');
      expect(focusedAction(root)).to.equal('cancel');

      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog.open, 'Escape did not close the dialog');
      await waitUntil(() => root.activeElement === payButton, 'focus did not return to pay now');
    });
  });

  describe('sandbox 3-D Secure', () => {
    function sandboxApi(finalStatus: 'succeeded' | 'failed'): Promise<RecordedRequest[]> {
      return mockApi({
        'invoices.pay': payment(),
        'payments.authenticate': () =>
          payment({
            status: finalStatus,
            next_action: null,
            error: finalStatus === 'failed' ? { code: 'authentication_required', decline_reason: 'authentication_required', occurred_at: '2026-12-04T10:00:00Z' } : null,
          }),
      });
    }

    async function challenge(root: ShadowRoot): Promise<HTMLDialogElement> {
      const dialog = await openPayDialog(root);
      dialog.querySelector<HTMLButtonElement>('[data-action="confirm"]')!.click();
      await waitUntil(() => dialog.querySelector('[part="sandbox-challenge"]'), 'no challenge shown');
      return dialog;
    }

    it('labels the simulated challenge', async () => {
      await sandboxApi('succeeded');
      const element = await renderHistory();
      const root = await loaded(element);

      const dialog = await challenge(root);

      expect(text(dialog, '[part="sandbox-challenge"] .badge')).to.equal('Test mode: simulated 3-D Secure');
      expect(focusedAction(root)).to.equal('approve');
      await expect(element).to.be.accessible();
    });

    it('approves and pays', async () => {
      const requests = await sandboxApi('succeeded');
      const element = await renderHistory();
      const root = await loaded(element);
      const paid = new Promise<CustomEvent>((resolve) => element.addEventListener('keel-invoice-paid', resolve, { once: true }));

      const dialog = await challenge(root);
      dialog.querySelector<HTMLButtonElement>('[data-action="approve"]')!.click();
      await paid;

      const authenticate = requests.find((request) => request.operation === 'payments.authenticate')!;
      expect(authenticate.params.id).to.equal('py_1');
      expect(authenticate.body).to.deep.equal({ result: 'approve' });
      expect(dialog.querySelector('[data-outcome]')!.getAttribute('data-outcome')).to.equal('succeeded');
    });

    it('denies and reports failure', async () => {
      const requests = await sandboxApi('failed');
      const element = await renderHistory();
      const root = await loaded(element);

      const dialog = await challenge(root);
      dialog.querySelector<HTMLButtonElement>('[data-action="deny"]')!.click();
      await waitUntil(() => dialog.querySelector('[data-outcome]'), 'no outcome shown');

      expect(requests.find((request) => request.operation === 'payments.authenticate')!.body).to.deep.equal({ result: 'deny' });
      expect(text(dialog, '[data-outcome]')).to.equal("Your bank couldn't confirm the payment, so no money was taken. Please try again or use another payment method.");
      await expect(element).to.be.accessible();
    });

    it('resumes a pending payment', async () => {
      const requests = await mockApi({
        'invoices.list': list([invoice('in_jp_1', { number: 'KEEL-0001', pending_payment_id: 'py_1' })]),
        'payments.authenticate': payment({ status: 'succeeded', next_action: null }),
      });
      const element = await renderHistory();
      const root = await loaded(element);

      await challenge(root);

      expect(count(requests, 'payments.retrieve')).to.equal(1);
      expect(count(requests, 'invoices.pay')).to.equal(0);
    });
  });

  describe('Stripe 3-D Secure', () => {
    const clientSecrets: string[] = [];
    const publishableKeys: string[] = [];

    before(() => {
      // A stand-in for Stripe.js; loadStripe uses window.Stripe when the page already has it.
      const fakeStripe = (key: string): StripeNextActionHandler => {
        publishableKeys.push(key);
        return {
          handleNextAction: async ({ clientSecret }) => {
            clientSecrets.push(clientSecret);
            return {};
          },
        };
      };
      (window as unknown as { Stripe: unknown }).Stripe = fakeStripe;
    });

    beforeEach(() => {
      clientSecrets.length = 0;
      publishableKeys.length = 0;
    });

    function liveApi(): Promise<RecordedRequest[]> {
      const session = { ...example('PortalSession'), mode: 'live' as const, stripe_publishable_key: 'pk_live_keel_fake' };
      return mockApi({
        'session.retrieve': session,
        'invoices.pay': payment({ next_action: { type: 'use_stripe_sdk', client_secret: 'pi_1_secret_abc' } }),
        'payments.retrieve': payment({ status: 'succeeded', next_action: null }),
      });
    }

    it('loads Stripe.js with the session key', async () => {
      const requests = await liveApi();
      const element = await renderHistory();
      const root = await loaded(element);
      const paid = new Promise<CustomEvent>((resolve) => element.addEventListener('keel-invoice-paid', resolve, { once: true }));

      const dialog = await openPayDialog(root);
      dialog.querySelector<HTMLButtonElement>('[data-action="confirm"]')!.click();
      await paid;

      expect(publishableKeys).to.deep.equal(['pk_live_keel_fake']);
      expect(clientSecrets).to.deep.equal(['pi_1_secret_abc']);
      expect(count(requests, 'payments.retrieve')).to.equal(1);
      await waitUntil(() => dialog.open && dialog.querySelector('[data-outcome="succeeded"]'), 'outcome not shown');
    });

    it('uses a provided Stripe instance', async () => {
      await liveApi();
      const element = await renderHistory();
      const used: string[] = [];
      element.stripe = {
        handleNextAction: async ({ clientSecret }) => {
          used.push(clientSecret);
          return {};
        },
      };
      const root = await loaded(element);

      const dialog = await openPayDialog(root);
      dialog.querySelector<HTMLButtonElement>('[data-action="confirm"]')!.click();
      await waitUntil(() => dialog.querySelector('[data-outcome]'), 'no outcome shown');

      expect(used).to.deep.equal(['pi_1_secret_abc']);
      expect(publishableKeys).to.deep.equal([]);
    });

    it('reports failed Stripe authentication', async () => {
      const session = { ...example('PortalSession'), mode: 'live' as const, stripe_publishable_key: 'pk_live_keel_fake' };
      await mockApi({
        'session.retrieve': session,
        'invoices.pay': payment({ next_action: { type: 'use_stripe_sdk', client_secret: 'pi_1_secret_abc' } }),
        'payments.retrieve': payment({
          status: 'failed',
          next_action: null,
          error: { code: 'authentication_required', decline_reason: 'authentication_required', occurred_at: '2026-12-04T10:00:00Z' },
        }),
      });
      const element = await renderHistory();
      const root = await loaded(element);

      const dialog = await openPayDialog(root);
      dialog.querySelector<HTMLButtonElement>('[data-action="confirm"]')!.click();
      await waitUntil(() => dialog.querySelector('[data-outcome]'), 'no outcome shown');

      expect(dialog.querySelector('[data-outcome]')!.getAttribute('data-outcome')).to.equal('authentication_failed');
    });
  });

  describe('invoice detail', () => {
    it('opens the invoice in a dialog', async () => {
      await mockApi();
      const element = await renderHistory();
      const root = await loaded(element);
      const opener = row(root, 'in_jp_1').querySelector<HTMLButtonElement>('.invoice-number')!;

      opener.focus();
      await sendKeys({ press: 'Enter' });
      const dialog = root.querySelector<HTMLDialogElement>('dialog.detail')!;
      const article = () => dialog.querySelector('keel-invoice-detail')?.shadowRoot?.querySelector('article');
      await waitUntil(article, 'detail did not load', { timeout: 5000 });
      const detail = article()!;

      expect(dialog.open).to.equal(true);
      expect(detail.querySelectorAll('tr[data-line]').length).to.equal(2);
      await expect(element).to.be.accessible();

      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog.open, 'Escape did not close the detail');
      await waitUntil(() => root.activeElement === opener, 'focus did not return to the invoice');
    });
  });

  it('refreshes when invoices change elsewhere', async () => {
    let status: 'open' | 'paid' = 'open';
    const requests = await mockApi({
      'invoices.list': () => list([invoice('in_jp_1', { status })]),
      'invoices.pay': () => {
        status = 'paid';
        return payment({ status: 'succeeded', next_action: null });
      },
    });
    const client = testClient();
    const element = await fixture<KeelInvoiceHistory>(html`<keel-invoice-history .client=${client} locale="en"></keel-invoice-history>`);
    const root = await loaded(element);

    await client.invoices.pay('in_jp_1');

    await waitUntil(() => text(row(root, 'in_jp_1'), '[part="status"]') === 'Paid', 'list did not refresh');
    expect(count(requests, 'invoices.list')).to.equal(2);
  });
});
