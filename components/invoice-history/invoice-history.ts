import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Invoice, InvoiceList, Payment, PaymentMethod, ResourceName } from '../../src/contract/index.js';
import '../invoice-detail/define.js';
import { renderInvoiceStatus, stateTranslator } from '../invoice-detail/invoice-status.js';
import { downloadInvoicePdf } from '../invoice-detail/pdf-download.js';
import { Announcer } from '../shared/announcer.js';
import { DialogController, dialogStyles } from '../shared/dialog.js';
import { KeelElement } from '../shared/keel-element.js';
import { DataLoader } from '../shared/loader.js';
import {
  completeStripeAction,
  declinedOutcome,
  paymentOutcome,
  resolveStripe,
  type PaymentOutcome,
  type StripeNextActionHandler,
} from '../shared/payment-confirmation.js';
import { errorMessage, renderEmpty, renderError, renderLoading } from '../shared/states.js';
import { sharedStyles, themeTokens } from '../shared/theme.js';
import { invoiceHistoryStyles } from './invoice-history.styles.js';

/** Steps of the pay-now dialog. */
type PayStep = 'confirm' | 'processing' | 'authenticate' | 'result';

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;

const CARD_BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  jcb: 'JCB',
  discover: 'Discover',
  diners: 'Diners Club',
  unionpay: 'UnionPay',
};

/**
 * The customer's invoices, a page at a time, with status, amount, due date,
 * PDF download and pay now. Paying opens a confirmation dialog that also
 * carries 3-D Secure: the sandbox's simulated challenge, or Stripe.js's
 * `handleNextAction` in live mode. Choosing an invoice number opens
 * `keel-invoice-detail` in a dialog.
 *
 * @fires keel-invoice-paid - After an invoice was paid here; `detail.invoice` is the paid invoice.
 * @fires keel-error - When a PDF download or a payment fails with an error other than a decline; `detail.source` names the operation.
 * @csspart base - The wrapper.
 * @csspart table - The invoice table.
 * @csspart status - A status badge.
 * @csspart past-due - The badge on an open invoice past its due date.
 * @csspart pagination - The previous and next page controls.
 * @csspart pay-button - A row's pay now button.
 * @csspart download-button - A row's PDF download button.
 * @csspart pay-dialog - The pay-now dialog.
 * @csspart detail-dialog - The dialog showing one invoice.
 * @csspart sandbox-challenge - The simulated 3-D Secure challenge in sandbox mode.
 * @cssproperty --keel-color-primary - Accent colour of buttons.
 */
export class KeelInvoiceHistory extends KeelElement {
  static override refreshOn: readonly ResourceName[] = ['invoices', 'payments'];
  static override styles = [themeTokens, sharedStyles, dialogStyles, invoiceHistoryStyles];

  private readonly announcer = new Announcer(this);
  private readonly payDialog = new DialogController(this, () => this.renderRoot.querySelector<HTMLDialogElement>('dialog.pay'));
  private readonly detailDialog = new DialogController(this, () => this.renderRoot.querySelector<HTMLDialogElement>('dialog.detail'));
  private readonly loader = new DataLoader<InvoiceList>(this, (signal) => {
    const cursor = this.pageCursors[this.pageIndex];
    return this.environment!.client.invoices.list({ limit: this.limit, ...(cursor ? { starting_after: cursor } : {}) }, { signal });
  });

  /** The `starting_after` cursor of each page seen so far; the first page has none. */
  private pageCursors: Array<string | undefined> = [undefined];
  /**
   * Guards pay now against a second click in the same task, before the
   * processing step has replaced the buttons.
   */
  private payInFlight = false;

  @state() private pageIndex = 0;
  @state() private detailInvoice?: Invoice;
  @state() private payInvoice?: Invoice;
  @state() private payStep: PayStep = 'confirm';
  @state() private payOutcome?: PaymentOutcome;
  @state() private payError?: unknown;
  @state() private pendingPayment?: Payment;
  @state() private paymentMethodLabel?: string;
  @state() private downloadingId?: string;

  /** Invoices per page, 1 to 100; 10 by default. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = DEFAULT_PAGE_SIZE;

  /**
   * A Stripe.js instance for 3-D Secure in live mode. Without it, the element
   * loads Stripe.js with the session's publishable key when a payment needs it.
   */
  @property({ attribute: false }) stripe?: StripeNextActionHandler;

  private get limit(): number {
    const size = Math.trunc(Number(this.pageSize));
    return Number.isFinite(size) && size >= 1 ? Math.min(size, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('pageSize') && changed.get('pageSize') !== undefined && this.environment) this.firstPage();
  }

  protected override environmentChanged(): void {
    this.firstPage();
  }

  protected override refresh(): void {
    void this.loader.reload({ keepValue: true });
  }

  private firstPage(): void {
    this.pageCursors = [undefined];
    this.pageIndex = 0;
    void this.loader.reload();
  }

  private localize = (key: string, options?: Record<string, unknown>): string => this.t(key, options);

  private async goToPage(index: number): Promise<void> {
    if (index < 0 || index >= this.pageCursors.length || this.loader.status === 'loading') return;
    const previous = this.pageIndex;
    this.pageIndex = index;
    // A plain reload marks the table busy and disables paging until the rows
    // arrive. The old rows stay visible meanwhile, but paging again from them
    // would take the wrong cursor.
    await this.loader.reload();
    if (this.pageIndex !== index) return;
    if (this.loader.status === 'error') {
      // The table still shows the earlier page, so the page number goes back to match it.
      this.pageIndex = previous;
      this.announcer.announce(errorMessage(this.localize, this.loader.error), 'assertive');
      return;
    }

    await this.updateComplete;
    const count = this.loader.value?.data.length ?? 0;
    this.announcer.announce(this.t('invoiceHistory.pageLoaded', { page: index + 1, count }));
    // The rows were replaced, so focus moves to the first new invoice rather than staying on a control below them.
    const first = this.renderRoot.querySelector<HTMLElement>('tbody .invoice-number');
    (first ?? this.renderRoot.querySelector<HTMLElement>('[part="pagination"] button:not([disabled])'))?.focus();
  }

  private handleNext(): void {
    const next = this.loader.value?.next_cursor;
    if (!this.loader.value?.has_more || !next) return;
    this.pageCursors = [...this.pageCursors.slice(0, this.pageIndex + 1), next];
    void this.goToPage(this.pageIndex + 1);
  }

  private handlePrevious(): void {
    void this.goToPage(this.pageIndex - 1);
  }

  private async handleDownload(invoice: Invoice): Promise<void> {
    if (this.downloadingId || !this.environment) return;
    this.downloadingId = invoice.id;
    this.announcer.announce(this.t('invoiceDetail.downloading'));
    try {
      await downloadInvoicePdf(this.environment.client, invoice);
      this.announcer.announce(this.t('invoiceDetail.downloadStarted'));
    } catch (error) {
      this.announcer.announce(errorMessage(this.localize, error), 'assertive');
      this.emit('keel-error', { source: 'invoices.pdf', error });
    } finally {
      this.downloadingId = undefined;
    }
  }

  private async openDetail(invoice: Invoice): Promise<void> {
    this.detailInvoice = invoice;
    await this.detailDialog.show();
  }

  private handleDetailClosed(): void {
    this.detailInvoice = undefined;
  }

  private async openPay(invoice: Invoice): Promise<void> {
    if (this.payInvoice) return;
    this.payInvoice = invoice;
    this.payStep = 'confirm';
    this.payOutcome = undefined;
    this.payError = undefined;
    this.pendingPayment = undefined;
    this.paymentMethodLabel = undefined;
    this.payInFlight = false;
    await this.payDialog.show();
    void this.loadPaymentMethodLabel(invoice);
  }

  private async loadPaymentMethodLabel(invoice: Invoice): Promise<void> {
    if (!this.environment || !this.can('payment_methods.read')) return;
    try {
      const methods = await this.environment.client.paymentMethods.list();
      const method = methods.data.find((item) => item.id === invoice.default_payment_method) ?? methods.data.find((item) => item.is_default);
      if (method && this.payInvoice?.id === invoice.id) this.paymentMethodLabel = this.describeMethod(method);
    } catch {
      // The label is a convenience; without it the dialog names the default method generically.
    }
  }

  private describeMethod(method: PaymentMethod): string {
    if (method.type === 'card' && method.card) {
      const brand = CARD_BRANDS[method.card.brand] ?? this.t('invoiceHistory.pay.methodCard');
      return this.t('invoiceHistory.pay.methodCardEnding', { brand, last4: method.card.last4 });
    }
    return this.t(`invoiceHistory.pay.methodType.${method.type}`);
  }

  private handlePayDialogCancel(event: Event): void {
    // Closing while a request runs would hide its outcome; the dialog closes once it ends.
    if (this.payStep === 'processing') event.preventDefault();
  }

  private async handlePayDialogClosed(): Promise<void> {
    const invoiceId = this.payInvoice?.id;
    // Leaving the Stripe.js step closes the dialog on purpose; that is not the customer closing it.
    if (this.payStep === 'processing') return;
    this.payInvoice = undefined;
    this.pendingPayment = undefined;
    await this.updateComplete;
    // After a payment the row's pay button is gone, so focus goes back to the invoice itself.
    const active = this.shadowRoot?.activeElement;
    if (!active && invoiceId) this.renderRoot.querySelector<HTMLElement>(`tr[data-invoice-id="${CSS.escape(invoiceId)}"] .invoice-number`)?.focus();
  }

  private async handleConfirmPay(): Promise<void> {
    const invoice = this.payInvoice;
    const environment = this.environment;
    if (!invoice || !environment || this.payInFlight) return;
    this.payInFlight = true;
    this.payStep = 'processing';
    this.payError = undefined;
    this.announcer.announce(this.t('invoiceHistory.pay.processing'));

    try {
      let payment: Payment | undefined;
      if (invoice.pending_payment_id) {
        // A payment that already waits for 3-D Secure is finished instead of charging again.
        const pending = await environment.client.payments.retrieve(invoice.pending_payment_id);
        if (pending.status === 'requires_action') payment = pending;
      }
      payment ??= await environment.client.invoices.pay(invoice.id);
      await this.handlePayment(payment, false);
    } catch (error) {
      this.handlePaymentError(error, false);
    } finally {
      this.payInFlight = false;
    }
  }

  private async handlePayment(payment: Payment, afterAuthentication: boolean): Promise<void> {
    const outcome = paymentOutcome(payment, afterAuthentication);
    if (outcome.kind !== 'requires_action') {
      await this.showOutcome(outcome);
      return;
    }

    if (payment.next_action?.type === 'sandbox_authenticate') {
      // The challenge's buttons start the next request, so the guard is released before they render.
      this.payInFlight = false;
      this.pendingPayment = payment;
      this.payStep = 'authenticate';
      this.announcer.announce(this.t('invoiceHistory.pay.authenticateTitle'));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('dialog.pay [data-action="approve"]')?.focus();
      return;
    }

    if (afterAuthentication) {
      // A payment that still requires action after the challenge counts as not authenticated, so the flow cannot loop.
      await this.showOutcome({ kind: 'authentication_failed', payment });
      return;
    }
    await this.runStripeAction(payment);
  }

  private async runStripeAction(payment: Payment): Promise<void> {
    const environment = this.environment!;
    const stripe = await resolveStripe(this.stripe, environment.session.stripe_publishable_key);
    // Stripe.js shows its challenge in a frame on the page, which a modal dialog would make inert.
    // The close event is awaited so that it cannot arrive after the dialog reopens with the outcome.
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>('dialog.pay');
    if (dialog?.open) {
      const closed = new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
      this.payDialog.close();
      await closed;
    }
    let updated: Payment;
    try {
      updated = await completeStripeAction(environment.client, payment, stripe);
    } finally {
      this.payStep = 'processing';
      await this.payDialog.show();
    }
    await this.handlePayment(updated, true);
  }

  private async handleAuthenticate(result: 'approve' | 'deny'): Promise<void> {
    const payment = this.pendingPayment;
    const environment = this.environment;
    if (!payment || !environment || this.payInFlight) return;
    this.payInFlight = true;
    this.payStep = 'processing';
    try {
      const updated = await environment.client.payments.authenticate(payment.id, { result });
      await this.handlePayment(updated, true);
    } catch (error) {
      this.handlePaymentError(error, true);
    } finally {
      this.payInFlight = false;
    }
  }

  private handlePaymentError(error: unknown, afterAuthentication: boolean): void {
    const outcome = declinedOutcome(error, afterAuthentication);
    if (outcome) {
      void this.showOutcome(outcome);
      return;
    }
    this.payError = error;
    this.payStep = 'confirm';
    this.announcer.announce(errorMessage(this.localize, error), 'assertive');
    this.emit('keel-error', { source: 'invoices.pay', error });
  }

  private async showOutcome(outcome: PaymentOutcome): Promise<void> {
    this.payOutcome = outcome;
    this.payStep = 'result';
    const invoice = this.payInvoice;
    this.announcer.announce(this.outcomeMessage(outcome), outcome.kind === 'succeeded' || outcome.kind === 'processing' ? 'polite' : 'assertive');
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('dialog.pay [data-action="close"]')?.focus();

    if (outcome.kind === 'succeeded' && invoice && this.environment) {
      let paid: Invoice = invoice;
      try {
        paid = await this.environment.client.invoices.retrieve(invoice.id);
      } catch {
        // The payment succeeded; an event with the invoice as last listed is better than none.
      }
      this.emit('keel-invoice-paid', { invoice: paid });
    }
  }

  private outcomeMessage(outcome: PaymentOutcome): string {
    const number = this.payInvoice?.number ?? this.payInvoice?.id ?? '';
    switch (outcome.kind) {
      case 'succeeded':
        return this.t('invoiceHistory.pay.succeeded', { number });
      case 'processing':
      case 'requires_action':
        return this.t('invoiceHistory.pay.pending');
      case 'authentication_failed':
        return this.t('invoiceHistory.pay.authenticationFailed');
      case 'declined':
        return outcome.reason
          ? this.t('invoiceHistory.pay.declinedReason', { reason: this.t(`invoiceHistory.declineReasons.${outcome.reason}`) })
          : this.t('invoiceHistory.pay.declined');
    }
  }

  private money(amount: number, currency: string): TemplateResult {
    return html`<span class="ltr">${this.environment!.i18n.formatters.money(amount, currency)}</span>`;
  }

  private invoiceLabel(invoice: Invoice): string {
    return invoice.number ?? this.t('invoiceHistory.draftNumber');
  }

  private renderRow(invoice: Invoice): TemplateResult {
    const formatters = this.environment!.i18n.formatters;
    const label = this.invoiceLabel(invoice);
    const payable = invoice.status === 'open' && invoice.amount_remaining > 0 && this.can('invoices.pay');
    return html`<tr data-invoice-id=${invoice.id}>
      <th scope="row">
        <button
          class="link invoice-number"
          type="button"
          aria-haspopup="dialog"
          aria-label=${this.t('invoiceHistory.viewInvoice', { number: label })}
          @click=${() => this.openDetail(invoice)}
        >
          <span class="ltr">${label}</span>
        </button>
        ${invoice.description ? html`<div class="invoice-description">${invoice.description}</div>` : nothing}
      </th>
      <td>${formatters.date(invoice.created)}</td>
      <td data-field="due-date">${invoice.due_date ? formatters.dateOnly(invoice.due_date) : html`<span aria-label=${this.t('invoiceHistory.noDueDate')}>—</span>`}</td>
      <td class="amount" data-field="amount">
        ${this.money(invoice.total, invoice.currency)}
        ${invoice.status === 'open' && invoice.amount_remaining !== invoice.total
          ? html`<div class="remaining">${this.t('invoiceHistory.remaining', { amount: formatters.money(invoice.amount_remaining, invoice.currency) })}</div>`
          : nothing}
      </td>
      <td>${renderInvoiceStatus(this.localize, invoice, formatters, this.providerNow())}</td>
      <td class="actions">
        ${invoice.pdf_url
          ? html`<button
              class="button"
              part="download-button"
              type="button"
              ?disabled=${this.downloadingId === invoice.id}
              aria-label=${this.t('invoiceHistory.downloadPdfLabel', { number: label })}
              @click=${() => this.handleDownload(invoice)}
            >
              ${this.t('invoiceDetail.downloadPdf')}
            </button>`
          : nothing}
        ${payable
          ? html`<button
              class="button primary"
              part="pay-button"
              type="button"
              aria-haspopup="dialog"
              aria-label=${this.t('invoiceHistory.payNowLabel', { number: label })}
              @click=${() => this.openPay(invoice)}
            >
              ${this.t('invoiceHistory.payNow')}
            </button>`
          : nothing}
      </td>
    </tr>`;
  }

  private renderTable(list: InvoiceList): TemplateResult {
    const busy = this.loader.status === 'loading';
    const hasNext = list.has_more && list.next_cursor !== null;
    return html`<div class="table-scroll">
        <table part="table" aria-busy=${busy ? 'true' : 'false'}>
          <caption class="visually-hidden">${this.t('invoiceHistory.caption', { page: this.pageIndex + 1 })}</caption>
          <thead>
            <tr>
              <th scope="col">${this.t('invoiceHistory.columns.number')}</th>
              <th scope="col">${this.t('invoiceHistory.columns.date')}</th>
              <th scope="col">${this.t('invoiceHistory.columns.dueDate')}</th>
              <th scope="col" class="amount">${this.t('invoiceHistory.columns.amount')}</th>
              <th scope="col">${this.t('invoiceHistory.columns.status')}</th>
              <th scope="col"><span class="visually-hidden">${this.t('invoiceHistory.columns.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${list.data.map((invoice) => this.renderRow(invoice))}
          </tbody>
        </table>
      </div>
      ${this.pageIndex > 0 || hasNext
        ? html`<nav class="pagination" part="pagination" aria-label=${this.t('invoiceHistory.pagination')}>
            <button class="button" type="button" data-page="previous" ?disabled=${this.pageIndex === 0 || busy} @click=${this.handlePrevious}>
              ${this.t('invoiceHistory.previousPage')}
            </button>
            <span class="page-number">${this.t('invoiceHistory.pageNumber', { page: this.pageIndex + 1 })}</span>
            <button class="button" type="button" data-page="next" ?disabled=${!hasNext || busy} @click=${this.handleNext}>${this.t('invoiceHistory.nextPage')}</button>
          </nav>`
        : nothing}`;
  }

  private renderPayContent(invoice: Invoice): TemplateResult {
    const label = this.invoiceLabel(invoice);
    switch (this.payStep) {
      case 'confirm':
        return html`<h2 id="pay-heading">${this.t('invoiceHistory.pay.title', { number: label })}</h2>
          <dl class="pay-summary">
            <div><dt>${this.t('invoiceHistory.pay.amount')}</dt><dd data-field="pay-amount">${this.money(invoice.amount_remaining, invoice.currency)}</dd></div>
            <div>
              <dt>${this.t('invoiceHistory.pay.method')}</dt>
              <dd data-field="pay-method">${this.paymentMethodLabel ?? this.t('invoiceHistory.pay.methodDefault')}</dd>
            </div>
          </dl>
          ${this.payError ? html`<p class="field-error" role="alert">${errorMessage(this.localize, this.payError)}</p>` : nothing}
          <div class="dialog-actions">
            <button class="button" type="button" data-action="cancel" @click=${() => this.payDialog.close()}>${this.t('common.cancel')}</button>
            <button class="button primary" type="button" data-action="confirm" @click=${this.handleConfirmPay}>
              ${this.t('invoiceHistory.pay.confirm', { amount: this.environment!.i18n.formatters.money(invoice.amount_remaining, invoice.currency) })}
            </button>
          </div>`;
      case 'processing':
        return html`<h2 id="pay-heading">${this.t('invoiceHistory.pay.title', { number: label })}</h2>
          <div class="state" role="status"><span class="spinner" aria-hidden="true"></span><span>${this.t('invoiceHistory.pay.processing')}</span></div>`;
      case 'authenticate':
        return html`<h2 id="pay-heading">${this.t('invoiceHistory.pay.authenticateTitle')}</h2>
          <div class="sandbox-challenge" part="sandbox-challenge">
            <p><span class="badge warning">${this.t('invoiceHistory.pay.sandboxBadge')}</span></p>
            <p>${this.t('invoiceHistory.pay.sandboxExplanation')}</p>
            <p>${this.t('invoiceHistory.pay.amount')}: ${this.money(this.pendingPayment?.amount ?? invoice.amount_remaining, invoice.currency)}</p>
          </div>
          <div class="dialog-actions">
            <button class="button danger" type="button" data-action="deny" @click=${() => this.handleAuthenticate('deny')}>
              ${this.t('invoiceHistory.pay.deny')}
            </button>
            <button class="button primary" type="button" data-action="approve" @click=${() => this.handleAuthenticate('approve')}>
              ${this.t('invoiceHistory.pay.approve')}
            </button>
          </div>`;
      case 'result': {
        const outcome = this.payOutcome!;
        const good = outcome.kind === 'succeeded' || outcome.kind === 'processing';
        return html`<h2 id="pay-heading">${this.t('invoiceHistory.pay.title', { number: label })}</h2>
          <p class="outcome ${good ? 'success' : 'failure'}" data-outcome=${outcome.kind} role=${good ? 'status' : 'alert'}>${this.outcomeMessage(outcome)}</p>
          <div class="dialog-actions">
            <button class="button primary" type="button" data-action="close" @click=${() => this.payDialog.close()}>${this.t('common.close')}</button>
          </div>`;
      }
    }
  }

  private renderDialogs(): TemplateResult {
    const environment = this.environment!;
    const detail = this.detailInvoice;
    return html`<dialog class="pay" part="pay-dialog" aria-labelledby="pay-heading" @cancel=${this.handlePayDialogCancel} @close=${this.handlePayDialogClosed}>
        ${this.payInvoice ? this.renderPayContent(this.payInvoice) : nothing}
      </dialog>
      <dialog
        class="detail"
        part="detail-dialog"
        aria-label=${detail ? this.t('invoiceHistory.viewInvoice', { number: this.invoiceLabel(detail) }) : this.t('invoiceHistory.title')}
        @close=${this.handleDetailClosed}
      >
        ${detail
          ? html`<div class="detail-close">
                <button class="button" type="button" data-action="close-detail" @click=${() => this.detailDialog.close()}>${this.t('common.close')}</button>
              </div>
              <keel-invoice-detail .client=${environment.client} .locale=${this.locale} invoice-id=${detail.id}></keel-invoice-detail>`
          : nothing}
      </dialog>`;
  }

  private renderContent(): TemplateResult {
    const t = stateTranslator(this.environment);
    if (this.environmentError) return renderError(t, this.environmentError, () => this.retryEnvironment());
    if (!this.environment) return renderLoading(t);

    const { status, value, error } = this.loader;
    if (status === 'error' && !value) return renderError(t, error, () => void this.loader.reload());
    if (!value) return renderLoading(t);
    if (value.data.length === 0 && this.pageIndex === 0) return html`${renderEmpty(this.t('invoiceHistory.empty'))}${this.renderDialogs()}`;

    return html`${status === 'error' ? renderError(t, error, () => void this.loader.reload({ keepValue: true })) : nothing}${this.renderTable(value)}${this.renderDialogs()}`;
  }

  override render(): TemplateResult {
    return html`<div class="history" part="base">${this.renderContent()}${this.announcer.render()}</div>`;
  }
}
