/**
 * Every operation of the HTTP API in one table: method, path, schemas,
 * capability and the resources a successful call changes. The server mounts
 * its routes from it, the client derives its methods and change notifications
 * from it, and the OpenAPI document is generated from it.
 */
import * as z from 'zod/mini';
import type { Capability } from './capabilities.js';
import {
  AuthenticatePaymentRequest,
  Invoice,
  InvoiceDetail,
  InvoiceList,
  InvoiceListQuery,
  PayInvoiceRequest,
  Payment,
} from './invoices.js';
import {
  CompleteSetupRequest,
  CreateSetupRequest,
  DeletedPaymentMethod,
  PaymentMethod,
  PaymentMethodList,
  SetupResult,
  SetupSession,
} from './payment-methods.js';
import {
  BankTransferInstructions,
  BankTransferRequest,
  KonbiniVoucher,
  KonbiniVoucherRequest,
  PayByInvoiceApplication,
  PayByInvoiceRequest,
  PaymentOptions,
  PaymentOptionsQuery,
} from './payment-options.js';
import {
  AcceptOfferRequest,
  CancelRequest,
  PauseRequest,
  PlanCatalog,
  PlanCatalogQuery,
  RetentionOfferList,
  RetentionOffersQuery,
  RetentionStats,
  Subscription,
  SubscriptionChangePreview,
  SubscriptionChangeRequest,
  SubscriptionList,
} from './subscriptions.js';
import { BillingDetails, CreateTaxIdRequest, DeletedTaxId, TaxId, UpdateBillingDetailsRequest } from './billing-details.js';
import { DunningEventRequest, DunningState, ExtensionRequest } from './dunning.js';
import {
  AdvanceClockRequest,
  BankTransferSimulation,
  SandboxCustomerList,
  SimulateBankTransferRequest,
  TestClock,
} from './sandbox.js';
import { PortalSession } from './session.js';
import { ListQuery } from './primitives.js';

/** Data a page may show; a mutation names the ones it changed so views refresh. */
export type ResourceName =
  | 'session'
  | 'invoices'
  | 'payments'
  | 'payment_methods'
  | 'payment_options'
  | 'subscriptions'
  | 'plans'
  | 'billing_details'
  | 'dunning';

/**
 * How an operation authenticates: a portal session token, the vendor's
 * admin key (server to server), or a Stripe webhook signature.
 */
export type OperationAuth = 'session' | 'admin' | 'stripe_signature';

export interface OperationDefinition {
  method: 'GET' | 'POST' | 'DELETE';
  /** Express-style path under the server's base, with `:name` parameters. */
  path: string;
  auth: OperationAuth;
  /** The capability a session needs; null for admin and webhook routes. */
  capability: Capability | null;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  /** The JSON response schema, or `pdf` for a binary document. */
  response: z.ZodMiniType | 'pdf';
  /** Resources a successful call changes; empty for reads. */
  changes: readonly ResourceName[];
  /** True for operations that exist only when the provider is the sandbox. */
  sandboxOnly?: boolean;
}

function operation<const T extends OperationDefinition>(definition: T): T {
  return definition;
}

const NO_CHANGES = [] as const;

export const operations = {
  'session.retrieve': operation({
    method: 'GET',
    path: '/v1/session',
    auth: 'session',
    capability: null,
    response: PortalSession,
    changes: NO_CHANGES,
  }),

  'invoices.list': operation({
    method: 'GET',
    path: '/v1/invoices',
    auth: 'session',
    capability: 'invoices.read',
    query: InvoiceListQuery,
    response: InvoiceList,
    changes: NO_CHANGES,
  }),
  'invoices.retrieve': operation({
    method: 'GET',
    path: '/v1/invoices/:id',
    auth: 'session',
    capability: 'invoices.read',
    response: InvoiceDetail,
    changes: NO_CHANGES,
  }),
  'invoices.pdf': operation({
    method: 'GET',
    path: '/v1/invoices/:id/pdf',
    auth: 'session',
    capability: 'invoices.read',
    response: 'pdf',
    changes: NO_CHANGES,
  }),
  'invoices.pay': operation({
    method: 'POST',
    path: '/v1/invoices/:id/pay',
    auth: 'session',
    capability: 'invoices.pay',
    body: PayInvoiceRequest,
    response: Payment,
    changes: ['invoices', 'payments', 'dunning', 'subscriptions'],
  }),

  'payments.retrieve': operation({
    method: 'GET',
    path: '/v1/payments/:id',
    auth: 'session',
    capability: 'invoices.read',
    response: Payment,
    changes: NO_CHANGES,
  }),
  'payments.authenticate': operation({
    method: 'POST',
    path: '/v1/payments/:id/authenticate',
    auth: 'session',
    capability: 'invoices.pay',
    body: AuthenticatePaymentRequest,
    response: Payment,
    changes: ['invoices', 'payments', 'dunning', 'subscriptions'],
    sandboxOnly: true,
  }),

  'paymentMethods.list': operation({
    method: 'GET',
    path: '/v1/payment_methods',
    auth: 'session',
    capability: 'payment_methods.read',
    response: PaymentMethodList,
    changes: NO_CHANGES,
  }),
  'paymentMethods.createSetup': operation({
    method: 'POST',
    path: '/v1/payment_methods/setup',
    auth: 'session',
    capability: 'payment_methods.write',
    body: CreateSetupRequest,
    response: SetupSession,
    changes: NO_CHANGES,
  }),
  'paymentMethods.completeSetup': operation({
    method: 'POST',
    path: '/v1/payment_methods/setup/:id/complete',
    auth: 'session',
    capability: 'payment_methods.write',
    body: CompleteSetupRequest,
    response: SetupResult,
    changes: ['payment_methods', 'invoices', 'payments', 'dunning', 'subscriptions'],
  }),
  'paymentMethods.setDefault': operation({
    method: 'POST',
    path: '/v1/payment_methods/:id/default',
    auth: 'session',
    capability: 'payment_methods.write',
    response: PaymentMethod,
    changes: ['payment_methods', 'subscriptions', 'dunning'],
  }),
  'paymentMethods.remove': operation({
    method: 'DELETE',
    path: '/v1/payment_methods/:id',
    auth: 'session',
    capability: 'payment_methods.write',
    response: DeletedPaymentMethod,
    changes: ['payment_methods', 'subscriptions'],
  }),

  'paymentOptions.list': operation({
    method: 'GET',
    path: '/v1/payment_options',
    auth: 'session',
    capability: 'payment_options.read',
    query: PaymentOptionsQuery,
    response: PaymentOptions,
    changes: NO_CHANGES,
  }),
  'paymentOptions.bankTransfer': operation({
    method: 'POST',
    path: '/v1/payment_options/bank_transfer',
    auth: 'session',
    capability: 'payment_options.read',
    body: BankTransferRequest,
    response: BankTransferInstructions,
    changes: ['payment_options'],
  }),
  'paymentOptions.konbini': operation({
    method: 'POST',
    path: '/v1/payment_options/konbini',
    auth: 'session',
    capability: 'invoices.pay',
    body: KonbiniVoucherRequest,
    response: KonbiniVoucher,
    changes: ['payment_options', 'invoices'],
  }),
  'paymentOptions.payByInvoice': operation({
    method: 'POST',
    path: '/v1/payment_options/pay_by_invoice',
    auth: 'session',
    capability: 'payment_options.read',
    body: PayByInvoiceRequest,
    response: PayByInvoiceApplication,
    changes: ['payment_options'],
  }),

  'subscriptions.list': operation({
    method: 'GET',
    path: '/v1/subscriptions',
    auth: 'session',
    capability: 'subscription.read',
    query: ListQuery,
    response: SubscriptionList,
    changes: NO_CHANGES,
  }),
  'subscriptions.retrieve': operation({
    method: 'GET',
    path: '/v1/subscriptions/:id',
    auth: 'session',
    capability: 'subscription.read',
    response: Subscription,
    changes: NO_CHANGES,
  }),
  'plans.list': operation({
    method: 'GET',
    path: '/v1/plans',
    auth: 'session',
    capability: 'subscription.read',
    query: PlanCatalogQuery,
    response: PlanCatalog,
    changes: NO_CHANGES,
  }),
  'subscriptions.previewChange': operation({
    method: 'POST',
    path: '/v1/subscriptions/:id/preview_change',
    auth: 'session',
    capability: 'subscription.change',
    body: SubscriptionChangeRequest,
    response: SubscriptionChangePreview,
    changes: NO_CHANGES,
  }),
  'subscriptions.change': operation({
    method: 'POST',
    path: '/v1/subscriptions/:id/change',
    auth: 'session',
    capability: 'subscription.change',
    body: SubscriptionChangeRequest,
    response: Subscription,
    changes: ['subscriptions', 'invoices', 'payments', 'dunning'],
  }),
  'subscriptions.cancelScheduledChange': operation({
    method: 'DELETE',
    path: '/v1/subscriptions/:id/scheduled_change',
    auth: 'session',
    capability: 'subscription.change',
    response: Subscription,
    changes: ['subscriptions'],
  }),
  'subscriptions.pause': operation({
    method: 'POST',
    path: '/v1/subscriptions/:id/pause',
    auth: 'session',
    capability: 'subscription.pause',
    body: PauseRequest,
    response: Subscription,
    changes: ['subscriptions', 'invoices'],
  }),
  'subscriptions.resume': operation({
    method: 'POST',
    path: '/v1/subscriptions/:id/resume',
    auth: 'session',
    capability: 'subscription.pause',
    response: Subscription,
    changes: ['subscriptions', 'invoices'],
  }),
  'subscriptions.retentionOffers': operation({
    method: 'GET',
    path: '/v1/subscriptions/:id/retention_offers',
    auth: 'session',
    capability: 'subscription.cancel',
    query: RetentionOffersQuery,
    response: RetentionOfferList,
    changes: NO_CHANGES,
  }),
  'subscriptions.acceptOffer': operation({
    method: 'POST',
    path: '/v1/subscriptions/:id/retention_offers/:offer_id/accept',
    auth: 'session',
    capability: 'subscription.cancel',
    body: AcceptOfferRequest,
    response: Subscription,
    changes: ['subscriptions', 'invoices'],
  }),
  'subscriptions.cancel': operation({
    method: 'POST',
    path: '/v1/subscriptions/:id/cancel',
    auth: 'session',
    capability: 'subscription.cancel',
    body: CancelRequest,
    response: Subscription,
    changes: ['subscriptions', 'dunning'],
  }),
  'subscriptions.reactivate': operation({
    method: 'POST',
    path: '/v1/subscriptions/:id/reactivate',
    auth: 'session',
    capability: 'subscription.cancel',
    response: Subscription,
    changes: ['subscriptions'],
  }),

  'billingDetails.retrieve': operation({
    method: 'GET',
    path: '/v1/billing_details',
    auth: 'session',
    capability: 'billing_details.read',
    response: BillingDetails,
    changes: NO_CHANGES,
  }),
  'billingDetails.update': operation({
    method: 'POST',
    path: '/v1/billing_details',
    auth: 'session',
    capability: 'billing_details.write',
    body: UpdateBillingDetailsRequest,
    response: BillingDetails,
    changes: ['billing_details', 'payment_options'],
  }),
  'billingDetails.addTaxId': operation({
    method: 'POST',
    path: '/v1/billing_details/tax_ids',
    auth: 'session',
    capability: 'billing_details.write',
    body: CreateTaxIdRequest,
    response: TaxId,
    changes: ['billing_details'],
  }),
  'billingDetails.removeTaxId': operation({
    method: 'DELETE',
    path: '/v1/billing_details/tax_ids/:id',
    auth: 'session',
    capability: 'billing_details.write',
    response: DeletedTaxId,
    changes: ['billing_details'],
  }),

  'dunning.retrieve': operation({
    method: 'GET',
    path: '/v1/dunning',
    auth: 'session',
    capability: 'dunning.read',
    response: DunningState,
    changes: NO_CHANGES,
  }),
  'dunning.recordEvent': operation({
    method: 'POST',
    path: '/v1/dunning/events',
    auth: 'session',
    capability: 'dunning.read',
    body: DunningEventRequest,
    response: DunningState,
    changes: ['dunning'],
  }),
  'dunning.requestExtension': operation({
    method: 'POST',
    path: '/v1/dunning/extension',
    auth: 'session',
    capability: 'dunning.extend',
    body: ExtensionRequest,
    response: DunningState,
    changes: ['dunning'],
  }),

  'admin.retentionStats': operation({
    method: 'GET',
    path: '/v1/admin/retention_stats',
    auth: 'admin',
    capability: null,
    response: RetentionStats,
    changes: NO_CHANGES,
  }),
  'sandbox.customers': operation({
    method: 'GET',
    path: '/v1/sandbox/customers',
    auth: 'admin',
    capability: null,
    response: SandboxCustomerList,
    changes: NO_CHANGES,
    sandboxOnly: true,
  }),
  'sandbox.clock': operation({
    method: 'GET',
    path: '/v1/sandbox/clock',
    auth: 'admin',
    capability: null,
    response: TestClock,
    changes: NO_CHANGES,
    sandboxOnly: true,
  }),
  'sandbox.advanceClock': operation({
    method: 'POST',
    path: '/v1/sandbox/clock/advance',
    auth: 'admin',
    capability: null,
    body: AdvanceClockRequest,
    response: TestClock,
    changes: ['invoices', 'payments', 'subscriptions', 'dunning', 'payment_methods'],
    sandboxOnly: true,
  }),
  'sandbox.simulateBankTransfer': operation({
    method: 'POST',
    path: '/v1/sandbox/bank_transfers',
    auth: 'admin',
    capability: null,
    body: SimulateBankTransferRequest,
    response: BankTransferSimulation,
    changes: ['invoices', 'payments', 'subscriptions', 'dunning'],
    sandboxOnly: true,
  }),
  'sandbox.payKonbiniVoucher': operation({
    method: 'POST',
    path: '/v1/sandbox/konbini_vouchers/:id/pay',
    auth: 'admin',
    capability: null,
    response: KonbiniVoucher,
    changes: ['invoices', 'payments', 'subscriptions', 'dunning', 'payment_options'],
    sandboxOnly: true,
  }),

  'webhooks.stripe': operation({
    method: 'POST',
    path: '/v1/webhooks/stripe',
    auth: 'stripe_signature',
    capability: null,
    response: z.strictObject({ received: z.literal(true) }),
    changes: NO_CHANGES,
  }),
} as const satisfies Record<string, OperationDefinition>;

export type Operations = typeof operations;
export type OperationId = keyof Operations;

type Infer<T> = T extends z.ZodMiniType ? z.infer<T> : never;

/** The JSON body an operation accepts, or `never`. */
export type OperationBody<Id extends OperationId> = Operations[Id] extends { body: infer B } ? Infer<B> : never;
/** The query an operation accepts, or `never`. */
export type OperationQuery<Id extends OperationId> = Operations[Id] extends { query: infer Q } ? Infer<Q> : never;
/** The parsed response of an operation; `Blob` for PDFs. */
export type OperationResponse<Id extends OperationId> = Operations[Id]['response'] extends 'pdf'
  ? Blob
  : Infer<Operations[Id]['response']>;

/** True for operations that change state and therefore need an `Idempotency-Key`. */
export function isMutation(definition: OperationDefinition): boolean {
  return definition.method !== 'GET';
}

/** The `:name` parameters of a path, in order. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/:([a-z_]+)/g)].map((match) => match[1]!);
}
