import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CompleteSetupRequest, SetupResult, SetupSession } from '../../src/contract/index.js';
import { API_BASE, example, jsonError, mockApi, type RecordedRequest } from '../../test/browser/support/api.js';
import type { KeelPaymentMethodUpdatedDetail } from '../shared/events.js';
import { deepActiveElement } from '../shared/dialog.js';
import '../payment-methods/define.js';
import './define.js';
import type { KeelPaymentMethodForm } from './payment-method-form.js';

let tokenCounter = 0;

async function renderForm(options: { locale?: string; replace?: string } = {}): Promise<KeelPaymentMethodForm> {
  const token = `form-token-${++tokenCounter}-${Math.random()}`;
  return fixture<KeelPaymentMethodForm>(
    html`<keel-payment-method-form api-base=${API_BASE} session-token=${token} locale=${options.locale ?? 'en'} replace-payment-method-id=${options.replace ?? ''}></keel-payment-method-form>`,
  );
}

function shadow(form: HTMLElement): ShadowRoot {
  return form.shadowRoot!;
}

function query<T extends Element = HTMLElement>(form: HTMLElement, selector: string): T | null {
  return shadow(form).querySelector<T>(selector);
}

async function untilShown(form: HTMLElement, selector: string, message: string): Promise<void> {
  await waitUntil(() => query(form, selector), message, { timeout: 8000 });
}

function typeInto(form: HTMLElement, id: string, value: string): void {
  const input = query<HTMLInputElement>(form, `#${id}`)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

function completions(requests: RecordedRequest[]): CompleteSetupRequest[] {
  return requests.filter((request) => request.operation === 'paymentMethods.completeSetup').map((request) => request.body as CompleteSetupRequest);
}

function setupResult(overrides: Partial<SetupResult>): SetupResult {
  return { ...example('SetupResult'), ...overrides };
}

/** A fake Stripe.js: records what the form mounts and confirms, and resolves `confirmSetup` with the result the test sets. */
interface FakeStripe {
  mountNode: HTMLElement | null;
  elementsOptions: unknown;
  confirmCalls: Array<{ elements: unknown; redirect: string }>;
  elementsInstance: object;
  confirmResult: () => Promise<{ error?: { type: string; code?: string; message?: string } }>;
}

let currentStripe: FakeStripe | undefined;

/**
 * `loadStripe` from `@stripe/stripe-js/pure` resolves `window.Stripe` once
 * per page and caches it, so one global constructor delegates to the fake of
 * the running test.
 */
function installFakeStripe(confirmResult: FakeStripe['confirmResult'] = async () => ({})): FakeStripe {
  const fake: FakeStripe = { mountNode: null, elementsOptions: undefined, confirmCalls: [], elementsInstance: {}, confirmResult };
  currentStripe = fake;
  const constructor = Object.assign(
    (_key: string) => {
      const active = currentStripe!;
      const paymentElement = {
        mount(node: HTMLElement) {
          active.mountNode = node;
        },
        destroy() {
          active.mountNode = null;
        },
      };
      active.elementsInstance = { create: (type: string) => (type === 'payment' ? paymentElement : undefined) };
      return {
        elements(options: unknown) {
          active.elementsOptions = options;
          return active.elementsInstance;
        },
        confirmSetup(options: { elements: unknown; redirect: string }) {
          active.confirmCalls.push(options);
          return active.confirmResult();
        },
        handleNextAction: async () => ({}),
      };
    },
    // The version @stripe/stripe-js expects, so it does not warn about a mismatch.
    { version: 'endive' },
  );
  (window as unknown as { Stripe: unknown }).Stripe = constructor;
  return fake;
}

const stripeSetup: SetupSession = {
  ...example('SetupSession'),
  mode: 'stripe',
  client_secret: 'seti_1_secret_abc',
  publishable_key: 'pk_test_keel',
  test_cards: [],
};

describe('keel-payment-method-form', () => {
  describe('sandbox', () => {
    it('shows the labelled test-card form', async () => {
      await mockApi();
      const form = await renderForm();
      await untilShown(form, 'form', 'form did not load');

      expect(query(form, '[part="test-mode-notice"]')!.textContent).to.contain('Test mode');
      expect(query(form, '[part="test-mode-notice"]')!.textContent).to.contain('no real card data');
      expect(query(form, '[part="test-card"]')!.textContent).to.contain('4242 4242 4242 4242');
      expect(query(form, 'label[for="card-number"]')!.textContent).to.equal('Card number');
    });

    it('passes axe with the form', async () => {
      await mockApi();
      const form = await renderForm();
      await untilShown(form, 'form', 'form did not load');

      await expect(form).to.be.accessible();
    });

    it('passes axe while starting', async () => {
      await mockApi({ 'paymentMethods.createSetup': () => new Promise(() => {}) });
      const form = await renderForm();
      await untilShown(form, '[part="loading"]', 'no loading state');

      await expect(form).to.be.accessible();
    });

    it('retries a failed start', async () => {
      let failing = true;
      await mockApi({ 'paymentMethods.createSetup': () => (failing ? jsonError(400, 'resource_missing') : example('SetupSession')) });
      const form = await renderForm();
      await untilShown(form, '[role="alert"]', 'no error shown');
      await expect(form).to.be.accessible();

      failing = false;
      query<HTMLButtonElement>(form, '[part="retry-button"]')!.click();
      await untilShown(form, 'form', 'retry did not load the form');
    });

    it('shows field errors before sending', async () => {
      const requests = await mockApi();
      const form = await renderForm();
      await untilShown(form, 'form', 'form did not load');
      typeInto(form, 'card-number', '4242 4242 4242 4241');
      typeInto(form, 'card-expiry', '13/30');

      query<HTMLButtonElement>(form, '[part="submit-button"]')!.click();
      await untilShown(form, '.field-error', 'no field error');

      const number = query<HTMLInputElement>(form, '#card-number')!;
      expect(number.getAttribute('aria-invalid')).to.equal('true');
      expect(number.getAttribute('aria-describedby')).to.contain('card-number-error');
      expect(query(form, '#card-number-error')!.textContent).to.contain("isn't valid");
      expect(query(form, '#card-expiry-error')!.textContent).to.contain('MM/YY');
      expect(query(form, '#card-cvc-error')!.textContent).to.contain('required');
      expect(deepActiveElement()).to.equal(number);
      expect(completions(requests)).to.have.length(0);
      await expect(form).to.be.accessible();
    });

    it('saves a quick-pick test card', async () => {
      const requests = await mockApi();
      const form = await renderForm();
      await untilShown(form, 'form', 'form did not load');
      const events: KeelPaymentMethodUpdatedDetail[] = [];
      form.addEventListener('keel-payment-method-updated', (event) => events.push(event.detail));

      query<HTMLButtonElement>(form, '[part="test-card"]')!.click();
      await form.updateComplete;
      query<HTMLButtonElement>(form, '[part="submit-button"]')!.click();
      await untilShown(form, '[part="success"]', 'no success message');

      const [body] = completions(requests);
      expect(body!.card!.number).to.equal('4242424242424242');
      expect(body!.card!.cvc).to.equal('123');
      expect(events).to.have.length(1);
      expect(events[0]!.change).to.equal('added');
      expect(events[0]!.paymentMethod.id).to.equal('pm_visa_4242');
      await expect(form).to.be.accessible();
    });

    it('sends one request on double submit', async () => {
      let release!: () => void;
      const requests = await mockApi({
        'paymentMethods.completeSetup': () => new Promise((resolve) => (release = () => resolve(example('SetupResult')))),
      });
      const form = await renderForm();
      await untilShown(form, 'form', 'form did not load');
      query<HTMLButtonElement>(form, '[part="test-card"]')!.click();
      await form.updateComplete;

      const submit = query<HTMLButtonElement>(form, '[part="submit-button"]')!;
      submit.click();
      submit.click();
      await waitUntil(() => completions(requests).length === 1, 'request not sent');
      release();
      await untilShown(form, '[part="success"]', 'no success message');

      expect(completions(requests)).to.have.length(1);
    });

    it('reports a replacement', async () => {
      const requests = await mockApi({ 'paymentMethods.createSetup': { ...example('SetupSession'), replace_payment_method_id: 'pm_old' } });
      const form = await renderForm({ replace: 'pm_old' });
      await untilShown(form, 'form', 'form did not load');
      const events: KeelPaymentMethodUpdatedDetail[] = [];
      form.addEventListener('keel-payment-method-updated', (event) => events.push(event.detail));

      query<HTMLButtonElement>(form, '[part="test-card"]')!.click();
      await form.updateComplete;
      query<HTMLButtonElement>(form, '[part="submit-button"]')!.click();
      await untilShown(form, '[part="success"]', 'no success message');

      const setupBody = requests.find((request) => request.operation === 'paymentMethods.createSetup')!.body as { replace_payment_method_id?: string };
      expect(setupBody.replace_payment_method_id).to.equal('pm_old');
      expect(events[0]!.change).to.equal('replaced');
    });

    it('shows a localized decline', async () => {
      await mockApi({ 'paymentMethods.completeSetup': setupResult({ status: 'failed', payment_method: null, decline_reason: 'insufficient_funds' }) });
      const form = await renderForm();
      await untilShown(form, 'form', 'form did not load');

      query<HTMLButtonElement>(form, '[part="test-card"]')!.click();
      await form.updateComplete;
      query<HTMLButtonElement>(form, '[part="submit-button"]')!.click();
      await untilShown(form, '[part="failure"]', 'no failure message');

      expect(query(form, '[part="failure"]')!.getAttribute('role')).to.equal('alert');
      expect(query(form, '[part="failure"]')!.textContent).to.contain('insufficient funds');
      await expect(form).to.be.accessible();
    });

    it('approves a simulated 3-D Secure challenge', async () => {
      const requests = await mockApi({
        'paymentMethods.completeSetup': (request) =>
          (request.body as CompleteSetupRequest).authentication_result === 'approve'
            ? example('SetupResult')
            : setupResult({ status: 'requires_action', payment_method: null, next_action: { type: 'sandbox_authenticate', client_secret: null } }),
      });
      const form = await renderForm();
      await untilShown(form, 'form', 'form did not load');
      query<HTMLButtonElement>(form, '[part="test-card"]')!.click();
      await form.updateComplete;

      query<HTMLButtonElement>(form, '[part="submit-button"]')!.click();
      await untilShown(form, '[part="challenge"]', 'no challenge shown');
      await expect(form).to.be.accessible();
      query<HTMLButtonElement>(form, '[part="approve-button"]')!.click();
      await untilShown(form, '[part="success"]', 'approval did not save the card');

      expect(completions(requests)[1]).to.deep.equal({ authentication_result: 'approve' });
    });

    it('shows a denied 3-D Secure challenge', async () => {
      const requests = await mockApi({
        'paymentMethods.completeSetup': (request) =>
          (request.body as CompleteSetupRequest).authentication_result === 'deny'
            ? setupResult({ status: 'failed', payment_method: null, decline_reason: 'authentication_required' })
            : setupResult({ status: 'requires_action', payment_method: null, next_action: { type: 'sandbox_authenticate', client_secret: null } }),
      });
      const form = await renderForm();
      await untilShown(form, 'form', 'form did not load');
      query<HTMLButtonElement>(form, '[part="test-card"]')!.click();
      await form.updateComplete;

      query<HTMLButtonElement>(form, '[part="submit-button"]')!.click();
      await untilShown(form, '[part="deny-button"]', 'no challenge shown');
      query<HTMLButtonElement>(form, '[part="deny-button"]')!.click();
      await untilShown(form, '[part="failure"]', 'no failure after denial');

      expect(completions(requests)[1]).to.deep.equal({ authentication_result: 'deny' });
      expect(query(form, '[part="failure"]')!.textContent).to.contain("couldn't verify");
    });

    it('submits by keyboard alone', async () => {
      const requests = await mockApi();
      const form = await renderForm();
      await untilShown(form, 'form', 'form did not load');

      query<HTMLInputElement>(form, '#card-number')!.focus();
      await sendKeys({ type: '4242 4242 4242 4242' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: '12/35' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: '123' });
      await sendKeys({ press: 'Enter' });
      await untilShown(form, '[part="success"]', 'Enter did not submit');

      expect(completions(requests)[0]!.card).to.deep.equal({ number: '4242424242424242', exp_month: 12, exp_year: 2035, cvc: '123' });
    });

    it('starts nothing without write capability', async () => {
      const session = example('PortalSession');
      session.capabilities = ['payment_methods.read'];
      const requests = await mockApi({ 'session.retrieve': session });
      const form = await renderForm();
      await untilShown(form, '[part="base"]:not([aria-busy])', 'form did not render');

      expect(requests.some((request) => request.operation === 'paymentMethods.createSetup')).to.equal(false);
      expect(query(form, 'form')).to.equal(null);
    });

    it('speaks Japanese', async () => {
      await mockApi();
      const form = await renderForm({ locale: 'ja' });
      await untilShown(form, 'form', 'form did not load');

      expect(query(form, '[part="test-mode-notice"]')!.textContent).to.contain('テストモード');
      expect(query(form, 'label[for="card-number"]')!.textContent).to.equal('カード番号');
    });
  });

  describe('stripe', () => {
    it('mounts the Payment Element in light DOM', async () => {
      const stripe = installFakeStripe();
      await mockApi({ 'paymentMethods.createSetup': stripeSetup });
      const form = await renderForm();
      await waitUntil(() => stripe.mountNode, 'Payment Element not mounted', { timeout: 8000 });

      const node = stripe.mountNode!;
      expect(form.contains(node)).to.equal(true);
      expect(shadow(form).contains(node)).to.equal(false);
      expect(node.getRootNode()).to.equal(document);
      expect(node.assignedSlot?.getRootNode()).to.equal(shadow(form));
      expect((stripe.elementsOptions as { clientSecret: string }).clientSecret).to.equal('seti_1_secret_abc');
      await expect(form).to.be.accessible();
    });

    it('relays the mount out of shadow roots', async () => {
      const stripe = installFakeStripe();
      await mockApi({ 'paymentMethods.createSetup': stripeSetup });
      const list = await fixture(html`<keel-payment-methods api-base=${API_BASE} session-token=${`relay-${Math.random()}`} locale="en"></keel-payment-methods>`);
      await waitUntil(() => list.shadowRoot!.querySelector('[part="add-button"]'), 'list did not load', { timeout: 8000 });

      list.shadowRoot!.querySelector<HTMLButtonElement>('[part="add-button"]')!.click();
      await waitUntil(() => stripe.mountNode, 'Payment Element not mounted', { timeout: 8000 });

      const form = list.shadowRoot!.querySelector('keel-payment-method-form')!;
      expect(stripe.mountNode!.getRootNode()).to.equal(document);
      expect(list.contains(stripe.mountNode)).to.equal(true);
      expect(stripe.mountNode!.assignedSlot!.assignedSlot!.getRootNode()).to.equal(form.shadowRoot);
    });

    it('confirms through the Payment Element', async () => {
      const stripe = installFakeStripe();
      const requests = await mockApi({ 'paymentMethods.createSetup': stripeSetup });
      const form = await renderForm();
      await waitUntil(() => stripe.mountNode, 'Payment Element not mounted', { timeout: 8000 });
      const events: KeelPaymentMethodUpdatedDetail[] = [];
      form.addEventListener('keel-payment-method-updated', (event) => events.push(event.detail));

      query<HTMLButtonElement>(form, '[part="submit-button"]')!.click();
      await untilShown(form, '[part="success"]', 'no success message');

      expect(stripe.confirmCalls).to.have.length(1);
      expect(stripe.confirmCalls[0]!.elements).to.equal(stripe.elementsInstance);
      expect(stripe.confirmCalls[0]!.redirect).to.equal('if_required');
      expect(completions(requests)).to.deep.equal([{}]);
      expect(events[0]!.change).to.equal('added');
    });

    it('shows 3-D Secure pending, then success', async () => {
      let finish!: () => void;
      const stripe = installFakeStripe(() => new Promise((resolve) => (finish = () => resolve({}))));
      await mockApi({ 'paymentMethods.createSetup': stripeSetup });
      const form = await renderForm();
      await waitUntil(() => stripe.mountNode, 'Payment Element not mounted', { timeout: 8000 });

      query<HTMLButtonElement>(form, '[part="submit-button"]')!.click();
      await untilShown(form, '[part="pending"]', 'no pending state');
      expect(query(form, '[part="pending"]')!.textContent).to.contain('Confirming with your bank');
      await expect(form).to.be.accessible();

      finish();
      await untilShown(form, '[part="success"]', 'no success after authentication');
      expect(query(form, '[part="success"]')!.textContent).to.contain('Your card was saved.');
    });

    it('shows a failed 3-D Secure', async () => {
      const stripe = installFakeStripe(async () => ({
        error: { type: 'invalid_request_error', code: 'setup_intent_authentication_failure', message: 'We are unable to authenticate your payment method.' },
      }));
      const requests = await mockApi({ 'paymentMethods.createSetup': stripeSetup });
      const form = await renderForm();
      await waitUntil(() => stripe.mountNode, 'Payment Element not mounted', { timeout: 8000 });

      query<HTMLButtonElement>(form, '[part="submit-button"]')!.click();
      await untilShown(form, '[part="failure"]', 'no failure message');

      expect(query(form, '[part="failure"]')!.textContent).to.contain("Your bank couldn't verify the card");
      expect(completions(requests)).to.have.length(0);
      expect(stripe.mountNode, 'Payment Element stays for another attempt').to.not.equal(null);
      await expect(form).to.be.accessible();
    });

    it('releases the mount on removal', async () => {
      const stripe = installFakeStripe();
      await mockApi({ 'paymentMethods.createSetup': stripeSetup });
      const form = await renderForm();
      await waitUntil(() => stripe.mountNode, 'Payment Element not mounted', { timeout: 8000 });
      const node = stripe.mountNode!;

      form.remove();

      expect(node.isConnected).to.equal(false);
      expect(stripe.mountNode).to.equal(null);
    });
  });
});
