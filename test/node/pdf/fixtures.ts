import type { InvoiceDetail, InvoiceLine } from '../../../src/contract/invoices.js';

/** Builds an invoice line with neutral defaults. */
export function line(overrides: Partial<InvoiceLine> & Pick<InvoiceLine, 'id' | 'amount'>): InvoiceLine {
  return {
    description: null,
    kind: 'one_off',
    quantity: 1,
    unit_amount: overrides.amount,
    discount_amount: 0,
    period_start: null,
    period_end: null,
    tax_rate_percent: null,
    reduced_rate: false,
    ...overrides,
  };
}

/** Builds a finalized, open invoice in which every field the PDF reads can be overridden. */
export function invoice(overrides: Partial<InvoiceDetail>): InvoiceDetail {
  return {
    object: 'invoice',
    id: 'in_test',
    number: 'KEEL-0001',
    status: 'open',
    currency: 'USD',
    description: null,
    collection_method: 'send_invoice',
    subtotal: 0,
    total_discount: 0,
    total_tax: 0,
    total: 0,
    amount_due: 0,
    amount_paid: 0,
    amount_remaining: 0,
    created: '2026-06-30T20:00:00Z',
    due_date: '2026-07-31',
    period_start: '2026-06-30T15:00:00Z',
    period_end: '2026-07-31T15:00:00Z',
    paid_at: null,
    subscription_id: 'sub_test',
    default_payment_method: null,
    attempt_count: 0,
    next_payment_attempt: null,
    last_payment_error: null,
    reverse_charge: false,
    pdf_url: '/v1/invoices/in_test/pdf',
    pending_payment_id: null,
    lines: [],
    discounts: [],
    tax_breakdown: [],
    issuer: null,
    recipient: null,
    ...overrides,
  };
}

/**
 * Builds a Japanese qualified invoice: ¥8,000 at the reduced 8% rate and ¥12,345 at
 * 10%, with tax rounded down once per rate (¥640 and ¥1,234).
 */
export function japaneseQualifiedInvoice(): InvoiceDetail {
  return invoice({
    number: 'KEEL-JP-0042',
    currency: 'JPY',
    subtotal: 20_345,
    total_tax: 1_874,
    total: 22_219,
    amount_due: 22_219,
    amount_remaining: 22_219,
    lines: [
      line({ id: 'il_food', description: '有機コーヒー豆（定期便）', amount: 8_000, quantity: 2, unit_amount: 4_000, tax_rate_percent: 8, reduced_rate: true }),
      line({ id: 'il_saas', description: 'Keel Pro プラン（月額）', kind: 'subscription', amount: 12_345, quantity: 1, unit_amount: 12_345, tax_rate_percent: 10 }),
    ],
    tax_breakdown: [
      { tax_type: 'jp_consumption_tax', rate_percent: 10, reduced_rate: false, taxable_amount: 12_345, tax_amount: 1_234, inclusive: false },
      { tax_type: 'jp_consumption_tax', rate_percent: 8, reduced_rate: true, taxable_amount: 8_000, tax_amount: 640, inclusive: false },
    ],
    issuer: {
      name: 'キール株式会社',
      registration_number: 'T7123456789012',
      vat_id: null,
      address: { line1: '丸の内1-2-3', line2: 'キールビル 10階', city: '千代田区', state: '東京都', postal_code: '100-0005', country: 'JP' },
    },
    recipient: {
      name: '株式会社サンプル商事',
      vat_id: null,
      address: { line1: '梅田4-5-6', line2: null, city: '大阪市北区', state: '大阪府', postal_code: '530-0001', country: 'JP' },
      country: 'JP',
    },
  });
}

/** Builds a cross-border B2B invoice from Germany to France under the reverse charge. */
export function euReverseChargeInvoice(): InvoiceDetail {
  return invoice({
    number: 'KEEL-EU-0007',
    currency: 'EUR',
    subtotal: 49_900,
    total: 49_900,
    amount_due: 49_900,
    amount_remaining: 49_900,
    reverse_charge: true,
    lines: [
      line({ id: 'il_team', description: 'Keel Team plan, 10 seats', kind: 'subscription', amount: 49_900, quantity: 10, unit_amount: 4_990, tax_rate_percent: 0 }),
    ],
    tax_breakdown: [
      { tax_type: 'vat', rate_percent: 0, reduced_rate: false, taxable_amount: 49_900, tax_amount: 0, inclusive: false },
    ],
    issuer: {
      name: 'Keel GmbH',
      registration_number: null,
      vat_id: 'DE123456789',
      address: { line1: 'Friedrichstraße 100', line2: null, city: 'Berlin', state: null, postal_code: '10117', country: 'DE' },
    },
    recipient: {
      name: 'Exemple SAS',
      vat_id: 'FR40303265045',
      address: { line1: '12 rue de la Paix', line2: null, city: 'Paris', state: null, postal_code: '75002', country: 'FR' },
      country: 'FR',
    },
  });
}
