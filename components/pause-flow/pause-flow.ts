import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { Subscription } from '../../src/contract/index.js';
import type { KeelSubscriptionChangedDetail } from '../shared/events.js';
import { errorMessage, renderError, renderLoading } from '../shared/states.js';
import { KeelSubscriptionFlow, flowStyles } from '../subscription/subscription-flow.js';
import { addMonths, cancelScheduled, isLive, isPaused, renderBadges, type StatusBadge } from '../subscription/subscription-format.js';
import { pauseFlowStyles } from './pause-flow.styles.js';

type PauseFlowStep = 'choose' | 'resume' | 'done';

/**
 * Pausing a subscription for one of the vendor's durations, with the date it
 * resumes and what happens to billing and access meanwhile. A paused
 * subscription shows a paused badge beside the trigger and can resume early.
 *
 * @fires keel-subscription-changed - After a pause (`paused`) or a resume (`resumed`).
 * @fires keel-error - When the pause or the resume fails; `detail.source` names the operation.
 * @csspart trigger - The button that opens the flow.
 * @csspart badges - The paused badge beside the trigger.
 * @csspart dialog - The flow's dialog.
 * @csspart announcer - The live region for status messages.
 * @cssproperty --keel-color-warning - Text colour of the paused badge.
 */
export class KeelPauseFlow extends KeelSubscriptionFlow {
  static override styles = [...flowStyles, pauseFlowStyles];

  @state() private opened = false;
  @state() private step: PauseFlowStep = 'choose';
  @state() private months?: number;
  @state() private pending = false;
  @state() private requestError?: unknown;
  @state() private result?: Subscription;

  /** Opens the flow: duration choices, or resuming when the subscription is already paused. */
  async open(): Promise<void> {
    this.opened = true;
    const subscription = this.currentSubscription;
    this.step = subscription?.pause_collection ? 'resume' : 'choose';
    this.months = this.environment?.session.features.pause.months[0];
    this.requestError = undefined;
    this.result = undefined;
    await this.dialog.show();
    await this.focusStepHeading();
  }

  /** Formats the resume date of a pause of `months` starting now. */
  private resumeDate(months: number): string {
    // NOTE: the server sets the exact resume instant; this is the same calendar arithmetic, shown before confirming.
    return this.environment!.i18n.formatters.date(addMonths(this.providerNow(), months));
  }

  private async handlePause(): Promise<void> {
    const environment = this.environment;
    if (this.pending || !environment || this.months === undefined) return;
    await this.perform('subscriptions.pause', () => environment.client.subscriptions.pause(this.targetId, { months: this.months! }), 'paused');
  }

  private async handleResume(): Promise<void> {
    const environment = this.environment;
    if (this.pending || !environment) return;
    await this.perform('subscriptions.resume', () => environment.client.subscriptions.resume(this.targetId), 'resumed');
  }

  private get targetId(): string {
    return this.currentSubscription?.id ?? this.subscriptionId;
  }

  private async perform(source: string, request: () => Promise<Subscription>, change: 'paused' | 'resumed'): Promise<void> {
    this.pending = true;
    this.requestError = undefined;
    try {
      const subscription = await request();
      this.result = subscription;
      this.step = 'done';
      this.announcer.announce(this.doneMessage(subscription, change));
      this.emit<KeelSubscriptionChangedDetail>('keel-subscription-changed', { subscription, change });
      void this.focusStepHeading();
    } catch (error) {
      this.requestError = error;
      this.announcer.announce(errorMessage(this.t.bind(this), error), 'assertive');
      this.emit('keel-error', { source, error });
    } finally {
      this.pending = false;
    }
  }

  private doneMessage(subscription: Subscription, change: 'paused' | 'resumed'): string {
    if (change === 'resumed') return this.t('pauseFlow.resume.done');
    const resumesAt = subscription.pause_collection?.resumes_at;
    return resumesAt ? this.t('pauseFlow.done', { date: this.environment!.i18n.formatters.date(resumesAt) }) : this.t('pauseFlow.doneIndefinitely');
  }

  private handleMonthsChange(event: Event): void {
    this.months = Number((event.target as HTMLInputElement).value);
  }

  private handleDialogClose(): void {
    this.opened = false;
  }

  private renderHeading(key: string): TemplateResult {
    return html`<div class="dialog-header">
      <h2 id="pause-flow-title" tabindex="-1" data-step-heading>${this.t(key)}</h2>
      ${this.renderCloseButton()}
    </div>`;
  }

  private renderChoose(): TemplateResult {
    const { pause } = this.environment!.session.features;
    if (pause.months.length === 0) {
      return html`${this.renderHeading('pauseFlow.title')}
        <p>${this.t('pauseFlow.unavailable')}</p>
        <div class="dialog-actions"><button class="button" type="button" @click=${() => this.close()}>${this.t('common.close')}</button></div>`;
    }
    return html`${this.renderHeading('pauseFlow.title')}
      <form
        @submit=${(event: Event) => {
          event.preventDefault();
          void this.handlePause();
        }}
      >
        <fieldset>
          <legend>${this.t('pauseFlow.durationLegend')}</legend>
          ${pause.months.map(
            (months) => html`<label class="choice">
              <input type="radio" name="months" .value=${String(months)} .checked=${this.months === months} ?disabled=${this.pending} @change=${this.handleMonthsChange} />
              <span>
                ${this.t('pauseFlow.duration', { count: months })}
                <span class="choice-detail">${this.t('pauseFlow.resumesOn', { date: this.resumeDate(months) })}</span>
              </span>
            </label>`,
          )}
        </fieldset>
        <ul class="terms" part="terms">
          <li>${this.t(`pauseFlow.billing.${pause.behavior}`)}</li>
          <li>${this.t(pause.keeps_access ? 'pauseFlow.access.kept' : 'pauseFlow.access.lost')}</li>
          <li>${this.t('pauseFlow.resumesAutomatically')}</li>
        </ul>
        ${this.requestError ? this.renderAlert(errorMessage(this.t.bind(this), this.requestError)) : nothing}
        <div class="dialog-actions">
          <button class="button" type="button" ?disabled=${this.pending} @click=${() => this.close()}>${this.t('common.cancel')}</button>
          <button class="button primary" type="submit" ?disabled=${this.pending}>${this.pending ? this.t('pauseFlow.pausing') : this.t('pauseFlow.confirm')}</button>
        </div>
      </form>`;
  }

  private renderResume(subscription: Subscription | undefined): TemplateResult {
    const resumesAt = subscription?.pause_collection?.resumes_at;
    return html`${this.renderHeading('pauseFlow.resume.title')}
      <p>${resumesAt ? this.t('pauseFlow.resume.body', { date: this.environment!.i18n.formatters.date(resumesAt) }) : this.t('pauseFlow.resume.bodyIndefinitely')}</p>
      ${this.requestError ? this.renderAlert(errorMessage(this.t.bind(this), this.requestError)) : nothing}
      <div class="dialog-actions">
        <button class="button" type="button" ?disabled=${this.pending} @click=${() => this.close()}>${this.t('pauseFlow.resume.keepPaused')}</button>
        <button class="button primary" type="button" ?disabled=${this.pending} @click=${this.handleResume}>
          ${this.pending ? this.t('pauseFlow.resume.resuming') : this.t('pauseFlow.resume.confirm')}
        </button>
      </div>`;
  }

  private renderDone(): TemplateResult {
    const result = this.result;
    const paused = result ? isPaused(result) : false;
    return html`${this.renderHeading(paused ? 'pauseFlow.title' : 'pauseFlow.resume.title')}
      <p class="success" part="result">${result ? this.doneMessage(result, paused ? 'paused' : 'resumed') : nothing}</p>
      <div class="dialog-actions">
        <button class="button primary" type="button" @click=${() => this.close()}>${this.t('common.close')}</button>
      </div>`;
  }

  private renderStep(): TemplateResult {
    if (!this.environment) {
      return html`${this.renderHeading('pauseFlow.title')}
        ${this.environmentError ? renderError(this.t.bind(this), this.environmentError, () => this.retryEnvironment()) : renderLoading(this.t.bind(this))}`;
    }
    if (this.step === 'done') return this.renderDone();
    if (this.step === 'resume') return this.renderResume(this.currentSubscription);
    return this.renderChoose();
  }

  /** Returns the paused badge, or undefined when the subscription runs normally. */
  private pausedBadge(subscription: Subscription): StatusBadge | undefined {
    if (!isPaused(subscription)) return undefined;
    const resumesAt = subscription.pause_collection?.resumes_at;
    const text = resumesAt
      ? this.t('subscription.badge.pausedUntil', { date: this.environment!.i18n.formatters.date(resumesAt) })
      : this.t('common.status.subscription.paused');
    return { tone: 'warning', text };
  }

  private renderTrigger(): TemplateResult | typeof nothing {
    const subscription = this.currentSubscription;
    const environment = this.environment;
    if (this.withoutTrigger || !environment) return nothing;
    if (this.subscriptionLoader.status === 'error') {
      return renderError(this.t.bind(this), this.subscriptionLoader.error, () => void this.subscriptionLoader.reload());
    }
    if (!subscription) return this.subscriptionLoader.status === 'loading' ? renderLoading(this.t.bind(this)) : nothing;

    const badge = this.pausedBadge(subscription);
    const canPause = this.can('subscription.pause') && environment.session.features.pause.months.length > 0;
    const pausable = isLive(subscription) && !cancelScheduled(subscription);
    const resumable = canPause && badge !== undefined && subscription.pause_collection !== null;
    const showButton = resumable || (canPause && !badge && pausable);
    if (!badge && !showButton) return nothing;
    // One button template for both labels, so focus returned to it survives the switch from pause to resume.
    return html`<div class="trigger">
      ${badge ? renderBadges([badge]) : nothing}
      ${showButton
        ? html`<button class="button ${resumable ? 'primary' : ''}" part="trigger" type="button" @click=${() => this.open()}>
            ${resumable ? this.t('pauseFlow.resume.confirm') : this.t('pauseFlow.title')}
          </button>`
        : nothing}
    </div>`;
  }

  override render(): TemplateResult {
    return html`${this.renderTrigger()}
      <dialog part="dialog" aria-labelledby="pause-flow-title" @close=${this.handleDialogClose}>${this.opened ? this.renderStep() : nothing}</dialog>
      ${this.announcer.render()}`;
  }
}
