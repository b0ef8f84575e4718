/** Stripe PaymentIntents to the contract's `Payment` and `KonbiniVoucher`. */
import type Stripe from 'stripe';
import type { KonbiniStore, KonbiniVoucher, Payment } from '../../../../contract/index.js';
import { currencyOf, expanded, idOf, nonNegative, requiredInstantOf, textOf } from './common.js';
import { lastPaymentErrorOf } from './decline.js';

const KONBINI_STORES: readonly KonbiniStore[] = ['familymart', 'lawson', 'ministop', 'seicomart'];

function paymentStatusOf(intent: Stripe.PaymentIntent): Payment['status'] {
  switch (intent.status) {
    case 'succeeded':
      return 'succeeded';
    case 'processing':
      return 'processing';
    case 'requires_action':
    case 'requires_confirmation':
      return 'requires_action';
    case 'requires_capture':
      return 'processing';
    default:
      return 'failed';
  }
}

/** Maps the PaymentIntent that collects an invoice to one payment attempt. */
export function mapPayment(intent: Stripe.PaymentIntent, invoiceId: string): Payment {
  const status = paymentStatusOf(intent);
  const charge = expanded(intent.latest_charge);
  return {
    object: 'payment',
    id: intent.id,
    invoice_id: invoiceId,
    status,
    amount: nonNegative(intent.amount),
    currency: currencyOf(intent.currency),
    payment_method_id: idOf(intent.payment_method),
    next_action: status === 'requires_action' ? { type: 'use_stripe_sdk', client_secret: textOf(intent.client_secret) } : null,
    error: status === 'failed' ? lastPaymentErrorOf(intent.last_payment_error ?? { code: 'card_declined' }, charge?.created ?? intent.created) : null,
    created: requiredInstantOf(intent.created, 0),
  };
}

/** Maps a konbini PaymentIntent's display details to a voucher; `now` decides whether it has expired. */
export function mapKonbiniVoucher(intent: Stripe.PaymentIntent, invoiceId: string, now: Date): KonbiniVoucher {
  const details = intent.next_action?.konbini_display_details;
  const expiresAt = details?.expires_at ?? intent.created;
  const stores: KonbiniVoucher['stores'] = [];
  for (const store of KONBINI_STORES) {
    const entry = details?.stores?.[store];
    const code = textOf(entry?.payment_code);
    if (code !== null) stores.push({ store, payment_code: code, confirmation_number: textOf(entry?.confirmation_number) });
  }
  let status: KonbiniVoucher['status'] = 'pending';
  if (intent.status === 'succeeded') status = 'paid';
  else if (intent.status === 'canceled' || expiresAt * 1000 <= now.getTime()) status = 'expired';
  return {
    object: 'konbini_voucher',
    id: intent.id,
    invoice_id: invoiceId,
    status,
    amount: nonNegative(intent.amount),
    currency: currencyOf(intent.currency),
    expires_at: requiredInstantOf(expiresAt, 0),
    stores,
    hosted_voucher_url: textOf(details?.hosted_voucher_url),
  };
}
