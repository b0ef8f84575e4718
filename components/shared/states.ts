/**
 * Templates for the loading, empty and error states every element shows, so
 * all elements look and announce the same way.
 */
import { html, type TemplateResult } from 'lit';
// The errors module alone, so elements that show errors need not bundle the whole client.
import { KeelApiError } from '../../src/client/errors.js';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Renders a polite status while data loads; screen readers hear the label once. */
export function renderLoading(t: Translate): TemplateResult {
  return html`<div class="state loading" part="loading" role="status" aria-live="polite">
    <span class="spinner" aria-hidden="true"></span><span>${t('common.loading')}</span>
  </div>`;
}

/** Renders a muted message for an empty list. */
export function renderEmpty(message: string): TemplateResult {
  return html`<div class="state empty" part="empty" role="status">${message}</div>`;
}

/**
 * Returns the customer-facing message for an error. A known API code has its own
 * sentence, anything else a generic one. Server messages are English and for
 * developers, so they are never shown.
 */
export function errorMessage(t: Translate, error: unknown): string {
  if (error instanceof KeelApiError) {
    const specific = t(`errors.${error.code}`, { defaultValue: '' });
    if (specific) return specific;
    if (error.type === 'network_error' || error.type === 'timeout_error') return t('errors.network');
  }
  return t('errors.generic');
}

/** Renders an alert with the error message and a retry button. */
export function renderError(t: Translate, error: unknown, retry: () => void): TemplateResult {
  return html`<div class="state error" part="error" role="alert">
    <span><strong>${t('common.errorTitle')}</strong> ${errorMessage(t, error)}</span>
    <button class="button" part="retry-button" type="button" @click=${retry}>${t('common.retry')}</button>
  </div>`;
}
