/**
 * Stripe payment errors to the contract's `LastPaymentError`, with the
 * customer-facing reason taken from the decline taxonomy in `src/dunning`.
 */
import type { DeclineReason, LastPaymentError } from '../../../../contract/index.js';
import { DECLINE_REASONS } from '../../../../contract/index.js';
import { classifyDecline, type DeclineInput } from '../../../../dunning/index.js';
import { instantOf, textOf } from './common.js';

/** The fields of Stripe's `last_payment_error`, `last_setup_error` and raw card errors that Keel reads. */
export interface StripeErrorLike {
  code?: string | null;
  decline_code?: string | null;
  advice_code?: string | null;
  network_decline_code?: string | null;
  network_advice_code?: string | null;
  type?: string | null;
  payment_method?: { card?: { network?: string | null; networks?: { preferred?: string | null } | null } | null } | null;
}

/**
 * Stripe `code` values that are not issuer declines but still tell the
 * customer what to fix. Card declines carry the reason in `decline_code`.
 */
const ERROR_CODE_REASONS: Record<string, DeclineReason> = {
  authentication_required: 'authentication_required',
  payment_intent_authentication_failure: 'authentication_required',
  setup_intent_authentication_failure: 'authentication_required',
  expired_card: 'expired_card',
  incorrect_cvc: 'card_data_mismatch',
  invalid_cvc: 'card_data_mismatch',
  incorrect_number: 'card_data_mismatch',
  invalid_number: 'card_data_mismatch',
  incorrect_zip: 'card_data_mismatch',
  invalid_expiry_month: 'card_data_mismatch',
  invalid_expiry_year: 'card_data_mismatch',
  processing_error: 'processing_error',
};

/**
 * Decline codes whose real meaning must not reach the customer (the card was
 * reported lost or stolen, or Stripe suspects fraud). The browser sees
 * `generic_decline` instead, as Stripe's decline guidance advises.
 */
const CONCEALED_CODES = new Set(['lost_card', 'stolen_card', 'fraudulent', 'pickup_card', 'merchant_blacklist']);

function declineInputOf(error: StripeErrorLike): DeclineInput {
  const card = error.payment_method?.card;
  return {
    declineCode: textOf(error.decline_code) ?? textOf(error.code),
    adviceCode: textOf(error.advice_code),
    networkDeclineCode: textOf(error.network_decline_code),
    networkAdviceCode: textOf(error.network_advice_code),
    network: textOf(card?.network) ?? textOf(card?.networks?.preferred) ?? null,
  };
}

/** Returns the customer-facing reason for a Stripe payment error; `bank_declined` when nothing better is known. */
export function declineReasonOf(error: StripeErrorLike | null | undefined): DeclineReason | null {
  if (!error) return null;
  const code = textOf(error.code);
  const declineCode = textOf(error.decline_code);
  if (declineCode === null && code !== null && ERROR_CODE_REASONS[code] !== undefined) return ERROR_CODE_REASONS[code];
  if (declineCode === null && code === null) return 'bank_declined';
  try {
    const reason = classifyDecline(declineInputOf(error)).reason;
    return (DECLINE_REASONS as readonly string[]).includes(reason) ? reason : 'bank_declined';
  } catch {
    return 'bank_declined';
  }
}

/** Returns the decline code the browser may see, with lost, stolen and fraud codes concealed. */
export function publicDeclineCodeOf(error: StripeErrorLike): string | null {
  const code = textOf(error.decline_code) ?? textOf(error.code);
  if (code === null) return null;
  return CONCEALED_CODES.has(code) ? 'generic_decline' : code;
}

/** Maps a Stripe payment error; null when there is none. */
export function lastPaymentErrorOf(error: StripeErrorLike | null | undefined, occurredAtSeconds: number): LastPaymentError | null {
  if (!error) return null;
  return {
    code: publicDeclineCodeOf(error),
    decline_reason: declineReasonOf(error),
    occurred_at: instantOf(occurredAtSeconds) ?? new Date(0).toISOString(),
  };
}

/** Returns the taxonomy's input for a Stripe error, for building dunning state. */
export function declineInputFromError(error: StripeErrorLike): DeclineInput {
  return declineInputOf(error);
}
