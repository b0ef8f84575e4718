/**
 * Checks for the sandbox test-card form. They catch typing mistakes before a
 * request is sent; the sandbox decides what a valid test card does.
 */

export type CardField = 'number' | 'expiry' | 'cvc';

/** A field's problem, named as a locale key under `paymentMethodForm.errors`. */
export type CardFieldError = 'required' | 'numberFormat' | 'numberChecksum' | 'expiryFormat' | 'expiryPast' | 'cvcFormat';

export interface CardInput {
  number: string;
  expiry: string;
  cvc: string;
}

export interface ParsedCard {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string;
}

export type CardValidation = { valid: true; card: ParsedCard } | { valid: false; errors: Partial<Record<CardField, CardFieldError>> };

/** Returns the digits of a card number typed with spaces or dashes. */
export function cardDigits(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/** Tells whether the digits pass the Luhn checksum every card number carries. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = Number(digits[index]);
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Parses `MM/YY` or `MM/YYYY` (spaces allowed) into a month and a four-digit year. */
export function parseExpiry(value: string): { month: number; year: number } | undefined {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(value);
  if (!match) return undefined;
  const month = Number(match[1]);
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  return { month, year };
}

/** Validates the form's fields; `now` decides whether the expiry month has passed. */
export function validateCard(input: CardInput, now: Date = new Date()): CardValidation {
  const errors: Partial<Record<CardField, CardFieldError>> = {};

  const number = cardDigits(input.number);
  if (!number) errors.number = 'required';
  else if (!/^\d{12,19}$/.test(number)) errors.number = 'numberFormat';
  else if (!passesLuhn(number)) errors.number = 'numberChecksum';

  const expiry = parseExpiry(input.expiry);
  if (!input.expiry.trim()) errors.expiry = 'required';
  else if (!expiry || expiry.year > 2100) errors.expiry = 'expiryFormat';
  else if (expiry.year * 12 + expiry.month < now.getFullYear() * 12 + now.getMonth() + 1) errors.expiry = 'expiryPast';

  const cvc = input.cvc.trim();
  if (!cvc) errors.cvc = 'required';
  else if (!/^\d{3,4}$/.test(cvc)) errors.cvc = 'cvcFormat';

  if (Object.keys(errors).length > 0 || !expiry) return { valid: false, errors };
  return { valid: true, card: { number, exp_month: expiry.month, exp_year: expiry.year, cvc } };
}
