import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
// Types only: the runtime import below is the `pure` entry, which loads Stripe.js on the first call instead of at import.
import type { Stripe, StripeElementLocale, StripeElements, StripeError, StripePaymentElement } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { KeelApiError } from '../../src/client/index.js';
import type { CompleteSetupRequest, PaymentMethod, SandboxTestCard, SetupResult, SetupSession } from '../../src/contract/index.js';
import { Announcer } from '../shared/announcer.js';
import type { KeelPaymentMethodUpdatedDetail } from '../shared/events.js';
import { KeelElement } from '../shared/keel-element.js';
import { errorMessage, renderError, renderLoading } from '../shared/states.js';
import { sharedStyles, themeTokens } from '../shared/theme.js';
import { renderEnvironmentError } from '../payment-methods/environment-error.js';
import { validateCard, type CardField, type CardFieldError } from './card-fields.js';
import { createLightDomMount, type LightDomMount } from './light-dom-mount.js';
import { paymentMethodFormStyles } from './payment-method-form.styles.js';

/**
 * The form's step in the setup flow. `confirming` covers Stripe's own 3-D
 * Secure challenge, which Stripe.js shows over the page while
 * `confirmSetup` runs. `challenge` is the sandbox's simulated one.
 */
type Step = 'starting' | 'start-error' | 'entry' | 'confirming' | 'challenge' | 'succeeded';

/** Portal locales to the locales Stripe's Payment Element speaks. */
const STRIPE_LOCALES: Record<string, StripeElementLocale> = {
  'zh-Hans': 'zh',
  'zh-Hant': 'zh-TW',
};

const STRIPE_SLOT = 'stripe-payment-element';

/** Stripe error and decline codes, mapped to Keel's customer-facing decline reasons. */
const STRIPE_DECLINES: Record<string, string> = {
  setup_intent_authentication_failure: 'authentication_required',
  payment_intent_authentication_failure: 'authentication_required',
  authentication_required: 'authentication_required',
  expired_card: 'expired_card',
  insufficient_funds: 'insufficient_funds',
  incorrect_cvc: 'card_data_mismatch',
  invalid_cvc: 'card_data_mismatch',
  incorrect_number: 'card_data_mismatch',
  invalid_number: 'card_data_mismatch',
  invalid_expiry_month: 'card_data_mismatch',
  invalid_expiry_year: 'card_data_mismatch',
  incorrect_zip: 'card_data_mismatch',
  processing_error: 'processing_error',
};

/**
 * Adds a payment method or replaces one. It starts a setup session on the
 * server, then either mounts Stripe's Payment Element (live mode) or shows a
 * clearly marked test-card form (sandbox), runs 3-D Secure when the card requires
 * it, and completes the setup on the server.
 *
 * Stripe Elements refuse to mount inside a shadow root, so the Payment
 * Element goes into a container the form appends to its own light DOM and
 * shows through the `stripe-payment-element` slot.
 *
 * @fires keel-payment-method-updated - When the new method is saved; `change` is `added` or `replaced`.
 * @fires keel-error - When the setup session cannot be started.
 * @csspart base - The wrapper.
 * @csspart test-mode-notice - The sandbox's test-mode notice.
 * @csspart test-card - A quick-pick test card button.
 * @csspart submit-button - The save button.
 * @csspart challenge - The simulated 3-D Secure challenge.
 * @csspart failure - The message shown when the card is declined or not verified.
 * @csspart success - The message shown once the card is saved.
 * @cssproperty --keel-color-warning-background - Background of the test-mode notice.
 * @slot stripe-payment-element - Filled by the form itself with Stripe's mount container; do not slot content here.
 */
export class KeelPaymentMethodForm extends KeelElement {
  static override styles = [themeTokens, sharedStyles, paymentMethodFormStyles];

  private readonly announcer = new Announcer(this);
  private generation = 0;
  private mount?: LightDomMount;
  private elements?: StripeElements;
  private paymentElement?: StripePaymentElement;
  private activeStripe?: Stripe;

  @state() private step: Step = 'starting';
  @state() private setup?: SetupSession;
  @state() private startError?: unknown;
  /** The customer-facing reason the last attempt failed. */
  @state() private failure?: string;
  @state() private saved?: PaymentMethod;
  @state() private pending = false;
  @state() private number = '';
  @state() private expiry = '';
  @state() private cvc = '';
  @state() private cardholder = '';
  @state() private fieldErrors: Partial<Record<CardField, CardFieldError>> = {};

  /** The saved method the new one replaces; it is removed once the new one is ready. */
  @property({ attribute: 'replace-payment-method-id' }) replacePaymentMethodId = '';

  /** Makes the new method the default for the customer and their subscriptions. */
  @property({ attribute: 'set-default', type: Boolean }) setDefault = false;

  /** A Stripe.js instance to use instead of loading Stripe.js with the session's publishable key. */
  @property({ attribute: false }) stripe?: Stripe | null;

  override connectedCallback(): void {
    super.connectedCallback();
    // A form moved in the DOM lost its Stripe Element on disconnect; start over.
    if (this.environment && this.hasUpdated) void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.generation += 1;
    this.teardownStripe();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.hasUpdated && this.environment && (changed.has('replacePaymentMethodId') || changed.has('setDefault'))) void this.start();
  }

  protected override environmentChanged(): void {
    void this.start();
  }

  /** Starts a new setup session and prepares the form for it. */
  private async start(): Promise<void> {
    const generation = ++this.generation;
    this.teardownStripe();
    this.step = 'starting';
    this.failure = undefined;
    this.startError = undefined;
    this.saved = undefined;
    if (!this.can('payment_methods.write')) return;

    try {
      const setup = await this.environment!.client.paymentMethods.createSetup({
        ...(this.replacePaymentMethodId ? { replace_payment_method_id: this.replacePaymentMethodId } : {}),
        set_default: this.setDefault,
      });
      if (generation !== this.generation) return;
      this.setup = setup;
      if (setup.mode === 'stripe') await this.mountPaymentElement(setup, generation);
      if (generation !== this.generation) return;
      this.step = 'entry';
    } catch (error) {
      if (generation !== this.generation) return;
      this.startError = error;
      this.step = 'start-error';
      this.emit('keel-error', { source: 'paymentMethods.createSetup', error });
    }
  }

  private async mountPaymentElement(setup: SetupSession, generation: number): Promise<void> {
    const key = setup.publishable_key ?? this.environment!.session.stripe_publishable_key;
    if (!setup.client_secret || (!this.stripe && !key)) throw new Error('The setup session has no Stripe client secret or publishable key.');

    const stripe = this.stripe ?? (await loadStripe(key!));
    if (!stripe) throw new Error('Stripe.js did not load.');
    if (generation !== this.generation) return;

    const locale = this.environment!.i18n.locale;
    this.activeStripe = stripe;
    this.elements = stripe.elements({ clientSecret: setup.client_secret, locale: STRIPE_LOCALES[locale] ?? (locale as StripeElementLocale) });
    this.paymentElement = this.elements.create('payment');
    this.mount = createLightDomMount(this, STRIPE_SLOT);
    this.paymentElement.mount(this.mount.container);
  }

  private teardownStripe(): void {
    this.paymentElement?.destroy();
    this.paymentElement = undefined;
    this.elements = undefined;
    this.activeStripe = undefined;
    this.mount?.release();
    this.mount = undefined;
  }

  private async handleSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.pending || !this.setup) return;
    if (this.setup.mode === 'stripe') await this.confirmWithStripe(this.setup);
    else await this.submitTestCard(this.setup);
  }

  private async confirmWithStripe(setup: SetupSession): Promise<void> {
    const stripe = this.activeStripe;
    const elements = this.elements;
    if (!stripe || !elements) return;

    this.pending = true;
    this.failure = undefined;
    this.step = 'confirming';
    this.announcer.announce(this.t('paymentMethodForm.confirming'));
    try {
      const { error } = await stripe.confirmSetup({ elements, redirect: 'if_required', confirmParams: { return_url: window.location.href } });
      if (error) {
        this.fail(this.stripeFailure(error));
        return;
      }
      await this.complete(setup, {});
    } catch (error) {
      this.fail(this.apiFailure(error));
    } finally {
      this.pending = false;
    }
  }

  private async submitTestCard(setup: SetupSession): Promise<void> {
    const validation = validateCard({ number: this.number, expiry: this.expiry, cvc: this.cvc });
    if (!validation.valid) {
      this.fieldErrors = validation.errors;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.fieldErrors = {};

    const name = this.cardholder.trim();
    this.pending = true;
    this.failure = undefined;
    try {
      await this.complete(setup, { card: { ...validation.card, ...(name ? { name } : {}) } });
    } catch (error) {
      this.fail(this.apiFailure(error));
    } finally {
      this.pending = false;
    }
  }

  private async answerChallenge(answer: 'approve' | 'deny'): Promise<void> {
    if (this.pending || !this.setup) return;
    this.pending = true;
    try {
      await this.complete(this.setup, { authentication_result: answer });
    } catch (error) {
      this.fail(this.apiFailure(error));
    } finally {
      this.pending = false;
    }
  }

  /** Sends the completion and moves to the step its result calls for. */
  private async complete(setup: SetupSession, body: CompleteSetupRequest): Promise<void> {
    const result = await this.environment!.client.paymentMethods.completeSetup(setup.id, body);
    await this.handleResult(setup, result);
  }

  private async handleResult(setup: SetupSession, result: SetupResult): Promise<void> {
    if (result.status === 'succeeded' && result.payment_method) {
      this.succeed(setup, result.payment_method);
      return;
    }
    if (result.status === 'requires_action' && setup.mode === 'sandbox') {
      this.step = 'challenge';
      this.announcer.announce(this.t('paymentMethodForm.challenge.title'));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="challenge"] h3')?.focus();
      return;
    }
    if (result.status === 'requires_action' && this.activeStripe) {
      // Stripe asked for another step after confirmation; Stripe.js runs it, then the server reads the outcome.
      const clientSecret = result.next_action?.client_secret ?? setup.client_secret;
      if (clientSecret) {
        const { error } = await this.activeStripe.handleNextAction({ clientSecret });
        if (error) {
          this.fail(this.stripeFailure(error));
          return;
        }
        await this.complete(setup, {});
        return;
      }
    }
    this.fail(this.declineMessage(result.decline_reason ?? 'bank_declined'));
  }

  private succeed(setup: SetupSession, paymentMethod: PaymentMethod): void {
    this.saved = paymentMethod;
    this.step = 'succeeded';
    this.number = '';
    this.expiry = '';
    this.cvc = '';
    this.announcer.announce(this.t('paymentMethodForm.succeeded'));
    const change = setup.replace_payment_method_id ? 'replaced' : 'added';
    this.emit<KeelPaymentMethodUpdatedDetail>('keel-payment-method-updated', { paymentMethod, change });
  }

  private fail(message: string): void {
    this.failure = message;
    this.step = 'entry';
    this.announcer.announce(message, 'assertive');
  }

  private declineMessage(reason: string): string {
    return this.t(`paymentMethodForm.declines.${reason}`, { defaultValue: this.t('paymentMethodForm.declines.bank_declined') });
  }

  private stripeFailure(error: StripeError): string {
    if (error.type === 'validation_error') return this.t('paymentMethodForm.checkDetails');
    const reason = STRIPE_DECLINES[error.code ?? ''] ?? STRIPE_DECLINES[error.decline_code ?? ''];
    if (reason) return this.declineMessage(reason);
    if (error.type === 'card_error') return this.declineMessage('bank_declined');
    return this.t('errors.generic');
  }

  private apiFailure(error: unknown): string {
    if (error instanceof KeelApiError && error.declineReason) return this.declineMessage(error.declineReason);
    return errorMessage(this.t.bind(this), error);
  }

  private useTestCard(card: SandboxTestCard): void {
    this.number = card.number.replace(/(\d{4})(?=\d)/g, '$1 ');
    this.expiry = `12/${String((new Date().getFullYear() + 3) % 100).padStart(2, '0')}`;
    this.cvc = card.number.startsWith('3') ? '1234' : '123';
    this.fieldErrors = {};
    this.announcer.announce(this.t('paymentMethodForm.testCardFilled'));
  }

  private testCardBehavior(card: SandboxTestCard): string {
    return this.t(`paymentMethodForm.behaviors.${card.behavior}`, { defaultValue: card.behavior });
  }

  private renderField(field: CardField, value: string, onInput: (value: string) => void, attributes: { autocomplete: string; placeholder: string; inputmode: string }): TemplateResult {
    const error = this.fieldErrors[field];
    const id = `card-${field}`;
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    return html`<div class="field">
      <label for=${id}>${this.t(`paymentMethodForm.fields.${field}`)}</label>
      <span class="hint" id=${hintId}>${this.t(`paymentMethodForm.hints.${field}`)}</span>
      <input
        id=${id}
        class="ltr"
        name=${field}
        .value=${value}
        autocomplete=${attributes.autocomplete}
        inputmode=${attributes.inputmode}
        placeholder=${attributes.placeholder}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${hintId} ${errorId}` : hintId}
        ?disabled=${this.pending}
        @input=${(event: Event) => onInput((event.target as HTMLInputElement).value)}
      />
      ${error ? html`<span class="field-error" id=${errorId}>${this.t(`paymentMethodForm.errors.${error}`)}</span>` : nothing}
    </div>`;
  }

  private renderSandboxFields(setup: SetupSession): TemplateResult {
    return html`<div class="test-mode" part="test-mode-notice" role="note">
        <strong>${this.t('paymentMethodForm.testMode.title')}</strong>
        <span>${this.t('paymentMethodForm.testMode.body')}</span>
      </div>
      ${setup.test_cards.length > 0
        ? html`<fieldset class="test-cards">
            <legend>${this.t('paymentMethodForm.testCards')}</legend>
            <ul>
              ${setup.test_cards.map(
                (card) => html`<li>
                  <button class="button" type="button" part="test-card" ?disabled=${this.pending} @click=${() => this.useTestCard(card)}>
                    <span class="ltr">${card.number.replace(/(\d{4})(?=\d)/g, '$1 ')}</span>
                    <span class="behavior">${this.testCardBehavior(card)}</span>
                  </button>
                </li>`,
              )}
            </ul>
          </fieldset>`
        : nothing}
      ${this.renderField('number', this.number, (value) => (this.number = value), { autocomplete: 'cc-number', placeholder: '4242 4242 4242 4242', inputmode: 'numeric' })}
      <div class="row">
        ${this.renderField('expiry', this.expiry, (value) => (this.expiry = value), { autocomplete: 'cc-exp', placeholder: 'MM/YY', inputmode: 'numeric' })}
        ${this.renderField('cvc', this.cvc, (value) => (this.cvc = value), { autocomplete: 'cc-csc', placeholder: '123', inputmode: 'numeric' })}
      </div>
      <div class="field">
        <label for="card-name">${this.t('paymentMethodForm.fields.name')}</label>
        <input id="card-name" name="name" autocomplete="cc-name" maxlength="200" .value=${this.cardholder} ?disabled=${this.pending} @input=${(event: Event) => (this.cardholder = (event.target as HTMLInputElement).value)} />
      </div>`;
  }

  private renderChallenge(): TemplateResult {
    return html`<div class="challenge" part="challenge" role="group" aria-labelledby="challenge-title">
      <h3 id="challenge-title" tabindex="-1">${this.t('paymentMethodForm.challenge.title')}</h3>
      <p>${this.t('paymentMethodForm.challenge.body')}</p>
      <div class="actions">
        <button class="button primary" type="button" part="approve-button" ?disabled=${this.pending} @click=${() => this.answerChallenge('approve')}>
          ${this.t('paymentMethodForm.challenge.approve')}
        </button>
        <button class="button danger" type="button" part="deny-button" ?disabled=${this.pending} @click=${() => this.answerChallenge('deny')}>
          ${this.t('paymentMethodForm.challenge.deny')}
        </button>
      </div>
    </div>`;
  }

  private renderSuccess(): TemplateResult {
    const card = this.saved?.card;
    return html`<div class="success" part="success" role="status">
      <strong>${this.t('paymentMethodForm.succeeded')}</strong>
      ${card ? html`<span class="ltr">•••• ${card.last4}</span>` : nothing}
    </div>`;
  }

  private renderEntry(setup: SetupSession): TemplateResult {
    const confirming = this.step === 'confirming';
    let submitLabel = this.replacePaymentMethodId ? this.t('paymentMethodForm.submitReplace') : this.t('paymentMethodForm.submit');
    if (this.pending) submitLabel = this.t('paymentMethodForm.saving');
    return html`<form novalidate @submit=${this.handleSubmit} aria-busy=${this.pending ? 'true' : 'false'}>
      ${setup.mode === 'sandbox' ? this.renderSandboxFields(setup) : html`<div class="stripe"><slot name=${STRIPE_SLOT}></slot></div>`}
      ${confirming ? html`<p class="pending" part="pending" role="status"><span class="spinner" aria-hidden="true"></span>${this.t('paymentMethodForm.confirming')}</p>` : nothing}
      ${this.failure ? html`<p class="failure" part="failure" role="alert">${this.failure}</p>` : nothing}
      <button class="button primary" type="submit" part="submit-button" ?disabled=${this.pending}>${submitLabel}</button>
    </form>`;
  }

  private renderStep(): TemplateResult | typeof nothing {
    const setup = this.setup;
    switch (this.step) {
      case 'starting':
        return renderLoading(this.t.bind(this));
      case 'start-error':
        return renderError(this.t.bind(this), this.startError, () => void this.start());
      case 'challenge':
        return this.renderChallenge();
      case 'succeeded':
        return this.renderSuccess();
      case 'entry':
      case 'confirming':
        return setup ? this.renderEntry(setup) : nothing;
    }
  }

  override render(): TemplateResult {
    if (this.environmentError) return renderEnvironmentError(this.environmentError, () => this.retryEnvironment());
    if (!this.environment) return html`<div part="base" aria-busy="true"></div>`;
    if (!this.can('payment_methods.write')) return html`<p class="state" part="base">${this.t('paymentMethodForm.notAllowed')}</p>`;

    return html`<div class="base" part="base">
      ${this.renderStep()} ${this.announcer.render()}
    </div>`;
  }
}
