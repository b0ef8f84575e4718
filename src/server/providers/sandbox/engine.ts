import type { CouponDuration, CustomerRow, PriceInterval, SandboxEventRow, SandboxSettings, Store, TaxCategory } from '../../store/index.js';
import { toJson } from '../../store/index.js';
import { getOrCreateAccount, simulateBankTransfer, type BankTransferResult } from './bank-transfer.js';
import { advanceClock, type ClockEvent } from './clock.js';
import { inSandbox, type EngineContext } from './context.js';
import { getCustomer } from './customers.js';
import { invalid } from './errors.js';
import { createInvoice, getInvoice, type DraftLine } from './invoices.js';
import { createKonbiniVoucher, payKonbiniVoucher } from './konbini.js';
import { attachCard, detachPaymentMethod, setDefaultPaymentMethod, validateTestCard, type CardInput } from './payment-methods.js';
import { authenticatePayment, chargeInvoice } from './payments.js';
import { DEFAULT_SANDBOX_SETTINGS } from './settings.js';
import {
  cancelSubscription,
  changePlan,
  createSubscription,
  pauseSubscription,
  planChange,
  reactivateSubscription,
  resumeSubscription,
  type CancelInput,
  type CreateSubscriptionInput,
  type PauseInput,
  type PlanChangeInput,
} from './subscriptions.js';

export interface CreateSandboxInput {
  id: string;
  /** Initial test clock time. */
  clockStart: Date;
  settings?: Partial<SandboxSettings>;
}

export interface CustomerInput {
  id?: string;
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  country: string;
  locale: string;
  timeZone: string;
  currency: string;
  address?: CustomerRow['address'];
  metadata?: Record<string, string>;
}

export interface InvoiceItemInput {
  description: string;
  amount: number;
  quantity?: number;
  taxCategory?: TaxCategory;
}

/**
 * The sandbox billing engine: customers, catalog, subscriptions, invoices,
 * payments and the test clock of one sandbox in the store. Every method runs
 * in one transaction, so a failure changes nothing.
 */
export class SandboxEngine {
  constructor(
    readonly store: Store,
    readonly sandboxId: string,
  ) {}

  /** Creates a sandbox with its clock at `clockStart` and returns its engine. */
  static async create(store: Store, input: CreateSandboxInput): Promise<SandboxEngine> {
    await store.db
      .insertInto('sandboxes')
      .values({
        id: input.id,
        clock_now: input.clockStart,
        created_at: input.clockStart,
        settings: toJson({ ...DEFAULT_SANDBOX_SETTINGS, ...input.settings }),
      })
      .execute();
    return new SandboxEngine(store, input.id);
  }

  /** Runs `fn` in one transaction on this sandbox. */
  run<T>(fn: (ctx: EngineContext) => Promise<T>): Promise<T> {
    return inSandbox(this.store, this.sandboxId, fn);
  }

  async now(): Promise<Date> {
    const row = await this.store.db.selectFrom('sandboxes').select('clock_now').where('id', '=', this.sandboxId).executeTakeFirstOrThrow();
    return row.clock_now;
  }

  createCustomer(input: CustomerInput): Promise<CustomerRow> {
    return this.run(async (ctx) => {
      const id = input.id ?? ctx.nextId('cus');
      await ctx.trx
        .insertInto('customers')
        .values({
          sandbox_id: ctx.sandboxId,
          id,
          email: input.email ?? null,
          name: input.name ?? null,
          phone: input.phone ?? null,
          country: input.country,
          locale: input.locale,
          time_zone: input.timeZone,
          currency: input.currency,
          address: input.address ? toJson(input.address) : null,
          default_payment_method_id: null,
          created_at: ctx.now,
          metadata: toJson(input.metadata ?? {}),
        })
        .execute();
      await ctx.emit('customer.created', id);
      return getCustomer(ctx, id);
    });
  }

  addTaxId(customerId: string, input: { type: string; value: string; country: string | null }): Promise<string> {
    return this.run(async (ctx) => {
      await getCustomer(ctx, customerId);
      const id = ctx.nextId('txi');
      await ctx.trx
        .insertInto('customer_tax_ids')
        .values({
          sandbox_id: ctx.sandboxId,
          id,
          customer_id: customerId,
          type: input.type,
          value: input.value,
          country: input.country,
          verification_status: 'verified',
          created_at: ctx.now,
        })
        .execute();
      return id;
    });
  }

  createProduct(input: { id: string; name: string; description?: string | null; taxCategory?: TaxCategory; features?: string[] }): Promise<void> {
    return this.run(async (ctx) => {
      await ctx.trx
        .insertInto('products')
        .values({
          sandbox_id: ctx.sandboxId,
          id: input.id,
          name: input.name,
          description: input.description ?? null,
          tax_category: input.taxCategory ?? 'standard',
          features: toJson(input.features ?? []),
          active: true,
          created_at: ctx.now,
        })
        .execute();
    });
  }

  createPrice(input: { id: string; productId: string; currency: string; unitAmount: number; interval: PriceInterval; intervalCount?: number; tier?: number; nickname?: string | null }): Promise<void> {
    if (!Number.isSafeInteger(input.unitAmount) || input.unitAmount < 0) {
      throw invalid('unit_amount', `The unit amount must be a non-negative integer in minor units, got ${input.unitAmount}.`);
    }
    return this.run(async (ctx) => {
      await ctx.trx
        .insertInto('prices')
        .values({
          sandbox_id: ctx.sandboxId,
          id: input.id,
          product_id: input.productId,
          currency: input.currency,
          unit_amount: input.unitAmount,
          interval: input.interval,
          interval_count: input.intervalCount ?? 1,
          nickname: input.nickname ?? null,
          lookup_key: null,
          tier: input.tier ?? 0,
          active: true,
          created_at: ctx.now,
        })
        .execute();
    });
  }

  createCoupon(input: { id: string; name: string; percentOff?: number; amountOff?: number; currency?: string; duration: CouponDuration; durationInMonths?: number }): Promise<void> {
    return this.run(async (ctx) => {
      await ctx.trx
        .insertInto('coupons')
        .values({
          sandbox_id: ctx.sandboxId,
          id: input.id,
          name: input.name,
          percent_off: input.percentOff ?? null,
          amount_off: input.amountOff ?? null,
          currency: input.currency ?? null,
          duration: input.duration,
          duration_in_months: input.durationInMonths ?? null,
          created_at: ctx.now,
        })
        .execute();
    });
  }

  /** Saves a test card for the customer, optionally as their default. */
  attachTestCard(customerId: string, card: CardInput, options: { setDefault?: boolean } = {}): Promise<string> {
    return this.run(async (ctx) => {
      const testCard = validateTestCard(ctx, card);
      const row = await attachCard(ctx, customerId, { testCard, exp_month: card.exp_month, exp_year: card.exp_year });
      if (options.setDefault) await setDefaultPaymentMethod(ctx, customerId, row.id);
      return row.id;
    });
  }

  setDefaultPaymentMethod(customerId: string, paymentMethodId: string): Promise<void> {
    return this.run(async (ctx) => {
      await setDefaultPaymentMethod(ctx, customerId, paymentMethodId);
    });
  }

  detachPaymentMethod(customerId: string, paymentMethodId: string): Promise<void> {
    return this.run((ctx) => detachPaymentMethod(ctx, customerId, paymentMethodId));
  }

  createSubscription(input: CreateSubscriptionInput): Promise<string> {
    return this.run(async (ctx) => (await createSubscription(ctx, input)).id);
  }

  previewPlanChange(subscriptionId: string, customerId: string, input: PlanChangeInput) {
    return this.run((ctx) => planChange(ctx, subscriptionId, customerId, input));
  }

  changePlan(subscriptionId: string, customerId: string, input: PlanChangeInput) {
    return this.run((ctx) => changePlan(ctx, subscriptionId, customerId, input));
  }

  pauseSubscription(subscriptionId: string, customerId: string, input: PauseInput) {
    return this.run((ctx) => pauseSubscription(ctx, subscriptionId, customerId, input));
  }

  resumeSubscription(subscriptionId: string, customerId: string) {
    return this.run((ctx) => resumeSubscription(ctx, subscriptionId, customerId));
  }

  cancelSubscription(subscriptionId: string, customerId: string, input: CancelInput) {
    return this.run((ctx) => cancelSubscription(ctx, subscriptionId, customerId, input));
  }

  reactivateSubscription(subscriptionId: string, customerId: string) {
    return this.run((ctx) => reactivateSubscription(ctx, subscriptionId, customerId));
  }

  /** Creates and finalizes a one-off invoice from items, such as a manual charge. */
  createInvoice(customerId: string, items: InvoiceItemInput[], options: { collect?: boolean } = {}): Promise<string> {
    return this.run(async (ctx) => {
      const customer = await getCustomer(ctx, customerId);
      const lines: DraftLine[] = items.map((item) => {
        if (!Number.isSafeInteger(item.amount)) throw invalid('amount', `Item amounts must be integers in minor units, got ${item.amount}.`);
        const quantity = item.quantity ?? 1;
        return {
          kind: 'invoice_item',
          description: item.description,
          priceId: null,
          quantity,
          unitAmount: Math.trunc(item.amount / quantity),
          amount: item.amount,
          taxCategory: item.taxCategory ?? 'standard',
          periodStart: ctx.now,
          periodEnd: ctx.now,
        };
      });
      const invoice = await createInvoice(ctx, {
        customer,
        subscriptionId: null,
        billingReason: 'manual',
        collectionMethod: 'charge_automatically',
        daysUntilDue: null,
        lines,
        coupon: null,
        periodStart: ctx.now,
        periodEnd: ctx.now,
      });
      if (options.collect && invoice.status === 'open') await chargeInvoice(ctx, invoice.id, { offSession: true });
      return invoice.id;
    });
  }

  /** Pays an open invoice now with a saved card (the default unless one is named). */
  payInvoice(customerId: string, invoiceId: string, options: { paymentMethodId?: string } = {}) {
    return this.run(async (ctx) => {
      const invoice = await getInvoice(ctx, invoiceId);
      if (invoice.customer_id !== customerId) throw invalid('id', `No invoice with id ${invoiceId}.`, 'resource_missing');
      const chargeOptions: { offSession: boolean; paymentMethodId?: string } = { offSession: false };
      if (options.paymentMethodId) chargeOptions.paymentMethodId = options.paymentMethodId;
      return chargeInvoice(ctx, invoiceId, chargeOptions);
    });
  }

  authenticatePayment(paymentId: string, result: 'approve' | 'deny') {
    return this.run((ctx) => authenticatePayment(ctx, paymentId, result));
  }

  bankTransferAccount(customerId: string) {
    return this.run(async (ctx) => getOrCreateAccount(ctx, customerId, (await getCustomer(ctx, customerId)).currency));
  }

  simulateBankTransfer(input: { customerId: string; amount: number; currency: string; reference?: string | null }): Promise<BankTransferResult> {
    return this.run((ctx) => simulateBankTransfer(ctx, input));
  }

  createKonbiniVoucher(customerId: string, invoiceId: string) {
    return this.run((ctx) => createKonbiniVoucher(ctx, customerId, invoiceId));
  }

  payKonbiniVoucher(voucherId: string) {
    return this.run((ctx) => payKonbiniVoucher(ctx, voucherId));
  }

  /** Moves the test clock forward to `target`, running every event due on the way. */
  advanceTo(target: Date): Promise<ClockEvent[]> {
    return this.run((ctx) => advanceClock(ctx, target));
  }

  /** Moves the test clock forward by `seconds`. */
  async advanceBy(seconds: number): Promise<ClockEvent[]> {
    if (!Number.isFinite(seconds) || seconds < 0) throw invalid('duration', `The clock moves forward only; got ${seconds} seconds.`);
    return this.run((ctx) => advanceClock(ctx, new Date(ctx.now.getTime() + seconds * 1000)));
  }

  /** Lists the engine's events in the order they happened. */
  listEvents(): Promise<SandboxEventRow[]> {
    return this.store.db.selectFrom('sandbox_events').selectAll().where('sandbox_id', '=', this.sandboxId).orderBy('seq').execute();
  }
}
