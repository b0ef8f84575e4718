/** Stripe PaymentMethods to the contract's `PaymentMethod`, with expiry judged against the provider's clock. */
import type Stripe from 'stripe';
import type { Card, PaymentMethod } from '../../../../contract/index.js';
import { countryOf, enumOf, requiredInstantOf, textOf } from './common.js';

const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'jcb', 'discover', 'diners', 'unionpay', 'unknown'] as const;
const PAYMENT_METHOD_TYPES = ['card', 'sepa_debit', 'us_bank_account', 'link'] as const;
const WALLETS = ['apple_pay', 'google_pay', 'link'] as const;
/** A card counts as expiring soon within this many days of its last valid day. */
export const EXPIRES_SOON_DAYS = 30;
const DAY_MS = 86_400_000;

/** Returns the first instant after a card's expiry month, in UTC: cards are valid through the last day of that month. */
export function cardExpiryInstant(expMonth: number, expYear: number): Date {
  return new Date(Date.UTC(expYear, expMonth, 1));
}

function clampInt(value: number | null | undefined, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}

function mapCard(card: Stripe.PaymentMethod.Card): Card {
  const wallet = card.wallet?.type ?? null;
  return {
    brand: enumOf(card.display_brand ?? card.brand, CARD_BRANDS, enumOf(card.brand, CARD_BRANDS, 'unknown')),
    last4: typeof card.last4 === 'string' && /^\d{4}$/.test(card.last4) ? card.last4 : '0000',
    exp_month: clampInt(card.exp_month, 1, 12, 12),
    exp_year: clampInt(card.exp_year, 2000, 2100, 2100),
    country: countryOf(card.country),
    wallet: wallet !== null && (WALLETS as readonly string[]).includes(wallet) ? (wallet as (typeof WALLETS)[number]) : null,
  };
}

/**
 * Maps a saved payment method; null for types the contract cannot show
 * (konbini and other single-use methods are never saved for reuse).
 */
export function mapPaymentMethod(method: Stripe.PaymentMethod, context: { defaultPaymentMethodId: string | null; now: Date }): PaymentMethod | null {
  if (!(PAYMENT_METHOD_TYPES as readonly string[]).includes(method.type)) return null;
  const card = method.type === 'card' && method.card ? mapCard(method.card) : null;

  let expired = false;
  let expiresSoon = false;
  if (card) {
    const expiry = cardExpiryInstant(card.exp_month, card.exp_year).getTime();
    const now = context.now.getTime();
    expired = now >= expiry;
    expiresSoon = !expired && expiry - now <= EXPIRES_SOON_DAYS * DAY_MS;
  }

  return {
    object: 'payment_method',
    id: method.id,
    type: method.type as (typeof PAYMENT_METHOD_TYPES)[number],
    card,
    billing_name: textOf(method.billing_details?.name),
    is_default: context.defaultPaymentMethodId !== null && method.id === context.defaultPaymentMethodId,
    expires_soon: expiresSoon,
    expired,
    created: requiredInstantOf(method.created, 0),
  };
}
