/**
 * The banner's inline fixes that need no other element: templates for the
 * 3-D Secure check, the pay-now confirmation and bank transfer instructions,
 * and the payment steps behind them. The banner imports this module on
 * demand, because the payment steps bring in the whole API client.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { BankTransferInstructions } from '../../src/contract/index.js';

export { completeStripeAction, declinedOutcome, paymentOutcome, resolveStripe } from '../shared/payment-confirmation.js';

type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface AuthenticateFixOptions {
  t: Translate;
  busy: boolean;
  /** The last check was declined or failed. */
  failed: boolean;
  /** The session runs against the sandbox, whose bank check is simulated. */
  sandbox: boolean;
  /** A Stripe.js instance is available for the live check. */
  canUseStripe: boolean;
  onAnswer: (result: 'approve' | 'deny') => void;
  onStripe: () => void;
}

export function renderAuthenticateFix(options: AuthenticateFixOptions): TemplateResult {
  const { t, busy, failed } = options;
  const failure = failed ? html`<p class="fix-error" part="fix-error" role="alert">${t('dunningBanner.authenticate.failed')}</p>` : nothing;
  if (options.sandbox) {
    return html`<p>${t('dunningBanner.authenticate.title')}</p>
      <p class="note" part="sandbox-note">${t('dunningBanner.authenticate.sandboxNote')}</p>
      <div class="fix-actions">
        <button class="button primary" type="button" part="approve-button" ?disabled=${busy} @click=${() => options.onAnswer('approve')}>
          ${t('dunningBanner.authenticate.approve')}
        </button>
        <button class="button" type="button" part="deny-button" ?disabled=${busy} @click=${() => options.onAnswer('deny')}>
          ${t('dunningBanner.authenticate.deny')}
        </button>
      </div>
      ${failure}`;
  }
  return html`<p>${t('dunningBanner.authenticate.title')}</p>
    <div class="fix-actions">
      <button class="button primary" type="button" part="authenticate-button" ?disabled=${busy || !options.canUseStripe} @click=${options.onStripe}>
        ${t('dunningBanner.authenticate.start')}
      </button>
    </div>
    ${failure}`;
}

export interface PayNowFixOptions {
  t: Translate;
  busy: boolean;
  /** The formatted amount due, or null when unknown. */
  amount: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

export function renderPayNowFix(options: PayNowFixOptions): TemplateResult {
  const { t, busy, amount } = options;
  return html`<p>${t('dunningBanner.payNow.confirm')}</p>
    ${amount ? html`<p>${t('dunningBanner.amountDue')} <span class="ltr amount">${amount}</span></p>` : nothing}
    <div class="fix-actions">
      <button class="button primary" type="button" part="confirm-pay-button" ?disabled=${busy} aria-busy=${busy ? 'true' : 'false'} @click=${options.onConfirm}>
        ${busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${t('dunningBanner.actions.pay_now')}
      </button>
      <button class="button" type="button" part="cancel-pay-button" ?disabled=${busy} @click=${options.onCancel}>${t('common.cancel')}</button>
    </div>`;
}

export interface BankTransferFixOptions {
  t: Translate;
  /** The instructions, or undefined while they load. */
  instructions: BankTransferInstructions | undefined;
  formatMoney: (amount: number, currency: string) => string;
}

function row(label: string, value: string, ltr = false): TemplateResult {
  return html`<div class="row"><dt>${label}</dt><dd class=${ltr ? 'ltr' : ''}>${value}</dd></div>`;
}

export function renderBankTransferFix(options: BankTransferFixOptions): TemplateResult | typeof nothing {
  const { t, instructions } = options;
  if (!instructions) return nothing;
  return html`<div part="bank-transfer">
    <p>${t('dunningBanner.bankTransfer.title')}</p>
    ${instructions.financial_addresses.map((address) => {
      switch (address.type) {
        case 'zengin':
          return html`<dl>
            ${row(t('dunningBanner.bankTransfer.bank'), `${address.bank_name} (${address.bank_code})`)}
            ${row(t('dunningBanner.bankTransfer.branch'), `${address.branch_name} (${address.branch_code})`)}
            ${row(t('dunningBanner.bankTransfer.accountType'), t(`dunningBanner.bankTransfer.accountTypes.${address.account_type}`))}
            ${row(t('dunningBanner.bankTransfer.accountNumber'), address.account_number, true)}
            ${row(t('dunningBanner.bankTransfer.accountHolder'), address.account_holder_name)}
          </dl>`;
        case 'iban':
          return html`<dl>
            ${row(t('dunningBanner.bankTransfer.iban'), address.iban, true)}
            ${row(t('dunningBanner.bankTransfer.bic'), address.bic, true)}
            ${row(t('dunningBanner.bankTransfer.accountHolder'), address.account_holder_name)}
          </dl>`;
        case 'aba':
          return html`<dl>
            ${row(t('dunningBanner.bankTransfer.bank'), address.bank_name)}
            ${row(t('dunningBanner.bankTransfer.routingNumber'), address.routing_number, true)}
            ${row(t('dunningBanner.bankTransfer.accountNumber'), address.account_number, true)}
            ${row(t('dunningBanner.bankTransfer.accountHolder'), address.account_holder_name)}
          </dl>`;
      }
    })}
    <dl>
      ${row(t('dunningBanner.bankTransfer.amount'), options.formatMoney(instructions.amount_remaining, instructions.currency), true)}
      ${row(t('dunningBanner.bankTransfer.reference'), instructions.reference, true)}
    </dl>
    <p class="note">${t('dunningBanner.bankTransfer.referenceHint')}</p>
    ${instructions.bank_holidays_apply ? html`<p class="note">${t('dunningBanner.bankTransfer.holidays')}</p>` : nothing}
  </div>`;
}
