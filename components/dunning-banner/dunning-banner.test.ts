import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { KeelClient } from '../../src/client/index.js';
import type { DunningState, PortalSession } from '../../src/contract/index.js';
import { DECLINE_REASONS } from '../../src/contract/dunning-reasons.js';
import { API_BASE, example, mockApi, jsonError, testClient, type MockResolver, type RecordedRequest } from '../../test/browser/support/api.js';
import { deepActiveElement } from '../shared/dialog.js';
import type { KeelInvoicePaidDetail, KeelPaymentMethodUpdatedDetail } from '../shared/events.js';
import './define.js';
import type { KeelDunningBanner } from './dunning-banner.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Stands in for `keel-payment-method-form`: a "Save card" button that
 * completes a setup with the client it was given and fires the form's event,
 * so these tests do not depend on the real form.
 */
class StubPaymentMethodForm extends HTMLElement {
  client?: KeelClient;

  connectedCallback(): void {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Save card';
    button.addEventListener('click', () => void this.save());
    this.replaceChildren(button);
  }

  private async save(): Promise<void> {
    const result = await this.client!.paymentMethods.completeSetup('seti_1', { card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' } });
    const detail: KeelPaymentMethodUpdatedDetail = { paymentMethod: result.payment_method!, change: 'replaced' };
    this.dispatchEvent(new CustomEvent('keel-payment-method-updated', { detail, bubbles: true, composed: true }));
  }
}
if (!customElements.get('keel-payment-method-form')) customElements.define('keel-payment-method-form', StubPaymentMethodForm);

let sequence = 0;

/** Returns a dunning state for a fresh invoice id, so impressions recorded by earlier tests never interfere. */
function dunning(overrides: Partial<DunningState> = {}): DunningState {
  sequence += 1;
  return { ...example('DunningState'), as_of: new Date().toISOString(), invoice_id: `in_test_${sequence}_${Date.now()}`, deadline: new Date(Date.now() + 3 * DAY_MS).toISOString(), ...overrides };
}

function session(overrides: Partial<PortalSession> = {}): PortalSession {
  const base = example('PortalSession');
  return { ...base, capabilities: [...base.capabilities, 'payment_options.read', 'dunning.extend'], ...overrides };
}

interface RenderOptions {
  locale?: string;
  session?: PortalSession;
  overrides?: Parameters<typeof mockApi>[0];
  billingUrl?: string;
}

async function renderBanner(state: DunningState | MockResolver, options: RenderOptions = {}): Promise<{ banner: KeelDunningBanner; requests: RecordedRequest[] }> {
  const requests = await mockApi({ 'session.retrieve': options.session ?? session(), 'dunning.retrieve': state, ...options.overrides });
  const banner = await fixture<KeelDunningBanner>(
    html`<keel-dunning-banner
      api-base=${API_BASE}
      session-token=${`token-${Math.random()}`}
      locale=${options.locale ?? 'en'}
      billing-url=${options.billingUrl ?? ''}
      poll-interval="20"
    ></keel-dunning-banner>`,
  );
  // The first load also fetches the client and localization chunk, which takes seconds on a busy machine.
  await waitUntil(() => banner.dunningState !== undefined || banner.shadowRoot!.querySelector('[role="alert"]'), 'banner did not load its state', { timeout: 10_000 });
  await banner.updateComplete;
  return { banner, requests };
}

function part(banner: KeelDunningBanner, name: string): HTMLElement | null {
  return banner.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

function text(banner: KeelDunningBanner, name: string): string {
  return part(banner, name)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Waits until the inline fix's button `name` is rendered and enabled; the fix's module loads on demand. */
async function readyButton(banner: KeelDunningBanner, name: string): Promise<HTMLButtonElement> {
  await waitUntil(() => (part(banner, name) as HTMLButtonElement | null)?.disabled === false, `${name} did not become ready`, { timeout: 10_000 });
  return part(banner, name) as HTMLButtonElement;
}

/** Returns the `part` of the focused element, so a failed focus check prints a short string. */
function focusedPart(): string | null {
  return deepActiveElement()?.getAttribute('part') ?? null;
}

function recorded(requests: RecordedRequest[], type: string): RecordedRequest[] {
  return requests.filter((request) => request.operation === 'dunning.recordEvent' && (request.body as { type: string }).type === type);
}

afterEach(() => {
  sessionStorage.clear();
});

describe('keel-dunning-banner', () => {
  describe('reasons', () => {
    const english: Record<string, string> = {
      expired_card: 'The card on file has expired.',
      insufficient_funds: "Your bank couldn't approve the payment because the available balance or limit was too low.",
      authentication_required: 'Your bank asks you to confirm this payment.',
      bank_declined: 'Your bank declined the payment.',
      processing_error: 'A temporary error occurred while processing the payment.',
      card_data_mismatch: "The card details didn't match what your bank has on file.",
      card_blocked: "Your bank can't accept payments on this card at the moment.",
    };

    for (const reason of DECLINE_REASONS) {
      it(`explains ${reason} and passes axe`, async () => {
        const { banner } = await renderBanner(dunning({ reason }));

        expect(text(banner, 'reason')).to.equal(english[reason]);
        await expect(banner).to.be.accessible();
      });
    }
  });

  describe('tones and variants', () => {
    const headlines = {
      a: { friendly: "Your latest payment didn't go through", firm: 'Your payment still needs attention', final: 'Final notice: your payment is still outstanding' },
      b: { friendly: "We couldn't process your payment", firm: 'Action needed to keep your subscription active', final: 'Last reminder before your service is paused' },
    } as const;

    for (const variant of ['a', 'b'] as const) {
      for (const tone of ['friendly', 'firm', 'final'] as const) {
        it(`variant ${variant} ${tone} headline`, async () => {
          const status = tone === 'final' ? 'final_notice' : 'action_required';
          const { banner } = await renderBanner(dunning({ variant, tone, status }));

          expect(text(banner, 'headline')).to.equal(headlines[variant][tone]);
          expect(part(banner, 'base')!.classList.contains(`tone-${tone}`)).to.equal(true);
          await expect(banner).to.be.accessible();
        });
      }
    }

    it('unknown variant falls back to a', async () => {
      const { banner } = await renderBanner(dunning({ variant: 'holdout' }));

      expect(text(banner, 'headline')).to.equal(headlines.a.friendly);
    });

    it('friendly stage announces politely', async () => {
      const { banner } = await renderBanner(dunning({ tone: 'friendly' }));
      const message = part(banner, 'message')!;

      expect(message.getAttribute('role')).to.equal('status');
      expect(message.getAttribute('aria-live')).to.equal('polite');
    });

    it('final stage alerts assertively', async () => {
      const { banner } = await renderBanner(dunning({ tone: 'final', status: 'final_notice', dismissible: true }));
      const message = part(banner, 'message')!;

      expect(message.getAttribute('role')).to.equal('alert');
      expect(message.getAttribute('aria-live')).to.equal('assertive');
      await expect(banner).to.be.accessible();
    });

    it('suspended status says so', async () => {
      const { banner } = await renderBanner(dunning({ tone: 'final', status: 'suspended', deadline: new Date(Date.now() - 2 * DAY_MS).toISOString() }));

      expect(text(banner, 'headline')).to.equal('Your service is paused until the payment is completed');
      expect(text(banner, 'deadline')).to.match(/^Your service has been paused since /);
    });

    it('retrying status shows the next retry', async () => {
      const { banner } = await renderBanner(dunning({ status: 'retrying', next_retry_at: new Date(Date.now() + 2 * DAY_MS).toISOString() }));

      expect(text(banner, 'next-retry')).to.match(/^We'll try the payment again automatically on /);
    });
  });

  describe('amounts and deadlines', () => {
    it('formats amount and relative deadline', async () => {
      const deadline = new Date(Date.now() + 3 * DAY_MS).toISOString();
      const { banner } = await renderBanner(dunning({ amount_due: 22219, currency: 'JPY', deadline }));
      const date = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'Asia/Tokyo' }).format(new Date(deadline));

      expect(text(banner, 'amount')).to.equal('¥22,219');
      expect(part(banner, 'amount')!.classList.contains('ltr')).to.equal(true);
      expect(text(banner, 'deadline')).to.equal(`Please take care of it by ${date} (in 3 days).`);
    });

    it('counts the deadline from the server clock', async () => {
      // A sandbox whose test clock is 30 days behind the browser.
      const asOf = Date.now() - 30 * DAY_MS;
      const deadline = new Date(asOf + 3 * DAY_MS).toISOString();
      const { banner } = await renderBanner(dunning({ as_of: new Date(asOf).toISOString(), deadline }));

      expect(text(banner, 'deadline')).to.match(/\(in 3 days\)\.$/);
    });

    it('formats three-decimal currencies', async () => {
      const { banner } = await renderBanner(dunning({ amount_due: 12345, currency: 'KWD' }));

      expect(text(banner, 'amount')).to.contain('12.345');
    });

    it('firm deadline counts calendar days', async () => {
      // Noon in Tokyo two calendar days from now is always more than a day away, so it counts days.
      const tokyoToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
      const deadline = new Date(Date.parse(`${tokyoToday}T12:00:00+09:00`) + 2 * DAY_MS).toISOString();
      const { banner } = await renderBanner(dunning({ tone: 'firm', deadline }));

      expect(text(banner, 'deadline')).to.match(/^Please complete the payment by .+ \(in 2 days\) to avoid an interruption\.$/);
    });

    it('granted extension moves the deadline', async () => {
      const granted = new Date(Date.now() + 10 * DAY_MS).toISOString();
      const { banner } = await renderBanner(dunning({ extension: { available: false, granted_until: granted } }));

      expect(text(banner, 'deadline')).to.contain('(in 10 days)');
    });
  });

  describe('languages', () => {
    it('speaks polite Japanese', async () => {
      const { banner } = await renderBanner(dunning({ reason: 'expired_card', amount_due: 22219, currency: 'JPY' }), { locale: 'ja' });

      expect(text(banner, 'headline')).to.equal('お支払いを確認できませんでした');
      expect(text(banner, 'reason')).to.equal('ご登録のカードの有効期限が切れています。');
      expect(text(banner, 'amount')).to.equal('￥22,219');
      expect(text(banner, 'deadline')).to.match(/（3 日後）までにご対応をお願いいたします。$/);
      expect(text(banner, 'primary-action')).to.equal('お支払い方法を更新');
      await expect(banner).to.be.accessible();
    });

    it('lays out Arabic right to left', async () => {
      const { banner } = await renderBanner(dunning({ amount_due: 22219, currency: 'JPY' }), { locale: 'ar' });

      expect(banner.getAttribute('dir')).to.equal('rtl');
      expect(text(banner, 'headline')).to.equal('لم تكتمل دفعتك الأخيرة');
      expect(part(banner, 'amount')!.classList.contains('ltr')).to.equal(true);
      await expect(banner).to.be.accessible();
    });
  });

  describe('states', () => {
    it('hides while loading', async () => {
      await mockApi({ 'session.retrieve': session(), 'dunning.retrieve': () => new Promise(() => {}) });
      const banner = await fixture<KeelDunningBanner>(html`<keel-dunning-banner api-base=${API_BASE} session-token="token-dunning-loading"></keel-dunning-banner>`);

      expect(banner.hidden).to.equal(true);
      await expect(banner).to.be.accessible();
    });

    it('renders nothing without a failed payment', async () => {
      const { banner } = await renderBanner({ ...example('DunningState'), status: 'none', reason: null, tone: null, invoice_id: null, amount_due: null, currency: null, deadline: null, actions: [], primary_action: null });

      expect(banner.hidden).to.equal(true);
      expect(part(banner, 'base')).to.equal(null);
    });

    it('shows an error with retry', async () => {
      let failing = true;
      const state = dunning();
      const { banner } = await renderBanner(() => (failing ? jsonError(500, 'internal_error') : state));
      await waitUntil(() => banner.shadowRoot!.querySelector('[role="alert"]'), 'no error shown', { timeout: 8000 });
      await expect(banner).to.be.accessible();

      failing = false;
      part(banner, 'retry-button')!.click();
      await waitUntil(() => part(banner, 'headline'), 'retry did not load the banner');
      expect(banner.hidden).to.equal(false);
    });

    it('shows the pending state and polls until none', async () => {
      let pending = true;
      const state = dunning({ payment_pending: true });
      const none = { ...state, status: 'none' as const, payment_pending: false };
      const { banner } = await renderBanner(() => (pending ? state : none));

      expect(text(banner, 'pending')).to.contain("We're confirming your payment");
      expect(part(banner, 'pending')!.getAttribute('role')).to.equal('status');
      await expect(banner).to.be.accessible();

      pending = false;
      await waitUntil(() => banner.hidden, 'banner did not hide once the payment was confirmed');
      expect(part(banner, 'base')).to.equal(null);
    });

    it('refreshes on a client change', async () => {
      let current: DunningState = dunning();
      await mockApi({ 'session.retrieve': session(), 'dunning.retrieve': () => current });
      const client = testClient({ sessionToken: `token-change-${Math.random()}` });
      const banner = await fixture<KeelDunningBanner>(html`<keel-dunning-banner .client=${client} locale="en"></keel-dunning-banner>`);
      await waitUntil(() => part(banner, 'headline'), 'banner did not show');

      current = { ...current, status: 'none' };
      await client.paymentMethods.setDefault('pm_visa_4242');

      await waitUntil(() => banner.hidden, 'banner did not refresh after the change');
    });
  });

  describe('actions', () => {
    it('offers the primary action and the others as links', async () => {
      const { banner } = await renderBanner(dunning({ actions: ['update_payment_method', 'bank_transfer', 'pay_now'], primary_action: 'update_payment_method' }));
      const secondary = [...banner.shadowRoot!.querySelectorAll('[part~="secondary-action"]')].map((element) => element.getAttribute('data-action'));

      expect(part(banner, 'primary-action')!.dataset.action).to.equal('update_payment_method');
      expect(secondary).to.deep.equal(['bank_transfer', 'pay_now']);
    });

    it('hides actions the session lacks', async () => {
      const { banner } = await renderBanner(dunning({ actions: ['update_payment_method', 'pay_now'], primary_action: 'update_payment_method' }), {
        session: session({ capabilities: ['dunning.read', 'invoices.read', 'invoices.pay'] }),
      });

      expect(part(banner, 'primary-action')!.dataset.action).to.equal('pay_now');
      expect(part(banner, 'secondary-action')).to.equal(null);
    });

    it('records a click and fires keel-dunning-action', async () => {
      const state = dunning();
      const { banner, requests } = await renderBanner(state);
      const fired = oneEvent(banner, 'keel-dunning-action');

      part(banner, 'primary-action')!.click();

      const event = await fired;
      expect(event.detail).to.deep.equal({ action: 'update_payment_method', invoiceId: state.invoice_id });
      await waitUntil(() => recorded(requests, 'click').length === 1, 'no click recorded');
      expect(recorded(requests, 'click')[0]!.body).to.deep.equal({ type: 'click', invoice_id: state.invoice_id, variant: 'a', action: 'update_payment_method' });
    });

    it('records one impression per invoice and variant', async () => {
      const state = dunning();
      const { requests } = await renderBanner(state);
      await waitUntil(() => recorded(requests, 'impression').length === 1, 'no impression recorded');
      const second = await fixture<KeelDunningBanner>(html`<keel-dunning-banner api-base=${API_BASE} session-token=${`token-${Math.random()}`} locale="en"></keel-dunning-banner>`);
      await waitUntil(() => part(second, 'headline'), 'second banner did not show');
      // A dunning change after the impression makes both banners reload once more.
      await waitUntil(() => requests.filter((request) => request.operation === 'dunning.retrieve').length >= 2);

      expect(recorded(requests, 'impression')).to.have.length(1);
      expect(recorded(requests, 'impression')[0]!.body).to.deep.equal({ type: 'impression', invoice_id: state.invoice_id, variant: 'a' });
    });

    it('replaces the card inside the banner', async () => {
      let phase: 'failed' | 'pending' | 'paid' = 'failed';
      const failed = dunning({ reason: 'expired_card' });
      const byPhase = {
        failed,
        pending: { ...failed, payment_pending: true },
        paid: { ...failed, status: 'none' as const, payment_pending: false },
      };
      const { banner, requests } = await renderBanner(
        () => byPhase[phase],
        {
          overrides: {
            'paymentMethods.completeSetup': () => {
              phase = 'pending';
              return example('SetupResult');
            },
          },
        },
      );
      const paid = oneEvent(banner, 'keel-invoice-paid');

      part(banner, 'primary-action')!.click();
      await waitUntil(() => banner.shadowRoot!.querySelector('keel-payment-method-form button'), 'inline form did not open');
      const form = banner.shadowRoot!.querySelector('keel-payment-method-form')!;
      expect(form.hasAttribute('set-default')).to.equal(true);
      form.querySelector('button')!.click();

      await waitUntil(() => part(banner, 'pending'), 'confirming state did not show');
      expect(text(banner, 'pending')).to.contain("We're confirming your payment");
      await expect(banner).to.be.accessible();

      phase = 'paid';
      await waitUntil(() => banner.hidden, 'banner did not disappear after the payment succeeded');
      const event = (await paid) as CustomEvent<KeelInvoicePaidDetail>;
      expect(event.detail.invoice.id).to.equal('in_jp_1');
      expect(requests.filter((request) => request.operation === 'paymentMethods.completeSetup')).to.have.length(1);
    });

    it('shows the banner again after a failed retry', async () => {
      let retried = false;
      const failed = dunning({ reason: 'expired_card', attempt_count: 1 });
      const declinedAgain = { ...failed, reason: 'insufficient_funds' as const, attempt_count: 2 };
      const { banner } = await renderBanner(() => (retried ? declinedAgain : failed), {
        overrides: {
          'paymentMethods.completeSetup': () => {
            retried = true;
            return example('SetupResult');
          },
        },
      });

      part(banner, 'primary-action')!.click();
      await waitUntil(() => banner.shadowRoot!.querySelector('keel-payment-method-form button'), 'inline form did not open');
      banner.shadowRoot!.querySelector<HTMLButtonElement>('keel-payment-method-form button')!.click();

      await waitUntil(() => text(banner, 'reason').startsWith("Your bank couldn't approve"), 'new decline not shown');
      expect(banner.hidden).to.equal(false);
    });

    it('pays now after confirmation', async () => {
      let paid = false;
      const state = dunning({ reason: 'insufficient_funds', actions: ['pay_now'], primary_action: 'pay_now' });
      const { banner, requests } = await renderBanner(() => (paid ? { ...state, status: 'none' } : state), {
        overrides: {
          'invoices.pay': () => {
            paid = true;
            return { ...example('Payment'), status: 'succeeded', next_action: null };
          },
        },
      });

      part(banner, 'primary-action')!.click();
      const button = await readyButton(banner, 'confirm-pay-button');
      await expect(banner).to.be.accessible();
      expect(requests.filter((request) => request.operation === 'invoices.pay')).to.have.length(0);

      button.click();
      button.click();

      await waitUntil(() => banner.hidden, 'banner did not hide after paying');
      expect(requests.filter((request) => request.operation === 'invoices.pay')).to.have.length(1);
      expect(requests.find((request) => request.operation === 'invoices.pay')!.params.id).to.equal(state.invoice_id);
    });

    it('shows a declined payment', async () => {
      const state = dunning({ actions: ['pay_now'], primary_action: 'pay_now' });
      const { banner } = await renderBanner(state, { overrides: { 'invoices.pay': jsonError(402, 'payment_declined') } });

      part(banner, 'primary-action')!.click();
      (await readyButton(banner, 'confirm-pay-button')).click();

      await waitUntil(() => part(banner, 'fix-error'), 'no error shown');
      expect(text(banner, 'fix-error')).to.equal('Your payment was declined.');
      expect(banner.hidden).to.equal(false);
      expect(part(banner, 'fix-error')!.getAttribute('role')).to.equal('alert');
    });

    it('approves simulated 3-D Secure', async () => {
      let approved = false;
      const state = dunning({ reason: 'authentication_required', actions: ['authenticate'], primary_action: 'authenticate', payment_id: 'py_1' });
      const { banner, requests } = await renderBanner(() => (approved ? { ...state, status: 'none' } : state), {
        overrides: {
          'payments.authenticate': () => {
            approved = true;
            return { ...example('Payment'), status: 'succeeded', next_action: null };
          },
        },
      });

      part(banner, 'primary-action')!.click();
      const approve = await readyButton(banner, 'approve-button');
      await expect(banner).to.be.accessible();
      approve.click();

      await waitUntil(() => banner.hidden, 'banner did not hide after authentication');
      const call = requests.find((request) => request.operation === 'payments.authenticate')!;
      expect(call.params.id).to.equal('py_1');
      expect(call.body).to.deep.equal({ result: 'approve' });
    });

    it('reports denied 3-D Secure', async () => {
      const state = dunning({ reason: 'authentication_required', actions: ['authenticate'], primary_action: 'authenticate', payment_id: 'py_1' });
      const { banner } = await renderBanner(state, { overrides: { 'payments.authenticate': { ...example('Payment'), status: 'failed', next_action: null } } });

      part(banner, 'primary-action')!.click();
      (await readyButton(banner, 'deny-button')).click();

      await waitUntil(() => part(banner, 'fix-error'), 'no failure shown');
      expect(text(banner, 'fix-error')).to.equal("The payment wasn't confirmed. You can try again or use another payment method.");
    });

    it('runs Stripe handleNextAction in live mode', async () => {
      const secrets: string[] = [];
      const state = dunning({ reason: 'authentication_required', actions: ['authenticate'], primary_action: 'authenticate', payment_id: 'py_live' });
      const waiting = { ...example('Payment'), id: 'py_live', next_action: { type: 'use_stripe_sdk' as const, client_secret: 'pi_live_secret_1' } };
      const { banner } = await renderBanner(state, {
        session: session({ mode: 'live' }),
        overrides: { 'payments.retrieve': () => (secrets.length === 0 ? waiting : { ...waiting, status: 'succeeded', next_action: null }) },
      });
      banner.stripe = {
        handleNextAction: async ({ clientSecret }: { clientSecret: string }) => {
          secrets.push(clientSecret);
          return {};
        },
      };

      part(banner, 'primary-action')!.click();
      (await readyButton(banner, 'authenticate-button')).click();

      await waitUntil(() => part(banner, 'pending'), 'confirming state did not show');
      expect(secrets).to.deep.equal(['pi_live_secret_1']);
    });

    it('authenticates after pay now asks for it', async () => {
      const state = dunning({ actions: ['pay_now'], primary_action: 'pay_now' });
      const { banner, requests } = await renderBanner(state, { overrides: { 'invoices.pay': { ...example('Payment'), id: 'py_after_pay' } } });

      part(banner, 'primary-action')!.click();
      (await readyButton(banner, 'confirm-pay-button')).click();
      (await readyButton(banner, 'approve-button')).click();

      await waitUntil(() => requests.some((request) => request.operation === 'payments.authenticate'), 'authentication not sent');
      expect(requests.find((request) => request.operation === 'payments.authenticate')!.params.id).to.equal('py_after_pay');
    });

    it('shows bank transfer instructions', async () => {
      const instructions = example('BankTransferInstructions');
      instructions.financial_addresses = [{ ...instructions.financial_addresses[0]!, bank_name: '<img src=x onerror=alert(1)>' } as (typeof instructions.financial_addresses)[number]];
      const { banner } = await renderBanner(dunning({ actions: ['bank_transfer'], primary_action: 'bank_transfer' }), { overrides: { 'paymentOptions.bankTransfer': instructions } });

      part(banner, 'primary-action')!.click();
      await waitUntil(() => part(banner, 'bank-transfer'), 'instructions did not load');

      const details = text(banner, 'bank-transfer');
      expect(details).to.contain('1234567');
      expect(details).to.contain('KEEL-7Q2M');
      expect(details).to.contain('<img src=x onerror=alert(1)>');
      expect(banner.shadowRoot!.querySelector('img')).to.equal(null);
      await expect(banner).to.be.accessible();
    });

    it('requests an extension', async () => {
      const granted = new Date(Date.now() + 10 * DAY_MS).toISOString();
      const state = dunning({ actions: ['update_payment_method', 'request_extension'], extension: { available: true, granted_until: null } });
      const { banner, requests } = await renderBanner(state, {
        overrides: { 'dunning.requestExtension': { ...state, extension: { available: false, granted_until: granted } } },
      });

      banner.shadowRoot!.querySelector<HTMLElement>('[data-action="request_extension"]')!.click();

      await waitUntil(() => part(banner, 'fix')?.textContent?.includes('Your new deadline is'), 'extension not shown');
      expect(requests.find((request) => request.operation === 'dunning.requestExtension')!.body).to.deep.equal({ invoice_id: state.invoice_id });
    });
  });

  describe('dismissal', () => {
    it('hides for the cool-down and remembers it', async () => {
      const state = dunning({ dismissible: true });
      const until = new Date(Date.now() + 60 * 60 * 1000).toISOString();
      const { banner, requests } = await renderBanner(state, { overrides: { 'dunning.recordEvent': () => ({ ...state, as_of: new Date().toISOString(), dismissed_until: until }) } });

      part(banner, 'dismiss-button')!.click();

      await waitUntil(() => banner.hidden, 'banner did not hide');
      await waitUntil(() => recorded(requests, 'dismissal').length === 1, 'dismissal not recorded');
      expect(recorded(requests, 'dismissal')[0]!.body).to.deep.equal({ type: 'dismissal', invoice_id: state.invoice_id, variant: 'a' });
      // The cool-down is stored in browser time, converted from the server's clock.
      const stored = () => Date.parse(sessionStorage.getItem(`keel-dunning-dismissed:${state.invoice_id}`) ?? '');
      await waitUntil(() => Math.abs(stored() - Date.parse(until)) < 5000, 'cool-down not stored');

      const reloaded = await fixture<KeelDunningBanner>(html`<keel-dunning-banner api-base=${API_BASE} session-token=${`token-${Math.random()}`} locale="en"></keel-dunning-banner>`);
      await waitUntil(() => reloaded.dunningState !== undefined, 'second banner did not load');
      await reloaded.updateComplete;
      expect(reloaded.hidden).to.equal(true);
    });

    it('shows again after the cool-down', async () => {
      const state = dunning({ dismissible: true });
      const { banner } = await renderBanner(state, { overrides: { 'dunning.recordEvent': () => ({ ...state, dismissed_until: new Date(Date.now() + 300).toISOString() }) } });

      part(banner, 'dismiss-button')!.click();
      await waitUntil(() => banner.hidden, 'banner did not hide');

      await waitUntil(() => !banner.hidden, 'banner did not return after the cool-down', { timeout: 5000 });
    });

    it('offers no dismissal when not dismissible', async () => {
      const { banner } = await renderBanner(dunning({ dismissible: false }));

      expect(part(banner, 'dismiss-button')).to.equal(null);
    });

    it('never dismisses at the final stage', async () => {
      const state = dunning({ tone: 'final', status: 'final_notice', dismissible: true });
      sessionStorage.setItem(`keel-dunning-dismissed:${state.invoice_id}`, new Date(Date.now() + DAY_MS).toISOString());
      const { banner } = await renderBanner(state);

      expect(banner.hidden).to.equal(false);
      expect(part(banner, 'dismiss-button')).to.equal(null);
    });
  });

  describe('keyboard and focus', () => {
    it('opens and closes the fix by keyboard', async () => {
      const { banner } = await renderBanner(dunning({ actions: ['pay_now'], primary_action: 'pay_now' }));

      await sendKeys({ press: 'Tab' });
      expect(focusedPart()).to.equal('primary-action');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => part(banner, 'fix'), 'fix did not open');
      await waitUntil(() => deepActiveElement() === part(banner, 'fix'), 'focus did not move into the fix');
      expect(part(banner, 'primary-action')!.getAttribute('aria-expanded')).to.equal('true');
      // The fix's templates load on demand; its buttons stay disabled until they have.
      await waitUntil(() => (part(banner, 'confirm-pay-button') as HTMLButtonElement | null)?.disabled === false, 'fix did not finish loading', { timeout: 10_000 });

      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      expect(focusedPart()).to.equal('confirm-pay-button');

      await sendKeys({ press: 'Escape' });
      await waitUntil(() => part(banner, 'fix') === null, 'Escape did not close the fix');
      await waitUntil(() => deepActiveElement() === part(banner, 'primary-action'), 'focus did not return to the action');
    });

    it('dismisses with Enter', async () => {
      const { banner } = await renderBanner(dunning({ dismissible: true, actions: [], primary_action: null }));

      await sendKeys({ press: 'Tab' });
      expect(focusedPart()).to.equal('dismiss-button');
      await sendKeys({ press: 'Enter' });

      await waitUntil(() => banner.hidden, 'Enter did not dismiss');
    });
  });

  describe('wall', () => {
    it('links a relative billing page but not javascript', async () => {
      const relative = await renderBanner(dunning({ tone: 'final', status: 'final_notice', wall: true }), { billingUrl: '#/billing' });
      await waitUntil(() => part(relative.banner, 'billing-link'), 'relative billing link missing');
      expect(part(relative.banner, 'billing-link')!.getAttribute('href')).to.equal('#/billing');

      const script = await renderBanner(dunning({ tone: 'final', status: 'final_notice', wall: true }), { billingUrl: 'javascript:alert(1)' });
      await waitUntil(() => script.banner.shadowRoot!.querySelector('dialog')?.open, 'wall did not open');
      expect(part(script.banner, 'billing-link')).to.equal(null);
    });

    it('blocks the page with the fix and billing link', async () => {
      const { banner } = await renderBanner(dunning({ tone: 'final', status: 'final_notice', wall: true }), { billingUrl: 'https://app.example.com/billing' });
      const dialog = banner.shadowRoot!.querySelector('dialog')!;
      await waitUntil(() => dialog.open, 'wall did not open');

      expect(dialog.matches(':modal')).to.equal(true);
      expect(part(banner, 'billing-link')!.getAttribute('href')).to.equal('https://app.example.com/billing');
      expect(focusedPart()).to.equal('primary-action');
      expect(part(banner, 'dismiss-button')).to.equal(null);
      await expect(banner).to.be.accessible();
    });

    it('stays open on Escape', async () => {
      const { banner } = await renderBanner(dunning({ tone: 'final', status: 'final_notice', wall: true }), { billingUrl: '/billing' });
      const dialog = banner.shadowRoot!.querySelector('dialog')!;
      await waitUntil(() => dialog.open, 'wall did not open');

      await sendKeys({ press: 'Escape' });
      await sendKeys({ press: 'Escape' });
      await banner.updateComplete;

      await waitUntil(() => dialog.open, 'wall closed on Escape');
      expect(part(banner, 'billing-link')).to.exist;
    });

    it('opens the fix inside the wall', async () => {
      const { banner } = await renderBanner(dunning({ tone: 'final', status: 'final_notice', wall: true, actions: ['pay_now'], primary_action: 'pay_now' }), { billingUrl: '/billing' });
      await waitUntil(() => banner.shadowRoot!.querySelector('dialog')!.open, 'wall did not open');

      part(banner, 'primary-action')!.click();
      await readyButton(banner, 'confirm-pay-button');

      expect(part(banner, 'fix')!.closest('dialog')).to.exist;
      await expect(banner).to.be.accessible();
    });
  });
});
