// The sandbox as a BillingProvider: every method runs in one transaction on
// the sandbox and returns contract types. Objects of another customer are
// reported as missing, exactly like absent ones.

import type {
  AcceptOfferRequest,
  AuthenticatePaymentRequest,
  BankTransferInstructions,
  BankTransferRequest,
  BankTransferSimulation,
  BillingDetails,
  CancelRequest,
  CompleteSetupRequest,
  CreateSetupRequest,
  CreateTaxIdRequest,
  DeletedPaymentMethod,
  DeletedTaxId,
  DunningEventRequest,
  DunningState,
  ExtensionRequest,
  FinancialAddress,
  InvoiceDetail,
  InvoiceList,
  InvoiceListQuery,
  KonbiniVoucher,
  KonbiniVoucherRequest,
  ListQuery,
  PauseRequest,
  PayByInvoiceApplication,
  PayByInvoiceRequest,
  PayInvoiceRequest,
  Payment,
  PaymentMethod,
  PaymentMethodList,
  PaymentOption,
  PaymentOptions,
  PaymentOptionsQuery,
  PlanCatalog,
  PlanCatalogQuery,
  RetentionOfferList,
  RetentionOffersQuery,
  RetentionStats,
  SandboxCustomer,
  SetupResult,
  SetupSession,
  SimulateBankTransferRequest,
  Subscription,
  SubscriptionChangePreview,
  SubscriptionChangeRequest,
  SubscriptionList,
  TaxId,
  TestClock,
  UpdateBillingDetailsRequest,
} from '../../../contract/index.js';
import { validateTaxId } from '../../../contract/index.js';
import { renderInvoicePdf } from '../../pdf/index.js';
import { toJson, type InvoiceRow, type Store } from '../../store/index.js';
import {
  ProviderError,
  type BillingPolicy,
  type BillingProvider,
  type CustomerProfile,
  type DunningRecovery,
  type DunningRecoveryListener,
  type SandboxControls,
} from '../provider.js';
import { getOrCreateAccount, openInvoicesOldestFirst, simulateBankTransfer } from './bank-transfer.js';
import { getCoupon } from './catalog.js';
import { advanceClock } from './clock.js';
import type { EngineContext } from './context.js';
import { getCustomer, listTaxIds } from './customers.js';
import { SandboxEngine } from './engine.js';
import { conflict, invalid, missing, missingAs } from './errors.js';
import { getInvoice } from './invoices.js';
import { KONBINI_MAX_JPY, KONBINI_MIN_JPY, createKonbiniVoucher, payKonbiniVoucher } from './konbini.js';
import {
  declineReasonOf,
  mapBillingDetails,
  mapInvoice,
  mapInvoiceDetail,
  mapKonbiniVoucher,
  mapPayment,
  mapPaymentMethod,
  mapTaxId,
} from './map.js';
import { attachCard, detachPaymentMethod, getPaymentMethod, listPaymentMethods, setDefaultPaymentMethod, validateTestCard } from './payment-methods.js';
import { authenticatePayment, chargeInvoice, getPaymentAttempt, getPaymentAttempts, type ChargeOptions } from './payments.js';
import { getDunningState, recordDunningEvent, requestDunningExtension } from './provider-dunning.js';
import {
  DEFAULT_RETENTION_OFFERS,
  acceptRetentionOffer,
  applyChange,
  listPlans,
  listRetentionOffers,
  pauseForMonths,
  previewChange,
  recordCancellation,
  retentionStats,
  toContractSubscription,
  type SandboxRetentionOffer,
} from './provider-subscriptions.js';
import { SEED_CUSTOMERS, SEED_SANDBOX_ID, seedSandbox } from './seeds.js';
import { cancelScheduledChange, cancelSubscription, getSubscription, reactivateSubscription, resumeSubscription } from './subscriptions.js';
import { TEST_CARDS, type TestCard } from './test-cards.js';

export interface SandboxProviderOptions {
  store: Store;
  policy: BillingPolicy;
  /** Sandbox to serve. [default: `sb_demo`] */
  sandboxId?: string;
  /** Seed the sandbox with the demo scenarios when it does not exist yet. [default: true] */
  seed?: boolean;
  retentionOffers?: SandboxRetentionOffer[];
  /** Payment terms, in days, offered for pay by invoice; empty turns the option off. [default: [30]] */
  payByInvoiceTermsDays?: number[];
  /**
   * Receives invoices in dunning that the test clock's retries, simulated
   * bank transfers and konbini payments paid, after the change commits.
   * Payments made in customer requests are not reported; the routes see those.
   */
  onDunningRecovery?: DunningRecoveryListener;
}

/**
 * Declines a card setup check would catch. A setup verifies the card without
 * charging it, so insufficient funds and 4000000000000341 pass and fail only
 * on a charge.
 * NOTE: which Stripe test cards fail at SetupIntent confirmation is inferred
 * from Stripe's test-card descriptions, not confirmed card by card.
 */
const SETUP_DECLINES: Partial<Record<TestCard['behavior'], string>> = {
  generic_decline: 'generic_decline',
  expired_card: 'expired_card',
  incorrect_cvc: 'incorrect_cvc',
  lost_card: 'lost_card',
  stolen_card: 'stolen_card',
  fraudulent: 'fraudulent',
};

const DEFAULT_PAGE_SIZE = 10;

const TAX_ID_PROBLEMS = {
  check_digit: 'its check digit is wrong',
  unknown_country: 'its country prefix is unknown',
  format: 'its format is wrong',
} as const;

/** Opens (and by default seeds) a sandbox and returns it as a BillingProvider. */
export async function createSandboxProvider(options: SandboxProviderOptions): Promise<SandboxProvider> {
  const sandboxId = options.sandboxId ?? SEED_SANDBOX_ID;
  const exists = await options.store.db.selectFrom('sandboxes').select('id').where('id', '=', sandboxId).executeTakeFirst();
  let engine: SandboxEngine;
  if (exists) engine = new SandboxEngine(options.store, sandboxId);
  else if (options.seed === false) engine = await SandboxEngine.create(options.store, { id: sandboxId, clockStart: new Date() });
  else engine = await seedSandbox(options.store, sandboxId);
  return new SandboxProvider(engine, options);
}

export class SandboxProvider implements BillingProvider {
  readonly kind = 'sandbox' as const;
  readonly sandbox: SandboxControls;
  readonly #policy: BillingPolicy;
  readonly #offers: SandboxRetentionOffer[];
  readonly #payByInvoiceTerms: number[];
  readonly #onDunningRecovery: DunningRecoveryListener | undefined;

  constructor(
    readonly engine: SandboxEngine,
    options: Omit<SandboxProviderOptions, 'store'>,
  ) {
    this.#policy = options.policy;
    this.#offers = options.retentionOffers ?? DEFAULT_RETENTION_OFFERS;
    this.#payByInvoiceTerms = options.payByInvoiceTermsDays ?? [30];
    this.#onDunningRecovery = options.onDunningRecovery;
    this.sandbox = {
      listCustomers: () => this.#listSandboxCustomers(),
      getClock: async () => ({ object: 'test_clock', frozen_time: (await this.engine.now()).toISOString(), events_run: 0 }),
      advanceClock: (seconds) => this.#advance(seconds),
      simulateBankTransfer: (input) => this.#simulateBankTransfer(input),
      payKonbiniVoucher: (voucherId) => this.#runReportingRecoveries(async (ctx) => mapKonbiniVoucher(await payKonbiniVoucher(ctx, voucherId))),
    };
  }

  #run<T>(fn: (ctx: EngineContext) => Promise<T>): Promise<T> {
    return this.engine.run(fn);
  }

  /**
   * Runs `fn` like `#run` and reports each invoice in dunning it paid to
   * `onDunningRecovery` once the transaction commits. The labels are the
   * banner's state just before each payment, at that payment's clock time.
   */
  async #runReportingRecoveries<T>(fn: (ctx: EngineContext) => Promise<T>): Promise<T> {
    const listener = this.#onDunningRecovery;
    if (!listener) return this.#run(fn);
    let recoveries: DunningRecovery[] = [];
    const result = await this.#run(async (ctx) => {
      recoveries = [];
      ctx.beforeInvoicePaid = async (invoice) => {
        if (invoice.first_failed_at === null || (invoice.status !== 'open' && invoice.status !== 'uncollectible')) return;
        const state = await getDunningState(ctx, invoice.customer_id, this.#policy);
        if (state.status === 'none' || state.invoice_id !== invoice.id) return;
        recoveries.push({ invoiceId: invoice.id, customerId: invoice.customer_id, labels: { reason: state.reason, tone: state.tone, variant: state.variant } });
      };
      return fn(ctx);
    });
    for (const recovery of recoveries) await listener(recovery);
    return result;
  }

  /** Loads the customer or raises `resource_missing`. */
  async #customer(ctx: EngineContext, customerId: string) {
    return getCustomer(ctx, customerId);
  }

  async #ownInvoice(ctx: EngineContext, customerId: string, invoiceId: string): Promise<InvoiceRow> {
    const invoice = await getInvoice(ctx, invoiceId).catch(() => null);
    if (!invoice || invoice.customer_id !== customerId) throw missing('invoice', invoiceId);
    return invoice;
  }

  /** Returns the named invoice when it is open, or every open invoice when none is named. */
  async #payableInvoices(ctx: EngineContext, customerId: string, currency: string, invoice: InvoiceRow | null): Promise<InvoiceRow[]> {
    if (!invoice) return openInvoicesOldestFirst(ctx, customerId, currency);
    return invoice.status === 'open' ? [invoice] : [];
  }

  async #lastAttempt(ctx: EngineContext, invoice: InvoiceRow) {
    return invoice.last_payment_attempt_id ? getPaymentAttempt(ctx, invoice.last_payment_attempt_id) : null;
  }

  async now(): Promise<Date> {
    return this.engine.now();
  }

  async getCustomer(customerId: string): Promise<CustomerProfile | null> {
    return this.#run(async (ctx) => {
      const customer = await getCustomer(ctx, customerId).catch(() => null);
      if (!customer) return null;
      return {
        id: customer.id,
        name: customer.name,
        email: customer.email,
        country: customer.country,
        locale: customer.locale,
        timeZone: customer.time_zone,
        currency: customer.currency,
      };
    });
  }

  // Invoices and payments

  async listInvoices(customerId: string, query: InvoiceListQuery): Promise<InvoiceList> {
    return this.#run(async (ctx) => {
      await this.#customer(ctx, customerId);
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      let select = ctx.trx.selectFrom('invoices').selectAll().where('sandbox_id', '=', ctx.sandboxId).where('customer_id', '=', customerId);
      select = query.status ? select.where('status', '=', query.status) : select.where('status', '!=', 'draft');
      if (query.starting_after) {
        const cursor = await this.#ownInvoice(ctx, customerId, query.starting_after);
        select = select.where((eb) =>
          eb.or([eb('created_at', '<', cursor.created_at), eb.and([eb('created_at', '=', cursor.created_at), eb('id', '<', cursor.id)])]),
        );
      }
      const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      // Loads the last attempts of the whole page in one query instead of one per invoice.
      const attempts = await getPaymentAttempts(
        ctx,
        page.flatMap((invoice) => (invoice.last_payment_attempt_id ? [invoice.last_payment_attempt_id] : [])),
      );
      const data = page.map((invoice) => mapInvoice(invoice, invoice.last_payment_attempt_id ? attempts.get(invoice.last_payment_attempt_id)! : null));
      const hasMore = rows.length > limit;
      return { object: 'list', data, has_more: hasMore, next_cursor: hasMore ? (page.at(-1)?.id ?? null) : null };
    });
  }

  async getInvoice(customerId: string, invoiceId: string): Promise<InvoiceDetail> {
    return this.#run((ctx) => this.#invoiceDetail(ctx, customerId, invoiceId));
  }

  async #invoiceDetail(ctx: EngineContext, customerId: string, invoiceId: string): Promise<InvoiceDetail> {
    const invoice = await this.#ownInvoice(ctx, customerId, invoiceId);
    const lines = await ctx.trx.selectFrom('invoice_lines').selectAll().where('sandbox_id', '=', ctx.sandboxId).where('invoice_id', '=', invoiceId).orderBy('position').execute();
    const taxes = await ctx.trx.selectFrom('invoice_taxes').selectAll().where('sandbox_id', '=', ctx.sandboxId).where('invoice_id', '=', invoiceId).orderBy('position').execute();
    return mapInvoiceDetail(invoice, await this.#lastAttempt(ctx, invoice), lines, taxes, await getCoupon(ctx, invoice.coupon_id));
  }

  async renderInvoicePdf(customerId: string, invoiceId: string, locale: string): Promise<Uint8Array> {
    const { detail, timeZone } = await this.#run(async (ctx) => ({
      detail: await this.#invoiceDetail(ctx, customerId, invoiceId),
      timeZone: (await getCustomer(ctx, customerId)).time_zone,
    }));
    if (detail.status === 'draft') throw new ProviderError('invoice_not_finalized', 'The invoice has no PDF until it is finalized.', 409, 'id');
    return renderInvoicePdf(detail, { locale, timeZone });
  }

  /**
   * Charges the invoice on session. A decline is recorded (the attempt and
   * the invoice's dunning state are committed) and then reported as
   * `payment_declined` with the customer-facing reason.
   */
  async payInvoice(customerId: string, invoiceId: string, input: PayInvoiceRequest): Promise<Payment> {
    const attempt = await this.#run(async (ctx) => {
      const invoice = await this.#ownInvoice(ctx, customerId, invoiceId);
      if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
        throw conflict('invoice_not_payable', `Invoice ${invoiceId} is ${invoice.status}, so it cannot be paid.`, 'id');
      }
      if (input.payment_method_id) await missingAs('payment_method_id', () => getPaymentMethod(ctx, customerId, input.payment_method_id!));
      const options: ChargeOptions = { offSession: false, invoice };
      if (input.payment_method_id) options.paymentMethodId = input.payment_method_id;
      const result = await chargeInvoice(ctx, invoiceId, options);
      if (!result) throw conflict('payment_method_missing', 'The customer has no saved payment method; add one or pay by bank transfer.', 'payment_method_id');
      return result;
    });
    if (attempt.status === 'failed') {
      const payment = mapPayment(attempt);
      throw new ProviderError('payment_declined', 'The payment was declined.', 402, null, payment.error?.decline_reason ?? 'bank_declined');
    }
    return mapPayment(attempt);
  }

  async getPayment(customerId: string, paymentId: string): Promise<Payment> {
    return this.#run(async (ctx) => {
      const attempt = await getPaymentAttempt(ctx, paymentId).catch(() => null);
      if (!attempt || attempt.customer_id !== customerId) throw missing('payment', paymentId);
      return mapPayment(attempt);
    });
  }

  async authenticatePayment(customerId: string, paymentId: string, input: AuthenticatePaymentRequest): Promise<Payment> {
    return this.#run(async (ctx) => {
      const attempt = await getPaymentAttempt(ctx, paymentId).catch(() => null);
      if (!attempt || attempt.customer_id !== customerId) throw missing('payment', paymentId);
      return mapPayment(await authenticatePayment(ctx, paymentId, input.result));
    });
  }

  // Payment methods

  async listPaymentMethods(customerId: string): Promise<PaymentMethodList> {
    return this.#run(async (ctx) => {
      const customer = await this.#customer(ctx, customerId);
      const rows = await listPaymentMethods(ctx, customerId);
      return { object: 'list', data: rows.map((row) => mapPaymentMethod(row, customer.default_payment_method_id, ctx.now)), has_more: false, next_cursor: null };
    });
  }

  async createSetup(customerId: string, input: CreateSetupRequest): Promise<SetupSession> {
    return this.#run(async (ctx) => {
      await this.#customer(ctx, customerId);
      if (input.replace_payment_method_id) await missingAs('replace_payment_method_id', () => getPaymentMethod(ctx, customerId, input.replace_payment_method_id!));
      const id = ctx.nextId('seti');
      await ctx.trx
        .insertInto('setup_sessions')
        .values({
          sandbox_id: ctx.sandboxId,
          id,
          customer_id: customerId,
          replace_payment_method_id: input.replace_payment_method_id ?? null,
          set_default: input.set_default ?? false,
          status: 'requires_payment_method',
          payment_method_id: null,
          created_at: ctx.now,
        })
        .execute();
      return {
        object: 'setup_session',
        id,
        mode: 'sandbox',
        status: 'requires_payment_method',
        client_secret: null,
        publishable_key: null,
        test_cards: TEST_CARDS.map((card) => ({ number: card.number, brand: card.brand, behavior: card.behavior })),
        replace_payment_method_id: input.replace_payment_method_id ?? null,
        set_default: input.set_default ?? false,
      };
    });
  }

  /**
   * Finishes a setup with a test card. A 3-D Secure card waits for
   * `authentication_result`, sent in this call or a later one. The saved
   * card then replaces the named one and becomes the default when asked.
   */
  async completeSetup(customerId: string, setupId: string, input: CompleteSetupRequest): Promise<SetupResult> {
    return this.#run(async (ctx) => {
      const session = await ctx.trx.selectFrom('setup_sessions').selectAll().where('sandbox_id', '=', ctx.sandboxId).where('id', '=', setupId).executeTakeFirst();
      if (!session || session.customer_id !== customerId) throw missing('setup session', setupId);
      if (session.status === 'succeeded' || session.status === 'canceled') {
        throw conflict('setup_not_pending', `Setup ${setupId} is ${session.status}; start a new setup.`, 'id');
      }
      const result = (status: SetupResult['status'], paymentMethod: PaymentMethod | null, declineReason: SetupResult['decline_reason'] = null): SetupResult => ({
        object: 'setup_result',
        setup_session_id: setupId,
        status,
        payment_method: paymentMethod,
        next_action: status === 'requires_action' ? { type: 'sandbox_authenticate', client_secret: null } : null,
        decline_reason: declineReason,
      });
      const setStatus = (status: 'requires_action' | 'succeeded' | 'canceled', paymentMethodId: string | null) =>
        ctx.trx.updateTable('setup_sessions').set({ status, payment_method_id: paymentMethodId }).where('sandbox_id', '=', ctx.sandboxId).where('id', '=', setupId).execute();

      let paymentMethodId = session.payment_method_id;
      if (session.status === 'requires_payment_method') {
        if (!input.card) throw invalid('card', 'A test card is required to finish a sandbox setup.', 'parameter_missing');
        const testCard = validateTestCard(ctx, input.card);
        const decline = SETUP_DECLINES[testCard.behavior];
        if (decline) {
          await setStatus('canceled', null);
          return result('failed', null, declineReasonOf(decline));
        }
        // The card is saved detached until authentication succeeds.
        const saved = await attachCard(ctx, customerId, { testCard, exp_month: input.card.exp_month, exp_year: input.card.exp_year });
        paymentMethodId = saved.id;
        if (testCard.behavior === 'authentication_required') {
          await ctx.trx.updateTable('payment_methods').set({ customer_id: null }).where('sandbox_id', '=', ctx.sandboxId).where('id', '=', saved.id).execute();
          if (input.authentication_result === undefined) {
            await setStatus('requires_action', saved.id);
            return result('requires_action', null);
          }
        }
      }

      if (session.status === 'requires_action' || input.authentication_result !== undefined) {
        if (input.authentication_result === undefined) throw invalid('authentication_result', 'This card requires 3-D Secure: send authentication_result approve or deny.', 'parameter_missing');
        if (input.authentication_result === 'deny') {
          await setStatus('canceled', paymentMethodId);
          return result('failed', null, 'authentication_required');
        }
        await ctx.trx.updateTable('payment_methods').set({ customer_id: customerId }).where('sandbox_id', '=', ctx.sandboxId).where('id', '=', paymentMethodId!).execute();
      }

      const newId = paymentMethodId!;
      const customer = await getCustomer(ctx, customerId);
      const replaced = session.replace_payment_method_id;
      const makeDefault = session.set_default || (replaced !== null && customer.default_payment_method_id === replaced);
      if (makeDefault) await setDefaultPaymentMethod(ctx, customerId, newId);
      if (replaced) {
        const old = await ctx.trx.selectFrom('payment_methods').select('id').where('sandbox_id', '=', ctx.sandboxId).where('id', '=', replaced).where('customer_id', '=', customerId).executeTakeFirst();
        if (old) await detachPaymentMethod(ctx, customerId, replaced);
      }
      await setStatus('succeeded', newId);
      if (makeDefault) await this.#retryFailedInvoices(ctx, customerId);
      const updated = await getCustomer(ctx, customerId);
      return result('succeeded', mapPaymentMethod(await getPaymentMethod(ctx, customerId, newId), updated.default_payment_method_id, ctx.now));
    });
  }

  async setDefaultPaymentMethod(customerId: string, paymentMethodId: string): Promise<PaymentMethod> {
    return this.#run(async (ctx) => {
      await this.#customer(ctx, customerId);
      const row = await setDefaultPaymentMethod(ctx, customerId, paymentMethodId);
      await this.#retryFailedInvoices(ctx, customerId);
      return mapPaymentMethod(row, paymentMethodId, ctx.now);
    });
  }

  /**
   * Charges the new default card for every open invoice whose payment
   * failed, while the customer is still in the portal. Fixing the card then
   * settles the debt at once, as Keel's Stripe provider does, instead of
   * waiting for the next automatic retry. A decline here leaves the invoice
   * in dunning with its planned retries.
   */
  async #retryFailedInvoices(ctx: EngineContext, customerId: string): Promise<void> {
    const failed = await ctx.trx
      .selectFrom('invoices')
      .selectAll()
      .where('sandbox_id', '=', ctx.sandboxId)
      .where('customer_id', '=', customerId)
      .where('status', '=', 'open')
      .where('first_failed_at', 'is not', null)
      .orderBy('created_at')
      .execute();
    for (const invoice of failed) await chargeInvoice(ctx, invoice.id, { offSession: false, invoice });
  }

  async removePaymentMethod(customerId: string, paymentMethodId: string): Promise<DeletedPaymentMethod> {
    return this.#run(async (ctx) => {
      await detachPaymentMethod(ctx, customerId, paymentMethodId);
      return { object: 'payment_method', id: paymentMethodId, deleted: true };
    });
  }

  // Payment options

  async listPaymentOptions(customerId: string, query: PaymentOptionsQuery): Promise<PaymentOptions> {
    return this.#run(async (ctx) => {
      const customer = await this.#customer(ctx, customerId);
      const invoice = query.invoice_id ? await missingAs('invoice_id', () => this.#ownInvoice(ctx, customerId, query.invoice_id!)) : null;
      const open = await this.#payableInvoices(ctx, customer.id, customer.currency, invoice);
      const option = (type: PaymentOption['type'], reason: PaymentOption['ineligible_reason'], extra: Partial<PaymentOption> = {}): PaymentOption => ({
        type,
        eligible: reason === null,
        ineligible_reason: reason,
        wallets: [],
        terms_days: [],
        ...extra,
      });

      let bankTransfer: PaymentOption['ineligible_reason'] = null;
      if (!['JPY', 'EUR', 'USD'].includes(customer.currency)) bankTransfer = 'currency_not_supported';
      else if (invoice && open.length === 0) bankTransfer = 'no_open_invoice';
      let konbini: PaymentOption['ineligible_reason'] = null;
      if (customer.currency !== 'JPY') konbini = 'currency_not_supported';
      else if (open.length === 0) konbini = 'no_open_invoice';
      else if (open[0]!.amount_remaining > KONBINI_MAX_JPY) konbini = 'amount_too_large';
      else if (open[0]!.amount_remaining < KONBINI_MIN_JPY) konbini = 'amount_too_small';
      const pending = await ctx.trx
        .selectFrom('pay_by_invoice_applications')
        .select('id')
        .where('sandbox_id', '=', ctx.sandboxId)
        .where('customer_id', '=', customerId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      let payByInvoice: PaymentOption['ineligible_reason'] = null;
      if (this.#payByInvoiceTerms.length === 0) payByInvoice = 'not_offered';
      else if (pending) payByInvoice = 'already_requested';

      return {
        object: 'payment_options',
        invoice_id: invoice?.id ?? null,
        options: [
          option('card', null),
          option('bank_transfer', bankTransfer),
          option('konbini', konbini),
          option('wallet', 'not_offered'),
          option('pay_by_invoice', payByInvoice, { terms_days: payByInvoice === 'not_offered' ? [] : this.#payByInvoiceTerms }),
        ],
      };
    });
  }

  async getBankTransferInstructions(customerId: string, input: BankTransferRequest): Promise<BankTransferInstructions> {
    return this.#run(async (ctx) => {
      const customer = await this.#customer(ctx, customerId);
      const invoice = input.invoice_id ? await missingAs('invoice_id', () => this.#ownInvoice(ctx, customerId, input.invoice_id!)) : null;
      const account = await getOrCreateAccount(ctx, customerId, customer.currency);
      const open = await this.#payableInvoices(ctx, customer.id, customer.currency, invoice);
      const owed = open.reduce((sum, row) => sum + row.amount_remaining, 0);
      return {
        object: 'bank_transfer_instructions',
        currency: customer.currency,
        amount_remaining: Math.max(0, owed - (invoice ? 0 : customer.cash_balance)),
        reference: account.reference,
        financial_addresses: [{ type: account.type, ...account.details } as FinancialAddress],
        bank_holidays_apply: account.type === 'zengin',
      };
    });
  }

  async createKonbiniVoucher(customerId: string, input: KonbiniVoucherRequest): Promise<KonbiniVoucher> {
    return this.#run(async (ctx) => {
      await missingAs('invoice_id', () => this.#ownInvoice(ctx, customerId, input.invoice_id));
      return mapKonbiniVoucher(await createKonbiniVoucher(ctx, customerId, input.invoice_id));
    });
  }

  async requestPayByInvoice(customerId: string, input: PayByInvoiceRequest): Promise<PayByInvoiceApplication> {
    return this.#run(async (ctx) => {
      await this.#customer(ctx, customerId);
      if (!this.#payByInvoiceTerms.includes(input.terms_days)) {
        throw new ProviderError('payment_option_ineligible', `Payment terms of ${input.terms_days} days are not offered; choose one of ${this.#payByInvoiceTerms.join(', ') || 'none'}.`, 422, 'terms_days');
      }
      const pending = await ctx.trx
        .selectFrom('pay_by_invoice_applications')
        .select('id')
        .where('sandbox_id', '=', ctx.sandboxId)
        .where('customer_id', '=', customerId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (pending) throw new ProviderError('payment_option_ineligible', `A request for pay by invoice (${pending.id}) is already pending.`, 409, null);
      const id = ctx.nextId('pbi');
      await ctx.trx
        .insertInto('pay_by_invoice_applications')
        .values({
          sandbox_id: ctx.sandboxId,
          id,
          customer_id: customerId,
          terms_days: input.terms_days,
          purchase_order: input.purchase_order ?? null,
          note: input.note ?? null,
          status: 'pending',
          created_at: ctx.now,
        })
        .execute();
      return { object: 'pay_by_invoice_application', id, status: 'pending', terms_days: input.terms_days, purchase_order: input.purchase_order ?? null, created: ctx.now.toISOString() };
    });
  }

  // Subscriptions

  async listSubscriptions(customerId: string, query: ListQuery): Promise<SubscriptionList> {
    return this.#run(async (ctx) => {
      await this.#customer(ctx, customerId);
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      let select = ctx.trx.selectFrom('subscriptions').selectAll().where('sandbox_id', '=', ctx.sandboxId).where('customer_id', '=', customerId);
      if (query.starting_after) {
        const cursor = await getSubscription(ctx, query.starting_after, customerId);
        select = select.where((eb) =>
          eb.or([eb('created_at', '<', cursor.created_at), eb.and([eb('created_at', '=', cursor.created_at), eb('id', '<', cursor.id)])]),
        );
      }
      const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      const data: Subscription[] = [];
      for (const row of page) data.push(await toContractSubscription(ctx, row));
      const hasMore = rows.length > limit;
      return { object: 'list', data, has_more: hasMore, next_cursor: hasMore ? (page.at(-1)?.id ?? null) : null };
    });
  }

  async getSubscription(customerId: string, subscriptionId: string): Promise<Subscription> {
    return this.#run(async (ctx) => toContractSubscription(ctx, await getSubscription(ctx, subscriptionId, customerId)));
  }

  async listPlans(customerId: string, query: PlanCatalogQuery): Promise<PlanCatalog> {
    return this.#run((ctx) => listPlans(ctx, customerId, query.subscription_id, this.#policy));
  }

  async previewSubscriptionChange(customerId: string, subscriptionId: string, input: SubscriptionChangeRequest): Promise<SubscriptionChangePreview> {
    return this.#run((ctx) => previewChange(ctx, customerId, subscriptionId, input, this.#policy));
  }

  async changeSubscription(customerId: string, subscriptionId: string, input: SubscriptionChangeRequest): Promise<Subscription> {
    return this.#run(async (ctx) => toContractSubscription(ctx, await applyChange(ctx, customerId, subscriptionId, input, this.#policy)));
  }

  async cancelScheduledChange(customerId: string, subscriptionId: string): Promise<Subscription> {
    return this.#run(async (ctx) => toContractSubscription(ctx, await cancelScheduledChange(ctx, subscriptionId, customerId)));
  }

  async pauseSubscription(customerId: string, subscriptionId: string, input: PauseRequest): Promise<Subscription> {
    return this.#run(async (ctx) => toContractSubscription(ctx, await pauseForMonths(ctx, customerId, subscriptionId, input.months, this.#policy)));
  }

  async resumeSubscription(customerId: string, subscriptionId: string): Promise<Subscription> {
    return this.#run(async (ctx) => toContractSubscription(ctx, await resumeSubscription(ctx, subscriptionId, customerId)));
  }

  async listRetentionOffers(customerId: string, subscriptionId: string, query: RetentionOffersQuery): Promise<RetentionOfferList> {
    return this.#run(async (ctx) => ({
      object: 'list',
      data: await listRetentionOffers(ctx, customerId, subscriptionId, query.reason, this.#offers, this.#policy),
      has_more: false,
      next_cursor: null,
    }));
  }

  async acceptRetentionOffer(customerId: string, subscriptionId: string, offerId: string, input: AcceptOfferRequest): Promise<Subscription> {
    return this.#run(async (ctx) => toContractSubscription(ctx, await acceptRetentionOffer(ctx, customerId, subscriptionId, offerId, input.reason, this.#offers, this.#policy)));
  }

  async cancelSubscription(customerId: string, subscriptionId: string, input: CancelRequest): Promise<Subscription> {
    return this.#run(async (ctx) => {
      const subscription = await cancelSubscription(ctx, subscriptionId, customerId, {
        atPeriodEnd: this.#policy.features.cancel.mode === 'period_end',
        reason: input.reason,
        feedback: input.feedback ?? null,
      });
      await recordCancellation(ctx, customerId, subscriptionId, input, this.#offers);
      return toContractSubscription(ctx, subscription);
    });
  }

  async reactivateSubscription(customerId: string, subscriptionId: string): Promise<Subscription> {
    return this.#run(async (ctx) => toContractSubscription(ctx, await reactivateSubscription(ctx, subscriptionId, customerId)));
  }

  // Billing details

  async getBillingDetails(customerId: string): Promise<BillingDetails> {
    return this.#run(async (ctx) => mapBillingDetails(await this.#customer(ctx, customerId), await listTaxIds(ctx, customerId)));
  }

  async updateBillingDetails(customerId: string, input: UpdateBillingDetailsRequest): Promise<BillingDetails> {
    return this.#run(async (ctx) => {
      await this.#customer(ctx, customerId);
      const changes: { name?: string | null; email?: string; phone?: string | null; address?: string } = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.email !== undefined) changes.email = input.email;
      if (input.phone !== undefined) changes.phone = input.phone;
      if (input.address !== undefined) changes.address = toJson(input.address);
      if (Object.keys(changes).length > 0) {
        await ctx.trx.updateTable('customers').set(changes).where('sandbox_id', '=', ctx.sandboxId).where('id', '=', customerId).execute();
        await ctx.emit('customer.updated', customerId, { fields: Object.keys(changes) });
      }
      return mapBillingDetails(await getCustomer(ctx, customerId), await listTaxIds(ctx, customerId));
    });
  }

  async addTaxId(customerId: string, input: CreateTaxIdRequest): Promise<TaxId> {
    return this.#run(async (ctx) => {
      await this.#customer(ctx, customerId);
      const validation = validateTaxId(input.type, input.value);
      if (!validation.valid) {
        const why = TAX_ID_PROBLEMS[validation.reason];
        throw new ProviderError('tax_id_invalid', `The ${input.type} value is invalid: ${why}.`, 422, 'value');
      }
      const duplicate = (await listTaxIds(ctx, customerId)).find((row) => row.type === input.type && row.value === validation.normalized);
      if (duplicate) return mapTaxId(duplicate);
      const id = ctx.nextId('txi');
      await ctx.trx
        .insertInto('customer_tax_ids')
        .values({ sandbox_id: ctx.sandboxId, id, customer_id: customerId, type: input.type, value: validation.normalized, country: validation.country, verification_status: 'verified', created_at: ctx.now })
        .execute();
      await ctx.emit('customer.tax_id.created', id, { customer: customerId });
      const row = (await listTaxIds(ctx, customerId)).find((taxId) => taxId.id === id)!;
      return mapTaxId(row);
    });
  }

  async removeTaxId(customerId: string, taxIdId: string): Promise<DeletedTaxId> {
    return this.#run(async (ctx) => {
      const result = await ctx.trx.deleteFrom('customer_tax_ids').where('sandbox_id', '=', ctx.sandboxId).where('customer_id', '=', customerId).where('id', '=', taxIdId).executeTakeFirst();
      if (result.numDeletedRows === 0n) throw missing('tax ID', taxIdId);
      await ctx.emit('customer.tax_id.deleted', taxIdId, { customer: customerId });
      return { object: 'tax_id', id: taxIdId, deleted: true };
    });
  }

  // Dunning

  async getDunningState(customerId: string): Promise<DunningState> {
    return this.#run((ctx) => getDunningState(ctx, customerId, this.#policy));
  }

  async recordDunningEvent(customerId: string, input: DunningEventRequest): Promise<DunningState> {
    return this.#run((ctx) => recordDunningEvent(ctx, customerId, input, this.#policy));
  }

  async requestDunningExtension(customerId: string, input: ExtensionRequest): Promise<DunningState> {
    return this.#run((ctx) => requestDunningExtension(ctx, customerId, input, this.#policy));
  }

  async retentionStats(): Promise<RetentionStats> {
    return this.#run((ctx) => retentionStats(ctx));
  }

  /** The store belongs to the server that opened it, so there is nothing to release here. */
  async close(): Promise<void> {}

  // Sandbox controls

  async #listSandboxCustomers(): Promise<SandboxCustomer[]> {
    const rows = await this.engine.store.db.selectFrom('customers').select(['id', 'name', 'locale']).where('sandbox_id', '=', this.engine.sandboxId).orderBy('id').execute();
    const described = new Map<string, string>(SEED_CUSTOMERS.map((customer) => [customer.id, customer.description]));
    return rows.map((row) => ({ id: row.id, name: row.name, description: described.get(row.id) ?? '', locale: row.locale }));
  }

  async #advance(seconds: number): Promise<TestClock> {
    if (!Number.isFinite(seconds) || seconds < 0) throw invalid('duration', `The clock moves forward only; got ${seconds} seconds.`);
    return this.#runReportingRecoveries(async (ctx) => {
      const events = await advanceClock(ctx, new Date(ctx.now.getTime() + seconds * 1000));
      return { object: 'test_clock', frozen_time: ctx.now.toISOString(), events_run: events.length };
    });
  }

  async #simulateBankTransfer(input: SimulateBankTransferRequest): Promise<BankTransferSimulation> {
    return this.#runReportingRecoveries(async (ctx) => {
      const result = await simulateBankTransfer(ctx, { customerId: input.customer_id, amount: input.amount, currency: input.currency, reference: input.reference ?? null });
      return {
        object: 'bank_transfer_simulation',
        customer_id: input.customer_id,
        amount: input.amount,
        currency: input.currency,
        invoices_paid: result.invoicesPaid,
        unapplied_amount: result.unappliedAmount,
        received_at: result.receivedAt.toISOString(),
      };
    });
  }
}
