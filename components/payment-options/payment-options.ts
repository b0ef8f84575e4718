import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { KeelApiError } from '../../src/client/index.js';
import type {
  BankTransferInstructions,
  FinancialAddress,
  KonbiniVoucher,
  PayByInvoiceApplication,
  PaymentOption,
  PaymentOptions,
  ResourceName,
} from '../../src/contract/index.js';
import { createFormatters } from '../../src/i18n/index.js';
import { Announcer } from '../shared/announcer.js';
import { KeelElement } from '../shared/keel-element.js';
import { DataLoader } from '../shared/loader.js';
import { errorMessage, renderEmpty, renderError, renderLoading } from '../shared/states.js';
import { sharedStyles, themeTokens } from '../shared/theme.js';
import { renderEnvironmentError } from '../payment-methods/environment-error.js';
import { paymentOptionsStyles } from './payment-options.styles.js';

/** Konbini vouchers expire at 23:59:59 Japan time, so their deadline is shown in that zone whatever the customer's. */
const KONBINI_TIME_ZONE = 'Asia/Tokyo';

/** A labelled value the customer may copy, such as an account number. */
interface CopyRow {
  key: string;
  label: string;
  value: string;
  copyable: boolean;
}

/** The state of one action (fetching instructions, a voucher, or sending a request). */
interface Action<T> {
  pending: boolean;
  value?: T;
  error?: unknown;
}

/**
 * Ways to pay other than the saved card, each shown only when the server says
 * it is eligible: bank transfer instructions with copy buttons, a konbini
 * payment slip, wallets, and a request to pay by invoice.
 *
 * @fires keel-error - When the options cannot be loaded.
 * @csspart base - The wrapper.
 * @csspart option - One payment option's section.
 * @csspart copy-button - A button that copies one value.
 * @csspart holiday-notice - The notice that Japanese banks process transfers on business days only.
 * @csspart konbini-deadline - The voucher's deadline in Japan time.
 * @csspart pay-by-invoice-form - The pay-by-invoice request form.
 * @cssproperty --keel-color-info-background - Background of notices.
 */
export class KeelPaymentOptions extends KeelElement {
  static override refreshOn: readonly ResourceName[] = ['payment_options'];
  static override styles = [themeTokens, sharedStyles, paymentOptionsStyles];

  private readonly loader = new DataLoader<PaymentOptions>(this, (signal) => {
    const query = this.invoiceId ? { invoice_id: this.invoiceId } : {};
    return this.environment!.client.paymentOptions.list(query, { signal });
  });
  private readonly announcer = new Announcer(this);

  @state() private bankTransfer: Action<BankTransferInstructions> = { pending: false };
  @state() private konbini: Action<KonbiniVoucher> = { pending: false };
  @state() private application: Action<PayByInvoiceApplication> = { pending: false };
  @state() private copiedKey: string | null = null;
  @state() private termsDays?: number;
  @state() private purchaseOrder = '';
  @state() private note = '';

  /** The invoice to pay; without it the element shows the customer's general options. */
  @property({ attribute: 'invoice-id' }) invoiceId = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('invoiceId') && this.hasUpdated && this.environment) this.environmentChanged();
  }

  protected override environmentChanged(): void {
    this.bankTransfer = { pending: false };
    this.konbini = { pending: false };
    this.application = { pending: false };
    if (this.can('payment_options.read')) void this.loadOptions();
  }

  protected override refresh(): void {
    if (this.can('payment_options.read')) void this.loader.reload({ keepValue: true });
  }

  private async loadOptions(): Promise<void> {
    await this.loader.reload();
    if (this.loader.status === 'error') this.emit('keel-error', { source: 'paymentOptions.list', error: this.loader.error });
  }

  /** The invoice the konbini voucher and bank transfer are for: the attribute's, else the one the options list was returned for. */
  private get targetInvoiceId(): string | null {
    return this.invoiceId || this.loader.value?.invoice_id || null;
  }

  private eligible(type: PaymentOption['type']): PaymentOption | undefined {
    return this.loader.value?.options.find((option) => option.type === type && option.eligible);
  }

  private async fetchBankTransfer(): Promise<void> {
    if (this.bankTransfer.pending) return;
    this.bankTransfer = { pending: true };
    const invoiceId = this.targetInvoiceId;
    try {
      const value = await this.environment!.client.paymentOptions.bankTransfer(invoiceId ? { invoice_id: invoiceId } : {});
      this.bankTransfer = { pending: false, value };
      this.announcer.announce(this.t('paymentOptions.bankTransfer.shown'));
    } catch (error) {
      this.bankTransfer = { pending: false, error };
    }
  }

  private async fetchKonbini(invoiceId: string): Promise<void> {
    if (this.konbini.pending) return;
    this.konbini = { pending: true };
    try {
      const value = await this.environment!.client.paymentOptions.konbini({ invoice_id: invoiceId });
      this.konbini = { pending: false, value };
      this.announcer.announce(this.t('paymentOptions.konbini.shown'));
    } catch (error) {
      this.konbini = { pending: false, error };
    }
  }

  private async submitPayByInvoice(event: Event, option: PaymentOption): Promise<void> {
    event.preventDefault();
    if (this.application.pending) return;
    const terms = this.termsDays ?? option.terms_days[0];
    if (terms === undefined) return;

    this.application = { pending: true };
    const purchaseOrder = this.purchaseOrder.trim();
    const note = this.note.trim();
    try {
      const value = await this.environment!.client.paymentOptions.payByInvoice({
        terms_days: terms,
        ...(purchaseOrder ? { purchase_order: purchaseOrder } : {}),
        ...(note ? { note } : {}),
      });
      this.application = { pending: false, value };
      this.announcer.announce(this.t(`paymentOptions.payByInvoice.status.${value.status}`));
    } catch (error) {
      this.application = { pending: false, error };
      this.announcer.announce(errorMessage(this.t.bind(this), error), 'assertive');
    }
  }

  private async copy(row: CopyRow): Promise<void> {
    try {
      await navigator.clipboard.writeText(row.value);
      this.copiedKey = row.key;
      this.announcer.announce(this.t('common.copied'));
    } catch {
      // Browsers deny the clipboard without focus or permission; the value stays selectable on screen.
      this.copiedKey = null;
      this.announcer.announce(this.t('paymentOptions.copyFailed'), 'assertive');
    }
  }

  private renderRows(rows: CopyRow[]): TemplateResult {
    return html`<dl class="rows">
      ${rows.map(
        (row) => html`<div class="row">
          <dt id=${`label-${row.key}`}>${row.label}</dt>
          <dd>
            <span class="value ltr" id=${`value-${row.key}`}>${row.value}</span>
            ${row.copyable
              ? html`<button class="button copy" type="button" part="copy-button" data-key=${row.key} aria-describedby=${`label-${row.key}`} @click=${() => this.copy(row)}>
                  ${this.copiedKey === row.key ? this.t('common.copied') : this.t('common.copy')}
                </button>`
              : nothing}
          </dd>
        </div>`,
      )}
    </dl>`;
  }

  private addressRows(address: FinancialAddress, index: number): CopyRow[] {
    const row = (field: string, value: string, copyable = true): CopyRow => ({
      key: `${index}-${field}`,
      label: this.t(`paymentOptions.bankTransfer.fields.${field}`),
      value,
      copyable,
    });
    switch (address.type) {
      case 'zengin':
        return [
          row('bank', `${address.bank_name} (${address.bank_code})`, false),
          row('bankCode', address.bank_code),
          row('branch', `${address.branch_name} (${address.branch_code})`, false),
          row('branchCode', address.branch_code),
          row('accountType', this.t(`paymentOptions.bankTransfer.accountTypes.${address.account_type}`), false),
          row('accountNumber', address.account_number),
          row('accountHolder', address.account_holder_name),
        ];
      case 'iban':
        return [row('iban', address.iban), row('bic', address.bic), row('accountHolder', address.account_holder_name), row('country', this.countryName(address.country), false)];
      case 'aba':
        return [row('bankName', address.bank_name, false), row('routingNumber', address.routing_number), row('accountNumber', address.account_number), row('accountHolder', address.account_holder_name)];
    }
  }

  private countryName(code: string): string {
    const names = new Intl.DisplayNames([this.environment!.i18n.locale], { type: 'region' });
    return names.of(code) ?? code;
  }

  private renderBankTransfer(): TemplateResult {
    const { pending, value, error } = this.bankTransfer;
    const { formatters } = this.environment!.i18n;
    return html`<section class="option" part="option" data-type="bank_transfer" aria-labelledby="bank-transfer-title">
      <h4 id="bank-transfer-title">${this.t('paymentOptions.bankTransfer.title')}</h4>
      <p class="description">${this.t('paymentOptions.bankTransfer.description')}</p>
      ${value
        ? html`<p>
              ${this.t('paymentOptions.bankTransfer.amount')}
              <strong><span class="ltr">${formatters.money(value.amount_remaining, value.currency)}</span></strong>
            </p>
            ${this.renderRows([{ key: 'reference', label: this.t('paymentOptions.bankTransfer.fields.reference'), value: value.reference, copyable: true }])}
            <p class="hint">${this.t('paymentOptions.bankTransfer.referenceHint')}</p>
            ${value.financial_addresses.map(
              (address, index) => html`<div class="account">
                <h5>${this.t(`paymentOptions.bankTransfer.accountKinds.${address.type}`)}</h5>
                ${this.renderRows(this.addressRows(address, index))}
              </div>`,
            )}
            ${value.bank_holidays_apply ? html`<p class="notice" part="holiday-notice">${this.t('paymentOptions.bankTransfer.holidayNotice')}</p>` : nothing}`
        : html`<button class="button" type="button" part="bank-transfer-button" ?disabled=${pending} @click=${this.fetchBankTransfer}>
            ${pending ? this.t('common.loading') : this.t('paymentOptions.bankTransfer.show')}
          </button>`}
      ${error ? html`<p class="field-error" role="alert">${errorMessage(this.t.bind(this), error)}</p>` : nothing}
    </section>`;
  }

  private konbiniDeadline(voucher: KonbiniVoucher): string {
    const japanTime = createFormatters(this.environment!.i18n.formatters.locale, KONBINI_TIME_ZONE);
    return japanTime.dateTime(voucher.expires_at, { dateStyle: 'long', timeStyle: 'short' });
  }

  private renderVoucher(voucher: KonbiniVoucher): TemplateResult {
    const { formatters } = this.environment!.i18n;
    return html`<p>
        ${this.t('paymentOptions.konbini.amount')}
        <strong><span class="ltr">${formatters.money(voucher.amount, voucher.currency)}</span></strong>
        <span class="badge ${voucher.status === 'paid' ? 'success' : voucher.status === 'expired' ? 'danger' : 'warning'}">${this.t(`paymentOptions.konbini.status.${voucher.status}`)}</span>
      </p>
      <p class="deadline" part="konbini-deadline">${this.t('paymentOptions.konbini.deadline', { deadline: this.konbiniDeadline(voucher) })}</p>
      ${voucher.stores.map(
        (store) => html`<div class="account">
          <h5>${this.t(`paymentOptions.konbini.stores.${store.store}`)}</h5>
          ${this.renderRows([
            { key: `${store.store}-code`, label: this.t('paymentOptions.konbini.paymentCode'), value: store.payment_code, copyable: true },
            ...(store.confirmation_number
              ? [{ key: `${store.store}-confirmation`, label: this.t('paymentOptions.konbini.confirmationNumber'), value: store.confirmation_number, copyable: true }]
              : []),
          ])}
        </div>`,
      )}
      <p class="hint">${this.t('paymentOptions.konbini.instructions')}</p>
      ${voucher.hosted_voucher_url?.startsWith('https://')
        ? html`<a class="link" href=${voucher.hosted_voucher_url} target="_blank" rel="noopener noreferrer">${this.t('paymentOptions.konbini.printable')}</a>`
        : nothing}`;
  }

  private renderKonbini(): TemplateResult | typeof nothing {
    const invoiceId = this.targetInvoiceId;
    // Issuing a slip pays an invoice, so it needs both the invoice and the right to pay it.
    if (!invoiceId || !this.can('invoices.pay')) return nothing;
    const { pending, value, error } = this.konbini;
    return html`<section class="option" part="option" data-type="konbini" aria-labelledby="konbini-title">
      <h4 id="konbini-title">${this.t('paymentOptions.konbini.title')}</h4>
      <p class="description">${this.t('paymentOptions.konbini.description')}</p>
      ${value
        ? this.renderVoucher(value)
        : html`<button class="button" type="button" part="konbini-button" ?disabled=${pending} @click=${() => this.fetchKonbini(invoiceId)}>
            ${pending ? this.t('common.loading') : this.t('paymentOptions.konbini.issue')}
          </button>`}
      ${error ? html`<p class="field-error" role="alert">${errorMessage(this.t.bind(this), error)}</p>` : nothing}
    </section>`;
  }

  private renderWallet(option: PaymentOption): TemplateResult {
    const wallets = option.wallets.length > 0 ? option.wallets : (['apple_pay', 'google_pay'] as const);
    const names = this.environment!.i18n.formatters.list(
      wallets.map((wallet) => this.t(`paymentOptions.wallet.names.${wallet}`)),
      { type: 'disjunction' },
    );
    return html`<section class="option" part="option" data-type="wallet" aria-labelledby="wallet-title">
      <h4 id="wallet-title">${this.t('paymentOptions.wallet.title')}</h4>
      <p class="description">${this.t('paymentOptions.wallet.description', { wallets: names })}</p>
    </section>`;
  }

  private fieldError(param: string): string | null {
    const error = this.application.error;
    if (!(error instanceof KeelApiError) || error.param !== param) return null;
    return this.t('common.invalidValue');
  }

  private renderPayByInvoice(option: PaymentOption): TemplateResult {
    const { pending, value, error } = this.application;
    const terms = this.termsDays ?? option.terms_days[0];
    const purchaseOrderError = this.fieldError('purchase_order');
    const noteError = this.fieldError('note');
    const formError = error && !purchaseOrderError && !noteError ? errorMessage(this.t.bind(this), error) : null;
    return html`<section class="option" part="option" data-type="pay_by_invoice" aria-labelledby="pay-by-invoice-title">
      <h4 id="pay-by-invoice-title">${this.t('paymentOptions.payByInvoice.title')}</h4>
      <p class="description">${this.t('paymentOptions.payByInvoice.description')}</p>
      ${value
        ? html`<p class="status" part="application-status">
            <span class="badge ${value.status === 'approved' ? 'success' : value.status === 'rejected' ? 'danger' : 'warning'}">${this.t(`paymentOptions.payByInvoice.badge.${value.status}`)}</span>
            ${this.t(`paymentOptions.payByInvoice.status.${value.status}`)}
          </p>`
        : html`<form part="pay-by-invoice-form" novalidate @submit=${(event: Event) => this.submitPayByInvoice(event, option)}>
            <div class="field">
              <label for="terms">${this.t('paymentOptions.payByInvoice.terms')}</label>
              <select id="terms" .value=${String(terms)} ?disabled=${pending} @change=${(event: Event) => (this.termsDays = Number((event.target as HTMLSelectElement).value))}>
                ${option.terms_days.map((days) => html`<option value=${days} ?selected=${days === terms}>${this.t('paymentOptions.payByInvoice.termsDays', { count: days })}</option>`)}
              </select>
            </div>
            <div class="field">
              <label for="purchase-order">${this.t('paymentOptions.payByInvoice.purchaseOrder')}</label>
              <input
                id="purchase-order"
                maxlength="64"
                .value=${this.purchaseOrder}
                ?disabled=${pending}
                aria-invalid=${purchaseOrderError ? 'true' : 'false'}
                aria-describedby=${purchaseOrderError ? 'purchase-order-error' : nothing}
                @input=${(event: Event) => (this.purchaseOrder = (event.target as HTMLInputElement).value)}
              />
              ${purchaseOrderError ? html`<span class="field-error" id="purchase-order-error">${purchaseOrderError}</span>` : nothing}
            </div>
            <div class="field">
              <label for="note">${this.t('paymentOptions.payByInvoice.note')}</label>
              <textarea
                id="note"
                maxlength="500"
                rows="3"
                .value=${this.note}
                ?disabled=${pending}
                aria-invalid=${noteError ? 'true' : 'false'}
                aria-describedby=${noteError ? 'note-error' : nothing}
                @input=${(event: Event) => (this.note = (event.target as HTMLTextAreaElement).value)}
              ></textarea>
              ${noteError ? html`<span class="field-error" id="note-error">${noteError}</span>` : nothing}
            </div>
            ${formError ? html`<p class="field-error" role="alert">${formError}</p>` : nothing}
            <button class="button primary" type="submit" part="pay-by-invoice-button" ?disabled=${pending}>
              ${pending ? this.t('paymentOptions.payByInvoice.sending') : this.t('paymentOptions.payByInvoice.submit')}
            </button>
          </form>`}
    </section>`;
  }

  private renderAvailableOptions(): TemplateResult {
    const bankTransfer = this.eligible('bank_transfer');
    const konbini = this.eligible('konbini') ? this.renderKonbini() : nothing;
    const wallet = this.eligible('wallet');
    const payByInvoice = this.eligible('pay_by_invoice');
    const payByInvoiceShown = payByInvoice && payByInvoice.terms_days.length > 0;
    if (!bankTransfer && konbini === nothing && !wallet && !payByInvoiceShown) return renderEmpty(this.t('paymentOptions.empty'));

    return html`${bankTransfer ? this.renderBankTransfer() : nothing} ${konbini} ${wallet ? this.renderWallet(wallet) : nothing}
    ${payByInvoiceShown ? this.renderPayByInvoice(payByInvoice) : nothing}`;
  }

  override render(): TemplateResult {
    if (this.environmentError) return renderEnvironmentError(this.environmentError, () => this.retryEnvironment());
    if (!this.environment) return html`<div part="base" aria-busy="true"></div>`;
    if (!this.can('payment_options.read')) return html`${nothing}`;

    const { status } = this.loader;
    const body =
      status === 'idle' || status === 'loading'
        ? renderLoading(this.t.bind(this))
        : status === 'error'
          ? renderError(this.t.bind(this), this.loader.error, () => void this.loadOptions())
          : this.renderAvailableOptions();
    return html`<div class="base" part="base">
      <h3 class="title">${this.t('paymentOptions.title')}</h3>
      ${body} ${this.announcer.render()}
    </div>`;
  }
}
