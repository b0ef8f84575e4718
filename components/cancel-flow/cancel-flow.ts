import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { CancellationReason, RetentionOffer, Subscription } from '../../src/contract/index.js';
import { isPending, type CancelFlowError, type CancelFlowOutcome, type CancelFlowState } from '../shared/cancel-flow-machine.js';
import type { KeelCancelFlowCompleteDetail, KeelSubscriptionChangedDetail } from '../shared/events.js';
import { errorMessage, renderError, renderLoading } from '../shared/states.js';
import { KeelSubscriptionFlow, flowStyles } from '../subscription/subscription-flow.js';
import { cancelScheduled, endsAt, isLive, money, planPrice, renderBadges, translateWithParts } from '../subscription/subscription-format.js';
import { CancelFlowController } from './cancel-flow-controller.js';
import { cancelFlowStyles } from './cancel-flow.styles.js';

/**
 * Cancellation with a reason survey, retention offers chosen by the reason
 * (a discount, a pause, a cheaper plan), and a confirmation that states when
 * the subscription ends. For a subscription already set to end, the element
 * offers reactivation instead.
 * The steps come from the framework-free cancel-flow machine; this element is
 * its default UI. Opening it matches Stripe's `subscription_cancel` portal flow.
 *
 * @fires keel-cancel-flow-complete - Once per run, with `detail.outcome` `retained`, `cancelled` or `aborted` (closed before either).
 * @fires keel-subscription-changed - After an offer is accepted (`offer_accepted`), a cancellation (`canceled`) or a reactivation (`reactivated`).
 * @csspart trigger - The button that opens the flow.
 * @csspart dialog - The flow's dialog.
 * @csspart offer - One retention offer.
 * @csspart badges - The "ends on" badge beside a reactivation trigger.
 * @csspart announcer - The live region for status messages.
 * @cssproperty --keel-color-danger - Colour of the final cancel button.
 */
export class KeelCancelFlow extends KeelSubscriptionFlow {
  static override styles = [...flowStyles, cancelFlowStyles];

  @state() private flow?: CancelFlowState;
  @state() private opened = false;

  private controller?: CancelFlowController;
  /** Set between `open()` and the start of the run, while the subscription loads. */
  private startPending = false;
  /** Whether the current run has reported its outcome. */
  private outcomeReported = true;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.startPending && this.environment && this.currentSubscription) this.startRun(this.currentSubscription);
  }

  /** Opens the flow at its first step: the survey, or reactivation when the subscription is set to end. */
  async open(): Promise<void> {
    this.startPending = true;
    this.outcomeReported = false;
    this.opened = true;
    this.flow = undefined;
    if (this.environment && this.currentSubscription) this.startRun(this.currentSubscription);
    await this.dialog.show();
    await this.focusStepHeading();
  }

  private startRun(subscription: Subscription): void {
    const environment = this.environment;
    if (!environment) return;
    this.startPending = false;

    const options = {
      reasons: environment.session.features.cancel.reasons,
      freeText: environment.session.features.cancel.free_text,
      cancelScheduled: cancelScheduled(subscription),
    };
    if (this.controller) {
      this.controller.restart(subscription.id, options);
    } else {
      this.controller = new CancelFlowController(environment.client.subscriptions, subscription.id, options);
      this.controller.onChange((next, previous) => this.handleFlowChange(next, previous));
      this.flow = this.controller.state;
    }
  }

  private handleFlowChange(next: CancelFlowState, previous: CancelFlowState): void {
    this.flow = next;
    if (next.subscription && next.subscription !== previous.subscription) this.reportChange(next.subscription, previous);
    if (next.outcome && !this.outcomeReported) this.reportOutcome(next.outcome);
    if (next.step !== previous.step) {
      this.announceStep(next);
      if (next.step !== 'closed') void this.focusStepHeading();
    }
  }

  /** Reports a successful request, named by the pending step it completed. */
  private reportChange(subscription: Subscription, previous: CancelFlowState): void {
    const changes: Partial<Record<CancelFlowState['step'], KeelSubscriptionChangedDetail['change']>> = {
      cancelling: 'canceled',
      accepting_offer: 'offer_accepted',
      reactivating: 'reactivated',
    };
    const change = changes[previous.step];
    if (change) this.emit<KeelSubscriptionChangedDetail>('keel-subscription-changed', { subscription, change });
  }

  private reportOutcome(outcome: CancelFlowOutcome): void {
    this.outcomeReported = true;
    const subscriptionId = this.currentSubscription?.id ?? this.subscriptionId;
    this.emit<KeelCancelFlowCompleteDetail>('keel-cancel-flow-complete', { outcome, subscriptionId });
  }

  private announceStep(flow: CancelFlowState): void {
    if (flow.step === 'cancelled') this.announcer.announce(this.t('cancelFlow.cancelled.title'));
    if (flow.step === 'retained') this.announcer.announce(this.t('cancelFlow.offers.accepted'));
    if (flow.step === 'reactivated') this.announcer.announce(this.t('cancelFlow.reactivate.done'));
    if (flow.error?.code === 'request_failed') this.announcer.announce(errorMessage(this.t.bind(this), flow.error.cause), 'assertive');
  }

  private handleDialogClose(): void {
    this.opened = false;
    if (this.controller && this.flow && !this.startPending) {
      this.controller.handleClose();
      return;
    }
    // Closed before the run could start (the subscription was still loading or failed to load).
    this.startPending = false;
    if (!this.outcomeReported) this.reportOutcome('aborted');
  }

  private handleReasonChange(event: Event): void {
    this.controller?.handleSelectReason((event.target as HTMLInputElement).value as CancellationReason);
  }

  private handleFeedbackInput(event: Event): void {
    this.controller?.handleFeedback((event.target as HTMLTextAreaElement).value);
  }

  private handleSurveySubmit(event: Event): void {
    event.preventDefault();
    this.controller?.handleSubmitSurvey();
    if (this.controller?.state.error?.code === 'reason_required') {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('input[name="reason"]')?.focus());
    }
  }

  private flowErrorMessage(error: CancelFlowError | null): string {
    if (!error) return '';
    switch (error.code) {
      case 'reason_required':
        return this.t('cancelFlow.survey.reasonRequired');
      case 'reason_not_offered':
        return this.t('cancelFlow.survey.reasonRequired');
      case 'feedback_too_long':
        return this.t('cancelFlow.survey.feedbackTooLong');
      case 'request_failed':
        return errorMessage(this.t.bind(this), error.cause);
    }
  }

  private endDate(subscription: Subscription): string {
    return this.environment!.i18n.formatters.date(endsAt(subscription));
  }

  private renderHeading(key: string): TemplateResult {
    return html`<div class="dialog-header">
      <h2 id="cancel-flow-title" tabindex="-1" data-step-heading>${this.t(key)}</h2>
      ${this.renderCloseButton()}
    </div>`;
  }

  private renderSurvey(flow: CancelFlowState): TemplateResult {
    const error = flow.error && flow.error.code !== 'request_failed' ? this.flowErrorMessage(flow.error) : '';
    return html`${this.renderHeading('cancelFlow.title')}
      <form @submit=${this.handleSurveySubmit} novalidate>
        <fieldset aria-describedby=${error ? 'survey-error' : nothing}>
          <legend>${this.t('cancelFlow.survey.legend')}</legend>
          ${flow.reasons.map(
            (reason) => html`<label class="choice">
              <input type="radio" name="reason" .value=${reason} .checked=${flow.reason === reason} @change=${this.handleReasonChange} />
              <span>${this.t(`cancelFlow.reasons.${reason}`)}</span>
            </label>`,
          )}
        </fieldset>
        ${error ? html`<p id="survey-error" class="field-error" role="alert">${error}</p>` : nothing}
        ${flow.freeText
          ? html`<div class="field">
              <label for="feedback">${this.t('cancelFlow.survey.feedback')}</label>
              <textarea id="feedback" rows="3" maxlength="2000" .value=${flow.feedback} @input=${this.handleFeedbackInput}></textarea>
            </div>`
          : nothing}
        <div class="dialog-actions">
          <button class="button" type="button" @click=${() => this.close()}>${this.t('cancelFlow.keep')}</button>
          <button class="button primary" type="submit">${this.t('common.continue')}</button>
        </div>
      </form>`;
  }

  private renderOfferText(offer: RetentionOffer): Array<string | TemplateResult> | string {
    const formatters = this.environment!.i18n.formatters;
    if (offer.type === 'discount' && offer.discount) {
      return this.t('cancelFlow.offers.discount', { count: offer.discount.duration_months, percent: formatters.percent(offer.discount.percent_off / 100) });
    }
    if (offer.type === 'pause' && offer.pause_months) return this.t('cancelFlow.offers.pause', { count: offer.pause_months });
    if (offer.type === 'plan_change' && offer.plan) {
      const price = html`<span>${planPrice(this.t.bind(this), formatters, offer.plan)}</span>`;
      return translateWithParts(this.t.bind(this), 'cancelFlow.offers.planChange', { plan: offer.plan.name }, { price });
    }
    return this.t('cancelFlow.offers.generic');
  }

  private renderOffers(flow: CancelFlowState): TemplateResult {
    const accepting = flow.step === 'accepting_offer';
    return html`${this.renderHeading('cancelFlow.offers.title')}
      <p>${this.t('cancelFlow.offers.intro')}</p>
      ${this.renderAlert(this.flowErrorMessage(flow.error))}
      <ul class="offers">
        ${flow.offers.map(
          (offer) => html`<li class="offer" part="offer">
            <span id=${`offer-${offer.id}`}>${this.renderOfferText(offer)}</span>
            <button
              class="button primary"
              type="button"
              aria-describedby=${`offer-${offer.id}`}
              ?disabled=${accepting}
              @click=${() => this.controller?.handleAcceptOffer(offer.id)}
            >
              ${accepting && flow.acceptedOfferId === offer.id ? this.t('cancelFlow.offers.accepting') : this.t('cancelFlow.offers.accept')}
            </button>
          </li>`,
        )}
      </ul>
      <div class="dialog-actions">
        <button class="button" type="button" ?disabled=${accepting} @click=${() => this.controller?.handleBack()}>${this.t('common.back')}</button>
        <button class="button" type="button" ?disabled=${accepting} @click=${() => this.controller?.handleDeclineOffers()}>${this.t('cancelFlow.offers.decline')}</button>
      </div>`;
  }

  private renderConfirm(flow: CancelFlowState, subscription: Subscription): TemplateResult {
    const cancelling = flow.step === 'cancelling';
    const immediately = this.environment!.session.features.cancel.mode === 'immediately';
    return html`${this.renderHeading('cancelFlow.confirm.title')}
      <p part="confirm-summary">
        ${immediately ? this.t('cancelFlow.confirm.immediately') : this.t('cancelFlow.confirm.periodEnd', { date: this.endDate(subscription) })}
      </p>
      ${this.renderAlert(this.flowErrorMessage(flow.error))}
      <div class="dialog-actions">
        <button class="button" type="button" ?disabled=${cancelling} @click=${() => this.controller?.handleBack()}>${this.t('common.back')}</button>
        <button class="button" type="button" ?disabled=${cancelling} @click=${() => this.close()}>${this.t('cancelFlow.keep')}</button>
        <button class="button danger" type="button" ?disabled=${cancelling} @click=${() => this.controller?.handleConfirmCancel()}>
          ${cancelling ? this.t('cancelFlow.confirm.cancelling') : this.t('cancelFlow.confirm.submit')}
        </button>
      </div>`;
  }

  private renderReactivate(flow: CancelFlowState, subscription: Subscription): TemplateResult {
    const pending = flow.step === 'reactivating';
    return html`${this.renderHeading('cancelFlow.reactivate.title')}
      <p>${this.t('cancelFlow.reactivate.body', { date: this.endDate(subscription) })}</p>
      ${this.renderAlert(this.flowErrorMessage(flow.error))}
      <div class="dialog-actions">
        <button class="button" type="button" ?disabled=${pending} @click=${() => this.close()}>${this.t('common.close')}</button>
        <button class="button primary" type="button" ?disabled=${pending} @click=${() => this.controller?.handleReactivate()}>
          ${pending ? this.t('cancelFlow.reactivate.reactivating') : this.t('cancelFlow.reactivate.submit')}
        </button>
      </div>`;
  }

  private renderDone(flow: CancelFlowState, subscription: Subscription): TemplateResult {
    const result = flow.subscription ?? subscription;
    const formatters = this.environment!.i18n.formatters;
    let title = 'cancelFlow.cancelled.title';
    let body: unknown = nothing;
    if (flow.step === 'cancelled') {
      body = result.status === 'canceled' ? this.t('cancelFlow.cancelled.now') : this.t('cancelFlow.cancelled.periodEnd', { date: this.endDate(result) });
    } else if (flow.step === 'retained') {
      title = 'cancelFlow.offers.accepted';
      body = result.upcoming_invoice
        ? translateWithParts(this.t.bind(this), 'cancelFlow.nextInvoice', { date: formatters.date(result.upcoming_invoice.date) }, {
            amount: money(formatters, result.upcoming_invoice.amount_due, result.upcoming_invoice.currency),
          })
        : nothing;
    } else {
      title = 'cancelFlow.reactivate.done';
      body = this.t('cancelFlow.reactivate.renews', { date: formatters.date(result.current_period_end) });
    }
    return html`${this.renderHeading(title)}
      <p class="success" part="result">${body}</p>
      <div class="dialog-actions">
        <button class="button primary" type="button" @click=${() => this.close()}>${this.t('common.close')}</button>
      </div>`;
  }

  private renderStep(): TemplateResult | typeof nothing {
    const flow = this.flow;
    const subscription = this.currentSubscription;
    if (!this.environment || !flow || !subscription) {
      const error = this.environmentError ?? (this.subscriptionLoader.status === 'error' ? this.subscriptionLoader.error : undefined);
      return html`${this.renderHeading('cancelFlow.title')}
        ${error
          ? renderError(this.t.bind(this), error, () => (this.environmentError ? this.retryEnvironment() : void this.subscriptionLoader.reload()))
          : renderLoading(this.t.bind(this))}`;
    }
    switch (flow.step) {
      case 'survey':
        return this.renderSurvey(flow);
      case 'loading_offers':
        return html`${this.renderHeading('cancelFlow.offers.title')}
          <div class="state" role="status"><span class="spinner" aria-hidden="true"></span>${this.t('cancelFlow.offers.loading')}</div>`;
      case 'offers':
      case 'accepting_offer':
        return this.renderOffers(flow);
      case 'confirm':
      case 'cancelling':
        return this.renderConfirm(flow, subscription);
      case 'reactivate':
      case 'reactivating':
        return this.renderReactivate(flow, subscription);
      case 'retained':
      case 'cancelled':
      case 'reactivated':
        return this.renderDone(flow, subscription);
      case 'closed':
        return nothing;
    }
  }

  private renderTrigger(): TemplateResult | typeof nothing {
    const subscription = this.currentSubscription;
    if (this.withoutTrigger || !this.environment || !subscription || !this.can('subscription.cancel') || !isLive(subscription)) return nothing;
    const ending = cancelScheduled(subscription);
    const badge = ending ? renderBadges([{ tone: 'warning', text: this.t('subscription.badge.cancelsOn', { date: this.endDate(subscription) }) }]) : nothing;
    // One button template for both labels, so focus returned to it survives the switch from cancel to reactivate.
    return html`<div class="trigger">
      ${badge}
      <button class="button ${ending ? 'primary' : 'danger'}" part="trigger" type="button" @click=${() => this.open()}>
        ${ending ? this.t('cancelFlow.reactivate.submit') : this.t('cancelFlow.title')}
      </button>
    </div>`;
  }

  override render(): TemplateResult {
    const busy = this.flow ? isPending(this.flow) : false;
    return html`${this.renderTrigger()}
      <dialog part="dialog" aria-labelledby="cancel-flow-title" aria-busy=${busy ? 'true' : 'false'} @close=${this.handleDialogClose}>
        ${this.opened ? this.renderStep() : nothing}
      </dialog>
      ${this.announcer.render()}`;
  }
}
