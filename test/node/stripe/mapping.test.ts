import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type Stripe from 'stripe';
import * as z from 'zod/mini';
import { BankTransferInstructions, InvoiceDetail, KonbiniVoucher, PaymentMethod, Subscription } from '../../../src/contract/index.js';
import {
  currencyOf,
  declineReasonOf,
  lastPaymentErrorOf,
  mapFundingInstructions,
  mapInvoiceDetail,
  mapKonbiniVoucher,
  mapPaymentMethod,
  mapSubscription,
  publicDeclineCodeOf,
} from '../../../src/server/providers/stripe/map/index.js';
import * as build from './fake/objects.js';

describe('stripe invoice mapping', () => {
  const rates = new Map([
    ['txr_10', build.taxRate({ id: 'txr_10', percentage: 10 })],
    ['txr_8', build.taxRate({ id: 'txr_8', percentage: 8 })],
  ]);

  it('splits tax per rate', () => {
    const invoice = build.invoice({
      id: 'in_1',
      customer: 'cus_1',
      lines: [build.invoiceLine({ id: 'il_1', amount: 1000 }), build.invoiceLine({ id: 'il_2', amount: 500 })],
      total_taxes: [
        { amount: 100, tax_behavior: 'exclusive', tax_rate_details: { tax_rate: 'txr_10' }, taxability_reason: 'standard_rated', taxable_amount: 1000, type: 'tax_rate_details' },
        { amount: 40, tax_behavior: 'exclusive', tax_rate_details: { tax_rate: 'txr_8' }, taxability_reason: 'reduced_rated', taxable_amount: 500, type: 'tax_rate_details' },
      ],
    });
    const detail = mapInvoiceDetail(invoice, { taxRates: rates });
    assert.equal(z.safeParse(InvoiceDetail, detail).success, true);
    assert.deepEqual(detail.tax_breakdown.map((entry) => [entry.rate_percent, entry.reduced_rate, entry.tax_amount]), [
      [10, false, 100],
      [8, true, 40],
    ]);
    assert.equal(detail.total_tax, 140);
  });

  it('derives a rate without the tax rate', () => {
    const invoice = build.invoice({
      id: 'in_2',
      customer: 'cus_1',
      total_taxes: [{ amount: 190, tax_behavior: 'exclusive', tax_rate_details: { tax_rate: 'txr_unknown' }, taxability_reason: 'standard_rated', taxable_amount: 1000, type: 'tax_rate_details' }],
    });
    assert.equal(mapInvoiceDetail(invoice).tax_breakdown[0]?.rate_percent, 19);
  });

  it('detects reverse charge', () => {
    const invoice = build.invoice({
      id: 'in_3',
      customer: 'cus_1',
      currency: 'eur',
      customer_tax_ids: [{ type: 'eu_vat', value: 'DE123456789' }],
      total_taxes: [{ amount: 0, tax_behavior: 'exclusive', tax_rate_details: null, taxability_reason: 'reverse_charge', taxable_amount: 1000, type: 'tax_rate_details' }],
    });
    const detail = mapInvoiceDetail(invoice);
    assert.equal(detail.reverse_charge, true);
    assert.equal(detail.recipient?.vat_id, 'DE123456789');
    assert.equal(detail.tax_breakdown[0]?.rate_percent, 0);
  });

  it('maps a draft with nulls', () => {
    const invoice = build.invoice({ id: 'in_4', customer: 'cus_1', status: 'draft', number: null, due_date: null, customer_address: null, account_name: null });
    const detail = mapInvoiceDetail(invoice);
    assert.equal(z.safeParse(InvoiceDetail, detail).success, true);
    assert.equal(detail.pdf_url, null);
    assert.equal(detail.issuer, null);
    assert.equal(detail.recipient?.address, null);
  });

  it('prints the due date in the issuer zone', () => {
    const invoice = build.invoice({ id: 'in_5', customer: 'cus_1', due_date: Date.UTC(2026, 11, 9, 20) / 1000 });
    assert.equal(mapInvoiceDetail(invoice, { timeZone: 'Asia/Tokyo' }).due_date, '2026-12-10');
  });

  it('marks proration lines', () => {
    const line = build.invoiceLine({
      id: 'il_p',
      amount: -300,
      parent: { type: 'subscription_item_details', invoice_item_details: null, subscription_item_details: { invoice_item: null, proration: true, proration_details: null, subscription: 'sub_1', subscription_item: 'si_1' } },
    });
    const detail = mapInvoiceDetail(build.invoice({ id: 'in_6', customer: 'cus_1', lines: [line] }));
    assert.equal(detail.lines[0]?.kind, 'proration');
  });
});

describe('stripe payment method mapping', () => {
  const now = new Date(Date.UTC(2026, 11, 4));

  it('flags a card expiring soon', () => {
    const method = mapPaymentMethod(build.card({ id: 'pm_1', customer: 'cus_1', exp_month: 12, exp_year: 2026 }), { defaultPaymentMethodId: 'pm_1', now });
    assert.equal(z.safeParse(PaymentMethod, method).success, true);
    assert.equal(method?.expires_soon, true);
    assert.equal(method?.expired, false);
    assert.equal(method?.is_default, true);
  });

  it('flags an expired card', () => {
    const method = mapPaymentMethod(build.card({ id: 'pm_2', customer: 'cus_1', exp_month: 11, exp_year: 2026 }), { defaultPaymentMethodId: null, now });
    assert.equal(method?.expired, true);
    assert.equal(method?.expires_soon, false);
  });

  it('maps an unknown brand safely', () => {
    const method = mapPaymentMethod(build.card({ id: 'pm_3', customer: 'cus_1', brand: 'eftpos_au' }), { defaultPaymentMethodId: null, now });
    assert.equal(method?.card?.brand, 'unknown');
  });

  it('skips unsupported method types', () => {
    const konbini = { ...build.card({ id: 'pm_4', customer: 'cus_1' }), type: 'konbini', card: undefined } as unknown as Stripe.PaymentMethod;
    assert.equal(mapPaymentMethod(konbini, { defaultPaymentMethodId: null, now }), null);
  });
});

describe('stripe subscription mapping', () => {
  it('maps pause and period', () => {
    const price = build.price({ id: 'price_1', product: 'prod_1', unit_amount: 1000 });
    const subscription = build.subscription({
      id: 'sub_1',
      customer: 'cus_1',
      pause_collection: { behavior: 'void', resumes_at: null },
      cancel_at_period_end: true,
      items: [build.subscriptionItem({ id: 'si_1', subscription: 'sub_1', price, periodStart: build.T0, periodEnd: build.T0 + 30 * build.DAY })],
    });
    const mapped = mapSubscription(subscription);
    assert.equal(z.safeParse(Subscription, mapped).success, true);
    assert.deepEqual(mapped.pause_collection, { behavior: 'void', resumes_at: null });
    assert.equal(mapped.current_period_end, new Date((build.T0 + 30 * build.DAY) * 1000).toISOString());
    assert.equal(mapped.items[0]?.plan.name, 'price_1');
  });

  it('defaults an unknown status', () => {
    const subscription = build.subscription({ id: 'sub_2', customer: 'cus_1', status: 'frozen' as Stripe.Subscription.Status, items: [] });
    assert.equal(mapSubscription(subscription).status, 'incomplete');
  });
});

describe('stripe payment option mapping', () => {
  it('drops invalid financial addresses', () => {
    const instructions: Stripe.FundingInstructions = {
      object: 'funding_instructions',
      currency: 'eur',
      funding_type: 'bank_transfer',
      livemode: false,
      bank_transfer: {
        country: 'DE',
        type: 'eu_bank_transfer',
        financial_addresses: [
          { type: 'iban', iban: { account_holder_address: {} as Stripe.Address, account_holder_name: 'Vendor GmbH', bank_address: {} as Stripe.Address, bic: 'SXPYDEHH', country: 'DE', iban: 'DE00 0000 0000 0000 0000 00' } },
          { type: 'sort_code' },
        ],
      },
    };
    const mapped = mapFundingInstructions(instructions, { amountRemaining: 2500, reference: 'INV-1' });
    assert.equal(z.safeParse(BankTransferInstructions, mapped).success, true);
    assert.equal(mapped.financial_addresses.length, 1);
    assert.equal(mapped.bank_holidays_apply, false);
  });

  it('maps an expired konbini voucher', () => {
    const intent = build.paymentIntent({ id: 'pi_k', customer: 'cus_1', amount: 1100, status: 'requires_action', next_action: { type: 'konbini_display_details', konbini_display_details: { expires_at: build.T0, hosted_voucher_url: null, stores: { familymart: { payment_code: '111' }, lawson: null, ministop: null, seicomart: null } } } });
    const voucher = mapKonbiniVoucher(intent, 'in_1', new Date((build.T0 + 1) * 1000));
    assert.equal(z.safeParse(KonbiniVoucher, voucher).success, true);
    assert.equal(voucher.status, 'expired');
    assert.deepEqual(voucher.stores, [{ store: 'familymart', payment_code: '111', confirmation_number: null }]);
  });
});

describe('stripe decline mapping', () => {
  it('conceals a stolen card', () => {
    const error = { code: 'card_declined', decline_code: 'stolen_card' };
    assert.equal(publicDeclineCodeOf(error), 'generic_decline');
    assert.equal(declineReasonOf(error), 'bank_declined');
  });

  it('maps an expired card code', () => {
    assert.equal(declineReasonOf({ code: 'expired_card' }), 'expired_card');
  });

  it('maps an empty error', () => {
    assert.equal(lastPaymentErrorOf({}, build.T0)?.decline_reason, 'bank_declined');
  });

  it('upper-cases currencies', () => {
    assert.equal(currencyOf('jpy'), 'JPY');
    assert.equal(currencyOf('currency'), 'XXX');
  });
});
