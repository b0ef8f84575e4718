// Stripe's public test card numbers and what each does in the sandbox. The
// sandbox saves every listed card so a developer can drive each decline
// through renewals and retries; Stripe itself rejects most declining cards
// when they are set up, and only 4000000000000341 attaches and then fails.

import type { TestCardBehavior } from '../../store/index.js';

export interface TestCard {
  number: string;
  brand: 'visa' | 'mastercard';
  behavior: TestCardBehavior;
  /** Label shown in the sandbox test-card form. */
  description: string;
}

export const TEST_CARDS: ReadonlyArray<TestCard> = [
  { number: '4242424242424242', brand: 'visa', behavior: 'succeed', description: 'Succeeds' },
  { number: '4000000000000002', brand: 'visa', behavior: 'generic_decline', description: 'Declined (generic_decline)' },
  { number: '4000000000009995', brand: 'visa', behavior: 'insufficient_funds', description: 'Declined (insufficient_funds)' },
  { number: '4000000000000069', brand: 'visa', behavior: 'expired_card', description: 'Declined (expired_card)' },
  { number: '4000000000000127', brand: 'visa', behavior: 'incorrect_cvc', description: 'Declined (incorrect_cvc)' },
  { number: '4000002500003155', brand: 'visa', behavior: 'authentication_required', description: 'Requires 3-D Secure' },
  { number: '4000002760003184', brand: 'visa', behavior: 'authentication_required', description: 'Always requires 3-D Secure' },
  { number: '4000000000000341', brand: 'visa', behavior: 'decline_after_attach', description: 'Attaches, then charges fail (generic_decline)' },
  { number: '4000000000009987', brand: 'visa', behavior: 'lost_card', description: 'Declined (lost_card)' },
  { number: '4000000000009979', brand: 'visa', behavior: 'stolen_card', description: 'Declined (stolen_card)' },
  { number: '4100000000000019', brand: 'visa', behavior: 'fraudulent', description: 'Blocked as fraudulent' },
  { number: '5555555555554444', brand: 'mastercard', behavior: 'succeed', description: 'Succeeds (Mastercard)' },
];

/** Returns the test card with this number (spaces ignored), or undefined. */
export function findTestCard(number: string): TestCard | undefined {
  const digits = number.replace(/\s+/g, '');
  return TEST_CARDS.find((card) => card.number === digits);
}

/** Checks the Luhn check digit that every card number carries. */
export function passesLuhn(number: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = number.length - 1; index >= 0; index -= 1) {
    let digit = Number(number[index]);
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return number.length >= 12 && sum % 10 === 0;
}

/** The result of charging a card, in Stripe's error fields. */
export type ChargeOutcome =
  | { status: 'succeeded' }
  | { status: 'requires_action' }
  | { status: 'failed'; failureCode: string; declineCode: string };

const DECLINES: Partial<Record<TestCardBehavior, { failureCode: string; declineCode: string }>> = {
  generic_decline: { failureCode: 'card_declined', declineCode: 'generic_decline' },
  decline_after_attach: { failureCode: 'card_declined', declineCode: 'generic_decline' },
  insufficient_funds: { failureCode: 'card_declined', declineCode: 'insufficient_funds' },
  expired_card: { failureCode: 'expired_card', declineCode: 'expired_card' },
  incorrect_cvc: { failureCode: 'incorrect_cvc', declineCode: 'incorrect_cvc' },
  lost_card: { failureCode: 'card_declined', declineCode: 'lost_card' },
  stolen_card: { failureCode: 'card_declined', declineCode: 'stolen_card' },
  fraudulent: { failureCode: 'card_declined', declineCode: 'fraudulent' },
};

/**
 * Returns what a charge on a saved card does at `now`. A card whose expiry
 * month has ended by the clock declines as `expired_card` whatever its
 * number, so a card saved long ago expires as the clock moves on.
 *
 * NOTE: Stripe lets 4000002500003155 skip authentication for off-session
 * payments once it was set up; the sandbox requires 3-D Secure on every
 * charge of both 3-D Secure cards.
 */
export function chargeOutcome(card: { behavior: TestCardBehavior; exp_month: number; exp_year: number }, now: Date): ChargeOutcome {
  const expiredAt = Date.UTC(card.exp_year, card.exp_month, 1);
  if (now.getTime() >= expiredAt) return { status: 'failed', failureCode: 'expired_card', declineCode: 'expired_card' };
  if (card.behavior === 'succeed') return { status: 'succeeded' };
  if (card.behavior === 'authentication_required') return { status: 'requires_action' };
  const decline = DECLINES[card.behavior];
  if (!decline) return { status: 'failed', failureCode: 'card_declined', declineCode: 'generic_decline' };
  return { status: 'failed', ...decline };
}
