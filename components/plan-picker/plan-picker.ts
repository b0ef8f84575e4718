import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { KeelApiError } from '../../src/client/index.js';
import type { PlanCatalog, PlanOption, Subscription, SubscriptionChangePreview } from '../../src/contract/index.js';
import type { KeelSubscriptionChangedDetail } from '../shared/events.js';
import { DataLoader } from '../shared/loader.js';
import { errorMessage, renderEmpty, renderError, renderLoading } from '../shared/states.js';
import { KeelSubscriptionFlow, flowStyles } from '../subscription/subscription-flow.js';
import { isLive, money, planPrice, translateWithParts } from '../subscription/subscription-format.js';
import { planPickerStyles } from './plan-picker.styles.js';

type PlanPickerStep = 'catalog' | 'preview' | 'done';

export interface PlanPickerOpenOptions {
  /** Skips the catalog and previews a change to this plan, like Stripe's `subscription_update_confirm` flow. */
  planId?: string;
}

/**
 * A plan change. The vendor's catalog comes first, with the current plan
 * marked and plans the customer may not switch to disabled with the reason.
 * Then a proration preview (amount due now, proration lines, next invoice,
 * when the change takes effect) waits for the customer to confirm. Confirming bills exactly
 * what the preview showed, because the request carries the preview's
 * `proration_date`. `open()` matches Stripe's `subscription_update` flow and
 * `open({ planId })` its `subscription_update_confirm` flow.
 *
 * @fires keel-subscription-changed - After a confirmed change, with `detail.change` `plan`.
 * @fires keel-error - When the preview or the change fails; `detail.source` names the operation.
 * @csspart trigger - The button that opens the picker.
 * @csspart dialog - The picker's dialog.
 * @csspart plan - One plan in the catalog.
 * @csspart preview - The proration preview.
 * @csspart amount-due - The amount charged on confirmation.
 * @csspart announcer - The live region for status messages.
 * @cssproperty --keel-color-primary - Colour of the confirm button and the current plan's border.
 */
export class KeelPlanPicker extends KeelSubscriptionFlow {
  static override styles = [...flowStyles, planPickerStyles];

  @state() private opened = false;
  @state() private step: PlanPickerStep = 'catalog';
  @state() private selectedPlanId = '';
  @state() private changing = false;
  @state() private changeError?: unknown;
  @state() private changed?: Subscription;

  private readonly catalog = new DataLoader<PlanCatalog>(this, (signal) =>
    this.environment!.client.plans.list(this.subscriptionId ? { subscription_id: this.subscriptionId } : {}, { signal }),
  );

  private readonly preview = new DataLoader<SubscriptionChangePreview>(this, (signal) =>
    this.environment!.client.subscriptions.previewChange(this.subscriptionId, { plan_id: this.selectedPlanId }, { signal }),
  );

  /** Opens the picker at the catalog, or at the preview of `planId`. */
  async open(options: PlanPickerOpenOptions = {}): Promise<void> {
    this.opened = true;
    this.changed = undefined;
    this.changeError = undefined;
    this.changing = false;
    if (options.planId) {
      this.selectPlan(options.planId);
    } else {
      this.step = 'catalog';
      this.loadCatalog();
    }
    await this.dialog.show();
    await this.focusStepHeading();
  }

  protected override environmentChanged(): void {
    super.environmentChanged();
    if (!this.opened) return;
    if (this.step === 'catalog') this.loadCatalog();
    if (this.step === 'preview') void this.preview.reload();
  }

  private loadCatalog(): void {
    if (this.environment) void this.catalog.reload({ keepValue: true });
  }

  private selectPlan(planId: string): void {
    this.selectedPlanId = planId;
    this.changeError = undefined;
    this.step = 'preview';
    // Dropping the last preview makes sure an old amount is never shown for a new plan.
    this.preview.value = undefined;
    if (this.environment) void this.preview.reload();
  }

  private handleChoose(option: PlanOption): void {
    this.selectPlan(option.plan.id);
    void this.focusStepHeading();
  }

  private handleBack(): void {
    this.step = 'catalog';
    this.changeError = undefined;
    if (!this.catalog.value) this.loadCatalog();
    void this.focusStepHeading();
  }

  private async handleConfirm(preview: SubscriptionChangePreview): Promise<void> {
    if (this.changing || !this.environment) return;
    this.changing = true;
    this.changeError = undefined;
    try {
      const subscription = await this.environment.client.subscriptions.change(this.subscriptionId, {
        plan_id: preview.plan.id,
        proration_date: preview.proration_date,
      });
      this.changed = subscription;
      this.step = 'done';
      this.announcer.announce(this.doneMessage(preview));
      this.emit<KeelSubscriptionChangedDetail>('keel-subscription-changed', { subscription, change: 'plan' });
      void this.focusStepHeading();
    } catch (error) {
      this.changeError = error;
      this.announcer.announce(errorMessage(this.t.bind(this), error), 'assertive');
      this.emit('keel-error', { source: 'subscriptions.change', error });
    } finally {
      this.changing = false;
    }
  }

  private handleDialogClose(): void {
    this.opened = false;
    this.preview.value = undefined;
  }

  private doneMessage(preview: SubscriptionChangePreview): string {
    if (preview.timing === 'now') return this.t('planPicker.done.now', { plan: preview.plan.name });
    return this.t('planPicker.done.scheduled', { plan: preview.plan.name, date: this.environment!.i18n.formatters.date(preview.effective_at) });
  }

  private renderHeading(key: string): TemplateResult {
    return html`<div class="dialog-header">
      <h2 id="plan-picker-title" tabindex="-1" data-step-heading>${this.t(key)}</h2>
      ${this.renderCloseButton(this.changing)}
    </div>`;
  }

  private renderPlan(option: PlanOption): TemplateResult {
    const { plan } = option;
    const formatters = this.environment!.i18n.formatters;
    const t = this.t.bind(this);
    const reason = !option.allowed && !option.current ? t(`planPicker.disallowed.${option.disallowed_reason ?? 'generic'}`, { defaultValue: t('planPicker.disallowed.generic') }) : '';
    const describedBy = `plan-${plan.id}`;
    return html`<li class="plan ${option.current ? 'current' : ''}" part="plan">
      <div id=${describedBy}>
        <h3>${plan.name}</h3>
        <p class="price">${planPrice(t, formatters, plan)}</p>
        ${plan.description ? html`<p class="note">${plan.description}</p>` : nothing}
        ${plan.features.length > 0 ? html`<ul class="features">${plan.features.map((feature) => html`<li>${feature}</li>`)}</ul>` : nothing}
        ${option.allowed ? html`<p class="note">${t(`planPicker.timing.${option.timing}`)}</p>` : nothing}
        ${reason ? html`<p class="note reason">${reason}</p>` : nothing}
      </div>
      ${option.current
        ? html`<span class="badge success">${t('planPicker.current')}</span>`
        : html`<button class="button ${option.allowed ? 'primary' : ''}" type="button" aria-describedby=${describedBy} ?disabled=${!option.allowed} @click=${() => this.handleChoose(option)}>
            ${t('planPicker.choose')}
          </button>`}
    </li>`;
  }

  private renderCatalog(): TemplateResult {
    const t = this.t.bind(this);
    let body: TemplateResult;
    if (this.catalog.status === 'error') {
      body = renderError(t, this.catalog.error, () => this.loadCatalog());
    } else if (!this.catalog.value) {
      body = renderLoading(t);
    } else if (this.catalog.value.plans.length === 0) {
      body = renderEmpty(t('planPicker.empty'));
    } else {
      body = html`<ul class="plans">${this.catalog.value.plans.map((option) => this.renderPlan(option))}</ul>`;
    }
    return html`${this.renderHeading('planPicker.title')} ${body}`;
  }

  private renderPreviewBody(preview: SubscriptionChangePreview): TemplateResult {
    const formatters = this.environment!.i18n.formatters;
    const t = this.t.bind(this);
    const refused = this.changeError instanceof KeelApiError && this.changeError.code === 'plan_change_not_allowed';
    const effective = preview.timing === 'now' ? t('planPicker.preview.effectiveNow') : t('planPicker.preview.effectiveOn', { date: formatters.date(preview.effective_at) });

    return html`<div class="preview" part="preview">
        <p>${translateWithParts(t, 'planPicker.preview.switchTo', { plan: preview.plan.name }, { price: html`<span>${planPrice(t, formatters, preview.plan, preview.quantity)}</span>` })}</p>
        <p class="due" part="amount-due">
          <span>${t('planPicker.preview.amountDueNow')}</span>
          <strong>${money(formatters, preview.amount_due_now, preview.currency)}</strong>
        </p>
        ${preview.lines.length > 0
          ? html`<table>
              <caption>${t('planPicker.preview.lines')}</caption>
              <thead>
                <tr>
                  <th scope="col">${t('planPicker.preview.description')}</th>
                  <th scope="col" class="amount">${t('planPicker.preview.amount')}</th>
                </tr>
              </thead>
              <tbody>
                ${preview.lines.map(
                  (line) => html`<tr>
                    <td>${line.description ?? t('planPicker.preview.adjustment')}</td>
                    <td class="amount">${money(formatters, line.amount, preview.currency, 'exceptZero')}</td>
                  </tr>`,
                )}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">${t('planPicker.preview.subtotal')}</th>
                  <td class="amount">${money(formatters, preview.subtotal, preview.currency)}</td>
                </tr>
                <tr>
                  <th scope="row">${t('planPicker.preview.tax')}</th>
                  <td class="amount">${money(formatters, preview.total_tax, preview.currency)}</td>
                </tr>
              </tfoot>
            </table>`
          : nothing}
        ${preview.credit_applied_later > 0
          ? html`<p class="note">${translateWithParts(t, 'planPicker.preview.creditLater', {}, { amount: money(formatters, preview.credit_applied_later, preview.currency) })}</p>`
          : nothing}
        <p>
          ${translateWithParts(t, 'planPicker.preview.nextInvoice', { date: formatters.date(preview.next_invoice.date) }, {
            amount: money(formatters, preview.next_invoice.amount_due, preview.next_invoice.currency),
          })}
        </p>
        <p><strong>${effective}</strong></p>
      </div>
      ${this.changeError ? this.renderAlert(errorMessage(t, this.changeError)) : nothing}
      <div class="dialog-actions">
        <button class="button" type="button" ?disabled=${this.changing} @click=${this.handleBack}>${t('common.back')}</button>
        <button class="button primary" type="button" ?disabled=${this.changing || refused} @click=${() => this.handleConfirm(preview)}>
          ${this.changing ? t('planPicker.confirming') : t('planPicker.confirm')}
        </button>
      </div>`;
  }

  private renderPreview(): TemplateResult {
    const t = this.t.bind(this);
    const preview = this.preview.value;
    let body: TemplateResult;
    if (this.preview.status === 'error') {
      // A failed preview shows no amount at all: a zero here would read as "free".
      body = html`<div class="state error" role="alert">
          <span><strong>${t('planPicker.preview.failed')}</strong> ${errorMessage(t, this.preview.error)}</span>
        </div>
        <div class="dialog-actions">
          <button class="button" type="button" @click=${this.handleBack}>${t('common.back')}</button>
          <button class="button primary" part="retry-button" type="button" @click=${() => void this.preview.reload()}>${t('common.retry')}</button>
        </div>`;
    } else if (!preview) {
      body = html`<div class="state" role="status"><span class="spinner" aria-hidden="true"></span>${t('planPicker.preview.loading')}</div>`;
    } else {
      body = this.renderPreviewBody(preview);
    }
    return html`${this.renderHeading('planPicker.preview.title')} ${body}`;
  }

  private renderDone(): TemplateResult {
    const preview = this.preview.value;
    return html`${this.renderHeading('planPicker.done.title')}
      <p class="success" part="result">${preview ? this.doneMessage(preview) : nothing}</p>
      <div class="dialog-actions">
        <button class="button primary" type="button" @click=${() => this.close()}>${this.t('common.close')}</button>
      </div>`;
  }

  private renderStep(): TemplateResult {
    if (!this.environment) {
      return html`${this.renderHeading('planPicker.title')}
        ${this.environmentError ? renderError(this.t.bind(this), this.environmentError, () => this.retryEnvironment()) : renderLoading(this.t.bind(this))}`;
    }
    if (this.step === 'preview') return this.renderPreview();
    if (this.step === 'done') return this.renderDone();
    return this.renderCatalog();
  }

  private renderTrigger(): TemplateResult | typeof nothing {
    const subscription = this.currentSubscription;
    const environment = this.environment;
    if (this.withoutTrigger || !environment || !subscription || !isLive(subscription)) return nothing;
    if (!this.can('subscription.change') || !environment.session.features.plan_change.enabled) return nothing;
    return html`<button class="button" part="trigger" type="button" @click=${() => this.open()}>${this.t('planPicker.title')}</button>`;
  }

  override render(): TemplateResult {
    return html`${this.renderTrigger()}
      <dialog part="dialog" aria-labelledby="plan-picker-title" @close=${this.handleDialogClose}>${this.opened ? this.renderStep() : nothing}</dialog>
      ${this.announcer.render()}`;
  }
}
