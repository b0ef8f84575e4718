import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { state } from 'lit/decorators.js';
import type { ResourceName, Subscription, SubscriptionDiscount, SubscriptionList } from '../../src/contract/index.js';
import { Announcer } from '../shared/announcer.js';
import type { KeelSubscriptionChangedDetail } from '../shared/events.js';
import { KeelElement } from '../shared/keel-element.js';
import { DataLoader } from '../shared/loader.js';
import { errorMessage, renderEmpty, renderError, renderLoading } from '../shared/states.js';
import { sharedStyles, themeTokens } from '../shared/theme.js';
import type { KeelCancelFlow } from '../cancel-flow/cancel-flow.js';
import type { KeelPauseFlow } from '../pause-flow/pause-flow.js';
import type { KeelPlanPicker } from '../plan-picker/plan-picker.js';
import { cancelScheduled, endsAt, isLive, money, planPrice, renderBadges, statusBadges, translateWithParts } from './subscription-format.js';
import { subscriptionStyles } from './subscription.styles.js';

/**
 * The customer's subscriptions: plan and items, price, renewal or end date,
 * status badges (trial, past due, paused, cancelling, scheduled change) and
 * the upcoming invoice. It also shows the actions the session allows: change
 * plan, pause or resume, cancel or reactivate, and drop a scheduled change. The actions
 * open `keel-plan-picker`, `keel-pause-flow` and `keel-cancel-flow`, which
 * must be defined (the package's main entry and `keel-portal` define them).
 *
 * @fires keel-subscription-changed - After any change made here or in the flows it opens; `detail.change` says which.
 * @fires keel-cancel-flow-complete - From the cancel flow it opens, with `detail.outcome`.
 * @fires keel-error - When dropping a scheduled change fails.
 * @csspart base - The list of subscriptions.
 * @csspart subscription - One subscription.
 * @csspart badges - A subscription's status badges.
 * @csspart actions - A subscription's action buttons.
 * @csspart end-notice - The notice that a subscription ends and nothing more is charged.
 * @csspart loading - The loading state.
 * @csspart empty - The state shown without subscriptions.
 * @csspart error - The error state.
 * @csspart announcer - The live region for status messages.
 * @cssproperty --keel-color-surface - Background of each subscription.
 */
export class KeelSubscription extends KeelElement {
  static override styles = [themeTokens, sharedStyles, subscriptionStyles];
  static override refreshOn: readonly ResourceName[] = ['subscriptions'];

  /** The id of the subscription whose scheduled change is being dropped. */
  @state() private droppingChangeOf?: string;

  private readonly announcer = new Announcer(this);
  private readonly subscriptions = new DataLoader<SubscriptionList>(this, (signal) => this.environment!.client.subscriptions.list({}, { signal }));

  /** The list load started with the environment; `loadedSubscriptions()` waits for it. */
  private firstLoad?: Promise<void>;

  protected override environmentChanged(): void {
    this.firstLoad = this.subscriptions.reload();
  }

  protected override refresh(): void {
    void this.subscriptions.reload({ keepValue: true });
  }

  /**
   * Waits until the subscription list has loaded and rendered, so the flows
   * of each subscription can be opened. Resolves to the subscriptions shown,
   * or to undefined when the list failed to load or there is no environment yet.
   */
  async loadedSubscriptions(): Promise<Subscription[] | undefined> {
    await this.firstLoad;
    await this.updateComplete;
    return this.subscriptions.value?.data;
  }

  /** Opens the plan picker of a subscription (the first one by default), as Stripe's `subscription_update` flow. */
  async openPlanPicker(subscriptionId?: string, planId?: string): Promise<void> {
    await this.flowFor<KeelPlanPicker>('keel-plan-picker', subscriptionId)?.open(planId ? { planId } : {});
  }

  /** Opens the pause flow of a subscription (the first one by default). */
  async openPauseFlow(subscriptionId?: string): Promise<void> {
    await this.flowFor<KeelPauseFlow>('keel-pause-flow', subscriptionId)?.open();
  }

  /** Opens the cancel flow of a subscription (the first one by default), as Stripe's `subscription_cancel` flow. */
  async openCancelFlow(subscriptionId?: string): Promise<void> {
    await this.flowFor<KeelCancelFlow>('keel-cancel-flow', subscriptionId)?.open();
  }

  private flowFor<T extends HTMLElement & { open(): Promise<void> }>(tag: string, subscriptionId?: string): T | null {
    const id = subscriptionId ?? this.subscriptions.value?.data[0]?.id;
    if (!id) return null;
    return this.renderRoot.querySelector<T>(`${tag}[subscription-id="${CSS.escape(id)}"]`);
  }

  private async handleDropScheduledChange(subscription: Subscription): Promise<void> {
    if (this.droppingChangeOf || !this.environment) return;
    this.droppingChangeOf = subscription.id;
    try {
      const updated = await this.environment.client.subscriptions.cancelScheduledChange(subscription.id);
      this.announcer.announce(this.t('subscription.scheduledChangeDropped'));
      this.emit<KeelSubscriptionChangedDetail>('keel-subscription-changed', { subscription: updated, change: 'scheduled_change_canceled' });
    } catch (error) {
      this.announcer.announce(errorMessage(this.t.bind(this), error), 'assertive');
      this.emit('keel-error', { source: 'subscriptions.cancelScheduledChange', error });
    } finally {
      this.droppingChangeOf = undefined;
    }
  }

  private date(value: string): string {
    return this.environment!.i18n.formatters.date(value);
  }

  private renderDiscount(discount: SubscriptionDiscount, currency: string): TemplateResult {
    const formatters = this.environment!.i18n.formatters;
    const t = this.t.bind(this);
    const off =
      discount.percent_off !== null
        ? html`<span class="ltr">${formatters.percent(discount.percent_off / 100)}</span>`
        : money(formatters, discount.amount_off ?? 0, currency);
    const key = discount.ends_at ? 'subscription.discountUntil' : 'subscription.discount';
    return html`${translateWithParts(t, key, { name: discount.name, date: discount.ends_at ? this.date(discount.ends_at) : '' }, { off })}`;
  }

  /** Renders when the subscription renews or ends, and what the customer pays next. */
  private renderBilling(subscription: Subscription): TemplateResult {
    const formatters = this.environment!.i18n.formatters;
    const t = this.t.bind(this);
    if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
      const ended = subscription.canceled_at ?? subscription.current_period_end;
      return html`<p class="notice" part="end-notice">${t('subscription.ended', { date: this.date(ended) })}</p>`;
    }
    if (cancelScheduled(subscription)) {
      return html`<p class="notice" part="end-notice">${t('subscription.endsOn', { date: this.date(endsAt(subscription)) })}</p>`;
    }

    const upcoming = subscription.upcoming_invoice;
    return html`<dl class="facts">
      ${subscription.status === 'trialing' && subscription.trial_end
        ? html`<div><dt>${t('subscription.trialEnds')}</dt><dd>${this.date(subscription.trial_end)}</dd></div>`
        : nothing}
      ${!subscription.pause_collection && subscription.status !== 'paused'
        ? html`<div><dt>${t('subscription.renews')}</dt><dd>${this.date(subscription.current_period_end)}</dd></div>`
        : nothing}
      ${upcoming
        ? html`<div>
            <dt>${t('subscription.upcomingInvoice')}</dt>
            <dd>${translateWithParts(t, 'subscription.upcomingInvoiceValue', { date: this.date(upcoming.date) }, { amount: money(formatters, upcoming.amount_due, upcoming.currency) })}</dd>
          </div>`
        : nothing}
      ${subscription.discount
        ? html`<div><dt>${t('subscription.discountLabel')}</dt><dd>${this.renderDiscount(subscription.discount, subscription.currency)}</dd></div>`
        : nothing}
    </dl>`;
  }

  private renderActions(subscription: Subscription): TemplateResult | typeof nothing {
    const { features } = this.environment!.session;
    const t = this.t.bind(this);
    const live = isLive(subscription);
    const ending = cancelScheduled(subscription);

    const changePlan = live && this.can('subscription.change') && features.plan_change.enabled;
    const dropChange = live && subscription.scheduled_change !== null && this.can('subscription.change');
    let pauseAction: 'pause' | 'resume' | null = null;
    if (live && this.can('subscription.pause') && features.pause.months.length > 0) {
      if (subscription.pause_collection) pauseAction = 'resume';
      else if (!ending && subscription.status === 'active') pauseAction = 'pause';
    }
    let cancelAction: 'cancel' | 'reactivate' | null = null;
    if (live && this.can('subscription.cancel')) cancelAction = ending ? 'reactivate' : 'cancel';
    if (!changePlan && !dropChange && !pauseAction && !cancelAction) return nothing;

    const dropping = this.droppingChangeOf === subscription.id;
    // Each action keeps one template whatever its label, so the button that opened a
    // flow is still there to take focus back when the flow's change flips its label.
    return html`<div class="actions" part="actions">
      ${changePlan
        ? html`<button class="button" type="button" data-action="change-plan" @click=${() => this.openPlanPicker(subscription.id)}>${t('subscription.actions.changePlan')}</button>`
        : nothing}
      ${dropChange
        ? html`<button class="button" type="button" data-action="drop-scheduled-change" ?disabled=${dropping} @click=${() => this.handleDropScheduledChange(subscription)}>
            ${dropping ? t('subscription.actions.droppingScheduledChange') : t('subscription.actions.dropScheduledChange')}
          </button>`
        : nothing}
      ${pauseAction
        ? html`<button class="button" type="button" data-action=${pauseAction} @click=${() => this.openPauseFlow(subscription.id)}>${t(`subscription.actions.${pauseAction}`)}</button>`
        : nothing}
      ${cancelAction
        ? html`<button class="button ${cancelAction === 'reactivate' ? 'primary' : 'danger'}" type="button" data-action=${cancelAction} @click=${() => this.openCancelFlow(subscription.id)}>
            ${t(`subscription.actions.${cancelAction}`)}
          </button>`
        : nothing}
    </div>`;
  }

  private renderFlows(subscription: Subscription): TemplateResult {
    const environment = this.environment!;
    // The flows share this element's client, so they reuse its session and localization when standalone.
    return html`<keel-plan-picker without-trigger subscription-id=${subscription.id} .subscription=${subscription} .client=${environment.client} .locale=${this.locale}></keel-plan-picker>
      <keel-pause-flow without-trigger subscription-id=${subscription.id} .subscription=${subscription} .client=${environment.client} .locale=${this.locale}></keel-pause-flow>
      <keel-cancel-flow without-trigger subscription-id=${subscription.id} .subscription=${subscription} .client=${environment.client} .locale=${this.locale}></keel-cancel-flow>`;
  }

  private renderSubscription(subscription: Subscription): TemplateResult {
    const formatters = this.environment!.i18n.formatters;
    const t = this.t.bind(this);
    const headingId = `subscription-${subscription.id}`;
    const name = subscription.items.map((item) => item.plan.name).join(' + ') || t('subscription.title');
    return html`<article class="subscription" part="subscription" aria-labelledby=${headingId}>
      <header>
        <h3 id=${headingId}>${name}</h3>
        ${renderBadges(statusBadges(t, formatters, subscription))}
      </header>
      <ul class="items" aria-label=${t('subscription.items')}>
        ${subscription.items.map(
          (item) => html`<li>
            <span class="item-name">${item.quantity > 1 ? t('subscription.itemQuantity', { plan: item.plan.name, count: item.quantity }) : item.plan.name}</span>
            <span class="item-price">${planPrice(t, formatters, item.plan, item.quantity)}</span>
          </li>`,
        )}
      </ul>
      ${this.renderBilling(subscription)} ${this.renderActions(subscription)} ${this.renderFlows(subscription)}
    </article>`;
  }

  override render(): TemplateResult {
    const t = this.t.bind(this);
    if (!this.environment) {
      if (this.environmentError) return renderError((key) => this.fallbackText(key), this.environmentError, () => this.retryEnvironment());
      return html`<div part="base" aria-busy="true">${renderLoading((key) => this.fallbackText(key))}</div>`;
    }

    let body: TemplateResult;
    const list = this.subscriptions.value;
    if (this.subscriptions.status === 'error' && !list) {
      body = renderError(t, this.subscriptions.error, () => void this.subscriptions.reload());
    } else if (!list) {
      body = renderLoading(t);
    } else if (list.data.length === 0) {
      body = renderEmpty(t('subscription.empty'));
    } else {
      body = html`${repeat(list.data, (subscription) => subscription.id, (subscription) => this.renderSubscription(subscription))}`;
    }
    return html`<div class="subscriptions" part="base">${body}</div>
      ${this.announcer.render()}`;
  }

  /** English text for the few states shown before localization loads. */
  private fallbackText(key: string): string {
    const english: Record<string, string> = {
      'common.loading': 'Loading…',
      'common.errorTitle': 'Something went wrong',
      'common.retry': 'Retry',
      'errors.network': "We couldn't reach the billing service. Check your connection and try again.",
    };
    return english[key] ?? "We couldn't load your subscription. Please try again.";
  }
}
