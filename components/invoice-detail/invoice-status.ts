/**
 * The status badge both invoice elements show. An open invoice whose due date
 * has passed in the customer's time zone also gets a "past due" badge, since
 * Stripe keeps such invoices `open`.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Invoice } from '../../src/contract/index.js';
import type { Formatters } from '../../src/i18n/index.js';
import type { KeelEnvironment } from '../shared/context.js';

type Translate = (key: string, options?: Record<string, unknown>) => string;

const BADGE_TONE: Record<NonNullable<Invoice['status']>, string> = {
  draft: '',
  open: 'warning',
  paid: 'success',
  uncollectible: 'danger',
  void: '',
};

/** Returns whether an open invoice is past its due date. */
export function isPastDue(invoice: Pick<Invoice, 'status' | 'due_date'>, formatters: Formatters, now: Date): boolean {
  return invoice.status === 'open' && invoice.due_date !== null && formatters.daysUntil(invoice.due_date, now) < 0;
}

/** Renders the status badge, plus "past due" for an open invoice past its due date on the provider's clock. */
export function renderInvoiceStatus(t: Translate, invoice: Pick<Invoice, 'status' | 'due_date'>, formatters: Formatters, now: Date): TemplateResult {
  const status = invoice.status ?? 'draft';
  const pastDue = isPastDue(invoice, formatters, now);
  return html`<span class="statuses">
    <span class="badge ${BADGE_TONE[status]}" part="status" data-status=${status}>${t(`common.status.invoice.${status}`)}</span>
    ${pastDue ? html`<span class="badge danger" part="past-due">${t('invoiceDetail.pastDue')}</span>` : nothing}
  </span>`;
}

/**
 * Before the environment exists there is no localization; the loading and
 * error states then use English, which every locale falls back to.
 */
const ENGLISH_STATES: Record<string, string> = {
  'common.loading': 'Loading…',
  'common.errorTitle': 'Something went wrong',
  'common.retry': 'Retry',
  'errors.generic': "We couldn't complete that. Please try again.",
  'errors.network': "We couldn't reach the billing service. Check your connection and try again.",
};

/** Returns the translate function for the loading and error states. */
export function stateTranslator(environment: KeelEnvironment | undefined): Translate {
  if (environment) return (key, options) => environment.i18n.t(key, options);
  return (key) => ENGLISH_STATES[key] ?? ENGLISH_STATES['errors.generic']!;
}
