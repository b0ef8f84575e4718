// Tax treatment of an invoice: Japanese consumption tax (10% standard, 8%
// reduced), EU VAT at the issuer's rate or reverse charge, and no tax for
// other countries. Tax is computed once per rate per invoice from the total
// taxed at that rate, never per line, as Japan's qualified-invoice rules
// require (rounding each line and then summing is not allowed there).

import type { InvoiceIssuer, SandboxSettings, TaxCategory } from '../../store/index.js';

export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT',
  'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

export type TaxType = 'jp_consumption_tax' | 'vat' | 'none';
export type TaxRounding = 'down' | 'half_up';

/** One rate an invoice line can be taxed at. */
export interface TaxRate {
  id: string;
  jurisdiction: string;
  taxType: TaxType;
  displayName: string;
  /** Rate in basis points: 1000 is 10%. */
  basisPoints: number;
  reduced: boolean;
  reverseCharge: boolean;
  rounding: TaxRounding;
}

export const JP_STANDARD_RATE: TaxRate = {
  id: 'jp_standard',
  jurisdiction: 'JP',
  taxType: 'jp_consumption_tax',
  displayName: 'Consumption tax 10%',
  basisPoints: 1000,
  reduced: false,
  reverseCharge: false,
  rounding: 'down',
};

export const JP_REDUCED_RATE: TaxRate = {
  id: 'jp_reduced',
  jurisdiction: 'JP',
  taxType: 'jp_consumption_tax',
  displayName: 'Consumption tax 8% (reduced rate)',
  basisPoints: 800,
  reduced: true,
  reverseCharge: false,
  rounding: 'down',
};

/** Tax treatment of one customer's invoices, decided from their country and tax IDs. */
export interface TaxTreatment {
  issuer: InvoiceIssuer;
  reverseCharge: boolean;
  /** Rate per product tax category; null means the line is not taxed. */
  rateFor(category: TaxCategory): TaxRate | null;
}

export interface TaxCustomer {
  country: string;
  taxIds: ReadonlyArray<{ type: string; value: string; country: string | null }>;
}

/** Returns the tax rate of a rate id, as stored on invoice lines. */
export function taxRateById(id: string, settings: SandboxSettings): TaxRate | null {
  if (id === JP_STANDARD_RATE.id) return JP_STANDARD_RATE;
  if (id === JP_REDUCED_RATE.id) return JP_REDUCED_RATE;
  if (id === 'eu_reverse_charge') return euReverseChargeRate(settings.eu_issuer);
  if (id.startsWith('eu_vat_')) return euVatRate(settings.eu_issuer);
  return null;
}

function euVatRate(issuer: InvoiceIssuer): TaxRate {
  const basisPoints = issuer.vat_rate_basis_points ?? 0;
  return {
    id: `eu_vat_${issuer.country.toLowerCase()}`,
    jurisdiction: issuer.country,
    taxType: 'vat',
    displayName: `VAT ${basisPoints / 100}%`,
    basisPoints,
    reduced: false,
    reverseCharge: false,
    rounding: 'half_up',
  };
}

function euReverseChargeRate(issuer: InvoiceIssuer): TaxRate {
  return {
    id: 'eu_reverse_charge',
    jurisdiction: issuer.country,
    taxType: 'vat',
    displayName: 'Reverse charge',
    basisPoints: 0,
    reduced: false,
    reverseCharge: true,
    rounding: 'half_up',
  };
}

/**
 * Decides the issuer and rates for a customer:
 * - Japan: the Japanese issuer (a registered qualified-invoice issuer), 10%
 *   standard and 8% reduced consumption tax.
 * - EU business with an EU VAT ID from another member state than the issuer:
 *   reverse charge, no VAT, and both VAT IDs on the invoice.
 * - Other EU customers: VAT at the issuer's rate.
 * - Everyone else, the US included: no tax.
 *
 * NOTE: B2C digital services in the EU are taxed at the customer's country
 * rate once the seller passes the EU-wide threshold (the OSS scheme); the
 * sandbox always charges the issuer's own rate.
 */
export function decideTaxTreatment(customer: TaxCustomer, settings: SandboxSettings): TaxTreatment {
  if (customer.country === 'JP') {
    return {
      issuer: settings.jp_issuer,
      reverseCharge: false,
      rateFor: (category) => (category === 'reduced' ? JP_REDUCED_RATE : JP_STANDARD_RATE),
    };
  }

  const issuer = settings.eu_issuer;
  if (EU_COUNTRIES.has(customer.country)) {
    const vatId = customer.taxIds.find((taxId) => taxId.type === 'eu_vat');
    const vatCountry = vatId ? vatCountryOf(vatId.value) : null;
    if (vatId && vatCountry !== null && vatCountry !== issuer.country) {
      const rate = euReverseChargeRate(issuer);
      return { issuer, reverseCharge: true, rateFor: () => rate };
    }
    const rate = euVatRate(issuer);
    return { issuer, reverseCharge: false, rateFor: () => rate };
  }

  return { issuer, reverseCharge: false, rateFor: () => null };
}

/** Returns the member state of an EU VAT ID from its prefix (Greece's EL is GR). */
export function vatCountryOf(vatId: string): string | null {
  const prefix = vatId.slice(0, 2).toUpperCase();
  if (!/^[A-Z]{2}$/.test(prefix)) return null;
  return prefix === 'EL' ? 'GR' : prefix;
}

/**
 * Computes tax on `taxable` minor units at `basisPoints`, rounded once.
 * `down` truncates toward zero (Japanese 切り捨て); `half_up` rounds halves
 * away from zero. BigInt keeps the product exact for any safe amount.
 */
export function computeTax(taxable: number, basisPoints: number, rounding: TaxRounding): number {
  const sign = taxable < 0 ? -1n : 1n;
  const product = BigInt(Math.abs(taxable)) * BigInt(basisPoints);
  const quotient = rounding === 'down' ? product / 10_000n : (product + 5_000n) / 10_000n;
  return Number(sign * quotient);
}

export interface TaxableLine {
  /** Amount after discount, in minor units. */
  net: number;
  rate: TaxRate | null;
}

export interface TaxBreakdownRow {
  rate: TaxRate;
  taxableAmount: number;
  taxAmount: number;
}

/**
 * Groups lines by rate and computes each rate's tax once on its total. Rows
 * keep the order in which rates first appear, standard before reduced for
 * Japan when both are present.
 */
export function computeInvoiceTaxes(lines: ReadonlyArray<TaxableLine>): TaxBreakdownRow[] {
  const byRate = new Map<string, { rate: TaxRate; taxable: number }>();
  for (const line of lines) {
    if (!line.rate) continue;
    const entry = byRate.get(line.rate.id) ?? { rate: line.rate, taxable: 0 };
    entry.taxable += line.net;
    byRate.set(line.rate.id, entry);
  }
  return [...byRate.values()]
    .sort((a, b) => Number(a.rate.reduced) - Number(b.rate.reduced))
    .map(({ rate, taxable }) => ({ rate, taxableAmount: taxable, taxAmount: computeTax(taxable, rate.basisPoints, rate.rounding) }));
}
