/**
 * A small in-memory BillingProvider for HTTP-layer tests: two customers with
 * one object of each kind, strict ownership checks, and counters of every
 * mutating call so tests can prove a request changed nothing or ran once.
 */
import { examples } from '../../../src/contract/examples.js';
import { notFound, ProviderError, type BillingProvider, type SandboxControls } from '../../../src/server/providers/provider.js';

export const CUSTOMER_A = 'cus_a';
export const CUSTOMER_B = 'cus_b';

/** Object ids per customer; each kind has one object for A and one for B. */
export const OBJECTS = {
  invoice: { [CUSTOMER_A]: 'in_a', [CUSTOMER_B]: 'in_b' },
  payment: { [CUSTOMER_A]: 'py_a', [CUSTOMER_B]: 'py_b' },
  payment_method: { [CUSTOMER_A]: 'pm_a', [CUSTOMER_B]: 'pm_b' },
  setup: { [CUSTOMER_A]: 'seti_a', [CUSTOMER_B]: 'seti_b' },
  subscription: { [CUSTOMER_A]: 'sub_a', [CUSTOMER_B]: 'sub_b' },
  tax_id: { [CUSTOMER_A]: 'txi_a', [CUSTOMER_B]: 'txi_b' },
} as const;

type Kind = keyof typeof OBJECTS;

export interface FakeProvider extends BillingProvider {
  /** Calls of each mutating method, by method name. */
  readonly calls: Map<string, number>;
  /** Total mutating calls. */
  mutationCount(): number;
  /** Make the next `payInvoice` wait until `release()` is called. */
  holdPayments(): { release(): void };
  /** Make the next call of `method` throw `error`. */
  failNext(method: string, error: Error): void;
}

function owner(kind: Kind, id: string): string | null {
  const entry = Object.entries(OBJECTS[kind]).find(([, objectId]) => objectId === id);
  return entry ? entry[0] : null;
}

export function createFakeProvider(kind: 'sandbox' | 'stripe' = 'sandbox'): FakeProvider {
  const calls = new Map<string, number>();
  const failures = new Map<string, Error>();
  let paymentGate: Promise<void> | null = null;
  let clock = new Date('2026-12-04T10:00:00Z');
  const defaults = new Map<string, string>([
    [CUSTOMER_A, 'pm_a'],
    [CUSTOMER_B, 'pm_b'],
  ]);

  function own(kindName: Kind, id: string, customerId: string): void {
    if (owner(kindName, id) !== customerId) throw notFound(kindName.replace('_', ' '), id);
  }

  async function mutate<T>(method: string, work: () => T | Promise<T>): Promise<T> {
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      throw failure;
    }
    calls.set(method, (calls.get(method) ?? 0) + 1);
    return work();
  }

  const invoice = (customerId: string, id: string) => ({ ...examples.InvoiceDetail.valid, id, customer_id: customerId });
  const payment = (id: string, invoiceId: string) => ({ ...examples.Payment.valid, id, invoice_id: invoiceId, status: 'succeeded' as const, next_action: null });
  const method = (id: string) => ({ ...examples.PaymentMethod.valid, id });
  const subscription = (id: string) => ({ ...examples.Subscription.valid, id });
  const taxId = (id: string) => ({ ...examples.TaxId.valid, id });

  const sandbox: SandboxControls = {
    listCustomers: async () => [
      { id: CUSTOMER_A, name: 'Customer A', description: 'Test customer A', locale: 'en' },
      { id: CUSTOMER_B, name: 'Customer B', description: 'Test customer B', locale: 'ja' },
    ],
    getClock: async () => ({ object: 'test_clock', frozen_time: clock.toISOString(), events_run: 0 }),
    advanceClock: (seconds) =>
      mutate('advanceClock', () => {
        clock = new Date(clock.getTime() + seconds * 1000);
        return { object: 'test_clock' as const, frozen_time: clock.toISOString(), events_run: 1 };
      }),
    simulateBankTransfer: (input) =>
      mutate('simulateBankTransfer', () => ({
        ...examples.BankTransferSimulation.valid,
        customer_id: input.customer_id,
        amount: input.amount,
        currency: input.currency,
      })),
    payKonbiniVoucher: (voucherId) => mutate('payKonbiniVoucher', () => ({ ...examples.KonbiniVoucher.valid, id: voucherId, status: 'paid' as const })),
  };

  const provider: FakeProvider = {
    kind,
    ...(kind === 'sandbox' ? { sandbox } : {}),
    calls,
    mutationCount: () => [...calls.values()].reduce((sum, count) => sum + count, 0),
    holdPayments() {
      let release!: () => void;
      paymentGate = new Promise<void>((resolve) => {
        release = resolve;
      });
      return { release };
    },
    failNext(methodName, error) {
      failures.set(methodName, error);
    },

    now: async () => clock,
    async getCustomer(customerId) {
      if (customerId !== CUSTOMER_A && customerId !== CUSTOMER_B) return null;
      return {
        id: customerId,
        name: `Customer ${customerId}`,
        email: `${customerId}@example.com`,
        country: 'JP',
        locale: 'ja',
        timeZone: 'Asia/Tokyo',
        currency: 'JPY',
      };
    },

    listInvoices: async (customerId) => ({ object: 'list', data: [invoice(customerId, OBJECTS.invoice[customerId as typeof CUSTOMER_A] ?? 'in_none')], has_more: false, next_cursor: null }),
    async getInvoice(customerId, invoiceId) {
      own('invoice', invoiceId, customerId);
      return invoice(customerId, invoiceId);
    },
    async renderInvoicePdf(customerId, invoiceId) {
      own('invoice', invoiceId, customerId);
      return new TextEncoder().encode('%PDF-1.7\n%fake\n');
    },
    async payInvoice(customerId, invoiceId) {
      own('invoice', invoiceId, customerId);
      return mutate('payInvoice', async () => {
        if (paymentGate) {
          const gate = paymentGate;
          paymentGate = null;
          await gate;
        }
        return payment(`py_${calls.get('payInvoice')}`, invoiceId);
      });
    },
    async getPayment(customerId, paymentId) {
      own('payment', paymentId, customerId);
      return payment(paymentId, OBJECTS.invoice[customerId as typeof CUSTOMER_A]);
    },
    async authenticatePayment(customerId, paymentId) {
      own('payment', paymentId, customerId);
      return mutate('authenticatePayment', () => payment(paymentId, OBJECTS.invoice[customerId as typeof CUSTOMER_A]));
    },

    listPaymentMethods: async (customerId) => ({
      object: 'list',
      data: [method(OBJECTS.payment_method[customerId as typeof CUSTOMER_A] ?? 'pm_none')],
      has_more: false,
      next_cursor: null,
    }),
    createSetup: (_customerId, input) =>
      mutate('createSetup', () => ({ ...examples.SetupSession.valid, id: 'seti_new', set_default: input.set_default ?? false })),
    async completeSetup(customerId, setupId) {
      own('setup', setupId, customerId);
      return mutate('completeSetup', () => ({ ...examples.SetupResult.valid, setup_session_id: setupId }));
    },
    async setDefaultPaymentMethod(customerId, paymentMethodId) {
      own('payment_method', paymentMethodId, customerId);
      return mutate('setDefaultPaymentMethod', () => {
        defaults.set(customerId, paymentMethodId);
        return method(paymentMethodId);
      });
    },
    async removePaymentMethod(customerId, paymentMethodId) {
      own('payment_method', paymentMethodId, customerId);
      return mutate('removePaymentMethod', () => ({ object: 'payment_method' as const, id: paymentMethodId, deleted: true as const }));
    },

    listPaymentOptions: async () => examples.PaymentOptions.valid,
    getBankTransferInstructions: () => mutate('getBankTransferInstructions', () => examples.BankTransferInstructions.valid),
    async createKonbiniVoucher(customerId, input) {
      own('invoice', input.invoice_id, customerId);
      return mutate('createKonbiniVoucher', () => ({ ...examples.KonbiniVoucher.valid, invoice_id: input.invoice_id }));
    },
    requestPayByInvoice: () => mutate('requestPayByInvoice', () => examples.PayByInvoiceApplication.valid),

    listSubscriptions: async (customerId) => ({
      object: 'list',
      data: [subscription(OBJECTS.subscription[customerId as typeof CUSTOMER_A] ?? 'sub_none')],
      has_more: false,
      next_cursor: null,
    }),
    async getSubscription(customerId, subscriptionId) {
      own('subscription', subscriptionId, customerId);
      return subscription(subscriptionId);
    },
    listPlans: async () => examples.PlanCatalog.valid,
    async previewSubscriptionChange(customerId, subscriptionId) {
      own('subscription', subscriptionId, customerId);
      return examples.SubscriptionChangePreview.valid;
    },
    async changeSubscription(customerId, subscriptionId) {
      own('subscription', subscriptionId, customerId);
      return mutate('changeSubscription', () => subscription(subscriptionId));
    },
    async cancelScheduledChange(customerId, subscriptionId) {
      own('subscription', subscriptionId, customerId);
      return mutate('cancelScheduledChange', () => subscription(subscriptionId));
    },
    async pauseSubscription(customerId, subscriptionId) {
      own('subscription', subscriptionId, customerId);
      return mutate('pauseSubscription', () => subscription(subscriptionId));
    },
    async resumeSubscription(customerId, subscriptionId) {
      own('subscription', subscriptionId, customerId);
      return mutate('resumeSubscription', () => subscription(subscriptionId));
    },
    async listRetentionOffers(customerId, subscriptionId) {
      own('subscription', subscriptionId, customerId);
      return examples.RetentionOfferList.valid;
    },
    async acceptRetentionOffer(customerId, subscriptionId, offerId) {
      own('subscription', subscriptionId, customerId);
      if (offerId !== 'offer_discount_30') throw new ProviderError('offer_not_available', `Offer ${offerId} is not available.`, 422, 'offer_id');
      return mutate('acceptRetentionOffer', () => subscription(subscriptionId));
    },
    async cancelSubscription(customerId, subscriptionId) {
      own('subscription', subscriptionId, customerId);
      return mutate('cancelSubscription', () => ({ ...subscription(subscriptionId), cancel_at_period_end: true }));
    },
    async reactivateSubscription(customerId, subscriptionId) {
      own('subscription', subscriptionId, customerId);
      return mutate('reactivateSubscription', () => subscription(subscriptionId));
    },

    getBillingDetails: async (customerId) => ({
      ...examples.BillingDetails.valid,
      tax_ids: [taxId(OBJECTS.tax_id[customerId as typeof CUSTOMER_A] ?? 'txi_none')],
    }),
    updateBillingDetails: (customerId) => mutate('updateBillingDetails', () => ({ ...examples.BillingDetails.valid, tax_ids: [taxId(OBJECTS.tax_id[customerId as typeof CUSTOMER_A])] })),
    addTaxId: () => mutate('addTaxId', () => taxId('txi_new')),
    async removeTaxId(customerId, taxIdId) {
      own('tax_id', taxIdId, customerId);
      return mutate('removeTaxId', () => ({ object: 'tax_id' as const, id: taxIdId, deleted: true as const }));
    },

    getDunningState: async () => examples.DunningState.valid,
    recordDunningEvent: () => mutate('recordDunningEvent', () => examples.DunningState.valid),
    requestDunningExtension: () => mutate('requestDunningExtension', () => examples.DunningState.valid),

    retentionStats: async () => examples.RetentionStats.valid,
    close: async () => {},
  };
  return provider;
}
