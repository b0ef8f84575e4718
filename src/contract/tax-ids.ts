/**
 * Format checks for the tax IDs a customer may enter, shared by the billing
 * details form (errors next to the field) and the server (which rejects the
 * same values). A format check is only a pre-filter: an EU VAT number must
 * still be confirmed active with VIES before an invoice is zero-rated.
 */

/** Tax ID types Keel validates, named as Stripe's `tax_id.type`. */
export const TAX_ID_TYPES = ['eu_vat', 'gb_vat', 'jp_trn', 'jp_cn', 'us_ein', 'ch_vat', 'au_abn'] as const;
type TaxIdType = (typeof TAX_ID_TYPES)[number];

export type TaxIdValidation =
  | { valid: true; normalized: string; country: string }
  | { valid: false; reason: 'format' | 'check_digit' | 'unknown_country' };

/**
 * EU VAT number bodies by country prefix (Greece is EL, Northern Ireland XI).
 * Source: the European Commission's VIES format table as restated by VAT
 * tooling vendors (kyckr, Sage), checked 2026-12.
 */
const EU_VAT_BODIES: Record<string, RegExp> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[A-HJ-NP-Z0-9]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{12}$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
};

/** Removes the spaces, dots and dashes people type inside tax IDs. */
function compact(value: string): string {
  return value.replace(/[\s.\-]/g, '').toUpperCase();
}

/**
 * Computes the check digit of a Japanese corporate number (法人番号) from its
 * 12-digit base, per 平成26年財務省令第70号 第2条: 9 − (Σ Pn × Qn mod 9), where
 * Pn is the n-th digit from the right and Qn is 1 for odd n and 2 for even n.
 */
export function japaneseCorporateCheckDigit(base12: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n += 1) {
    const digit = Number(base12[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

function validateJapaneseCorporateNumber(digits: string): TaxIdValidation {
  if (!/^\d{13}$/.test(digits)) return { valid: false, reason: 'format' };
  const expected = japaneseCorporateCheckDigit(digits.slice(1));
  if (Number(digits[0]) !== expected) return { valid: false, reason: 'check_digit' };
  return { valid: true, normalized: digits, country: 'JP' };
}

function validateEuVat(value: string): TaxIdValidation {
  const prefix = value.slice(0, 2);
  const body = value.slice(2);
  const pattern = EU_VAT_BODIES[prefix];
  if (!pattern) return { valid: false, reason: 'unknown_country' };
  if (!pattern.test(body)) return { valid: false, reason: 'format' };
  return { valid: true, normalized: value, country: prefix === 'EL' ? 'GR' : prefix === 'XI' ? 'GB' : prefix };
}

/**
 * Validates a tax ID of the given type and returns its normalized form.
 *
 * NOTE: a Japanese registration number (`jp_trn`) is checked with the
 * corporate-number check digit. Sole proprietors' T-numbers are not corporate
 * numbers, and whether they follow the same check digit is unconfirmed.
 */
export function validateTaxId(type: TaxIdType, raw: string): TaxIdValidation {
  const value = compact(raw);

  switch (type) {
    case 'eu_vat':
      return validateEuVat(value);
    case 'gb_vat':
      return /^GB(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/.test(value)
        ? { valid: true, normalized: value, country: 'GB' }
        : { valid: false, reason: 'format' };
    case 'jp_trn': {
      if (!/^T\d{13}$/.test(value)) return { valid: false, reason: 'format' };
      const result = validateJapaneseCorporateNumber(value.slice(1));
      return result.valid ? { ...result, normalized: value } : result;
    }
    case 'jp_cn':
      return validateJapaneseCorporateNumber(value);
    case 'us_ein':
      return /^\d{9}$/.test(value)
        ? { valid: true, normalized: `${value.slice(0, 2)}-${value.slice(2)}`, country: 'US' }
        : { valid: false, reason: 'format' };
    case 'ch_vat':
      return /^CHE\d{9}(MWST|TVA|IVA)$/.test(value)
        ? { valid: true, normalized: value, country: 'CH' }
        : { valid: false, reason: 'format' };
    case 'au_abn':
      return /^\d{11}$/.test(value)
        ? { valid: true, normalized: value, country: 'AU' }
        : { valid: false, reason: 'format' };
  }
}
