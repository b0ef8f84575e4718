/**
 * The Stripe-backed `BillingProvider`: every method reads and writes Stripe
 * through the `stripe` package, checks that the objects belong to the
 * session's customer, and maps them to the contract.
 */
import { ProviderError, type BillingProvider } from '../provider.js';
import * as billing from './billing.js';
import { createContext, type StripeContext, type StripeProviderOptions } from './context.js';
import * as dunning from './dunning.js';
import * as invoices from './invoices.js';
import * as paymentMethods from './payment-methods.js';
import * as paymentOptions from './payment-options.js';
import { createMemoryStripeStore } from './store.js';
import * as subscriptions from './subscriptions.js';
import { createWebhookHandler } from './webhooks.js';

export interface StripeBillingProvider extends BillingProvider {
  readonly kind: 'stripe';
  /** Handles `POST /v1/webhooks/stripe` with the raw request, whose body must be unread. */
  handleWebhook(request: Request): Promise<Response>;
}

export function createStripeProvider(options: StripeProviderOptions): StripeBillingProvider {
  const context: StripeContext = createContext(options, options.store ?? createMemoryStripeStore());
  const handleWebhook = createWebhookHandler(context);

  return {
    kind: 'stripe',
    handleWebhook,
    now: async () => context.now(),
    getCustomer: (customerId) => billing.getCustomer(context, customerId),

    listInvoices: (customerId, query) => invoices.listInvoices(context, customerId, query),
    getInvoice: (customerId, invoiceId) => invoices.getInvoice(context, customerId, invoiceId),
    renderInvoicePdf: (customerId, invoiceId) => invoices.renderInvoicePdf(context, customerId, invoiceId),
    payInvoice: (customerId, invoiceId, input) => invoices.payInvoice(context, customerId, invoiceId, input),
    getPayment: (customerId, paymentId) => invoices.getPayment(context, customerId, paymentId),
    authenticatePayment: async () => {
      throw new ProviderError('sandbox_only', 'Payments are authenticated with Stripe.js, not through this endpoint, when the backend uses Stripe.', 400);
    },

    listPaymentMethods: (customerId) => paymentMethods.listPaymentMethods(context, customerId),
    createSetup: (customerId, input) => paymentMethods.createSetup(context, customerId, input),
    completeSetup: (customerId, setupId, input) => paymentMethods.completeSetup(context, customerId, setupId, input),
    setDefaultPaymentMethod: (customerId, paymentMethodId) => paymentMethods.setDefaultPaymentMethod(context, customerId, paymentMethodId),
    removePaymentMethod: (customerId, paymentMethodId) => paymentMethods.removePaymentMethod(context, customerId, paymentMethodId),

    listPaymentOptions: (customerId, query) => paymentOptions.listPaymentOptions(context, customerId, query),
    getBankTransferInstructions: (customerId, input) => paymentOptions.getBankTransferInstructions(context, customerId, input),
    createKonbiniVoucher: (customerId, input) => paymentOptions.createKonbiniVoucher(context, customerId, input),
    requestPayByInvoice: (customerId, input) => paymentOptions.requestPayByInvoice(context, customerId, input),

    listSubscriptions: (customerId, query) => subscriptions.listSubscriptions(context, customerId, query),
    getSubscription: (customerId, subscriptionId) => subscriptions.getSubscription(context, customerId, subscriptionId),
    listPlans: (customerId, query) => subscriptions.listPlans(context, customerId, query),
    previewSubscriptionChange: (customerId, subscriptionId, input) => subscriptions.previewSubscriptionChange(context, customerId, subscriptionId, input),
    changeSubscription: (customerId, subscriptionId, input) => subscriptions.changeSubscription(context, customerId, subscriptionId, input),
    cancelScheduledChange: (customerId, subscriptionId) => subscriptions.cancelScheduledChange(context, customerId, subscriptionId),
    pauseSubscription: (customerId, subscriptionId, input) => subscriptions.pauseSubscription(context, customerId, subscriptionId, input),
    resumeSubscription: (customerId, subscriptionId) => subscriptions.resumeSubscription(context, customerId, subscriptionId),
    listRetentionOffers: (customerId, subscriptionId, query) => subscriptions.listRetentionOffers(context, customerId, subscriptionId, query),
    acceptRetentionOffer: (customerId, subscriptionId, offerId, input) => subscriptions.acceptRetentionOffer(context, customerId, subscriptionId, offerId, input),
    cancelSubscription: (customerId, subscriptionId, input) => subscriptions.cancelSubscription(context, customerId, subscriptionId, input),
    reactivateSubscription: (customerId, subscriptionId) => subscriptions.reactivateSubscription(context, customerId, subscriptionId),

    getBillingDetails: (customerId) => billing.getBillingDetails(context, customerId),
    updateBillingDetails: (customerId, input) => billing.updateBillingDetails(context, customerId, input),
    addTaxId: (customerId, input) => billing.addTaxId(context, customerId, input),
    removeTaxId: (customerId, taxIdId) => billing.removeTaxId(context, customerId, taxIdId),

    getDunningState: (customerId) => dunning.getDunningState(context, customerId),
    recordDunningEvent: (customerId, input) => dunning.recordDunningEvent(context, customerId, input),
    requestDunningExtension: (customerId, input) => dunning.requestDunningExtension(context, customerId, input),

    retentionStats: () => context.store.retentionStats(),
    close: async () => {},
  };
}
