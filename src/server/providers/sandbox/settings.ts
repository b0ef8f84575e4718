import type { SandboxSettings } from '../../store/index.js';

/**
 * Default sandbox settings: a Japanese issuer registered for qualified
 * invoices and a Dutch issuer for everyone else. Both are fictitious; the
 * registration number passes the corporate-number check digit and the VAT ID
 * has the Dutch format.
 */
export const DEFAULT_SANDBOX_SETTINGS: SandboxSettings = {
  jp_issuer: {
    name: '株式会社キール',
    country: 'JP',
    time_zone: 'Asia/Tokyo',
    address: { line1: '千代田区丸の内1-1-1', line2: null, city: '東京都', state: null, postal_code: '100-0005', country: 'JP' },
    jp_registration_number: 'T7123456789012',
    vat_id: null,
    vat_rate_basis_points: null,
  },
  eu_issuer: {
    name: 'Keel Billing B.V.',
    country: 'NL',
    time_zone: 'Europe/Amsterdam',
    address: { line1: 'Keizersgracht 1', line2: null, city: 'Amsterdam', state: null, postal_code: '1015 CJ', country: 'NL' },
    jp_registration_number: null,
    vat_id: 'NL123456789B01',
    vat_rate_basis_points: 2100,
  },
  invoice_number_prefix: 'KEEL',
  after_final_retry: 'unpaid',
  dunning_policy: {},
  konbini_expires_after_days: 3,
  incomplete_expires_after_hours: 23,
};
