import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { Store } from '../../../src/server/store/index.js';
import { DEFAULT_SANDBOX_SETTINGS } from '../../../src/server/providers/sandbox/settings.js';
import { JP_REDUCED_RATE, JP_STANDARD_RATE, computeInvoiceTaxes, computeTax } from '../../../src/server/providers/sandbox/tax.js';
import { card, newSandbox, openTestStore } from './helpers.js';

describe('tax rounding', () => {
  test('per rate, rounded down once', () => {
    const rows = computeInvoiceTaxes([
      { net: 8_000, rate: JP_REDUCED_RATE },
      { net: 12_345, rate: JP_STANDARD_RATE },
    ]);
    assert.deepEqual(
      rows.map((row) => [row.rate.id, row.taxableAmount, row.taxAmount]),
      [
        ['jp_standard', 12_345, 1_234],
        ['jp_reduced', 8_000, 640],
      ],
    );
  });

  test('same tax however lines split', () => {
    // Split into lines whose own taxes would round down to 1,233 in total.
    const splits = [[12_345], [4_115, 4_115, 4_115], [1, 12_344], [6_172, 6_173]];
    for (const parts of splits) {
      const rows = computeInvoiceTaxes([
        ...parts.map((net) => ({ net, rate: JP_STANDARD_RATE })),
        { net: 3_000, rate: JP_REDUCED_RATE },
        { net: 5_000, rate: JP_REDUCED_RATE },
      ]);
      const standard = rows.find((row) => row.rate.id === 'jp_standard');
      const reduced = rows.find((row) => row.rate.id === 'jp_reduced');
      assert.equal(standard?.taxAmount, 1_234, `split ${parts.join('+')}`);
      assert.equal(reduced?.taxAmount, 640, `split ${parts.join('+')}`);
    }
  });

  test('credit truncates toward zero', () => {
    assert.equal(computeTax(-12_345, 1000, 'down'), -1_234);
  });

  test('half up rounds halves away', () => {
    assert.equal(computeTax(2_250, 2100, 'half_up'), 473);
    assert.equal(computeTax(50, 1000, 'half_up'), 5);
  });
});

describe('invoice taxes in the engine', () => {
  let store: Store;
  before(async () => {
    store = await openTestStore();
  });
  after(async () => {
    await store?.close();
  });

  test('Japanese invoice per rate', async () => {
    const engine = await newSandbox(store);
    await engine.createCustomer({ id: 'cus_jp', name: '山田 花子', country: 'JP', locale: 'ja-JP', timeZone: 'Asia/Tokyo', currency: 'JPY' });
    const invoiceId = await engine.createInvoice('cus_jp', [
      { description: '新聞 (軽減税率)', amount: 5_000, taxCategory: 'reduced' },
      { description: '新聞 (軽減税率)', amount: 3_000, taxCategory: 'reduced' },
      { description: 'Pro plan', amount: 4_115 },
      { description: 'Pro plan seats', amount: 4_115 },
      { description: 'Support', amount: 4_115 },
    ]);
    const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', invoiceId).executeTakeFirstOrThrow();
    const taxes = await store.db.selectFrom('invoice_taxes').selectAll().where('sandbox_id', '=', engine.sandboxId).where('invoice_id', '=', invoiceId).orderBy('position').execute();

    assert.deepEqual(
      taxes.map((row) => [row.rate_basis_points, row.taxable_amount, row.tax_amount, row.reduced_rate]),
      [
        [1000, 12_345, 1_234, false],
        [800, 8_000, 640, true],
      ],
    );
    assert.equal(invoice.tax_total, 1_874);
    assert.equal(invoice.total, 20_345 + 1_874);
    assert.equal(invoice.issuer.jp_registration_number, DEFAULT_SANDBOX_SETTINGS.jp_issuer.jp_registration_number);
    assert.match(invoice.issuer.jp_registration_number ?? '', /^T\d{13}$/);
    assert.equal(invoice.issuer.name, DEFAULT_SANDBOX_SETTINGS.jp_issuer.name);
    assert.match(invoice.number ?? '', /^KEEL-\d{6}$/);
  });

  test('German business reverse charge', async () => {
    const engine = await newSandbox(store);
    await engine.createCustomer({ id: 'cus_de_b2b', name: 'Musterfirma GmbH', country: 'DE', locale: 'de-DE', timeZone: 'Europe/Berlin', currency: 'EUR' });
    await engine.addTaxId('cus_de_b2b', { type: 'eu_vat', value: 'DE123456789', country: 'DE' });
    const invoiceId = await engine.createInvoice('cus_de_b2b', [{ description: 'Pro plan', amount: 3_000 }]);
    const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', invoiceId).executeTakeFirstOrThrow();
    const taxes = await store.db.selectFrom('invoice_taxes').selectAll().where('sandbox_id', '=', engine.sandboxId).where('invoice_id', '=', invoiceId).execute();

    assert.equal(invoice.reverse_charge, true);
    assert.equal(invoice.tax_total, 0);
    assert.equal(invoice.total, 3_000);
    assert.equal(taxes.length, 1);
    assert.equal(taxes[0]?.reverse_charge, true);
    assert.equal(taxes[0]?.taxable_amount, 3_000);
    assert.equal(invoice.issuer.vat_id, 'NL123456789B01');
    assert.deepEqual(invoice.customer_snapshot.tax_ids, [{ type: 'eu_vat', value: 'DE123456789' }]);
  });

  test('German consumer pays VAT', async () => {
    const engine = await newSandbox(store);
    await engine.createCustomer({ id: 'cus_de_b2c', country: 'DE', locale: 'de-DE', timeZone: 'Europe/Berlin', currency: 'EUR' });
    const invoiceId = await engine.createInvoice('cus_de_b2c', [{ description: 'Pro plan', amount: 3_000 }]);
    const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', invoiceId).executeTakeFirstOrThrow();

    assert.equal(invoice.reverse_charge, false);
    assert.equal(invoice.tax_total, 630);
    assert.equal(invoice.total, 3_630);
  });

  test('VAT ID from issuer country taxed', async () => {
    const engine = await newSandbox(store);
    await engine.createCustomer({ id: 'cus_nl_b2b', country: 'NL', locale: 'nl-NL', timeZone: 'Europe/Amsterdam', currency: 'EUR' });
    await engine.addTaxId('cus_nl_b2b', { type: 'eu_vat', value: 'NL987654321B01', country: 'NL' });
    const invoiceId = await engine.createInvoice('cus_nl_b2b', [{ description: 'Pro plan', amount: 1_000 }]);
    const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).where('id', '=', invoiceId).executeTakeFirstOrThrow();
    assert.equal(invoice.reverse_charge, false);
    assert.equal(invoice.tax_total, 210);
  });

  test('US customer untaxed', async () => {
    const engine = await newSandbox(store);
    await engine.createCustomer({ id: 'cus_us', country: 'US', locale: 'en-US', timeZone: 'America/New_York', currency: 'USD' });
    await engine.attachTestCard('cus_us', card('4242424242424242'), { setDefault: true });
    await engine.createSubscription({ customerId: 'cus_us', priceId: 'price_pro_usd_month' });
    const invoice = await store.db.selectFrom('invoices').selectAll().where('sandbox_id', '=', engine.sandboxId).executeTakeFirstOrThrow();
    const taxes = await store.db.selectFrom('invoice_taxes').selectAll().where('sandbox_id', '=', engine.sandboxId).execute();
    assert.equal(invoice.tax_total, 0);
    assert.equal(invoice.total, 3_000);
    assert.equal(taxes.length, 0);
    assert.equal(invoice.status, 'paid');
  });
});
