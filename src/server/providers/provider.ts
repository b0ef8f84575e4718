/**
 * The interface every billing provider implements: the embedded sandbox
 * engine and the Stripe-backed provider. Routes authenticate the session and
 * check capabilities, then call exactly one method here.
 *
 * Every method that takes a `customerId` must act only on that customer's
 * objects: an object of another customer is reported as `not_found`, exactly
 * as if it did not exist, so ids cannot be probed.
 */
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
  PaymentOptions,
  PaymentOptionsQuery,
  PlanCatalog,
  PlanCatalogQuery,
  PortalFeatures,
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
} from '../../contract/index.js';

/**
 * A business-rule failure a provider reports. The HTTP layer turns it into
 * the contract's error envelope with this status, code and param.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';

  constructor(
    /** The contract's machine code, e.g. `invoice_not_payable`. */
    readonly code: string,
    message: string,
    /** The HTTP status the error maps to (404, 409, 422...). */
    readonly status: number,
    /** The offending request field, when there is one. */
    readonly param: string | null = null,
    /** For declined payments: the customer-facing decline reason. */
    readonly declineReason: string | null = null,
  ) {
    super(message);
  }
}

/** Reports an object that is absent or belongs to another customer. */
export function notFound(kind: string, id: string): ProviderError {
  return new ProviderError('resource_missing', `No ${kind} with id ${id}.`, 404, 'id');
}

/** What the session route needs about the customer. */
export interface CustomerProfile {
  id: string;
  name: string | null;
  email: string | null;
  country: string | null;
  locale: string | null;
  timeZone: string;
  /** The customer's billing currency (ISO 4217, upper case). */
  currency: string;
}

/** The vendor's self-service rules; the provider enforces them and the session shows them. */
export interface BillingPolicy {
  features: PortalFeatures;
  /** Plan changes the vendor forbids, e.g. switching between monthly and yearly. */
  allowIntervalChange: boolean;
  /** Days of grace a customer may request once per failed invoice; 0 turns extensions off. */
  extensionDays: number;
}

/** The dunning banner's labels for one failed invoice, as its state showed them. */
export interface DunningLabels {
  reason: DunningState['reason'];
  tone: DunningState['tone'];
  variant: string;
}

/**
 * An invoice in dunning that was paid outside a customer's request: a retry
 * on the test clock, a bank transfer or konbini payment arriving, or a
 * payment Stripe reports by webhook.
 */
export interface DunningRecovery {
  invoiceId: string;
  customerId: string;
  /** The labels just before the payment; null when the provider can no longer tell them. */
  labels: DunningLabels | null;
}

/**
 * Receives provider-driven recoveries once the payment is committed. It must
 * not throw: a provider awaits it and does not catch its errors.
 */
export type DunningRecoveryListener = (recovery: DunningRecovery) => void | Promise<void>;

/** Test-only controls the sandbox offers and Stripe does not. */
export interface SandboxControls {
  listCustomers(): Promise<SandboxCustomer[]>;
  getClock(): Promise<TestClock>;
  advanceClock(durationSeconds: number): Promise<TestClock>;
  simulateBankTransfer(input: SimulateBankTransferRequest): Promise<BankTransferSimulation>;
  payKonbiniVoucher(voucherId: string): Promise<KonbiniVoucher>;
}

export interface BillingProvider {
  readonly kind: 'sandbox' | 'stripe';
  /** Present only on the sandbox provider. */
  readonly sandbox?: SandboxControls;

  /** The provider's current time: the test clock in the sandbox, real time for Stripe. */
  now(): Promise<Date>;

  getCustomer(customerId: string): Promise<CustomerProfile | null>;

  listInvoices(customerId: string, query: InvoiceListQuery): Promise<InvoiceList>;
  getInvoice(customerId: string, invoiceId: string): Promise<InvoiceDetail>;
  renderInvoicePdf(customerId: string, invoiceId: string, locale: string): Promise<Uint8Array>;
  payInvoice(customerId: string, invoiceId: string, input: PayInvoiceRequest): Promise<Payment>;
  getPayment(customerId: string, paymentId: string): Promise<Payment>;
  authenticatePayment(customerId: string, paymentId: string, input: AuthenticatePaymentRequest): Promise<Payment>;

  listPaymentMethods(customerId: string): Promise<PaymentMethodList>;
  createSetup(customerId: string, input: CreateSetupRequest): Promise<SetupSession>;
  completeSetup(customerId: string, setupId: string, input: CompleteSetupRequest): Promise<SetupResult>;
  setDefaultPaymentMethod(customerId: string, paymentMethodId: string): Promise<PaymentMethod>;
  removePaymentMethod(customerId: string, paymentMethodId: string): Promise<DeletedPaymentMethod>;

  listPaymentOptions(customerId: string, query: PaymentOptionsQuery): Promise<PaymentOptions>;
  getBankTransferInstructions(customerId: string, input: BankTransferRequest): Promise<BankTransferInstructions>;
  createKonbiniVoucher(customerId: string, input: KonbiniVoucherRequest): Promise<KonbiniVoucher>;
  requestPayByInvoice(customerId: string, input: PayByInvoiceRequest): Promise<PayByInvoiceApplication>;

  listSubscriptions(customerId: string, query: ListQuery): Promise<SubscriptionList>;
  getSubscription(customerId: string, subscriptionId: string): Promise<Subscription>;
  listPlans(customerId: string, query: PlanCatalogQuery): Promise<PlanCatalog>;
  previewSubscriptionChange(customerId: string, subscriptionId: string, input: SubscriptionChangeRequest): Promise<SubscriptionChangePreview>;
  changeSubscription(customerId: string, subscriptionId: string, input: SubscriptionChangeRequest): Promise<Subscription>;
  cancelScheduledChange(customerId: string, subscriptionId: string): Promise<Subscription>;
  pauseSubscription(customerId: string, subscriptionId: string, input: PauseRequest): Promise<Subscription>;
  resumeSubscription(customerId: string, subscriptionId: string): Promise<Subscription>;
  listRetentionOffers(customerId: string, subscriptionId: string, query: RetentionOffersQuery): Promise<RetentionOfferList>;
  acceptRetentionOffer(customerId: string, subscriptionId: string, offerId: string, input: AcceptOfferRequest): Promise<Subscription>;
  cancelSubscription(customerId: string, subscriptionId: string, input: CancelRequest): Promise<Subscription>;
  reactivateSubscription(customerId: string, subscriptionId: string): Promise<Subscription>;

  getBillingDetails(customerId: string): Promise<BillingDetails>;
  updateBillingDetails(customerId: string, input: UpdateBillingDetailsRequest): Promise<BillingDetails>;
  addTaxId(customerId: string, input: CreateTaxIdRequest): Promise<TaxId>;
  removeTaxId(customerId: string, taxIdId: string): Promise<DeletedTaxId>;

  getDunningState(customerId: string): Promise<DunningState>;
  recordDunningEvent(customerId: string, input: DunningEventRequest): Promise<DunningState>;
  requestDunningExtension(customerId: string, input: ExtensionRequest): Promise<DunningState>;

  retentionStats(): Promise<RetentionStats>;

  /** Releases connections and timers. */
  close(): Promise<void>;
}
