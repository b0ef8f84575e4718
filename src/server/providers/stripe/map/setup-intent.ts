/** Stripe SetupIntents to the contract's `SetupSession` and `SetupResult`. */
import type Stripe from 'stripe';
import type { PaymentMethod, SetupResult, SetupSession } from '../../../../contract/index.js';
import { textOf } from './common.js';
import { declineReasonOf } from './decline.js';

/** SetupIntent metadata keys that carry the portal's setup options to completion. */
export const SETUP_METADATA = {
  replace: 'keel_replace_payment_method_id',
  setDefault: 'keel_set_default',
} as const;

function sessionStatusOf(status: string): SetupSession['status'] {
  switch (status) {
    case 'succeeded':
      return 'succeeded';
    case 'canceled':
      return 'canceled';
    case 'requires_action':
    case 'processing':
      return 'requires_action';
    default:
      return 'requires_payment_method';
  }
}

/** Maps a SetupIntent to the session Payment Element confirms. */
export function mapSetupSession(intent: Stripe.SetupIntent, publishableKey: string | null): SetupSession {
  const metadata = intent.metadata ?? {};
  return {
    object: 'setup_session',
    id: intent.id,
    mode: 'stripe',
    status: sessionStatusOf(intent.status),
    client_secret: textOf(intent.client_secret),
    publishable_key: publishableKey,
    test_cards: [],
    replace_payment_method_id: textOf(metadata[SETUP_METADATA.replace]),
    set_default: metadata[SETUP_METADATA.setDefault] !== 'false',
  };
}

/** Maps a SetupIntent after Stripe.js confirmed it, with the payment method it saved. */
export function mapSetupResult(intent: Stripe.SetupIntent, paymentMethod: PaymentMethod | null): SetupResult {
  if (intent.status === 'succeeded') {
    return { object: 'setup_result', setup_session_id: intent.id, status: 'succeeded', payment_method: paymentMethod, next_action: null, decline_reason: null };
  }
  if (intent.status === 'requires_action' || intent.status === 'processing') {
    return {
      object: 'setup_result',
      setup_session_id: intent.id,
      status: 'requires_action',
      payment_method: null,
      next_action: { type: 'use_stripe_sdk', client_secret: textOf(intent.client_secret) },
      decline_reason: null,
    };
  }
  return {
    object: 'setup_result',
    setup_session_id: intent.id,
    status: 'failed',
    payment_method: null,
    next_action: null,
    decline_reason: declineReasonOf(intent.last_setup_error) ?? (intent.status === 'canceled' ? null : 'bank_declined'),
  };
}
