import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Address, InvoiceDetail, InvoiceLine, InvoiceRecipient, ResourceName, TaxBreakdownEntry } from '../../src/contract/index.js';
import type { Formatters } from '../../src/i18n/index.js';
import { Announcer } from '../shared/announcer.js';
import { KeelElement } from '../shared/keel-element.js';
import { DataLoader } from '../shared/loader.js';
import { errorMessage, renderEmpty, renderError, renderLoading } from '../shared/states.js';
import { sharedStyles, themeTokens } from '../shared/theme.js';
import { invoiceDetailStyles } from './invoice-detail.styles.js';
import { renderInvoiceStatus, stateTranslator } from './invoice-status.js';
import { downloadInvoicePdf } from './pdf-download.js';

/** Legal-form words that mark a recipient as a company, for the Japanese honorific 御中 instead of 様. */
const COMPANY_NAME = /株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|一般財団法人|公益社団法人|公益財団法人|\(株\)|（株）|\(有\)|（有）/;

/** Returns whether the recipient is a business: a VAT ID or a Japanese legal form in its name. */
function isCompany(recipient: InvoiceRecipient): boolean {
  return recipient.vat_id !== null || COMPANY_NAME.test(recipient.name ?? '');
}

/**
 * One invoice with everything printed on it: every line with its sign,
 * discounts and the tax per rate. Japanese qualified invoices also show the
 * issuer's registration number, ※ on reduced-rate lines with its legend and
 * the recipient's name. EU reverse-charge invoices show the note and both VAT IDs.
 *
 * @fires keel-error - When the PDF cannot be downloaded; `detail.source` is `invoices.pdf`.
 * @csspart base - The wrapper.
 * @csspart status - The status badge.
 * @csspart past-due - The badge on an open invoice past its due date.
 * @csspart issuer - The seller block with its registration number.
 * @csspart recipient - The buyer block.
 * @csspart lines - The table of invoice lines.
 * @csspart tax-breakdown - The table of tax per rate.
 * @csspart totals - The totals list.
 * @csspart reverse-charge - The reverse-charge note.
 * @csspart download-button - The PDF download button.
 * @cssproperty --keel-color-primary - Accent colour of buttons.
 */
export class KeelInvoiceDetail extends KeelElement {
  static override refreshOn: readonly ResourceName[] = ['invoices', 'payments'];
  static override styles = [themeTokens, sharedStyles, invoiceDetailStyles];

  /** The id of the invoice to show. */
  @property({ attribute: 'invoice-id' }) invoiceId = '';

  @state() private downloading = false;

  private readonly announcer = new Announcer(this);
  private readonly loader = new DataLoader<InvoiceDetail>(this, (signal) => {
    const environment = this.environment!;
    return environment.client.invoices.retrieve(this.invoiceId, { signal });
  });

  /** The invoice id of the last load, so a re-render does not fetch the same invoice again. */
  private loadedId?: string;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('invoiceId') && this.environment && this.invoiceId !== this.loadedId) this.load();
  }

  protected override environmentChanged(): void {
    this.load();
  }

  protected override refresh(): void {
    if (this.invoiceId) void this.loader.reload({ keepValue: true });
  }

  private load(): void {
    this.loadedId = this.invoiceId;
    if (this.invoiceId) void this.loader.reload();
  }

  private async handleDownload(invoice: InvoiceDetail): Promise<void> {
    if (this.downloading || !this.environment) return;
    this.downloading = true;
    this.announcer.announce(this.t('invoiceDetail.downloading'));
    try {
      await downloadInvoicePdf(this.environment.client, invoice);
      this.announcer.announce(this.t('invoiceDetail.downloadStarted'));
    } catch (error) {
      this.announcer.announce(errorMessage((key, options) => this.t(key, options), error), 'assertive');
      this.emit('keel-error', { source: 'invoices.pdf', error });
    } finally {
      this.downloading = false;
    }
  }

  private money(amount: number, currency: string): TemplateResult {
    return html`<span class="ltr">${this.environment!.i18n.formatters.money(amount, currency)}</span>`;
  }

  private renderAddress(address: Address | null): TemplateResult | typeof nothing {
    if (!address) return nothing;
    const parts = [address.postal_code, address.state, address.city, address.line1, address.line2].filter((part): part is string => Boolean(part));
    return html`<div class="address">${parts.join(' ')}</div>`;
  }

  private renderParties(invoice: InvoiceDetail): TemplateResult {
    const { issuer, recipient } = invoice;
    return html`<div class="parties">
      ${issuer
        ? html`<section part="issuer" aria-labelledby="issuer-heading">
            <h3 id="issuer-heading">${this.t('invoiceDetail.issuer')}</h3>
            <div class="party-name">${issuer.name}</div>
            ${this.renderAddress(issuer.address)}
            ${issuer.registration_number
              ? html`<div class="registration">${this.t('invoiceDetail.registrationNumber')}: <span class="ltr" data-field="registration-number">${issuer.registration_number}</span></div>`
              : nothing}
            ${issuer.vat_id ? html`<div>${this.t('invoiceDetail.vatId')}: <span class="ltr" data-field="issuer-vat-id">${issuer.vat_id}</span></div>` : nothing}
          </section>`
        : nothing}
      ${recipient
        ? html`<section part="recipient" aria-labelledby="recipient-heading">
            <h3 id="recipient-heading">${this.t('invoiceDetail.recipient')}</h3>
            ${recipient.name
              ? html`<div class="party-name" data-field="recipient-name">
                  ${this.t(isCompany(recipient) ? 'invoiceDetail.recipientCompany' : 'invoiceDetail.recipientPerson', { name: recipient.name })}
                </div>`
              : nothing}
            ${this.renderAddress(recipient.address)}
            ${recipient.vat_id ? html`<div>${this.t('invoiceDetail.vatId')}: <span class="ltr" data-field="recipient-vat-id">${recipient.vat_id}</span></div>` : nothing}
          </section>`
        : nothing}
    </div>`;
  }

  private renderDates(invoice: InvoiceDetail, formatters: Formatters): TemplateResult {
    return html`<dl class="dates">
      <div><dt>${this.t('invoiceDetail.issueDate')}</dt><dd>${formatters.date(invoice.created)}</dd></div>
      ${invoice.due_date ? html`<div><dt>${this.t('invoiceDetail.dueDate')}</dt><dd>${formatters.dateOnly(invoice.due_date)}</dd></div>` : nothing}
      ${invoice.period_start && invoice.period_end
        ? html`<div>
            <dt>${this.t('invoiceDetail.period')}</dt>
            <dd>${this.t('invoiceDetail.periodRange', { start: formatters.date(invoice.period_start), end: formatters.date(invoice.period_end) })}</dd>
          </div>`
        : nothing}
      ${invoice.paid_at ? html`<div><dt>${this.t('invoiceDetail.paidOn')}</dt><dd>${formatters.date(invoice.paid_at)}</dd></div>` : nothing}
    </dl>`;
  }

  private renderRate(rate: number | null, reduced: boolean, formatters: Formatters): TemplateResult | typeof nothing {
    if (rate === null) return nothing;
    return html`<span class="ltr">${formatters.percent(rate / 100)}</span>${reduced ? this.renderReducedMark() : nothing}`;
  }

  private renderReducedMark(): TemplateResult {
    return html`<span class="reduced-mark" aria-hidden="true">※</span><span class="visually-hidden">${this.t('invoiceDetail.reducedRateLabel')}</span>`;
  }

  private renderLine(line: InvoiceLine, currency: string, formatters: Formatters): TemplateResult {
    const kindLabel = line.kind === 'proration' || line.kind === 'credit' ? this.t(`invoiceDetail.kind.${line.kind}`) : '';
    return html`<tr data-line=${line.id} data-kind=${line.kind}>
      <td>
        <span class="description">${line.description ?? this.t(`invoiceDetail.kind.${line.kind}`)}</span>${line.reduced_rate ? this.renderReducedMark() : nothing}
        ${kindLabel && line.description ? html`<span class="badge kind">${kindLabel}</span>` : nothing}
        ${line.discount_amount > 0
          ? html`<div class="line-discount">${this.t('invoiceDetail.lineDiscount')} ${this.money(-line.discount_amount, currency)}</div>`
          : nothing}
      </td>
      <td class="amount">${line.quantity === null ? nothing : html`<span class="ltr">${formatters.number(line.quantity)}</span>`}</td>
      <td class="amount">${line.unit_amount === null ? nothing : this.money(line.unit_amount, currency)}</td>
      <td class="amount">${this.renderRate(line.tax_rate_percent, false, formatters)}</td>
      <td class="amount" data-field="line-amount">${this.money(line.amount, currency)}</td>
    </tr>`;
  }

  private renderLines(invoice: InvoiceDetail, formatters: Formatters): TemplateResult {
    return html`<div class="table-scroll">
      <table part="lines">
        <caption>${this.t('invoiceDetail.linesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">${this.t('invoiceDetail.columns.description')}</th>
            <th scope="col" class="amount">${this.t('invoiceDetail.columns.quantity')}</th>
            <th scope="col" class="amount">${this.t('invoiceDetail.columns.unitPrice')}</th>
            <th scope="col" class="amount">${this.t('invoiceDetail.columns.taxRate')}</th>
            <th scope="col" class="amount">${this.t('invoiceDetail.columns.amount')}</th>
          </tr>
        </thead>
        <tbody>
          ${invoice.lines.map((line) => this.renderLine(line, invoice.currency, formatters))}
        </tbody>
      </table>
    </div>`;
  }

  private renderTaxRow(entry: TaxBreakdownEntry, currency: string, formatters: Formatters): TemplateResult {
    return html`<tr data-rate=${entry.rate_percent}>
      <th scope="row">
        ${this.t('invoiceDetail.taxRateRow', { rate: formatters.percent(entry.rate_percent / 100) })}${entry.reduced_rate ? this.renderReducedMark() : nothing}
        ${entry.inclusive ? html`<span class="muted">${this.t('invoiceDetail.taxInclusive')}</span>` : nothing}
      </th>
      <td class="amount" data-field="taxable">${this.money(entry.taxable_amount, currency)}</td>
      <td class="amount" data-field="tax">${this.money(entry.tax_amount, currency)}</td>
    </tr>`;
  }

  private renderTaxBreakdown(invoice: InvoiceDetail, formatters: Formatters): TemplateResult | typeof nothing {
    if (invoice.tax_breakdown.length === 0) return nothing;
    return html`<table part="tax-breakdown">
      <caption>${this.t('invoiceDetail.taxCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">${this.t('invoiceDetail.columns.taxRate')}</th>
          <th scope="col" class="amount">${this.t('invoiceDetail.columns.taxableAmount')}</th>
          <th scope="col" class="amount">${this.t('invoiceDetail.columns.taxAmount')}</th>
        </tr>
      </thead>
      <tbody>
        ${invoice.tax_breakdown.map((entry) => this.renderTaxRow(entry, invoice.currency, formatters))}
      </tbody>
    </table>`;
  }

  private renderDiscounts(invoice: InvoiceDetail): TemplateResult | typeof nothing {
    if (invoice.discounts.length === 0) return nothing;
    return html`<section aria-labelledby="discounts-heading">
      <h3 id="discounts-heading">${this.t('invoiceDetail.discounts')}</h3>
      <ul class="discounts" part="discounts">
        ${invoice.discounts.map((discount) => html`<li><span>${discount.name}</span> ${this.money(-discount.amount, invoice.currency)}</li>`)}
      </ul>
    </section>`;
  }

  private renderTotals(invoice: InvoiceDetail): TemplateResult {
    const { currency } = invoice;
    const row = (key: string, amount: number, field: string): TemplateResult =>
      html`<div data-field=${field}><dt>${this.t(`invoiceDetail.totals.${key}`)}</dt><dd class="amount">${this.money(amount, currency)}</dd></div>`;
    return html`<dl class="totals" part="totals">
      ${row('subtotal', invoice.subtotal, 'subtotal')}
      ${invoice.total_discount > 0 ? row('discount', -invoice.total_discount, 'total-discount') : nothing}
      ${row('tax', invoice.total_tax, 'total-tax')}
      ${row('total', invoice.total, 'total')}
      ${invoice.amount_paid > 0 ? row('amountPaid', invoice.amount_paid, 'amount-paid') : nothing}
      ${invoice.status === 'open' || invoice.status === 'uncollectible' ? row('amountDue', invoice.amount_remaining, 'amount-due') : nothing}
    </dl>`;
  }

  private renderReverseCharge(invoice: InvoiceDetail): TemplateResult | typeof nothing {
    if (!invoice.reverse_charge) return nothing;
    return html`<aside class="reverse-charge" part="reverse-charge" aria-labelledby="reverse-charge-heading">
      <h3 id="reverse-charge-heading">${this.t('invoiceDetail.reverseCharge.title')}</h3>
      <p>${this.t('invoiceDetail.reverseCharge.note')}</p>
      <dl>
        <div><dt>${this.t('invoiceDetail.reverseCharge.supplierVatId')}</dt><dd class="ltr" data-field="supplier-vat-id">${invoice.issuer?.vat_id ?? '—'}</dd></div>
        <div><dt>${this.t('invoiceDetail.reverseCharge.customerVatId')}</dt><dd class="ltr" data-field="customer-vat-id">${invoice.recipient?.vat_id ?? '—'}</dd></div>
      </dl>
    </aside>`;
  }

  private renderInvoice(invoice: InvoiceDetail): TemplateResult {
    const formatters = this.environment!.i18n.formatters;
    const title = invoice.number ? this.t('invoiceDetail.title', { number: invoice.number }) : this.t('invoiceDetail.draftTitle');
    const hasReduced = invoice.lines.some((line) => line.reduced_rate) || invoice.tax_breakdown.some((entry) => entry.reduced_rate);
    return html`<article class="invoice" part="base" aria-labelledby="invoice-heading">
      <header>
        <h2 id="invoice-heading"><span class="ltr">${title}</span></h2>
        ${renderInvoiceStatus((key, options) => this.t(key, options), invoice, formatters, this.providerNow())}
        ${invoice.pdf_url
          ? html`<button
              class="button"
              part="download-button"
              type="button"
              ?disabled=${this.downloading}
              aria-label=${this.t('invoiceDetail.downloadPdfLabel', { number: invoice.number ?? invoice.id })}
              @click=${() => this.handleDownload(invoice)}
            >
              ${this.downloading ? this.t('invoiceDetail.downloading') : this.t('invoiceDetail.downloadPdf')}
            </button>`
          : nothing}
      </header>
      ${invoice.description ? html`<p class="description">${invoice.description}</p>` : nothing}
      ${this.renderParties(invoice)} ${this.renderDates(invoice, formatters)} ${this.renderLines(invoice, formatters)}
      ${hasReduced ? html`<p class="legend" data-field="reduced-rate-legend">${this.t('invoiceDetail.reducedRateLegend')}</p>` : nothing}
      ${this.renderDiscounts(invoice)} ${this.renderTaxBreakdown(invoice, formatters)} ${this.renderTotals(invoice)} ${this.renderReverseCharge(invoice)}
    </article>`;
  }

  private renderState(): TemplateResult {
    const t = stateTranslator(this.environment);
    if (this.environmentError) return renderError(t, this.environmentError, () => this.retryEnvironment());
    if (!this.environment) return renderLoading(t);
    if (!this.invoiceId) return renderEmpty(this.t('invoiceDetail.none'));

    const { status, value, error } = this.loader;
    if (status === 'error') return renderError(t, error, () => this.load());
    if (!value || status === 'loading' || status === 'idle') return renderLoading(t);
    return this.renderInvoice(value);
  }

  override render(): TemplateResult {
    return html`${this.renderState()}${this.announcer.render()}`;
  }
}
