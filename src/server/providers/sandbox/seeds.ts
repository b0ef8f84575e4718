// Deterministic demo and test data: fixed ids, a fixed clock, and the same
// rows on every run. The scenarios are played through the engine on the
// test clock from 2026-03-01, so every state (a failed renewal, a pending
// 3-D Secure payment, a pause) is one the engine itself produced. The long
// invoice history is inserted in bulk.

import type { NewInvoice, NewInvoiceLine, Store } from '../../store/index.js';
import { toJson } from '../../store/index.js';
import type { EngineContext } from './context.js';
import { SandboxEngine } from './engine.js';
import { attachCard, setDefaultPaymentMethod } from './payment-methods.js';
import { DEFAULT_SANDBOX_SETTINGS } from './settings.js';
import { findTestCard } from './test-cards.js';
import { addInterval } from './time.js';

export const SEED_SANDBOX_ID = 'sb_demo';
/** The clock after seeding. */
export const SEED_CLOCK = new Date('2026-11-01T00:00:00Z');
/** The clock when seeding starts, early enough for the histories below. */
export const SEED_HISTORY_START = new Date('2026-03-01T00:00:00Z');

/** The seeded customers, with what each one shows. */
export const SEED_CUSTOMERS = [
  {
    id: 'cus_jp_expired',
    name: '山田 花子',
    locale: 'ja-JP',
    description: 'Japan, JPY: renewal on 2026-10-25 failed because the card expired; past due, waiting for a new card.',
  },
  {
    id: 'cus_de_reverse_charge',
    name: 'Musterfirma GmbH',
    locale: 'de-DE',
    description: 'German business with a VAT ID, EUR: invoices under reverse charge; renewal failed for insufficient funds and is being retried.',
  },
  {
    id: 'cus_us_annual',
    name: 'Acme Corp.',
    locale: 'en-US',
    description: 'United States, USD: healthy yearly plan, no tax.',
  },
  {
    id: 'cus_jp_paused',
    name: '佐藤 健',
    locale: 'ja-JP',
    description: 'Japan, JPY: subscription paused until 2027-01-20.',
  },
  {
    id: 'cus_3ds_renewal',
    name: 'Camille Martin',
    locale: 'fr-FR',
    description: 'France, EUR: renewal on 2026-10-30 needs 3-D Secure authentication.',
  },
  {
    id: 'cus_many_invoices',
    name: 'Longtime Customer LLC',
    locale: 'en-US',
    description: 'United States, USD: 150 monthly invoices since 2014, for pagination.',
  },
] as const;

export type SeedCustomerId = (typeof SEED_CUSTOMERS)[number]['id'];

const MANY_INVOICES_BULK = 142;

async function seedCatalog(engine: SandboxEngine): Promise<void> {
  await engine.createProduct({ id: 'prod_starter', name: 'Starter', description: 'For individuals', features: ['1 project', 'Email support'] });
  await engine.createProduct({ id: 'prod_team', name: 'Team', description: 'For small teams', features: ['10 projects', 'Priority support'] });
  await engine.createProduct({ id: 'prod_business', name: 'Business', description: 'For companies', features: ['Unlimited projects', 'SSO', 'Dedicated support'] });
  await engine.createProduct({ id: 'prod_newsletter', name: 'Printed newsletter', description: 'Twice-weekly print edition', taxCategory: 'reduced' });

  const plans: Array<{ product: string; tier: number; amounts: Record<'JPY' | 'USD' | 'EUR', number> }> = [
    { product: 'starter', tier: 1, amounts: { JPY: 1_000, USD: 900, EUR: 900 } },
    { product: 'team', tier: 2, amounts: { JPY: 3_000, USD: 2_900, EUR: 2_700 } },
    { product: 'business', tier: 3, amounts: { JPY: 9_800, USD: 9_900, EUR: 8_900 } },
  ];
  for (const plan of plans) {
    for (const currency of ['JPY', 'USD', 'EUR'] as const) {
      const monthly = plan.amounts[currency];
      const lower = currency.toLowerCase();
      await engine.createPrice({ id: `price_${plan.product}_${lower}_month`, productId: `prod_${plan.product}`, currency, unitAmount: monthly, interval: 'month', tier: plan.tier });
      // Yearly plans cost ten months.
      await engine.createPrice({ id: `price_${plan.product}_${lower}_year`, productId: `prod_${plan.product}`, currency, unitAmount: monthly * 10, interval: 'year', tier: plan.tier });
    }
  }
  await engine.createPrice({ id: 'price_newsletter_jpy_month', productId: 'prod_newsletter', currency: 'JPY', unitAmount: 800, interval: 'month', tier: 0 });

  await engine.createCoupon({ id: 'coupon_retention_20', name: '20% off for 3 months', percentOff: 20, duration: 'repeating', durationInMonths: 3 });
  await engine.createCoupon({ id: 'coupon_welcome_50', name: '50% off the first month', percentOff: 50, duration: 'once' });
}

async function seedCustomers(engine: SandboxEngine): Promise<void> {
  await engine.createCustomer({
    id: 'cus_jp_expired',
    name: '山田 花子',
    email: 'hanako.yamada@example.jp',
    country: 'JP',
    locale: 'ja-JP',
    timeZone: 'Asia/Tokyo',
    currency: 'JPY',
    address: { line1: '渋谷区神南1-2-3', line2: null, city: '東京都', state: null, postal_code: '150-0041', country: 'JP' },
  });
  await engine.createCustomer({
    id: 'cus_de_reverse_charge',
    name: 'Musterfirma GmbH',
    email: 'buchhaltung@musterfirma.example',
    country: 'DE',
    locale: 'de-DE',
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
    address: { line1: 'Musterstraße 1', line2: null, city: 'Berlin', state: null, postal_code: '10115', country: 'DE' },
  });
  await engine.addTaxId('cus_de_reverse_charge', { type: 'eu_vat', value: 'DE123456789', country: 'DE' });
  await engine.createCustomer({
    id: 'cus_us_annual',
    name: 'Acme Corp.',
    email: 'billing@acme.example',
    country: 'US',
    locale: 'en-US',
    timeZone: 'America/New_York',
    currency: 'USD',
    address: { line1: '1 Main Street', line2: null, city: 'Springfield', state: 'IL', postal_code: '62701', country: 'US' },
  });
  await engine.createCustomer({
    id: 'cus_jp_paused',
    name: '佐藤 健',
    email: 'ken.sato@example.jp',
    country: 'JP',
    locale: 'ja-JP',
    timeZone: 'Asia/Tokyo',
    currency: 'JPY',
    address: { line1: '北区梅田2-4-9', line2: null, city: '大阪府', state: null, postal_code: '530-0001', country: 'JP' },
  });
  await engine.createCustomer({
    id: 'cus_3ds_renewal',
    name: 'Camille Martin',
    email: 'camille.martin@example.fr',
    country: 'FR',
    locale: 'fr-FR',
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    address: { line1: '10 rue de Rivoli', line2: null, city: 'Paris', state: null, postal_code: '75001', country: 'FR' },
  });
  await engine.createCustomer({
    id: 'cus_many_invoices',
    name: 'Longtime Customer LLC',
    email: 'ap@longtime.example',
    country: 'US',
    locale: 'en-US',
    timeZone: 'America/Los_Angeles',
    currency: 'USD',
    address: { line1: '500 Market Street', line2: null, city: 'San Francisco', state: 'CA', postal_code: '94105', country: 'US' },
  });
}

/** Saves a test card with a fixed id, bypassing the expiry check (the card may expire later on the clock). */
async function seedCard(ctx: EngineContext, customerId: string, id: string, number: string, expMonth: number, expYear: number, setDefault: boolean): Promise<void> {
  const testCard = findTestCard(number);
  if (!testCard) throw new Error(`Seed card ${number} is not a known test card.`);
  await attachCard(ctx, customerId, { testCard, exp_month: expMonth, exp_year: expYear }, id);
  if (setDefault) await setDefaultPaymentMethod(ctx, customerId, id);
}

/**
 * Inserts the long monthly history of `cus_many_invoices` in three bulk
 * statements: 142 paid invoices from 2014-05-15 to 2026-02-15, with their
 * lines and payments. The engine then bills the 8 months up to 2026-10-15
 * itself, for 150 invoices in all.
 */
async function seedInvoiceHistory(ctx: EngineContext): Promise<void> {
  const customerId = 'cus_many_invoices';
  const anchor = new Date('2014-05-15T00:00:00Z');
  const unitAmount = 900;
  const issuer = toJson(ctx.settings.eu_issuer);
  const snapshot = toJson({
    name: 'Longtime Customer LLC',
    email: 'ap@longtime.example',
    country: 'US',
    address: { line1: '500 Market Street', line2: null, city: 'San Francisco', state: 'CA', postal_code: '94105', country: 'US' },
    tax_ids: [],
  });

  const invoices: NewInvoice[] = [];
  const lines: NewInvoiceLine[] = [];
  const attempts: Array<Parameters<typeof insertAttempts>[1][number]> = [];
  for (let index = 0; index < MANY_INVOICES_BULK; index += 1) {
    const periodStart = addInterval(anchor, 'month', index);
    const periodEnd = addInterval(anchor, 'month', index + 1);
    const sequence = String(index + 1).padStart(4, '0');
    const id = `in_history_${sequence}`;
    invoices.push({
      sandbox_id: ctx.sandboxId,
      id,
      number: `${ctx.settings.invoice_number_prefix}-${String(index + 1).padStart(6, '0')}`,
      customer_id: customerId,
      subscription_id: 'sub_many_invoices',
      status: 'paid',
      billing_reason: index === 0 ? 'subscription_create' : 'subscription_cycle',
      collection_method: 'charge_automatically',
      currency: 'USD',
      subtotal: unitAmount,
      discount_total: 0,
      tax_total: 0,
      total: unitAmount,
      balance_applied: 0,
      amount_paid: unitAmount,
      amount_remaining: 0,
      period_start: periodStart,
      period_end: periodEnd,
      created_at: periodStart,
      finalized_at: periodStart,
      paid_at: periodStart,
      auto_advance: true,
      attempt_count: 1,
      next_payment_attempt: null,
      last_payment_attempt_id: `py_history_${sequence}`,
      reverse_charge: false,
      issuer,
      customer_snapshot: snapshot,
    });
    lines.push({
      sandbox_id: ctx.sandboxId,
      id: `il_history_${sequence}`,
      invoice_id: id,
      position: 0,
      kind: 'subscription',
      description: 'Starter',
      price_id: 'price_starter_usd_month',
      quantity: 1,
      unit_amount: unitAmount,
      amount: unitAmount,
      discount_amount: 0,
      tax_category: 'standard',
      tax_rate_id: null,
      period_start: periodStart,
      period_end: periodEnd,
    });
    attempts.push({ id: `py_history_${sequence}`, invoiceId: id, at: periodStart });
  }

  await ctx.trx.insertInto('invoices').values(invoices).execute();
  await ctx.trx.insertInto('invoice_lines').values(lines).execute();
  await insertAttempts(ctx, attempts, unitAmount);
  await ctx.trx.updateTable('sandboxes').set({ invoice_number_seq: MANY_INVOICES_BULK }).where('id', '=', ctx.sandboxId).execute();

  const currentStart = addInterval(anchor, 'month', MANY_INVOICES_BULK);
  await ctx.trx
    .insertInto('subscriptions')
    .values({
      sandbox_id: ctx.sandboxId,
      id: 'sub_many_invoices',
      customer_id: customerId,
      status: 'active',
      price_id: 'price_starter_usd_month',
      quantity: 1,
      collection_method: 'charge_automatically',
      billing_cycle_anchor: anchor,
      current_period_start: addInterval(anchor, 'month', MANY_INVOICES_BULK - 1),
      current_period_end: currentStart,
      cancel_at_period_end: false,
      latest_invoice_id: `in_history_${String(MANY_INVOICES_BULK).padStart(4, '0')}`,
      created_at: anchor,
    })
    .execute();
}

async function insertAttempts(ctx: EngineContext, attempts: Array<{ id: string; invoiceId: string; at: Date }>, amount: number): Promise<void> {
  await ctx.trx
    .insertInto('payment_attempts')
    .values(
      attempts.map((attempt) => ({
        sandbox_id: ctx.sandboxId,
        id: attempt.id,
        invoice_id: attempt.invoiceId,
        customer_id: 'cus_many_invoices',
        payment_method_id: 'pm_many_visa',
        channel: 'card' as const,
        amount,
        currency: 'USD',
        status: 'succeeded' as const,
        off_session: true,
        created_at: attempt.at,
        resolved_at: attempt.at,
      })),
    )
    .execute();
}

/**
 * Creates the demo sandbox `sandboxId` (default `sb_demo`) with the seeded
 * catalog and customers and its clock at 2026-11-01T00:00:00Z, and returns
 * its engine. The same call always produces the same rows.
 */
export async function seedSandbox(store: Store, sandboxId: string = SEED_SANDBOX_ID): Promise<SandboxEngine> {
  const engine = await SandboxEngine.create(store, { id: sandboxId, clockStart: SEED_HISTORY_START, settings: DEFAULT_SANDBOX_SETTINGS });
  await seedCatalog(engine);
  await seedCustomers(engine);

  await engine.run(async (ctx) => {
    await seedCard(ctx, 'cus_us_annual', 'pm_us_visa', '4242424242424242', 8, 2029, true);
    await seedCard(ctx, 'cus_jp_paused', 'pm_jp_paused_visa', '4242424242424242', 4, 2028, true);
    // Valid through September 2026, so the October renewal finds it expired.
    await seedCard(ctx, 'cus_jp_expired', 'pm_jp_expired_visa', '4242424242424242', 9, 2026, true);
    await seedCard(ctx, 'cus_de_reverse_charge', 'pm_de_visa', '4242424242424242', 6, 2028, true);
    await seedCard(ctx, 'cus_3ds_renewal', 'pm_fr_visa', '4242424242424242', 3, 2028, true);
    await seedCard(ctx, 'cus_many_invoices', 'pm_many_visa', '5555555555554444', 11, 2030, true);
    await seedInvoiceHistory(ctx);
  });

  await engine.advanceTo(new Date('2026-03-10T00:00:00Z'));
  await engine.createSubscription({ id: 'sub_us_annual', customerId: 'cus_us_annual', priceId: 'price_team_usd_year' });

  await engine.advanceTo(new Date('2026-08-05T00:00:00Z'));
  await engine.createSubscription({ id: 'sub_jp_paused', customerId: 'cus_jp_paused', priceId: 'price_starter_jpy_month' });

  await engine.advanceTo(new Date('2026-09-25T00:00:00Z'));
  await engine.createSubscription({ id: 'sub_jp_expired', customerId: 'cus_jp_expired', priceId: 'price_team_jpy_month' });

  await engine.advanceTo(new Date('2026-09-28T00:00:00Z'));
  await engine.createSubscription({ id: 'sub_de_reverse_charge', customerId: 'cus_de_reverse_charge', priceId: 'price_team_eur_month' });

  await engine.advanceTo(new Date('2026-09-30T00:00:00Z'));
  await engine.createSubscription({ id: 'sub_3ds_renewal', customerId: 'cus_3ds_renewal', priceId: 'price_team_eur_month' });

  await engine.advanceTo(new Date('2026-10-20T01:00:00Z'));
  await engine.pauseSubscription('sub_jp_paused', 'cus_jp_paused', { mode: 'subscription', resumesAt: new Date('2027-01-20T00:00:00Z') });

  // Both customers replace their cards before the October renewals.
  await engine.advanceTo(new Date('2026-10-21T00:00:00Z'));
  await engine.run(async (ctx) => {
    await seedCard(ctx, 'cus_de_reverse_charge', 'pm_de_low_funds', '4000000000009995', 6, 2029, true);
    await seedCard(ctx, 'cus_3ds_renewal', 'pm_fr_3ds', '4000002760003184', 3, 2029, true);
  });

  await engine.advanceTo(SEED_CLOCK);
  return engine;
}
