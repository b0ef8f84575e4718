/**
 * Client-side checks of the billing details form. They mirror the contract's
 * request schema so a mistake is shown next to its field before anything is
 * sent; the server checks the same rules again.
 */
import type { BillingDetails, UpdateBillingDetailsRequest } from '../../src/contract/index.js';

/** ISO 3166-1 alpha-2 codes offered in the country select; names come from `Intl.DisplayNames`. */
export const COUNTRY_CODES = (
  'AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ ' +
  'DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HK HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ ' +
  'OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TG TH TJ TK TL TM TN TO TR TT TV TW TZ ' +
  'UA UG US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ');

export const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'state', 'postal_code', 'country'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

/** The form's text, one string per input; `address.*` keys use the contract's field paths. */
export type BillingDraft = Record<'name' | 'email' | 'phone' | `address.${AddressField}`, string>;

/** A field's problem, named as a locale key under `billingDetails.errors`. */
export type DraftError = 'required' | 'email' | 'phone' | 'tooLong' | 'countryRequired';

const MAX_LENGTH: Partial<Record<keyof BillingDraft, number>> = {
  name: 200,
  email: 254,
  phone: 32,
  'address.line1': 200,
  'address.line2': 200,
  'address.city': 100,
  'address.state': 100,
  'address.postal_code': 20,
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[+0-9 ()\-]*$/;

/** Builds the form's text from saved billing details. */
export function draftFrom(details: BillingDetails): BillingDraft {
  const address = details.address;
  return {
    name: details.name ?? '',
    email: details.email ?? '',
    phone: details.phone ?? '',
    'address.line1': address?.line1 ?? '',
    'address.line2': address?.line2 ?? '',
    'address.city': address?.city ?? '',
    'address.state': address?.state ?? '',
    'address.postal_code': address?.postal_code ?? '',
    'address.country': address?.country ?? '',
  };
}

export type DraftValidation =
  | { valid: true; request: UpdateBillingDetailsRequest }
  | { valid: false; errors: Partial<Record<keyof BillingDraft, DraftError>> };

/**
 * Checks the draft and builds the update request. Empty optional fields are
 * sent as null to clear them; an email, once saved, can be changed but not
 * cleared, because the contract has no way to remove it.
 */
export function validateDraft(draft: BillingDraft, saved: BillingDetails): DraftValidation {
  const errors: Partial<Record<keyof BillingDraft, DraftError>> = {};
  const value = (field: keyof BillingDraft) => draft[field].trim();

  for (const [field, max] of Object.entries(MAX_LENGTH) as Array<[keyof BillingDraft, number]>) {
    if (value(field).length > max) errors[field] = 'tooLong';
  }

  const email = value('email');
  if (!email && saved.email !== null) errors.email = 'required';
  else if (email && !errors.email && !EMAIL.test(email)) errors.email = 'email';

  const phone = value('phone');
  if (phone && !errors.phone && !PHONE.test(phone)) errors.phone = 'phone';

  const addressParts = ADDRESS_FIELDS.filter((field) => field !== 'country').map((field) => value(`address.${field}`));
  const country = value('address.country');
  const wantsAddress = addressParts.some(Boolean) || country !== '';
  if (wantsAddress && !country) errors['address.country'] = 'countryRequired';

  if (Object.keys(errors).length > 0) return { valid: false, errors };

  const orNull = (field: keyof BillingDraft) => value(field) || null;
  const request: UpdateBillingDetailsRequest = {
    name: orNull('name'),
    phone: orNull('phone'),
    ...(email ? { email } : {}),
    ...(wantsAddress
      ? {
          address: {
            line1: orNull('address.line1'),
            line2: orNull('address.line2'),
            city: orNull('address.city'),
            state: orNull('address.state'),
            postal_code: orNull('address.postal_code'),
            country,
          },
        }
      : {}),
  };
  return { valid: true, request };
}
