import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { BankTransferInstructions, DunningAction, DunningState } from '../../src/contract/index.js';
import { deepActiveElement, dialogStyles } from '../shared/dialog.js';
import { pageLinkOrNull } from '../shared/safe-url.js';
import { KeelElement } from '../shared/keel-element.js';
import { DataLoader } from '../shared/loader.js';
import { errorMessage, renderError } from '../shared/states.js';
import { sharedStyles, themeTokens } from '../shared/theme.js';
import { FALLBACK_COOLDOWN_MS, claimImpression, storeDismissal, storedDismissal } from './dismissals.js';
import { deadlineKey, headlineKey, isFinalStage, needsAttention, offeredActions, reasonKey } from './dunning-copy.js';
import { dunningBannerStyles } from './dunning-banner.styles.js';
import type { PaymentOutcome, StripeNextActionHandler } from '../shared/payment-confirmation.js';

/** The inline fixes' templates and payment steps, loaded when a fix first opens. */
type FixModule = typeof import('./fix-panels.js');

/** Maximum wait between two polls while a payment is being confirmed. */
const MAX_POLL_INTERVAL_MS = 30_000;
/**
 * How long the banner keeps showing "confirming" after a fix while the server
 * still reports the old failure, for providers that confirm through a webhook.
 */
const CONFIRMATION_TIMEOUT_MS = 60_000;
/** setTimeout fires at once for delays above 2^31 - 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A banner for any page of the vendor's app. When a payment failed it explains
 * why in the customer's terms, how much is due and by when, and offers the
 * one action that fixes it, opened inline without leaving the page. After a
 * fix it shows that the payment is being confirmed, polls until the server
 * confirms, and then hides itself. It renders nothing (and sets `hidden`)
 * while no payment needs attention. At the final stage a vendor may turn it
 * into a wall: a modal dialog with the fix and a link to the billing page.
 *
 * @fires keel-dunning-action - On each action the customer starts; `detail` is `{ action, invoiceId }`.
 * @fires keel-invoice-paid - When the failed invoice is paid through the banner; `detail.invoice` is the paid invoice.
 * @fires keel-error - When an action fails; `detail` names the operation and the error.
 * @csspart base - The banner's wrapper (a `section`).
 * @csspart message - The live region with the headline, reason, amount and deadline.
 * @csspart headline - The headline.
 * @csspart reason - The sentence explaining the decline.
 * @csspart amount - The amount due.
 * @csspart deadline - The deadline sentence.
 * @csspart actions - The row of actions.
 * @csspart primary-action - The main action button.
 * @csspart secondary-action - Each other action, shown as a link.
 * @csspart dismiss-button - The button that hides the banner for a while.
 * @csspart fix - The inline panel that fixes the payment.
 * @csspart pending - The "confirming your payment" state.
 * @csspart wall - The blocking dialog at the final stage.
 * @csspart billing-link - The wall's link to the billing page.
 * @cssproperty --keel-color-warning-background - Background of the firm stage.
 * @cssproperty --keel-color-danger-background - Background of the final stage.
 * @cssproperty --keel-color-info-background - Background of the friendly stage.
 */
export class KeelDunningBanner extends KeelElement {
  static override refreshOn = ['dunning', 'invoices', 'payment_methods', 'payments'] as const;
  static override styles = [themeTokens, sharedStyles, dialogStyles, dunningBannerStyles];

  /** URL of the vendor's billing page, linked from the wall so it is always reachable. */
  @property({ attribute: 'billing-url' }) billingUrl = '';

  /** First wait in ms between polls while a payment is confirmed; it doubles up to 30 s. */
  @property({ attribute: 'poll-interval', type: Number }) pollInterval = 2000;

  /**
   * Stripe.js instance for 3-D Secure in live mode. Without one, the banner
   * loads Stripe.js with the session's publishable key when a payment needs it.
   */
  @property({ attribute: false }) stripe?: StripeNextActionHandler;

  /** The action whose inline fix is open. */
  @state() private openFix: DunningAction | null = null;
  /** True from a successful fix until the server reports the result. */
  @state() private confirming = false;
  @state() private busy = false;
  /** The message of the last failed fix, shown in the panel as an alert. */
  @state() private fixError = '';
  @state() private authenticationFailed = false;
  /** The lazily loaded fix module, once a fix opened. */
  @state() private fixes?: FixModule;
  @state() private bankTransfer?: BankTransferInstructions;
  @state() private extendedUntil: string | null = null;
  /** Payment to authenticate when `pay_now` returned one that needs 3-D Secure. */
  @state() private paymentToAuthenticate: string | null = null;
  @state() private dismissedUntil = 0;

  /**
   * How far the provider's clock is ahead of the browser's, in milliseconds.
   * The sandbox runs on a test clock, so deadlines and cool-downs from the
   * server are compared in the server's time, never the browser's.
   */
  private serverClockOffset = 0;

  private readonly loader = new DataLoader<DunningState>(this, async (signal) => {
    const state = await this.environment!.client.dunning.retrieve({ signal });
    // Set before the state renders, so the first render already counts in server time.
    this.serverClockOffset = this.clockOffsetOf(state);
    return state;
  });
  private loadSequence = 0;
  private pollTimer?: ReturnType<typeof setTimeout>;
  private pollDelay = 0;
  private dismissalTimer?: ReturnType<typeof setTimeout>;
  /** The invoice fixed through this banner, whose `keel-invoice-paid` is still due. */
  private fixedInvoiceId: string | null = null;
  /** The attempt count when the fix succeeded, and when to stop waiting for the server to confirm it. */
  private confirmation: { attempts: number; until: number } | null = null;
  /** The control focused before the inline fix opened, to return focus to when it closes. */
  private fixOpener: HTMLElement | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopPolling();
    clearTimeout(this.dismissalTimer);
  }

  protected override environmentChanged(): void {
    void this.loadState();
  }

  protected override refresh(): void {
    void this.loadState();
  }

  /** The dunning state on screen, if loaded. */
  get dunningState(): DunningState | undefined {
    return this.loader.value;
  }

  private async loadState(): Promise<void> {
    if (!this.environment) return;
    const sequence = ++this.loadSequence;
    await this.loader.reload({ keepValue: true });
    // A newer load, started after a fix or a change elsewhere, decides instead.
    if (sequence !== this.loadSequence || this.loader.status !== 'ready') return;
    this.stateLoaded(this.loader.value!);
  }

  private stateLoaded(current: DunningState): void {
    if (current.status === 'none') {
      // NOTE: the banner hides at once, so screen readers hear no "payment received" message from it.
      this.confirming = false;
      this.closeFix(false);
      void this.reportPaid();
    } else if (this.confirming && this.confirmationSettled(current)) {
      // A new failed attempt (or the end of the wait) means the fix did not pay the invoice.
      this.confirming = false;
      this.fixedInvoiceId = null;
    }
    // Fetch the fixes while the customer reads, so opening one shows no spinner.
    if (needsAttention(current)) void this.loadFixes().catch(() => undefined);
    if (current.invoice_id) this.dismissedUntil = Math.max(this.dismissedUntil, storedDismissal(current.invoice_id), this.toBrowserTime(current.dismissed_until));
    this.schedulePoll(current);
  }

  private confirmationSettled(current: DunningState): boolean {
    const confirmation = this.confirmation;
    if (!confirmation || current.payment_pending) return false;
    return current.attempt_count > confirmation.attempts || Date.now() > confirmation.until;
  }

  private schedulePoll(current: DunningState): void {
    const pending = this.confirming || (current.status !== 'none' && current.payment_pending);
    if (!pending) {
      this.stopPolling();
      return;
    }
    if (this.pollTimer !== undefined) return;
    this.pollDelay = this.pollDelay ? Math.min(this.pollDelay * 2, MAX_POLL_INTERVAL_MS) : this.pollInterval;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      void this.loadState();
    }, this.pollDelay);
  }

  private stopPolling(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.pollDelay = 0;
  }

  /** Fires `keel-invoice-paid` once the invoice fixed here reads as paid. */
  private async reportPaid(): Promise<void> {
    const invoiceId = this.fixedInvoiceId;
    if (!invoiceId || !this.environment) return;
    this.fixedInvoiceId = null;
    try {
      const invoice = await this.environment.client.invoices.retrieve(invoiceId);
      this.emit('keel-invoice-paid', { invoice });
    } catch (error) {
      this.emit('keel-error', { source: 'invoices.retrieve', error });
    }
  }

  /** Shows the confirming state at once and reloads the dunning state from the server. */
  private fixSucceeded(invoiceId: string | null): void {
    this.fixedInvoiceId = invoiceId;
    this.confirmation = { attempts: this.loader.value?.attempt_count ?? 0, until: Date.now() + CONFIRMATION_TIMEOUT_MS };
    this.confirming = true;
    this.closeFix(true);
    this.stopPolling();
    void this.loadState();
  }

  private get visibleState(): DunningState | undefined {
    const current = this.loader.value;
    if (!current || (!needsAttention(current) && !this.confirming)) return undefined;
    if (this.confirming || current.payment_pending) return current;
    if (!isFinalStage(current) && this.dismissedUntil > Date.now()) return undefined;
    return current;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const showsError = this.loader.status === 'error' && !this.loader.value;
    this.hidden = !this.environment || (!showsError && !this.visibleState);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const current = this.visibleState;
    if (current && !this.confirming && !current.payment_pending) this.recordImpression(current);
    this.syncWall(current);
  }

  private recordImpression(current: DunningState): void {
    if (!current.invoice_id || !claimImpression(current.invoice_id, current.variant)) return;
    this.environment?.client.dunning
      .recordEvent({ type: 'impression', invoice_id: current.invoice_id, variant: current.variant })
      // Analytics must never disturb the banner, so a failed impression is only reported.
      .catch((error: unknown) => this.emit('keel-error', { source: 'dunning.recordEvent', error }));
  }

  private get wallDialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector<HTMLDialogElement>('dialog.wall');
  }

  /** Opens the wall modally while the state has `wall` set; Escape never closes it. */
  private syncWall(current: DunningState | undefined): void {
    const dialog = this.wallDialog;
    if (!dialog || dialog.open || !current?.wall || this.confirming || current.payment_pending) return;
    dialog.showModal();
    dialog.querySelector<HTMLElement>('[part~="primary-action"]')?.focus();
  }

  private handleWallCancel(event: Event): void {
    event.preventDefault();
  }

  private handleWallClose(): void {
    // Browsers close a modal on a repeated Escape even when `cancel` was prevented.
    if (this.visibleState?.wall) void this.updateComplete.then(() => this.syncWall(this.visibleState));
  }

  private async startAction(action: DunningAction, current: DunningState): Promise<void> {
    const invoiceId = current.invoice_id;
    this.emit('keel-dunning-action', { action, invoiceId });
    if (invoiceId) {
      this.environment!.client.dunning
        .recordEvent({ type: 'click', invoice_id: invoiceId, variant: current.variant, action })
        .catch((error: unknown) => this.emit('keel-error', { source: 'dunning.recordEvent', error }));
    }
    await this.openInlineFix(action, current);
  }

  private async openInlineFix(action: DunningAction, current: DunningState): Promise<void> {
    if (this.openFix === null) this.fixOpener = deepActiveElement();
    this.openFix = action;
    this.fixError = '';
    this.authenticationFailed = false;
    this.extendedUntil = null;
    this.paymentToAuthenticate = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#dunning-fix')?.focus();
    if (!(await this.runFix('fix.load', () => this.loadFixes()))) return;
    if (action === 'update_payment_method' && !customElements.get('keel-payment-method-form')) {
      // The card form brings Stripe's loader and its own strings, so it loads only when a customer opens it.
      await this.runFix('fix.load', () => import('../payment-method-form/define.js'));
    }

    if (action === 'bank_transfer' && !customElements.get('keel-payment-options')) await this.loadBankTransfer(current);
    if (action === 'request_extension') await this.requestExtension(current);
  }

  private async loadFixes(): Promise<FixModule> {
    this.fixes ??= await import('./fix-panels.js');
    return this.fixes;
  }

  /** Closes the inline fix; with `restoreFocus`, focus returns to the control that opened it. */
  private closeFix(restoreFocus: boolean): void {
    if (this.openFix === null) return;
    this.openFix = null;
    this.bankTransfer = undefined;
    const opener = this.fixOpener;
    this.fixOpener = null;
    if (restoreFocus && opener?.isConnected) void this.updateComplete.then(() => opener.focus());
  }

  private handleFixKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || this.busy) return;
    event.stopPropagation();
    // Escape inside the wall would otherwise also reach the dialog, which ignores it.
    event.preventDefault();
    this.closeFix(true);
  }

  private async runFix<T>(source: string, operation: () => Promise<T>): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.fixError = '';
    try {
      return await operation();
    } catch (error) {
      this.fixError = errorMessage(this.t.bind(this), error);
      this.emit('keel-error', { source, error });
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  private async loadBankTransfer(current: DunningState): Promise<void> {
    const instructions = await this.runFix('paymentOptions.bankTransfer', () =>
      this.environment!.client.paymentOptions.bankTransfer(current.invoice_id ? { invoice_id: current.invoice_id } : {}),
    );
    if (instructions && this.openFix === 'bank_transfer') this.bankTransfer = instructions;
  }

  private async requestExtension(current: DunningState): Promise<void> {
    if (!current.invoice_id) return;
    const invoiceId = current.invoice_id;
    const updated = await this.runFix('dunning.requestExtension', () => this.environment!.client.dunning.requestExtension({ invoice_id: invoiceId }));
    if (!updated) return;
    this.extendedUntil = updated.extension.granted_until ?? updated.deadline;
  }

  private async payNow(current: DunningState): Promise<void> {
    const invoiceId = current.invoice_id;
    const fixes = this.fixes;
    if (!invoiceId || !fixes) return;
    const outcome = await this.runPayment('invoices.pay', false, async () => fixes.paymentOutcome(await this.environment!.client.invoices.pay(invoiceId)));
    if (outcome) this.paymentAnswered(outcome);
  }

  /**
   * Runs a payment step and classifies the result. A decline (HTTP 402)
   * becomes an outcome like any other; other errors show in the panel.
   */
  private async runPayment(source: string, afterAuthentication: boolean, step: () => Promise<PaymentOutcome>): Promise<PaymentOutcome | undefined> {
    if (this.busy || !this.fixes) return undefined;
    const { declinedOutcome } = this.fixes;
    this.authenticationFailed = false;
    return this.runFix(source, async () => {
      try {
        return await step();
      } catch (error) {
        const declined = declinedOutcome(error, afterAuthentication);
        if (declined) return declined;
        throw error;
      }
    });
  }

  /** Handles a classified payment: paid, still processing, needs 3-D Secure, or failed. */
  private paymentAnswered(outcome: PaymentOutcome): void {
    switch (outcome.kind) {
      case 'succeeded':
      case 'processing':
        this.fixSucceeded(outcome.payment.invoice_id);
        break;
      case 'requires_action':
        this.paymentToAuthenticate = outcome.payment.id;
        this.openFix = 'authenticate';
        break;
      case 'authentication_failed':
        this.authenticationFailed = true;
        break;
      case 'declined':
        this.fixError = outcome.reason ? this.t(`dunningBanner.reason.${outcome.reason}`) : this.t('errors.payment_declined');
        break;
    }
  }

  private paymentIdToAuthenticate(current: DunningState): string | null {
    return this.paymentToAuthenticate ?? current.payment_id;
  }

  /** Sends the customer's approve or deny choice for the sandbox's simulated 3-D Secure check. */
  private async authenticateInSandbox(current: DunningState, result: 'approve' | 'deny'): Promise<void> {
    const paymentId = this.paymentIdToAuthenticate(current);
    const fixes = this.fixes;
    if (!paymentId || !fixes) return;
    const outcome = await this.runPayment('payments.authenticate', true, async () =>
      fixes.paymentOutcome(await this.environment!.client.payments.authenticate(paymentId, { result }), true),
    );
    if (outcome) this.paymentAnswered(outcome);
  }

  /** Runs Stripe's 3-D Secure for the payment's PaymentIntent, then reads the result from the Keel server. */
  private async authenticateWithStripe(current: DunningState): Promise<void> {
    const paymentId = this.paymentIdToAuthenticate(current);
    const fixes = this.fixes;
    if (!paymentId || !fixes) return;
    const { client, session } = this.environment!;
    const outcome = await this.runPayment('payments.authenticate', true, async () => {
      const payment = await client.payments.retrieve(paymentId);
      if (payment.status !== 'requires_action') return fixes.paymentOutcome(payment, true);
      const stripe = await fixes.resolveStripe(this.stripe, session.stripe_publishable_key);
      return fixes.paymentOutcome(await fixes.completeStripeAction(client, payment, stripe), true);
    });
    if (outcome) this.paymentAnswered(outcome);
  }

  private dismiss(current: DunningState): void {
    const invoiceId = current.invoice_id;
    if (!invoiceId || !current.dismissible || isFinalStage(current)) return;
    this.dismissedUntil = Date.now() + FALLBACK_COOLDOWN_MS;
    storeDismissal(invoiceId, this.dismissedUntil);
    this.scheduleDismissalEnd();
    this.environment!.client.dunning.recordEvent({ type: 'dismissal', invoice_id: invoiceId, variant: current.variant }).then(
      (updated) => {
        this.serverClockOffset = this.clockOffsetOf(updated);
        const until = this.toBrowserTime(updated.dismissed_until);
        if (until === 0) return;
        this.dismissedUntil = until;
        storeDismissal(invoiceId, until);
        this.scheduleDismissalEnd();
      },
      (error: unknown) => this.emit('keel-error', { source: 'dunning.recordEvent', error }),
    );
  }

  /** Shows the banner again when the cool-down ends, without a reload. */
  private scheduleDismissalEnd(): void {
    clearTimeout(this.dismissalTimer);
    const remaining = this.dismissedUntil - Date.now();
    if (remaining <= 0 || remaining > MAX_TIMER_MS) return;
    this.dismissalTimer = setTimeout(() => this.requestUpdate(), remaining);
  }

  private clockOffsetOf(state: DunningState): number {
    const asOf = Date.parse(state.as_of);
    return Number.isNaN(asOf) ? 0 : asOf - Date.now();
  }

  /** Converts a server instant to the browser's clock; 0 when there is none. */
  private toBrowserTime(instant: string | null | undefined): number {
    const time = Date.parse(instant ?? '');
    return Number.isNaN(time) ? 0 : time - this.serverClockOffset;
  }

  private formatDate(value: string): string {
    return this.environment!.i18n.formatters.date(value, { dateStyle: 'medium' });
  }

  private handlePaymentMethodUpdated(current: DunningState): void {
    this.fixSucceeded(current.invoice_id);
  }

  private renderFix(current: DunningState): TemplateResult | typeof nothing {
    const action = this.openFix;
    if (!action) return nothing;
    const environment = this.environment!;
    const fixes = this.fixes;
    const t = this.t.bind(this);
    const error = this.fixError ? html`<p class="fix-error" part="fix-error" role="alert">${this.fixError}</p>` : nothing;
    let body: TemplateResult | typeof nothing = nothing;

    switch (action) {
      case 'update_payment_method':
        body = html`<keel-payment-method-form
          .client=${environment.client}
          .locale=${this.locale}
          set-default
          @keel-payment-method-updated=${() => this.handlePaymentMethodUpdated(current)}
        ></keel-payment-method-form>`;
        break;
      case 'authenticate':
        if (!fixes) break;
        body = fixes.renderAuthenticateFix({
          t,
          busy: this.busy,
          failed: this.authenticationFailed,
          sandbox: environment.session.mode === 'sandbox',
          canUseStripe: this.stripe !== undefined || environment.session.stripe_publishable_key !== null,
          onAnswer: (result) => void this.authenticateInSandbox(current, result),
          onStripe: () => void this.authenticateWithStripe(current),
        });
        break;
      case 'pay_now':
        if (!fixes) break;
        body = fixes.renderPayNowFix({
          t,
          busy: this.busy,
          amount: current.amount_due !== null && current.currency ? environment.i18n.formatters.money(current.amount_due, current.currency) : null,
          onConfirm: () => void this.payNow(current),
          onCancel: () => this.closeFix(true),
        });
        break;
      case 'bank_transfer':
        body = customElements.get('keel-payment-options')
          ? html`<keel-payment-options .client=${environment.client} .locale=${this.locale} invoice-id=${current.invoice_id ?? ''}></keel-payment-options>`
          : fixes?.renderBankTransferFix({ t, instructions: this.bankTransfer, formatMoney: (amount, currency) => environment.i18n.formatters.money(amount, currency) }) ?? nothing;
        break;
      case 'request_extension':
        body = this.extendedUntil ? html`<p role="status">${this.t('dunningBanner.extension.granted', { date: this.formatDate(this.extendedUntil) })}</p>` : nothing;
        break;
    }

    return html`<div id="dunning-fix" class="fix" part="fix" role="group" aria-labelledby="dunning-fix-title" tabindex="-1" @keydown=${this.handleFixKeydown}>
      <div class="fix-header">
        <h3 id="dunning-fix-title">${this.t(`dunningBanner.actions.${action}`)}</h3>
        <button class="button" type="button" part="close-fix-button" ?disabled=${this.busy} @click=${() => this.closeFix(true)}>${this.t('dunningBanner.close')}</button>
      </div>
      ${(this.busy && action !== 'pay_now') || (!fixes && action !== 'update_payment_method') ? html`<span class="spinner" aria-hidden="true"></span>` : nothing} ${body} ${error}
    </div>`;
  }

  private renderDeadline(current: DunningState): TemplateResult | typeof nothing {
    const deadline = current.extension.granted_until ?? current.deadline;
    if (!deadline) return nothing;
    const { formatters } = this.environment!.i18n;
    const text = this.t(deadlineKey(current), { date: this.formatDate(deadline), relative: formatters.relativeDeadline(deadline, Date.now() + this.serverClockOffset) });
    return html`<p class="deadline" part="deadline">${text}</p>`;
  }

  private renderMessage(current: DunningState): TemplateResult {
    const final = isFinalStage(current);
    const { formatters } = this.environment!.i18n;
    const amount = current.amount_due !== null && current.currency ? formatters.money(current.amount_due, current.currency) : null;
    return html`<div class="message" part="message" role=${final ? 'alert' : 'status'} aria-live=${final ? 'assertive' : 'polite'} aria-atomic="true">
      <p class="headline" part="headline" id="dunning-headline">${this.t(headlineKey(current))}</p>
      <p class="reason" part="reason">${this.t(reasonKey(current))}</p>
      ${amount ? html`<p class="amount-due">${this.t('dunningBanner.amountDue')} <span class="ltr amount" part="amount">${amount}</span></p>` : nothing}
      ${this.renderDeadline(current)}
      ${current.status === 'retrying' && current.next_retry_at
        ? html`<p class="next-retry" part="next-retry">${this.t('dunningBanner.nextRetry', { date: this.formatDate(current.next_retry_at) })}</p>`
        : nothing}
      ${current.wall ? html`<p>${this.t('dunningBanner.wall.description')}</p>` : nothing}
    </div>`;
  }

  private renderActions(current: DunningState): TemplateResult {
    const { primary, secondary } = offeredActions(current, (capability) => this.can(capability));
    const dismissible = current.dismissible && !isFinalStage(current) && !current.wall;
    return html`<div class="actions" part="actions">
      ${primary
        ? html`<button
            class="button primary"
            type="button"
            part="primary-action"
            data-action=${primary}
            aria-expanded=${this.openFix === primary ? 'true' : 'false'}
            ?disabled=${this.busy}
            @click=${() => void this.startAction(primary, current)}
          >
            ${this.t(`dunningBanner.actions.${primary}`)}
          </button>`
        : nothing}
      ${secondary.length
        ? html`<span class="secondary" role="group" aria-label=${this.t('dunningBanner.otherOptions')}>
            ${secondary.map(
              (action) => html`<button
                class="link"
                type="button"
                part="secondary-action"
                data-action=${action}
                aria-expanded=${this.openFix === action ? 'true' : 'false'}
                ?disabled=${this.busy}
                @click=${() => void this.startAction(action, current)}
              >
                ${this.t(`dunningBanner.actions.${action}`)}
              </button>`,
            )}
          </span>`
        : nothing}
      ${current.wall && pageLinkOrNull(this.billingUrl)
        ? html`<a class="link" part="billing-link" href=${pageLinkOrNull(this.billingUrl)!}>${this.t('dunningBanner.billingPage')}</a>`
        : nothing}
      ${dismissible ? html`<button class="link dismiss" type="button" part="dismiss-button" @click=${() => this.dismiss(current)}>${this.t('dunningBanner.dismiss')}</button>` : nothing}
    </div>`;
  }

  private renderPending(): TemplateResult {
    return html`<section class="banner pending" part="base" aria-labelledby="dunning-pending-title">
      <div class="state-pending" part="pending" role="status" aria-live="polite">
        <span class="spinner" aria-hidden="true"></span>
        <div>
          <p class="headline" id="dunning-pending-title">${this.t('dunningBanner.pending.title')}</p>
          <p>${this.t('dunningBanner.pending.detail')}</p>
        </div>
      </div>
    </section>`;
  }

  private renderBanner(current: DunningState): TemplateResult {
    const tone = current.status === 'suspended' ? 'final' : (current.tone ?? 'friendly');
    const content = html`${this.renderMessage(current)} ${this.renderActions(current)} ${this.renderFix(current)}`;
    if (current.wall) {
      return html`<dialog class="wall tone-${tone}" part="wall" aria-labelledby="dunning-headline" @cancel=${this.handleWallCancel} @close=${this.handleWallClose}>
        ${content}
      </dialog>`;
    }
    return html`<section class="banner tone-${tone}" part="base" aria-labelledby="dunning-headline">${content}</section>`;
  }

  override render(): TemplateResult | typeof nothing {
    if (!this.environment) return nothing;
    if (this.loader.status === 'error' && !this.loader.value) {
      return html`<div class="banner" part="base">${renderError(this.t.bind(this), this.loader.error, () => void this.loadState())}</div>`;
    }
    const current = this.visibleState;
    if (!current) return nothing;
    if (this.confirming || current.payment_pending) return this.renderPending();
    return this.renderBanner(current);
  }
}
