import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { KeelApiError } from '../../src/client/index.js';
import type { PaymentMethod, PaymentMethodList, ResourceName } from '../../src/contract/index.js';
import { Announcer } from '../shared/announcer.js';
import { DialogController, dialogStyles } from '../shared/dialog.js';
import type { KeelPaymentMethodUpdatedDetail } from '../shared/events.js';
import { KeelElement } from '../shared/keel-element.js';
import { DataLoader } from '../shared/loader.js';
import { renderEnvironmentError } from './environment-error.js';
import { errorMessage, renderEmpty, renderError, renderLoading } from '../shared/states.js';
import { sharedStyles, themeTokens } from '../shared/theme.js';
import { paymentMethodsStyles } from './payment-methods.styles.js';

/** The target of the add-or-replace dialog: a new method, or a replacement for the method with this id. */
type FormTarget = { replace: string | null };

/**
 * The customer's saved payment methods: brand, last four digits, expiry with
 * an expiring-soon or expired warning, and the default badge. With
 * `payment_methods.write` the customer sets the default, removes a method
 * after confirming, and adds or replaces a card through
 * `keel-payment-method-form` in a dialog.
 *
 * @fires keel-payment-method-updated - After a method becomes the default or is removed (`change` is `default` or `removed`). The form in the dialog fires it for `added` and `replaced`; that event bubbles out of this element too.
 * @fires keel-error - When the list cannot be loaded.
 * @csspart base - The wrapper.
 * @csspart method - One saved method.
 * @csspart add-button - The button that opens the add dialog.
 * @csspart remove-dialog - The removal confirmation dialog.
 * @csspart form-dialog - The dialog around the card form.
 * @cssproperty --keel-color-warning - Colour of the expiring-soon badge.
 * @cssproperty --keel-color-danger - Colour of the expired badge and errors.
 */
export class KeelPaymentMethods extends KeelElement {
  static override refreshOn: readonly ResourceName[] = ['payment_methods'];
  static override styles = [themeTokens, sharedStyles, dialogStyles, paymentMethodsStyles];

  private readonly loader = new DataLoader<PaymentMethodList>(this, (signal) => this.environment!.client.paymentMethods.list({ signal }));
  private readonly announcer = new Announcer(this);
  private readonly removeDialog = new DialogController(this, () => this.renderRoot.querySelector<HTMLDialogElement>('dialog.remove'));
  private readonly formDialog = new DialogController(this, () => this.renderRoot.querySelector<HTMLDialogElement>('dialog.form'));

  /** The id of the method whose action is in flight; its buttons are disabled meanwhile. */
  @state() private pendingId: string | null = null;

  /** An error from an action, shown next to the method it concerns. */
  @state() private actionError: { id: string; error: unknown } | null = null;

  /** The method the removal dialog would remove. */
  @state() private removing: PaymentMethod | null = null;

  /** The form dialog's target; null while the dialog is closed. */
  @state() private formTarget: FormTarget | null = null;

  protected override environmentChanged(): void {
    if (this.can('payment_methods.read')) void this.loadMethods();
  }

  protected override refresh(): void {
    if (this.can('payment_methods.read')) void this.loader.reload({ keepValue: true });
  }

  private async loadMethods(): Promise<void> {
    await this.loader.reload();
    if (this.loader.status === 'error') this.emit('keel-error', { source: 'paymentMethods.list', error: this.loader.error });
  }

  private get methods(): PaymentMethod[] {
    return this.loader.value?.data ?? [];
  }

  private async handleSetDefault(method: PaymentMethod): Promise<void> {
    if (this.pendingId) return;
    this.pendingId = method.id;
    this.actionError = null;
    try {
      const updated = await this.environment!.client.paymentMethods.setDefault(method.id);
      this.announcer.announce(this.t('paymentMethods.defaultChanged', { method: this.describe(updated) }));
      this.emit<KeelPaymentMethodUpdatedDetail>('keel-payment-method-updated', { paymentMethod: updated, change: 'default' });
    } catch (error) {
      this.actionError = { id: method.id, error };
      this.announcer.announce(errorMessage(this.t.bind(this), error), 'assertive');
    } finally {
      this.pendingId = null;
    }
  }

  private async openRemoveDialog(method: PaymentMethod): Promise<void> {
    this.removing = method;
    this.actionError = null;
    await this.removeDialog.show();
  }

  private async handleConfirmRemove(): Promise<void> {
    const method = this.removing;
    if (!method || this.pendingId) return;
    this.pendingId = method.id;
    try {
      await this.environment!.client.paymentMethods.remove(method.id);
      this.removeDialog.close();
      this.announcer.announce(this.t('paymentMethods.removed', { method: this.describe(method) }));
      this.emit<KeelPaymentMethodUpdatedDetail>('keel-payment-method-updated', { paymentMethod: method, change: 'removed' });
    } catch (error) {
      this.removeDialog.close();
      this.actionError = { id: method.id, error };
      this.announcer.announce(this.removeErrorMessage(error), 'assertive');
    } finally {
      this.pendingId = null;
    }
  }

  private removeErrorMessage(error: unknown): string {
    if (error instanceof KeelApiError && error.code === 'last_payment_method') return this.t('paymentMethods.lastMethodRefused');
    return errorMessage(this.t.bind(this), error);
  }

  /**
   * Opens the dialog that adds a card, as Stripe's `payment_method_update`
   * flow does. Resolves to whether the dialog opened, which it does only
   * with `payment_methods.write`.
   */
  async openAddForm(): Promise<boolean> {
    if (!this.can('payment_methods.write')) return false;
    await this.openForm(null);
    return this.formDialog.open;
  }

  private async openForm(replace: string | null): Promise<void> {
    this.formTarget = { replace };
    this.actionError = null;
    await this.formDialog.show();
  }

  private handleFormDialogClose(): void {
    // Unrendering the form releases its setup session and Stripe Element.
    this.formTarget = null;
  }

  private handleFormUpdated(event: CustomEvent<KeelPaymentMethodUpdatedDetail>): void {
    const { paymentMethod, change } = event.detail;
    this.formDialog.close();
    const key = change === 'replaced' ? 'paymentMethods.replaced' : 'paymentMethods.added';
    this.announcer.announce(this.t(key, { method: this.describe(paymentMethod) }));
  }

  /**
   * A replacement takes over the default role of the method it replaces; an
   * added method becomes the default when no usable default exists.
   */
  private newMethodBecomesDefault(target: FormTarget): boolean {
    if (target.replace) return this.methods.some((method) => method.id === target.replace && method.is_default);
    return !this.methods.some((method) => method.is_default && !method.expired);
  }

  /** "Visa ending in 4242", or the method type for methods without a card. */
  private describe(method: PaymentMethod): string {
    if (method.card) return this.t('paymentMethods.cardLabel', { brand: this.brandName(method.card.brand), last4: method.card.last4 });
    return this.t(`paymentMethods.types.${method.type}`);
  }

  private brandName(brand: string): string {
    return this.t(`paymentMethods.brands.${brand}`, { defaultValue: this.t('paymentMethods.brands.unknown') });
  }

  private renderExpiry(method: PaymentMethod): TemplateResult | typeof nothing {
    const card = method.card;
    if (!card) return nothing;
    const expiry = `${String(card.exp_month).padStart(2, '0')}/${card.exp_year}`;
    return html`<span class="expiry">${this.t('paymentMethods.expiry')} <span class="ltr">${expiry}</span></span>`;
  }

  private renderBadges(method: PaymentMethod): TemplateResult {
    return html`<span class="badges">
      ${method.is_default ? html`<span class="badge success" part="default-badge">${this.t('paymentMethods.default')}</span>` : nothing}
      ${method.expired
        ? html`<span class="badge danger" part="expired-badge">${this.t('paymentMethods.expired')}</span>`
        : method.expires_soon
          ? html`<span class="badge warning" part="expiring-badge">${this.t('paymentMethods.expiresSoon')}</span>`
          : nothing}
    </span>`;
  }

  private renderWarning(method: PaymentMethod): TemplateResult | typeof nothing {
    if (!method.expired && !method.expires_soon) return nothing;
    const key = method.expired ? 'paymentMethods.expiredHint' : 'paymentMethods.expiresSoonHint';
    return html`<p class="hint ${method.expired ? 'danger' : 'warning'}">${this.t(key)}</p>`;
  }

  private renderActions(method: PaymentMethod, only: boolean): TemplateResult | typeof nothing {
    if (!this.can('payment_methods.write')) return nothing;
    const busy = this.pendingId !== null;
    // Each button's name stays its visible word; the description names the method it acts on.
    const summaryId = `summary-${method.id}`;
    const onlyNoteId = `only-${method.id}`;
    return html`<div class="actions">
      ${!method.is_default && !method.expired
        ? html`<button class="button" type="button" part="default-button" ?disabled=${busy} aria-describedby=${summaryId} @click=${() => this.handleSetDefault(method)}>
            ${this.t('paymentMethods.makeDefault')}
          </button>`
        : nothing}
      ${method.type === 'card'
        ? html`<button class="button" type="button" part="replace-button" ?disabled=${busy} aria-describedby=${summaryId} @click=${() => this.openForm(method.id)}>
            ${this.t('paymentMethods.replace')}
          </button>`
        : nothing}
      ${only
        ? html`<button class="button danger" type="button" part="remove-button" aria-disabled="true" aria-describedby="${summaryId} ${onlyNoteId}">
              ${this.t('common.remove')}
            </button>
            <p class="hint" id=${onlyNoteId}>${this.t('paymentMethods.onlyMethodNote')}</p>`
        : html`<button class="button danger" type="button" part="remove-button" ?disabled=${busy} aria-describedby=${summaryId} @click=${() => this.openRemoveDialog(method)}>
            ${this.t('common.remove')}
          </button>`}
    </div>`;
  }

  private renderActionError(method: PaymentMethod): TemplateResult | typeof nothing {
    if (this.actionError?.id !== method.id) return nothing;
    return html`<p class="field-error" role="alert" part="method-error">${this.removeErrorMessage(this.actionError.error)}</p>`;
  }

  private renderMethod(method: PaymentMethod, only: boolean): TemplateResult {
    return html`<li class="method ${method.expired ? 'expired' : ''}" part="method" data-id=${method.id}>
      <div class="summary" id=${`summary-${method.id}`}>
        <span class="brand">${method.card ? this.brandName(method.card.brand) : this.t(`paymentMethods.types.${method.type}`)}</span>
        ${method.card
          ? html`<span class="number ltr" aria-hidden="true">•••• ${method.card.last4}</span><span class="visually-hidden">${this.t('paymentMethods.endingIn', { last4: method.card.last4 })}</span>`
          : nothing}
        ${this.renderExpiry(method)} ${this.renderBadges(method)}
      </div>
      ${method.billing_name ? html`<div class="holder">${method.billing_name}</div>` : nothing}
      ${method.card?.wallet ? html`<div class="hint">${this.t(`paymentMethods.wallets.${method.card.wallet}`)}</div>` : nothing}
      ${this.renderWarning(method)} ${this.renderActions(method, only)} ${this.renderActionError(method)}
    </li>`;
  }

  private renderRemoveDialog(): TemplateResult {
    const method = this.removing;
    const busy = this.pendingId !== null;
    return html`<dialog class="remove" part="remove-dialog" aria-labelledby="remove-title" aria-describedby="remove-body" @close=${() => (this.removing = null)}>
      ${method
        ? html`<h2 id="remove-title">${this.t('paymentMethods.removeTitle')}</h2>
            <p id="remove-body">${this.t('paymentMethods.removeBody', { method: this.describe(method) })}</p>
            <div class="dialog-actions">
              <button class="button" type="button" autofocus @click=${() => this.removeDialog.close()}>${this.t('common.cancel')}</button>
              <button class="button danger" type="button" part="confirm-remove-button" ?disabled=${busy} @click=${this.handleConfirmRemove}>
                ${busy ? this.t('paymentMethods.removing') : this.t('paymentMethods.confirmRemove')}
              </button>
            </div>`
        : nothing}
    </dialog>`;
  }

  private renderFormDialog(): TemplateResult {
    const target = this.formTarget;
    const title = target?.replace ? this.t('paymentMethods.replaceTitle') : this.t('paymentMethods.addTitle');
    return html`<dialog class="form" part="form-dialog" aria-labelledby="form-title" @close=${this.handleFormDialogClose}>
      ${target
        ? html`<div class="dialog-header">
              <h2 id="form-title">${title}</h2>
              <button class="button" type="button" part="close-button" @click=${() => this.formDialog.close()}>${this.t('common.close')}</button>
            </div>
            <keel-payment-method-form
              .client=${this.environment?.client}
              .locale=${this.locale}
              replace-payment-method-id=${target.replace ?? ''}
              ?set-default=${this.newMethodBecomesDefault(target)}
              @keel-payment-method-updated=${this.handleFormUpdated}
            ></keel-payment-method-form>`
        : nothing}
    </dialog>`;
  }

  private renderBody(): TemplateResult {
    const { status } = this.loader;
    if (status === 'idle' || status === 'loading') return renderLoading(this.t.bind(this));
    if (status === 'error') return renderError(this.t.bind(this), this.loader.error, () => void this.loadMethods());

    const methods = this.methods;
    const list = methods.length === 0
      ? renderEmpty(this.t('paymentMethods.empty'))
      : html`<ul class="methods" aria-label=${this.t('paymentMethods.title')}>${methods.map((method) => this.renderMethod(method, methods.length === 1))}</ul>`;
    return html`${list}
      ${this.can('payment_methods.write')
        ? html`<div class="footer">
            <button class="button primary" type="button" part="add-button" ?disabled=${this.pendingId !== null} @click=${() => this.openForm(null)}>
              ${this.t('paymentMethods.add')}
            </button>
          </div>`
        : nothing}`;
  }

  override render(): TemplateResult {
    if (this.environmentError) return renderEnvironmentError(this.environmentError, () => this.retryEnvironment());
    if (!this.environment) return html`<div part="base" aria-busy="true"></div>`;
    if (!this.can('payment_methods.read')) return html`${nothing}`;

    return html`<div class="base" part="base">
      <h3 class="title">${this.t('paymentMethods.title')}</h3>
      ${this.renderBody()} ${this.renderRemoveDialog()} ${this.renderFormDialog()} ${this.announcer.render()}
    </div>`;
  }
}
