import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { InvoiceDetail } from '../../src/contract/index.js';
import { API_BASE, example, jsonError, mockApi, testClient } from '../../test/browser/support/api.js';
import './define.js';
import type { KeelInvoiceDetail } from './invoice-detail.js';

let tokenCounter = 0;

async function renderDetail(options: { locale?: string; invoiceId?: string } = {}): Promise<KeelInvoiceDetail> {
  tokenCounter += 1;
  return fixture<KeelInvoiceDetail>(
    html`<keel-invoice-detail
      api-base=${API_BASE}
      session-token=${`detail-token-${tokenCounter}-${Math.random()}`}
      locale=${options.locale ?? 'en'}
      invoice-id=${options.invoiceId ?? 'in_jp_1'}
    ></keel-invoice-detail>`,
  );
}

async function loaded(element: KeelInvoiceDetail): Promise<ShadowRoot> {
  await waitUntil(() => element.shadowRoot!.querySelector('article'), 'invoice did not render', { timeout: 10_000 });
  return element.shadowRoot!;
}

function text(root: ParentNode, selector: string): string {
  return root.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** An invoice with one line per kind, a discount and a reverse-charge EU customer. */
function euReverseChargeInvoice(): InvoiceDetail {
  const invoice = example('InvoiceDetail');
  const line = invoice.lines[0]!;
  return {
    ...invoice,
    id: 'in_de_1',
    number: 'KEEL-DE-7',
    currency: 'EUR',
    reverse_charge: true,
    subtotal: 9000,
    total_discount: 1000,
    total_tax: 0,
    total: 8000,
    amount_due: 8000,
    amount_remaining: 8000,
    lines: [
      { ...line, id: 'il_sub', description: 'Pro plan', amount: 10000, unit_amount: 10000, discount_amount: 1000, tax_rate_percent: 0 },
      { ...line, id: 'il_pro', kind: 'proration', description: 'Unused time on Starter', amount: -1500, unit_amount: -1500, tax_rate_percent: 0 },
      { ...line, id: 'il_credit', kind: 'credit', description: 'Goodwill credit', amount: -500, unit_amount: -500, tax_rate_percent: 0 },
      { ...line, id: 'il_extra', kind: 'one_off', description: 'Onboarding', amount: 1000, unit_amount: 1000, tax_rate_percent: 0 },
    ],
    discounts: [{ name: 'Launch 10%', amount: 1000 }],
    tax_breakdown: [{ tax_type: 'vat', rate_percent: 0, reduced_rate: false, taxable_amount: 8000, tax_amount: 0, inclusive: false }],
    issuer: { name: 'Acme Cloud GmbH', registration_number: null, vat_id: 'DE123456789', address: null },
    recipient: { name: 'Beispiel AG', vat_id: 'ATU12345678', address: null, country: 'AT' },
  };
}

describe('keel-invoice-detail', () => {
  it('renders lines and totals', async () => {
    await mockApi();
    const element = await renderDetail();
    const root = await loaded(element);

    expect(root.querySelectorAll('tbody tr[data-line]').length).to.equal(2);
    expect(text(root, '[data-field="total"] dd')).to.equal('¥22,219');
    expect(text(root, 'h2')).to.equal('Invoice KEEL-0001');
  });

  it('passes axe once loaded', async () => {
    await mockApi();
    const element = await renderDetail();
    await loaded(element);

    await expect(element).to.be.accessible();
  });

  it('passes axe while loading', async () => {
    await mockApi({ 'invoices.retrieve': () => new Promise(() => {}) });
    const element = await renderDetail();
    await waitUntil(() => element.shadowRoot!.querySelector('[part="loading"]')?.textContent?.includes('Loading'), 'no loading state');

    await expect(element).to.be.accessible();
  });

  it('shows empty without an invoice id', async () => {
    await mockApi();
    const element = await renderDetail({ invoiceId: '' });
    await waitUntil(() => element.shadowRoot!.querySelector('[part="empty"]'), 'no empty state');

    expect(text(element.shadowRoot!, '[part="empty"]')).to.equal('Choose an invoice to see its details.');
    await expect(element).to.be.accessible();
  });

  it('shows an error and retries', async () => {
    let failing = true;
    const requests = await mockApi({ 'invoices.retrieve': () => (failing ? jsonError(404, 'resource_missing', 'id') : example('InvoiceDetail')) });
    const element = await renderDetail();
    await waitUntil(() => element.shadowRoot!.querySelector('[role="alert"]'), 'no error shown');
    expect(text(element.shadowRoot!, '[role="alert"]')).to.contain("We couldn't find that item.");
    await expect(element).to.be.accessible();

    failing = false;
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry-button"]')!.click();
    await loaded(element);
    expect(requests.filter((request) => request.operation === 'invoices.retrieve').length).to.equal(2);
  });

  it('renders all 200 lines', async () => {
    const invoice = example('InvoiceDetail');
    const template = invoice.lines[0]!;
    invoice.lines = Array.from({ length: 200 }, (_, index) => ({ ...template, id: `il_${index}`, description: `Seat ${index + 1}` }));
    await mockApi({ 'invoices.retrieve': invoice });
    const element = await renderDetail();
    const root = await loaded(element);

    const rows = root.querySelectorAll('tbody tr[data-line]');
    expect(rows.length).to.equal(200);
    expect(rows[199]!.textContent).to.contain('Seat 200');
  });

  it('shows signs of credits and discounts', async () => {
    await mockApi({ 'invoices.retrieve': euReverseChargeInvoice() });
    const element = await renderDetail();
    const root = await loaded(element);

    expect(text(root, 'tr[data-line="il_pro"] [data-field="line-amount"]')).to.equal('-€15.00');
    expect(text(root, 'tr[data-line="il_credit"] [data-field="line-amount"]')).to.equal('-€5.00');
    expect(text(root, 'tr[data-line="il_extra"] [data-field="line-amount"]')).to.equal('€10.00');
    expect(text(root, 'tr[data-line="il_pro"]')).to.contain('Proration');
    expect(text(root, 'tr[data-line="il_credit"]')).to.contain('Credit');
    expect(text(root, 'tr[data-line="il_sub"] .line-discount')).to.equal('Discount -€10.00');
    expect(text(root, '[part="discounts"]')).to.equal('Launch 10% -€10.00');
    expect(text(root, '[data-field="total-discount"] dd')).to.equal('-€10.00');
  });

  it('notes reverse charge with both VAT IDs', async () => {
    await mockApi({ 'invoices.retrieve': euReverseChargeInvoice() });
    const element = await renderDetail();
    const root = await loaded(element);

    expect(text(root, '[part="reverse-charge"] h3')).to.equal('Reverse charge');
    expect(text(root, '[data-field="supplier-vat-id"]')).to.equal('DE123456789');
    expect(text(root, '[data-field="customer-vat-id"]')).to.equal('ATU12345678');
    await expect(element).to.be.accessible();
  });

  it('uses the German reverse-charge wording', async () => {
    await mockApi({ 'invoices.retrieve': euReverseChargeInvoice() });
    const element = await renderDetail({ locale: 'de' });
    const root = await loaded(element);

    expect(text(root, '[part="reverse-charge"] h3')).to.equal('Steuerschuldnerschaft des Leistungsempfängers');
  });

  it('omits reverse charge for domestic invoices', async () => {
    await mockApi();
    const element = await renderDetail();
    const root = await loaded(element);

    expect(root.querySelector('[part="reverse-charge"]')).to.equal(null);
  });

  it('renders a Japanese qualified invoice', async () => {
    await mockApi();
    const element = await renderDetail({ locale: 'ja' });
    const root = await loaded(element);

    expect(text(root, '[part="issuer"] .registration')).to.equal('登録番号: T7010705000725');
    expect(text(root, '[part="issuer"] .party-name')).to.equal('Acme Cloud 株式会社');
    expect(text(root, '[data-field="recipient-name"]')).to.equal('株式会社サンプル 御中');
    expect(root.querySelector('tr[data-line="il_2"] .reduced-mark')?.textContent).to.equal('※');
    expect(root.querySelector('tr[data-line="il_1"] .reduced-mark')).to.equal(null);
    expect(text(root, '[data-field="reduced-rate-legend"]')).to.equal('※は軽減税率（8%）対象品目です。');
    expect(text(root, 'h2')).to.equal('請求書 KEEL-0001');
    await expect(element).to.be.accessible();
  });

  it('breaks tax down per rate', async () => {
    await mockApi();
    const element = await renderDetail({ locale: 'ja' });
    const root = await loaded(element);

    expect(text(root, 'tr[data-rate="10"] th')).to.equal('10%対象');
    expect(text(root, 'tr[data-rate="10"] [data-field="taxable"]')).to.equal('￥12,345');
    expect(text(root, 'tr[data-rate="10"] [data-field="tax"]')).to.equal('￥1,234');
    expect(text(root, 'tr[data-rate="8"] th')).to.contain('8%対象※');
    expect(text(root, 'tr[data-rate="8"] [data-field="tax"]')).to.equal('￥640');
  });

  it('addresses a person with 様', async () => {
    const invoice = example('InvoiceDetail');
    invoice.recipient = { name: '山田 太郎', vat_id: null, address: null, country: 'JP' };
    await mockApi({ 'invoices.retrieve': invoice });
    const element = await renderDetail({ locale: 'ja' });
    const root = await loaded(element);

    expect(text(root, '[data-field="recipient-name"]')).to.equal('山田 太郎 様');
  });

  it('shows due date as a calendar day', async () => {
    await mockApi();
    const element = await renderDetail();
    const root = await loaded(element);

    // 2026-12-15 stays the 15th whatever the browser's or the customer's time zone.
    expect(text(root, '.dates')).to.contain('Dec 15, 2026');
  });

  it('renders markup in data as text', async () => {
    const invoice = example('InvoiceDetail');
    invoice.description = '<img src=x onerror=alert(1)>';
    invoice.lines[0]!.description = '<script>alert(2)</script>';
    invoice.recipient = { name: '<b onmouseover=alert(3)>Evil Corp</b>', vat_id: null, address: null, country: 'JP' };
    await mockApi({ 'invoices.retrieve': invoice });
    const element = await renderDetail();
    const root = await loaded(element);

    expect(text(root, 'p.description')).to.equal('<img src=x onerror=alert(1)>');
    expect(text(root, 'tr[data-line="il_1"] .description')).to.equal('<script>alert(2)</script>');
    expect(text(root, '[data-field="recipient-name"]')).to.equal('<b onmouseover=alert(3)>Evil Corp</b>');
    expect(root.querySelector('img, script, b')).to.equal(null);
  });

  describe('PDF download', () => {
    const originalClick = HTMLAnchorElement.prototype.click;
    const originalRevoke = URL.revokeObjectURL;
    let clicked: Array<{ download: string; href: string }> = [];
    let revoked: string[] = [];

    beforeEach(() => {
      clicked = [];
      revoked = [];
      // Records the download instead of letting the browser save a file.
      HTMLAnchorElement.prototype.click = function recordClick(this: HTMLAnchorElement) {
        clicked.push({ download: this.download, href: this.href });
      };
      URL.revokeObjectURL = (url: string) => {
        revoked.push(url);
        originalRevoke.call(URL, url);
      };
    });

    afterEach(() => {
      HTMLAnchorElement.prototype.click = originalClick;
      URL.revokeObjectURL = originalRevoke;
    });

    function pdfResponse(): Response {
      return new Response(new Blob(['%PDF-1.7 test'], { type: 'application/pdf' }), { headers: { 'Content-Type': 'application/pdf' } });
    }

    it('saves the PDF under the invoice number', async () => {
      const requests = await mockApi({ 'invoices.pdf': () => pdfResponse() });
      const element = await renderDetail();
      const root = await loaded(element);

      root.querySelector<HTMLButtonElement>('[part="download-button"]')!.click();
      await waitUntil(() => revoked.length === 1, 'object URL was not revoked');

      expect(requests.filter((request) => request.operation === 'invoices.pdf').map((request) => request.params.id)).to.deep.equal(['in_jp_1']);
      expect(clicked.map((item) => item.download)).to.deep.equal(['KEEL-0001.pdf']);
      expect(clicked[0]!.href.startsWith('blob:')).to.equal(true);
      expect(revoked).to.deep.equal([clicked[0]!.href]);
    });

    it('downloads with the keyboard', async () => {
      await mockApi({ 'invoices.pdf': () => pdfResponse() });
      const element = await renderDetail();
      const root = await loaded(element);
      root.querySelector<HTMLButtonElement>('[part="download-button"]')!.focus();

      await sendKeys({ press: 'Enter' });
      await waitUntil(() => clicked.length === 1, 'Enter did not start a download');

      expect(clicked[0]!.download).to.equal('KEEL-0001.pdf');
    });

    it('reports a failed download', async () => {
      await mockApi({ 'invoices.pdf': () => jsonError(404, 'resource_missing', 'id') });
      const element = await renderDetail();
      const root = await loaded(element);
      const failed = new Promise<CustomEvent>((resolve) => element.addEventListener('keel-error', resolve, { once: true }));

      root.querySelector<HTMLButtonElement>('[part="download-button"]')!.click();
      const event = await failed;

      expect(event.detail.source).to.equal('invoices.pdf');
      expect(clicked).to.deep.equal([]);
    });
  });

  it('refreshes when the invoice is paid elsewhere', async () => {
    const paid = { ...example('InvoiceDetail'), status: 'paid' as const, amount_remaining: 0, amount_paid: 22219 };
    let status: 'open' | 'paid' = 'open';
    await mockApi({
      'invoices.retrieve': () => (status === 'open' ? example('InvoiceDetail') : paid),
      'invoices.pay': () => {
        status = 'paid';
        return { ...example('Payment'), status: 'succeeded', next_action: null };
      },
    });
    const client = testClient();
    const element = await fixture<KeelInvoiceDetail>(html`<keel-invoice-detail .client=${client} locale="en" invoice-id="in_jp_1"></keel-invoice-detail>`);
    const root = await loaded(element);
    expect(root.querySelector('[part="status"]')!.getAttribute('data-status')).to.equal('open');

    await client.invoices.pay('in_jp_1');

    await waitUntil(() => root.querySelector('[part="status"]')?.getAttribute('data-status') === 'paid', 'detail did not refresh');
    expect(text(root, '[data-field="amount-paid"] dd')).to.equal('¥22,219');
  });

  it('marks an open invoice past due', async () => {
    const invoice = example('InvoiceDetail');
    invoice.due_date = '2020-01-31';
    await mockApi({ 'invoices.retrieve': invoice });
    const element = await renderDetail();
    const root = await loaded(element);

    expect(text(root, '[part="past-due"]')).to.equal('Past due');
  });
});
