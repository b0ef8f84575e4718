/**
 * The base class of every Keel element: it finds or builds the environment
 * (client, localization, session), refreshes when the client reports a change
 * to a resource the element shows, and fires Keel's composed events.
 */
import { ContextConsumer } from '@lit/context';
import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { KeelClient } from '../../src/client/index.js';
import type { Capability, ResourceName } from '../../src/contract/index.js';
import { keelEnvironmentContext, type KeelEnvironment } from './context.js';
import { providerNow } from './provider-clock.js';

export class KeelElement extends LitElement {
  /** Resources whose changes make this element reload its data. */
  static refreshOn: readonly ResourceName[] = [];

  /** Whether the element takes its environment from an enclosing `keel-portal`. */
  static consumesPortalContext = true;

  /** The Keel server's base URL, for standalone use. */
  @property({ attribute: 'api-base' }) apiBase = '';

  /** A portal session token, for standalone use. */
  @property({ attribute: 'session-token' }) sessionToken = '';

  /** A client to use instead of one built from `api-base` and `session-token`. */
  @property({ attribute: false }) client?: KeelClient;

  /** Forces a locale (`ja`, `pt-BR`...) instead of the session's or the browser's. */
  @property() locale?: string;

  /** The environment once ready; elements render a loading state until then. */
  @state() protected environment?: KeelEnvironment;

  /** The error that stopped a standalone environment from being built. */
  @state() protected environmentError?: unknown;

  private providedByPortal = false;
  private unsubscribeChanges?: () => void;
  private unsubscribeLocale?: () => void;
  private standaloneRequest = 0;

  constructor() {
    super();
    if (!(this.constructor as typeof KeelElement).consumesPortalContext) return;
    new ContextConsumer(this, {
      context: keelEnvironmentContext,
      subscribe: true,
      callback: (environment) => {
        this.providedByPortal = true;
        this.adoptEnvironment(environment);
      },
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.environment) this.watchEnvironment(this.environment);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unwatchEnvironment();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const configuration = changed.has('client') || changed.has('apiBase') || changed.has('sessionToken') || changed.has('locale');
    if (configuration && !this.providedByPortal) void this.buildStandaloneEnvironment();
  }

  /** Translates a key with the element's localization. */
  protected t(key: string, options?: Record<string, unknown>): string {
    return this.environment ? this.environment.i18n.t(key, options) : '';
  }

  /** Returns the billing provider's current time: the test clock in the sandbox. */
  protected providerNow(): Date {
    return providerNow(this.environment?.session);
  }

  /** Tells whether the session grants a capability, so actions it lacks stay hidden. */
  protected can(capability: Capability): boolean {
    return this.environment?.session.capabilities.includes(capability) ?? false;
  }

  /** Fires a bubbling, composed `keel-*` event the host page can listen to. */
  protected emit<Detail>(type: `keel-${string}`, detail: Detail): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: false }));
  }

  /** Called when a resource in `refreshOn` changed elsewhere on the page. */
  protected refresh(): void {}

  /** Called once the environment is ready or replaced. */
  protected environmentChanged(): void {}

  private async buildStandaloneEnvironment(): Promise<void> {
    if (!this.client && !(this.apiBase && this.sessionToken)) return;

    const request = ++this.standaloneRequest;
    this.environmentError = undefined;
    try {
      // Loaded on demand, so an element's own module stays small and the
      // client and localization arrive in one chunk that all elements share.
      const { sharedClient, standaloneEnvironment } = await import('./environment.js');
      const client = this.client ?? sharedClient(this.apiBase, this.sessionToken);
      const environment = await standaloneEnvironment(client, this.locale);
      if (request === this.standaloneRequest) this.adoptEnvironment(environment);
    } catch (error) {
      if (request === this.standaloneRequest) this.environmentError = error;
    }
  }

  /** Retries building a standalone environment after a failure. */
  protected retryEnvironment(): void {
    void this.buildStandaloneEnvironment();
  }

  private adoptEnvironment(environment: KeelEnvironment | undefined): void {
    this.unwatchEnvironment();
    this.environment = environment;
    if (!environment) return;

    this.watchEnvironment(environment);
    this.environmentChanged();
  }

  private watchEnvironment(environment: KeelEnvironment): void {
    this.unwatchEnvironment();
    const watched = (this.constructor as typeof KeelElement).refreshOn;
    this.unsubscribeChanges = environment.client.onChange((change) => {
      if (change.resources.some((resource) => watched.includes(resource))) this.refresh();
    });
    this.unsubscribeLocale = environment.i18n.onLocaleChange(() => this.requestUpdate());
    this.applyDirection(environment);
  }

  private unwatchEnvironment(): void {
    this.unsubscribeChanges?.();
    this.unsubscribeLocale?.();
    this.unsubscribeChanges = undefined;
    this.unsubscribeLocale = undefined;
  }

  private themeFromPortal = false;

  private applyDirection(environment: KeelEnvironment): void {
    this.setAttribute('lang', environment.i18n.locale);
    this.setAttribute('dir', environment.i18n.dir);
    this.applyPortalTheme(environment.theme ?? this.hostTheme());
  }

  /**
   * Returns the theme of the nearest Keel element this one is rendered
   * inside. Elements nested in a standalone element (the banner's card form)
   * have no portal to take it from.
   */
  private hostTheme(): KeelEnvironment['theme'] {
    let root = this.getRootNode();
    while (root instanceof ShadowRoot) {
      const theme = root.host.getAttribute('theme');
      if (theme === 'light' || theme === 'dark') return theme;
      root = root.host.getRootNode();
    }
    return undefined;
  }

  /**
   * Follows the enclosing portal's or element's colour scheme unless the
   * page set `theme` on this element itself. The dark defaults of the theme tokens key on the
   * element's own attribute, so an attribute on the portal alone would leave
   * nested elements light.
   */
  private applyPortalTheme(theme: KeelEnvironment['theme']): void {
    const ownTheme = this.hasAttribute('theme') && !this.themeFromPortal;
    if (ownTheme) return;
    if (theme) {
      this.themeFromPortal = true;
      if (this.getAttribute('theme') !== theme) this.setAttribute('theme', theme);
    } else if (this.themeFromPortal) {
      this.themeFromPortal = false;
      this.removeAttribute('theme');
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.environment) this.applyDirection(this.environment);
  }
}
