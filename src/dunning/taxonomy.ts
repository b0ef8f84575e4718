import {
  declineTaxonomyV1,
  type DeclineReason,
  type FixAction,
  type MastercardAdviceRule,
  type StripeAdviceRule,
  type StripeDeclineRule,
  type VisaCategory,
} from './data/declines.v1.js';
import { DunningInputError } from './errors.js';

export type { DeclineReason, FixAction, VisaCategory } from './data/declines.v1.js';

/** Version of the decline table in use, recorded next to every classification. */
export const DECLINE_TAXONOMY_VERSION = declineTaxonomyV1.version;
export const DECLINE_TAXONOMY_EFFECTIVE = declineTaxonomyV1.effective;

/** Card network as Stripe names it in `payment_method_details.card.network`. */
export type CardNetwork = 'visa' | 'mastercard' | 'amex' | 'jcb' | 'discover' | 'diners' | 'unionpay' | 'cartes_bancaires' | 'unknown';

/** One decline as the payment provider reports it. Every field is optional. */
export interface DeclineInput {
  /** Stripe `decline_code`, e.g. `insufficient_funds`. */
  declineCode?: string | null;
  /** Stripe `advice_code`: `do_not_try_again`, `try_again_later` or `confirm_card_data`. */
  adviceCode?: string | null;
  /** Raw issuer response code, e.g. Visa `51`. Stripe: `network_decline_code`. */
  networkDeclineCode?: string | null;
  /** Raw network advice, e.g. Mastercard MAC `03`. Stripe: `network_advice_code`. */
  networkAdviceCode?: string | null;
  network?: CardNetwork | string | null;
  /** Set for issuers in Visa Europe or CEMEA, where codes 1A and 70 are category 3. */
  visaRegion?: 'europe' | 'other';
}

/** Which rule forbids a retry. */
export type NeverRetrySource = 'stripe_decline_code' | 'stripe_advice_code' | 'visa_category_1' | 'mastercard_advice_code';

export interface DeclineClassification {
  reason: DeclineReason;
  /** An automatic retry of the same payment method may succeed. */
  retryable: boolean;
  /** The customer has to act (new card, authentication, corrected data) before a payment can succeed. */
  customerMustAct: boolean;
  /** A network or Stripe rule forbids retrying this credential. */
  neverRetry: boolean;
  /** Every rule that forbids a retry; empty when retries are allowed. */
  neverRetrySources: NeverRetrySource[];
  action: FixAction;
  /** Visa category when the network is Visa and a response code is known. */
  visaCategory: VisaCategory | null;
  /** Mastercard merchant advice code when the network is Mastercard and one was sent. */
  mastercardAdviceCode: string | null;
  /** Minimum wait before the next attempt in milliseconds (Mastercard MAC 02, 24-30), else 0. */
  minimumWaitMs: number;
  /** False when the Stripe decline code is not in the table and the generic fallback was used. */
  known: boolean;
  taxonomyVersion: number;
}

const HOUR_MS = 3_600_000;
const stripeDeclines: Record<string, StripeDeclineRule> = declineTaxonomyV1.stripe.declineCodes;
const stripeAdvice: Record<string, StripeAdviceRule> = declineTaxonomyV1.stripe.adviceCodes;
const visaCategories: Record<string, VisaCategory> = declineTaxonomyV1.visa.categories;
const visaEuropeCategories: Record<string, VisaCategory> = declineTaxonomyV1.visa.europeCategories;
const visaReasons: Record<string, DeclineReason> = declineTaxonomyV1.visa.reasons;
const mastercardAdvice: Record<string, MastercardAdviceRule> = declineTaxonomyV1.mastercard.adviceCodes;

function normalizeCode(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') {
    throw new DunningInputError('invalid_decline', field, `${field} must be a string, got ${typeof value}.`);
  }
  return value.trim();
}

/** Mastercard MACs arrive as "3" from some processors and "03" from others. */
function normalizeMac(code: string): string {
  return /^\d$/.test(code) ? `0${code}` : code;
}

/** Returns the Visa category of a response code (defaults to 4, generic). */
export function visaCategoryOf(responseCode: string, region: 'europe' | 'other' = 'other'): VisaCategory {
  const code = responseCode.toUpperCase();
  if (region === 'europe' && visaEuropeCategories[code] !== undefined) return visaEuropeCategories[code];
  return visaCategories[code] ?? declineTaxonomyV1.visa.defaultCategory;
}

/** Returns the Mastercard MAC rule, or undefined for an unlisted code. */
export function mastercardAdviceOf(mac: string): MastercardAdviceRule | undefined {
  return mastercardAdvice[normalizeMac(mac)];
}

/**
 * Classifies one decline into a customer-facing reason, whether it may be
 * retried, whether the customer must act, and the action that fixes it.
 *
 * The Stripe decline code decides the reason. Advice codes, the Visa category
 * and the Mastercard MAC can only make the result stricter: any one of them
 * that forbids a retry wins.
 */
export function classifyDecline(input: DeclineInput): DeclineClassification {
  if (input === null || typeof input !== 'object') {
    throw new DunningInputError('invalid_decline', 'decline', 'decline must be an object with declineCode, adviceCode, networkDeclineCode or networkAdviceCode.');
  }
  const declineCode = normalizeCode(input.declineCode, 'declineCode')?.toLowerCase() ?? null;
  const adviceCode = normalizeCode(input.adviceCode, 'adviceCode')?.toLowerCase() ?? null;
  const networkDeclineCode = normalizeCode(input.networkDeclineCode, 'networkDeclineCode')?.toUpperCase() ?? null;
  const networkAdviceCode = normalizeCode(input.networkAdviceCode, 'networkAdviceCode');
  const network = (normalizeCode(input.network, 'network') ?? 'unknown').toLowerCase();

  const stripeRule = declineCode === null ? undefined : stripeDeclines[declineCode];
  const visaCategory = network === 'visa' && networkDeclineCode !== null ? visaCategoryOf(networkDeclineCode, input.visaRegion) : null;
  const mac = network === 'mastercard' && networkAdviceCode !== null ? normalizeMac(networkAdviceCode) : null;
  const macRule = mac === null ? undefined : mastercardAdvice[mac];
  const adviceRule = adviceCode === null ? undefined : stripeAdvice[adviceCode];

  const base = stripeRule ?? fallbackRule(network, networkDeclineCode);
  let { retryable, customerMustAct, action } = base;
  const reason = base.reason;
  const neverRetrySources: NeverRetrySource[] = [];

  if (stripeRule?.neverRetry) neverRetrySources.push('stripe_decline_code');
  if (adviceRule?.neverRetry) neverRetrySources.push('stripe_advice_code');
  if (visaCategory === 1) neverRetrySources.push('visa_category_1');
  if (macRule?.neverRetry) neverRetrySources.push('mastercard_advice_code');

  if (adviceRule?.customerMustAct || macRule?.customerMustAct || visaCategory === 3) {
    customerMustAct = true;
    retryable = false;
    if (action === 'retry_payment' || action === 'contact_bank') action = adviceRule?.action ?? 'update_payment_method';
  }

  const neverRetry = neverRetrySources.length > 0;
  if (neverRetry) {
    retryable = false;
    customerMustAct = true;
    action = 'update_payment_method';
  }

  return {
    reason,
    retryable,
    customerMustAct,
    neverRetry,
    neverRetrySources,
    action,
    visaCategory,
    mastercardAdviceCode: mac,
    minimumWaitMs: (macRule?.minimumWaitHours ?? 0) * HOUR_MS,
    known: stripeRule !== undefined || (declineCode === null && (visaCategory !== null || macRule !== undefined)),
    taxonomyVersion: declineTaxonomyV1.version,
  };
}

/** Rule for a decline without a known Stripe code, derived from the Visa response code where there is one. */
function fallbackRule(network: string, networkDeclineCode: string | null): StripeDeclineRule {
  const generic = declineTaxonomyV1.stripe.unknown;
  if (network !== 'visa' || networkDeclineCode === null) return generic;
  const reason = visaReasons[networkDeclineCode];
  if (reason === undefined) return generic;
  if (reason === 'expired_card' || reason === 'card_data_mismatch') {
    return { reason, retryable: false, customerMustAct: true, neverRetry: false, action: 'update_payment_method' };
  }
  if (reason === 'authentication_required') {
    return { reason, retryable: false, customerMustAct: true, neverRetry: false, action: 'authenticate' };
  }
  return { reason, retryable: true, customerMustAct: false, neverRetry: false, action: 'retry_payment' };
}
