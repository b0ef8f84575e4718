/**
 * A small Stripe account for provider tests: two customers, a plan catalog in
 * JPY, saved cards with scripted outcomes, a subscription and a failed invoice.
 */
import type { BillingPolicy } from '../../../../src/server/providers/provider.js';
import { createStripeProvider, type StripeBillingProvider, type StripeProviderOptions } from '../../../../src/server/providers/stripe/index.js';
import * as build from './objects.js';
import { FakeStripe } from './server.js';

export const WEBHOOK_SECRET = 'whsec_test_fake_secret';
/** Two days after the failed invoice was created. */
export const NOW = new Date((build.T0 + 2 * build.DAY) * 1000);

export const POLICY: BillingPolicy = {
  features: {
    pause: { months: [1, 2, 3], behavior: 'keep_as_draft', keeps_access: true },
    cancel: { reasons: ['too_expensive', 'unused', 'other'], free_text: true, mode: 'period_end' },
    plan_change: { enabled: true, downgrade_timing: 'period_end' },
    dunning: { final_stage_wall: false },
  },
  allowIntervalChange: false,
  extensionDays: 7,
};

export function seedAccount(fake: FakeStripe): void {
  fake.customers.set('cus_a', build.customer({ id: 'cus_a', invoice_settings: { custom_fields: null, default_payment_method: 'pm_a1', footer: null, rendering_options: null } }));
  fake.customers.set('cus_b', build.customer({ id: 'cus_b', name: 'Other GmbH', currency: 'eur', address: { city: 'Berlin', country: 'DE', line1: 'Unter den Linden 1', line2: null, postal_code: '10117', state: null } }));

  fake.products.set('prod_basic', build.product({ id: 'prod_basic', name: 'Basic', marketing_features: [{ name: '3 seats' }] }));
  fake.products.set('prod_pro', build.product({ id: 'prod_pro', name: 'Pro', description: 'For growing teams' }));
  fake.prices.set('price_basic_m', build.price({ id: 'price_basic_m', product: 'prod_basic', unit_amount: 1000 }));
  fake.prices.set('price_pro_m', build.price({ id: 'price_pro_m', product: 'prod_pro', unit_amount: 3000 }));
  fake.prices.set('price_pro_y', build.price({ id: 'price_pro_y', product: 'prod_pro', unit_amount: 30000, recurring: { interval: 'year', interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' } }));
  fake.taxRates.set('txr_10', build.taxRate({ id: 'txr_10', percentage: 10 }));

  fake.paymentMethods.set('pm_a1', build.card({ id: 'pm_a1', customer: 'cus_a', behavior: 'decline:insufficient_funds' }));
  fake.paymentMethods.set('pm_a_3ds', build.card({ id: 'pm_a_3ds', customer: 'cus_a', last4: '3184', behavior: 'requires_action' }));
  fake.paymentMethods.set('pm_new', build.card({ id: 'pm_new', customer: null, brand: 'mastercard', last4: '4444' }));
  fake.paymentMethods.set('pm_b1', build.card({ id: 'pm_b1', customer: 'cus_b' }));

  const period = { periodStart: build.T0 - 10 * build.DAY, periodEnd: build.T0 + 20 * build.DAY };
  fake.subscriptions.set(
    'sub_a',
    build.subscription({ id: 'sub_a', customer: 'cus_a', default_payment_method: 'pm_a1', items: [build.subscriptionItem({ id: 'si_a', subscription: 'sub_a', price: fake.prices.get('price_basic_m')!, ...period })] }),
  );
  fake.subscriptions.set(
    'sub_b',
    build.subscription({ id: 'sub_b', customer: 'cus_b', currency: 'eur', items: [build.subscriptionItem({ id: 'si_b', subscription: 'sub_b', price: fake.prices.get('price_pro_m')!, ...period })] }),
  );

  const line = build.invoiceLine({
    id: 'il_a1',
    amount: 1000,
    description: 'Basic × 1',
    parent: { type: 'subscription_item_details', invoice_item_details: null, subscription_item_details: { invoice_item: null, proration: false, proration_details: null, subscription: 'sub_a', subscription_item: 'si_a' } },
    taxes: [{ amount: 100, tax_behavior: 'exclusive', tax_rate_details: { tax_rate: 'txr_10' }, taxability_reason: 'standard_rated', taxable_amount: 1000, type: 'tax_rate_details' }],
  });
  fake.invoices.set(
    'in_a_open',
    build.invoice({
      id: 'in_a_open',
      customer: 'cus_a',
      lines: [line],
      number: 'INV-0001',
      amount_due: 1100,
      amount_remaining: 1100,
      total: 1100,
      attempt_count: 1,
      attempted: true,
      next_payment_attempt: build.T0 + 4 * build.DAY,
      invoice_pdf: 'https://files.example.test/in_a_open.pdf',
      parent: { type: 'subscription_details', quote_details: null, subscription_details: { metadata: null, subscription: 'sub_a' } },
      total_taxes: [{ amount: 100, tax_behavior: 'exclusive', tax_rate_details: { tax_rate: 'txr_10' }, taxability_reason: 'standard_rated', taxable_amount: 1000, type: 'tax_rate_details' }],
    }),
  );
  fake.paymentIntents.set(
    'pi_a_open',
    build.paymentIntent({ id: 'pi_a_open', customer: 'cus_a', amount: 1100, payment_method: 'pm_a1', last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' } }),
  );
  fake.invoicePayments.set('inpay_a', build.invoicePayment({ id: 'inpay_a', invoice: 'in_a_open', paymentIntent: 'pi_a_open', amount: 1100 }));

  fake.invoices.set('in_b_open', build.invoice({ id: 'in_b_open', customer: 'cus_b', currency: 'eur', lines: [build.invoiceLine({ id: 'il_b1', amount: 2500, currency: 'eur' })], number: 'INV-B-0001' }));
  fake.paymentIntents.set('pi_b_open', build.paymentIntent({ id: 'pi_b_open', customer: 'cus_b', amount: 2500, currency: 'eur' }));
  fake.invoicePayments.set('inpay_b', build.invoicePayment({ id: 'inpay_b', invoice: 'in_b_open', paymentIntent: 'pi_b_open', amount: 2500, currency: 'eur' }));
}

/** Creates a seeded fake and a provider that talks to it. */
export function createTestProvider(overrides: Partial<StripeProviderOptions> = {}): { fake: FakeStripe; provider: StripeBillingProvider } {
  const fake = new FakeStripe();
  seedAccount(fake);
  const provider = createStripeProvider({
    stripe: fake.client(),
    publishableKey: 'pk_test_fake',
    policy: POLICY,
    webhookSecret: WEBHOOK_SECRET,
    now: () => NOW,
    ...overrides,
  });
  return { fake, provider };
}
