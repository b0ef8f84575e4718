/** Stripe customers and tax IDs to the provider's `CustomerProfile` and the contract's billing details. */
import type Stripe from 'stripe';
import type { BillingDetails, TaxId } from '../../../../contract/index.js';
import { TAX_ID_TYPES } from '../../../../contract/index.js';
import type { CustomerProfile } from '../../provider.js';
import { addressOf, clip, countryOf, currencyOf, enumOf, textOf } from './common.js';

const VERIFICATION_STATES = ['pending', 'verified', 'unverified', 'unavailable'] as const;

/** Customer metadata keys Keel reads; Stripe has no field for a customer's time zone. */
export const CUSTOMER_METADATA = { timeZone: 'keel_time_zone' } as const;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Maps a customer; `fallbackCurrency` applies until Stripe has set the customer's currency at the first invoice. */
export function mapCustomerProfile(customer: Stripe.Customer, fallbackCurrency = 'USD'): CustomerProfile {
  const locale = (customer.preferred_locales ?? []).find((tag) => typeof tag === 'string' && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(tag)) ?? null;
  const zone = textOf(customer.metadata?.[CUSTOMER_METADATA.timeZone]);
  const currency = currencyOf(customer.currency);
  return {
    id: customer.id,
    name: textOf(customer.name),
    email: textOf(customer.email),
    country: countryOf(customer.address?.country),
    locale,
    timeZone: zone !== null && isTimeZone(zone) ? zone : 'UTC',
    currency: customer.currency ? currency : fallbackCurrency.toUpperCase(),
  };
}

/** Maps a tax ID; null for types the contract does not validate (they stay in Stripe untouched). */
export function mapTaxId(taxId: Stripe.TaxId): TaxId | null {
  if (!(TAX_ID_TYPES as readonly string[]).includes(taxId.type)) return null;
  return {
    object: 'tax_id',
    id: taxId.id,
    type: taxId.type as TaxId['type'],
    value: taxId.value ?? '',
    country: countryOf(taxId.country),
    verification: enumOf(taxId.verification?.status, VERIFICATION_STATES, 'pending'),
  };
}

/** Maps the customer's billing details with the tax IDs Keel can show. */
export function mapBillingDetails(customer: Stripe.Customer, taxIds: readonly Stripe.TaxId[]): BillingDetails {
  return {
    object: 'billing_details',
    name: textOf(customer.name),
    email: textOf(customer.email),
    phone: clip(textOf(customer.phone), 32),
    address: addressOf(customer.address),
    tax_ids: taxIds.map(mapTaxId).filter((taxId): taxId is TaxId => taxId !== null),
  };
}
