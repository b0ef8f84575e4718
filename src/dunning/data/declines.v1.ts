/**
 * Decline taxonomy, version 1: Stripe decline and advice codes, Visa response
 * code categories and Mastercard merchant advice codes (MAC).
 *
 * Card-network rules change every year or two, so the rules live here as one
 * versioned table instead of constants spread through the policy code. A new
 * edition gets a new file (`declines.v2.ts`) and `taxonomy.ts` switches to it.
 *
 * Sources:
 * - Stripe decline codes: https://docs.stripe.com/declines/codes (page of 2024-12-18).
 * - Visa categories: Visa Core Rules ID# 0030640, as restated by Worldpay and
 *   checkout.com response-code references.
 * - Mastercard MAC: Mastercard Transaction Processing Excellence, as restated by
 *   Braintree and Cybersource merchant-advice-code references (the rulebook is not public).
 */

/** Customer-facing reason. Lost, stolen and fraud are never shown; they map to `bank_declined`. */
export type DeclineReason =
  | 'expired_card'
  | 'insufficient_funds'
  | 'authentication_required'
  | 'bank_declined'
  | 'processing_error'
  | 'card_data_mismatch'
  | 'card_blocked';

/** The one action that fixes a decline, shown as the banner's primary button. */
export type FixAction = 'update_payment_method' | 'authenticate' | 'retry_payment' | 'contact_bank';

/** Taxonomy entry for one Stripe `decline_code`. */
export interface StripeDeclineRule {
  reason: DeclineReason;
  /** Whether an automatic retry of the same payment method may succeed. */
  retryable: boolean;
  /** Whether the customer has to do something before the payment can succeed. */
  customerMustAct: boolean;
  /** Card-network or Stripe rule forbids any retry with this credential. */
  neverRetry: boolean;
  action: FixAction;
}

/** Taxonomy entry for one Stripe `advice_code`. */
export interface StripeAdviceRule {
  neverRetry: boolean;
  retryable: boolean;
  customerMustAct: boolean;
  action?: FixAction;
}

/** Visa decline category: 1 never approve, 2 cannot approve now, 3 data quality, 4 generic. */
export type VisaCategory = 1 | 2 | 3 | 4;

/** Taxonomy entry for one Mastercard merchant advice code. */
export interface MastercardAdviceRule {
  meaning: string;
  neverRetry: boolean;
  /** Retrying the same credential is pointless until the customer or an account updater changes it. */
  customerMustAct: boolean;
  /** Minimum wait before the next attempt, in hours. */
  minimumWaitHours?: number;
}

const soft = (reason: DeclineReason, action: FixAction = 'retry_payment'): StripeDeclineRule => ({
  reason,
  retryable: true,
  customerMustAct: false,
  neverRetry: false,
  action,
});

const needsCustomer = (reason: DeclineReason, action: FixAction): StripeDeclineRule => ({
  reason,
  retryable: false,
  customerMustAct: true,
  neverRetry: false,
  action,
});

const forbidden = (reason: DeclineReason, action: FixAction = 'update_payment_method'): StripeDeclineRule => ({
  reason,
  retryable: false,
  customerMustAct: true,
  neverRetry: true,
  action,
});

export const declineTaxonomyV1 = {
  version: 1,
  /** Date from which this edition applies (ISO 8601). */
  effective: '2026-04-18',
  stripe: {
    /** Fallback for a code missing from the table: a soft, generic decline. */
    unknown: soft('bank_declined', 'contact_bank'),
    declineCodes: {
      // Never retry: each of these is on the card networks' or Stripe's do-not-retry list.
      lost_card: forbidden('bank_declined'),
      stolen_card: forbidden('bank_declined'),
      pickup_card: forbidden('bank_declined'),
      fraudulent: forbidden('bank_declined'),
      merchant_blacklist: forbidden('bank_declined'),
      revocation_of_authorization: forbidden('bank_declined'),
      revocation_of_all_authorizations: forbidden('bank_declined'),
      stop_payment_order: forbidden('bank_declined'),
      do_not_try_again: forbidden('bank_declined'),
      testmode_decline: forbidden('card_blocked'),

      // The card cannot do this kind of payment: another card is the fix.
      restricted_card: needsCustomer('card_blocked', 'update_payment_method'),
      card_not_supported: needsCustomer('card_blocked', 'update_payment_method'),
      currency_not_supported: needsCustomer('card_blocked', 'update_payment_method'),
      transaction_not_allowed: needsCustomer('card_blocked', 'update_payment_method'),
      service_not_allowed: needsCustomer('card_blocked', 'update_payment_method'),
      not_permitted: needsCustomer('card_blocked', 'update_payment_method'),
      security_violation: needsCustomer('bank_declined', 'contact_bank'),
      invalid_account: needsCustomer('bank_declined', 'update_payment_method'),
      new_account_information_available: needsCustomer('expired_card', 'update_payment_method'),

      expired_card: needsCustomer('expired_card', 'update_payment_method'),
      invalid_expiry_month: needsCustomer('card_data_mismatch', 'update_payment_method'),
      invalid_expiry_year: needsCustomer('card_data_mismatch', 'update_payment_method'),
      incorrect_number: needsCustomer('card_data_mismatch', 'update_payment_method'),
      invalid_number: needsCustomer('card_data_mismatch', 'update_payment_method'),
      incorrect_cvc: needsCustomer('card_data_mismatch', 'update_payment_method'),
      invalid_cvc: needsCustomer('card_data_mismatch', 'update_payment_method'),
      incorrect_zip: needsCustomer('card_data_mismatch', 'update_payment_method'),
      incorrect_pin: needsCustomer('card_data_mismatch', 'update_payment_method'),
      invalid_pin: needsCustomer('card_data_mismatch', 'update_payment_method'),
      pin_try_exceeded: needsCustomer('card_blocked', 'contact_bank'),
      offline_pin_required: needsCustomer('authentication_required', 'authenticate'),
      online_or_offline_pin_required: needsCustomer('authentication_required', 'authenticate'),
      authentication_required: needsCustomer('authentication_required', 'authenticate'),

      // Soft declines: a later retry of the same card may succeed.
      insufficient_funds: soft('insufficient_funds'),
      card_velocity_exceeded: soft('insufficient_funds'),
      withdrawal_count_limit_exceeded: soft('insufficient_funds'),
      processing_error: soft('processing_error'),
      issuer_not_available: soft('processing_error'),
      reenter_transaction: soft('processing_error'),
      try_again_later: soft('processing_error'),
      no_action_taken: soft('bank_declined', 'contact_bank'),
      approve_with_id: soft('bank_declined', 'contact_bank'),
      call_issuer: soft('bank_declined', 'contact_bank'),
      card_declined: soft('bank_declined', 'contact_bank'),
      generic_decline: soft('bank_declined', 'contact_bank'),
      do_not_honor: soft('bank_declined', 'contact_bank'),
      invalid_amount: soft('bank_declined', 'contact_bank'),
      duplicate_transaction: soft('processing_error'),
    } satisfies Record<string, StripeDeclineRule>,
    adviceCodes: {
      do_not_try_again: { neverRetry: true, retryable: false, customerMustAct: true, action: 'update_payment_method' },
      try_again_later: { neverRetry: false, retryable: true, customerMustAct: false },
      confirm_card_data: {
        neverRetry: false,
        retryable: false,
        customerMustAct: true,
        action: 'update_payment_method',
      },
    } satisfies Record<string, StripeAdviceRule>,
  },
  visa: {
    /** Category of every response code not listed: generic (4). */
    defaultCategory: 4 as VisaCategory,
    /**
     * Visa response codes by category. 03, 62, 78 and 93 moved from category 1 to 2
     * in April 2021. 57 is kept in category 1: Visa makes it "issuer will never
     * approve" from 2026-10-25, and before that it already means the card cannot pay.
     */
    categories: {
      '04': 1, '07': 1, '12': 1, '14': 1, '15': 1, '41': 1, '43': 1, '46': 1, '57': 1,
      R0: 1, R1: 1, R3: 1,
      '03': 2, '19': 2, '39': 2, '51': 2, '52': 2, '53': 2, '59': 2, '61': 2, '62': 2,
      '65': 2, '75': 2, '78': 2, '83': 2, '86': 2, '91': 2, '93': 2, '96': 2,
      '5C': 2, '9G': 2, N3: 2, N4: 2, Z5: 2,
      '54': 3, '55': 3, '82': 3, '6P': 3, N7: 3,
    } as Record<string, VisaCategory>,
    /** Codes whose category differs for issuers in Visa Europe and CEMEA. */
    europeCategories: { '1A': 3, '70': 3 } as Record<string, VisaCategory>,
    /** Customer-facing reason for Visa codes, used when Stripe sends no decline code. */
    reasons: {
      '51': 'insufficient_funds',
      '61': 'insufficient_funds',
      '65': 'insufficient_funds',
      '54': 'expired_card',
      '55': 'card_data_mismatch',
      '82': 'card_data_mismatch',
      N7: 'card_data_mismatch',
      '14': 'card_data_mismatch',
      '1A': 'authentication_required',
      '91': 'processing_error',
      '96': 'processing_error',
    } as Record<string, DeclineReason>,
  },
  mastercard: {
    adviceCodes: {
      '01': { meaning: 'New account information available', neverRetry: false, customerMustAct: true },
      '02': { meaning: 'Cannot approve at this time, try again later', neverRetry: false, customerMustAct: false, minimumWaitHours: 72 },
      '03': { meaning: 'Do not try again', neverRetry: true, customerMustAct: true },
      '04': { meaning: 'Token requirements not fulfilled for this token type', neverRetry: false, customerMustAct: true },
      '21': { meaning: 'Payment cancellation: the cardholder stopped recurring payments', neverRetry: true, customerMustAct: true },
      '22': { meaning: 'Merchant does not qualify for product code', neverRetry: false, customerMustAct: false },
      '24': { meaning: 'Retry after 1 hour', neverRetry: false, customerMustAct: false, minimumWaitHours: 1 },
      '25': { meaning: 'Retry after 24 hours', neverRetry: false, customerMustAct: false, minimumWaitHours: 24 },
      '26': { meaning: 'Retry after 2 days', neverRetry: false, customerMustAct: false, minimumWaitHours: 48 },
      '27': { meaning: 'Retry after 4 days', neverRetry: false, customerMustAct: false, minimumWaitHours: 96 },
      '28': { meaning: 'Retry after 6 days', neverRetry: false, customerMustAct: false, minimumWaitHours: 144 },
      '29': { meaning: 'Retry after 8 days', neverRetry: false, customerMustAct: false, minimumWaitHours: 192 },
      '30': { meaning: 'Retry after 10 days', neverRetry: false, customerMustAct: false, minimumWaitHours: 240 },
      '40': { meaning: 'Non-reloadable prepaid card', neverRetry: false, customerMustAct: false },
      '41': { meaning: 'Single-use virtual card', neverRetry: false, customerMustAct: false },
      '43': { meaning: 'Multi-use virtual card', neverRetry: false, customerMustAct: false },
    } as Record<string, MastercardAdviceRule>,
  },
} as const;

export type DeclineTaxonomy = typeof declineTaxonomyV1;
