/**
 * The error state a standalone payment element shows when its session cannot
 * be read. Without a session there is no localization yet, so the few words
 * come in English, which every locale falls back to.
 */
import type { TemplateResult } from 'lit';
import { renderError } from '../shared/states.js';

const ENGLISH: Record<string, string> = {
  'common.errorTitle': 'Something went wrong',
  'common.retry': 'Retry',
  'errors.generic': "We couldn't load your billing details. Please try again.",
  'errors.network': "We couldn't reach the billing service. Check your connection and try again.",
};

/** Renders the session error with a retry button. */
export function renderEnvironmentError(error: unknown, retry: () => void): TemplateResult {
  return renderError((key) => ENGLISH[key] ?? ENGLISH['errors.generic']!, error, retry);
}
