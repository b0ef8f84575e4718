import { ContextProvider } from '@lit/context';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { KeelClient } from '../../src/client/index.js';
import type { Capability } from '../../src/contract/index.js';
import { createPortalI18n, type LocaleOverrides } from '../../src/i18n/index.js';
import { keelEnvironmentContext, type KeelEnvironment } from '../shared/context.js';
import { sessionFor, sharedClient } from '../shared/environment.js';
import { KeelElement } from '../shared/keel-element.js';
import { httpUrlOrNull } from '../shared/safe-url.js';
import { renderError, renderLoading } from '../shared/states.js';
import type { KeelFlowCompleteDetail } from '../shared/events.js';
import { sharedStyles, themeTokens } from '../shared/theme.js';
import { AFTER_COMPLETION, FLOW_COMPLETION_EVENTS, FLOW_VIEW, KeelFlowError, completesFlow, flowRejection, flowRequestKey, isPortalFlow, openFlow, unknownFlowError, type AfterCompletion, type PortalFlow } from './flows.js';
import { portalStyles } from './portal.styles.js';

export const PORTAL_VIEWS = ['overview', 'subscription', 'payment-methods', 'invoices', 'billing-details'] as const;
export type PortalView = (typeof PORTAL_VIEWS)[number];

/**
 * The elements each view shows, loaded when the view first opens, so a page
 * that shows the portal downloads only the sections the customer visits.
 */
const VIEW_ELEMENTS: Record<PortalView, () => Promise<unknown>[]> = {
  overview: () => [import('../dunning-banner/define.js'), import('../subscription/define.js'), import('../payment-methods/define.js')],
  subscription: () => [import('../subscription/define.js')],
  'payment-methods': () => [import('../payment-methods/define.js'), import('../payment-options/define.js')],
  invoices: () => [import('../invoice-history/define.js')],
  'billing-details': () => [import('../billing-details/define.js')],
};

/** The capability that makes each view worth showing. */
const VIEW_CAPABILITY: Record<PortalView, Capability | null> = {
  overview: null,
  subscription: 'subscription.read',
  'payment-methods': 'payment_methods.read',
  invoices: 'invoices.read',
  'billing-details': 'billing_details.read',
};

/**
 * The whole billing portal: overview, subscription, payment methods, invoices
 * and billing details. It reads the session once, creates the portal's own
 * localization and provides both, with the client, to every Keel element
 * inside it.
 *
 * @fires keel-error - When the session cannot be read, or a `flow` cannot open or return; `detail.error` is the cause, a `KeelFlowError` with a `code` for flows.
 * @fires keel-flow-complete - When the flow opened by `flow` completes, with `detail.flow` and `detail.returnUrl`. Calling `preventDefault()` on it stops the navigation to the return URL.
 * @csspart base - The portal's wrapper.
 * @csspart nav - The section navigation.
 * @cssproperty --keel-color-primary - Accent colour of buttons and the current tab.
 */
export class KeelPortal extends KeelElement {
  static override consumesPortalContext = false;
  static override styles = [themeTokens, sharedStyles, portalStyles];

  /** The section shown; `overview` by default. */
  @property({ reflect: true }) view: PortalView = 'overview';

  /** The colour scheme of the portal and every element inside it; unset follows `prefers-color-scheme`. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  /** Replacement strings per locale, e.g. `{ ja: { portal: { title: 'お支払い' } } }`. */
  @property({ attribute: false }) overrides?: LocaleOverrides;

  /**
   * A flow to open once the session loads, named as Stripe's billing portal
   * flows: `payment_method_update` (add a card), `subscription_cancel`,
   * `subscription_update` (plan picker) or `subscription_update_confirm`
   * (the preview of `flow-plan-id`). Each value runs once.
   */
  @property() flow?: PortalFlow;

  /** The plan the `subscription_update_confirm` flow previews. */
  @property({ attribute: 'flow-plan-id' }) flowPlanId?: string;

  /**
   * The behaviour after a completed `flow`. `portal_homepage` keeps the
   * customer in the portal, on the flow's view where the flow shows its own
   * confirmation. `return_url` navigates to the session's return URL when it is http(s).
   */
  @property({ attribute: 'after-completion' }) afterCompletion: AfterCompletion = 'portal_homepage';

  @state() private loadError?: unknown;

  private readonly provider = new ContextProvider(this, { context: keelEnvironmentContext, initialValue: undefined });
  private loadRequest = 0;
  /** The last flow request started, so setting the same `flow` again does nothing. */
  private startedFlow?: string;
  /** The flow opened by `flow` that has not completed yet. */
  private activeFlow?: PortalFlow;

  constructor() {
    super();
    for (const type of FLOW_COMPLETION_EVENTS) this.addEventListener(type, (event) => this.handleFlowEvent(event));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const reload = changed.has('client') || changed.has('apiBase') || changed.has('sessionToken') || changed.has('overrides');
    if (changed.has('theme') && this.environment && !reload) {
      this.environment = { ...this.environment, theme: this.theme };
      this.provider.setValue(this.environment);
    }
    if (reload) {
      void this.loadEnvironment();
    } else if (changed.has('locale') && this.environment && this.locale) {
      void this.environment.i18n.setLocale(this.locale);
    }
    // Leaving the flow's view ends the flow, so a later change there counts as the customer's own action.
    if (changed.has('view') && this.activeFlow && FLOW_VIEW[this.activeFlow] !== this.view) this.activeFlow = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.startRequestedFlow();
  }

  private resolveClient(): KeelClient | undefined {
    if (this.client) return this.client;
    if (this.apiBase && this.sessionToken) return sharedClient(this.apiBase, this.sessionToken);
    return undefined;
  }

  private async loadEnvironment(): Promise<void> {
    const client = this.resolveClient();
    if (!client) return;

    const request = ++this.loadRequest;
    this.loadError = undefined;
    try {
      const session = await sessionFor(client);
      const i18n = await createPortalI18n({
        locale: this.locale,
        sessionLocale: session.locale ?? session.customer.locale ?? undefined,
        timeZone: session.customer.time_zone,
        overrides: this.overrides,
      });
      if (request !== this.loadRequest) return;

      const environment: KeelEnvironment = { client, session, i18n, theme: this.theme };
      this.environment = environment;
      this.provider.setValue(environment);
      // Nested elements follow locale changes themselves; the portal only re-renders.
      i18n.onLocaleChange(() => this.requestUpdate());
    } catch (error) {
      if (request !== this.loadRequest) return;
      this.loadError = error;
      this.emit('keel-error', { source: 'session.retrieve', error });
    }
  }

  /** The views this session may see, in navigation order. */
  get availableViews(): PortalView[] {
    return PORTAL_VIEWS.filter((view) => {
      const capability = VIEW_CAPABILITY[view];
      return capability === null || this.can(capability);
    });
  }

  /** Starts the `flow` request once the session has loaded, unless it already ran. */
  private startRequestedFlow(): void {
    if (!this.flow) {
      this.startedFlow = undefined;
      return;
    }
    if (!this.environment) return;

    const planId = this.flowPlanId || undefined;
    const key = flowRequestKey(this.flow, planId);
    if (key === this.startedFlow) return;
    this.startedFlow = key;
    void this.runFlow(this.flow, planId);
  }

  private async runFlow(flow: string, planId: string | undefined): Promise<void> {
    // Switching views inside `updated()` would start a second update cycle, so the flow waits for this one to end.
    await this.updateComplete;
    const environment = this.environment;
    if (!environment) return;

    if (!isPortalFlow(flow)) {
      this.emit('keel-error', { source: 'portal.flow', error: unknownFlowError(flow) });
      return;
    }
    const rejection = flowRejection(flow, environment.session, planId);
    if (rejection) {
      this.emit('keel-error', { source: 'portal.flow', error: rejection });
      return;
    }

    await this.showView(FLOW_VIEW[flow]);
    this.activeFlow = flow;
    const failure = await openFlow(this.renderRoot.querySelector('section')!, flow, planId);
    if (failure) {
      this.activeFlow = undefined;
      this.emit('keel-error', { source: 'portal.flow', error: failure });
    }
  }

  private handleFlowEvent(event: Event): void {
    const flow = this.activeFlow;
    if (!flow) return;
    if (completesFlow(flow, event)) {
      this.activeFlow = undefined;
      this.finishFlow(flow);
    } else if (event.type === 'keel-cancel-flow-complete' && flow === 'subscription_cancel') {
      // The customer closed the cancel flow without a choice.
      this.activeFlow = undefined;
    }
  }

  /** Reports a completed flow and, with `after-completion="return_url"`, leaves for the session's return URL. */
  private finishFlow(flow: PortalFlow): void {
    const afterCompletion = this.afterCompletion;
    if (!(AFTER_COMPLETION as readonly string[]).includes(afterCompletion)) {
      const message = `Unknown after-completion "${afterCompletion}". Use one of: ${AFTER_COMPLETION.join(', ')}. The customer stays in the portal.`;
      this.emit('keel-error', { source: 'portal.flow', error: new KeelFlowError('unknown_after_completion', flow, message) });
    }

    const sessionUrl = this.environment?.session.return_url;
    const returnUrl = afterCompletion === 'return_url' ? httpUrlOrNull(sessionUrl) : null;
    const detail: KeelFlowCompleteDetail = { flow, afterCompletion, returnUrl };
    const proceed = this.dispatchEvent(new CustomEvent('keel-flow-complete', { detail, bubbles: true, composed: true, cancelable: true }));

    if (afterCompletion === 'return_url' && !returnUrl) {
      const error = sessionUrl
        ? new KeelFlowError('unsafe_return_url', flow, "The session's return URL is not an http(s) URL, so the customer stays in the portal.")
        : new KeelFlowError('no_return_url', flow, 'The session has no return URL, so the customer stays in the portal.');
      this.emit('keel-error', { source: 'portal.flow', error });
    }
    if (returnUrl && proceed) window.location.assign(returnUrl);
  }

  private async showView(view: PortalView): Promise<void> {
    this.view = view;
    await this.updateComplete;
    // Moving focus to the new heading lets screen-reader users hear where they are.
    this.renderRoot.querySelector<HTMLElement>('section h2')?.focus();
  }

  private handleNavKeydown(event: KeyboardEvent): void {
    const views = this.availableViews;
    const index = views.indexOf(this.view);
    const forward = this.environment?.i18n.dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
    const backward = forward === 'ArrowRight' ? 'ArrowLeft' : 'ArrowRight';
    let next: PortalView | undefined;
    if (event.key === forward) next = views[(index + 1) % views.length];
    if (event.key === backward) next = views[(index - 1 + views.length) % views.length];
    if (!next) return;

    event.preventDefault();
    this.view = next;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(`nav button[data-view='${next}']`)?.focus());
  }

  private readonly loadedViews = new Set<PortalView>();

  /** Starts loading a view's elements once; they upgrade in place when defined. */
  private loadViewElements(view: PortalView): void {
    if (this.loadedViews.has(view)) return;
    this.loadedViews.add(view);
    Promise.all(VIEW_ELEMENTS[view]()).catch((error: unknown) => {
      this.loadedViews.delete(view);
      this.emit('keel-error', { source: `portal.view.${view}`, error });
    });
  }

  private renderSection(view: PortalView): TemplateResult {
    this.loadViewElements(view);
    switch (view) {
      case 'overview':
        return html`
          <keel-dunning-banner></keel-dunning-banner>
          ${this.can('subscription.read') ? html`<keel-subscription></keel-subscription>` : nothing}
          ${this.can('payment_methods.read') ? html`<keel-payment-methods></keel-payment-methods>` : nothing}
        `;
      case 'subscription':
        return html`<keel-subscription></keel-subscription>`;
      case 'payment-methods':
        return html`<keel-payment-methods></keel-payment-methods>
          ${this.can('payment_options.read') ? html`<keel-payment-options></keel-payment-options>` : nothing}`;
      case 'invoices':
        return html`<keel-invoice-history></keel-invoice-history>`;
      case 'billing-details':
        return html`<keel-billing-details></keel-billing-details>`;
    }
  }

  private renderHeader(environment: KeelEnvironment): TemplateResult {
    const { session } = environment;
    const returnUrl = httpUrlOrNull(session.return_url);
    return html`<header>
      <h1>${this.t('portal.title')}</h1>
      ${session.mode === 'sandbox' ? html`<span class="badge warning" part="sandbox-badge">${this.t('portal.sandboxMode')}</span>` : nothing}
      ${returnUrl
        ? html`<a class="link" part="return-link" href=${returnUrl}>${this.t('portal.returnTo', { business: session.branding.business_name })}</a>`
        : nothing}
    </header>`;
  }

  override render(): TemplateResult {
    if (this.loadError) return renderError((key, options) => this.fallbackT(key, options), this.loadError, () => void this.loadEnvironment());
    const environment = this.environment;
    if (!environment) return html`<div class="portal" part="base" aria-busy="true">${renderLoading((key) => this.fallbackT(key))}</div>`;

    const views = this.availableViews;
    const view = views.includes(this.view) ? this.view : 'overview';
    return html`<div class="portal" part="base">
      ${this.renderHeader(environment)}
      <nav part="nav" aria-label=${this.t('portal.navigation')} @keydown=${this.handleNavKeydown}>
        <ul>
          ${views.map(
            (item) => html`<li>
              <button type="button" data-view=${item} aria-current=${item === view ? 'page' : 'false'} tabindex=${item === view ? 0 : -1} @click=${() => this.showView(item)}>
                ${this.t(`portal.views.${item}`)}
              </button>
            </li>`,
          )}
        </ul>
      </nav>
      <section aria-labelledby="view-heading">
        <!-- Each section's element shows its own visible heading; this one names the region and takes focus on navigation. -->
        <h2 id="view-heading" class="visually-hidden" tabindex="-1">${this.t(`portal.views.${view}`)}</h2>
        ${this.renderSection(view)}
      </section>
    </div>`;
  }

  /**
   * Before the session loads there is no localization yet; these few states
   * use the English words, which every locale falls back to.
   */
  private fallbackT(key: string, _options?: Record<string, unknown>): string {
    const english: Record<string, string> = {
      'common.loading': 'Loading…',
      'common.errorTitle': 'Something went wrong',
      'common.retry': 'Retry',
      'errors.generic': "We couldn't load your billing details. Please try again.",
      'errors.network': "We couldn't reach the billing service. Check your connection and try again.",
    };
    return english[key] ?? english['errors.generic']!;
  }
}
