/**
 * Saved payment methods and the SetupIntent flow that adds or replaces one.
 *
 * Stripe retries a subscription's invoices with the subscription's
 * `default_payment_method` first, then the customer's
 * `invoice_settings.default_payment_method`. A new default is therefore
 * written to both, or Stripe keeps retrying the old card.
 */
import type Stripe from 'stripe';
import type { CompleteSetupRequest, CreateSetupRequest, DeletedPaymentMethod, PaymentMethod, PaymentMethodList, SetupResult, SetupSession } from '../../../contract/index.js';
import { ProviderError, notFound } from '../provider.js';
import { call, retrieveOwned, type StripeContext } from './context.js';
import { SETUP_METADATA, expanded, idOf, mapPaymentMethod, mapSetupResult, mapSetupSession } from './map/index.js';

/** Subscription states in which Stripe still charges the default payment method. */
const BILLABLE_SUBSCRIPTION_STATES = new Set(['active', 'trialing', 'past_due', 'unpaid', 'incomplete', 'paused']);

export async function retrieveCustomer(context: StripeContext, customerId: string): Promise<Stripe.Customer> {
  const customer = await call(() => context.stripe.customers.retrieve(customerId), 'customer', customerId);
  if ((customer as Stripe.DeletedCustomer).deleted) throw notFound('customer', customerId);
  return customer as Stripe.Customer;
}

function defaultPaymentMethodOf(customer: Stripe.Customer): string | null {
  return idOf(customer.invoice_settings?.default_payment_method ?? null);
}

async function billableSubscriptions(context: StripeContext, customerId: string): Promise<Stripe.Subscription[]> {
  const list = await call(() => context.stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 100 }));
  return list.data.filter((subscription) => BILLABLE_SUBSCRIPTION_STATES.has(subscription.status));
}

export async function listPaymentMethods(context: StripeContext, customerId: string): Promise<PaymentMethodList> {
  const customer = await retrieveCustomer(context, customerId);
  const list = await call(() => context.stripe.customers.listPaymentMethods(customerId, { limit: 100 }));
  const defaultId = defaultPaymentMethodOf(customer);
  const now = context.now();
  const data = list.data
    .filter((method) => idOf(method.customer) === customerId)
    .map((method) => mapPaymentMethod(method, { defaultPaymentMethodId: defaultId, now }))
    .filter((method): method is PaymentMethod => method !== null);
  return { object: 'list', data, has_more: false, next_cursor: null };
}

async function retrievePaymentMethod(context: StripeContext, customerId: string, paymentMethodId: string): Promise<Stripe.PaymentMethod> {
  return retrieveOwned(() => context.stripe.paymentMethods.retrieve(paymentMethodId), customerId, 'payment_method', paymentMethodId);
}

export async function createSetup(context: StripeContext, customerId: string, input: CreateSetupRequest): Promise<SetupSession> {
  await retrieveCustomer(context, customerId);
  if (input.replace_payment_method_id) await retrievePaymentMethod(context, customerId, input.replace_payment_method_id);
  const intent = await call(() =>
    context.stripe.setupIntents.create({
      customer: customerId,
      usage: 'off_session',
      automatic_payment_methods: { enabled: true },
      metadata: {
        [SETUP_METADATA.setDefault]: String(input.set_default ?? true),
        ...(input.replace_payment_method_id ? { [SETUP_METADATA.replace]: input.replace_payment_method_id } : {}),
      },
    }),
  );
  return mapSetupSession(intent, context.options.publishableKey);
}

/** Makes a payment method the default of the customer and of every subscription that still bills. */
async function makeDefault(context: StripeContext, customerId: string, paymentMethodId: string): Promise<void> {
  await call(() => context.stripe.customers.update(customerId, { invoice_settings: { default_payment_method: paymentMethodId } }));
  const subscriptions = await billableSubscriptions(context, customerId);
  await Promise.all(
    subscriptions
      .filter((subscription) => idOf(subscription.default_payment_method) !== paymentMethodId)
      .map((subscription) => call(() => context.stripe.subscriptions.update(subscription.id, { default_payment_method: paymentMethodId }))),
  );
}

/**
 * Retries the customer's open, automatically charged invoices with the new
 * method. Failures are left for Stripe's own retries and the dunning banner,
 * so a decline here does not fail the setup that just succeeded.
 */
async function retryOpenInvoices(context: StripeContext, customerId: string, paymentMethodId: string): Promise<void> {
  const open = await call(() => context.stripe.invoices.list({ customer: customerId, status: 'open', limit: 100 }));
  for (const invoice of open.data) {
    if (invoice.collection_method !== 'charge_automatically' || invoice.amount_remaining <= 0) continue;
    try {
      await context.stripe.invoices.pay(invoice.id, { payment_method: paymentMethodId, off_session: true });
    } catch (error) {
      // The decline shows on the invoice's PaymentIntent, where the dunning state reads it.
      context.logger.warn('stripe.invoice_retry_failed', { customer_id: customerId, invoice_id: invoice.id, error: (error as Error).message });
    }
  }
}

/**
 * Finishes a setup after Stripe.js confirmed the SetupIntent: makes the saved
 * method the default (customer and subscriptions), detaches the method it
 * replaces and retries open invoices with it.
 */
export async function completeSetup(context: StripeContext, customerId: string, setupId: string, _input: CompleteSetupRequest): Promise<SetupResult> {
  const intent = await retrieveOwned(() => context.stripe.setupIntents.retrieve(setupId, { expand: ['payment_method'] }), customerId, 'setup_session', setupId);
  if (intent.status !== 'succeeded') return mapSetupResult(intent, null);

  const paymentMethodId = idOf(intent.payment_method);
  if (paymentMethodId === null) throw new ProviderError('provider_error', `SetupIntent ${setupId} succeeded without a payment method.`, 502);
  let method = expanded(intent.payment_method) ?? (await call(() => context.stripe.paymentMethods.retrieve(paymentMethodId)));
  if (idOf(method.customer) === null) {
    method = await call(() => context.stripe.paymentMethods.attach(paymentMethodId, { customer: customerId }));
  } else if (idOf(method.customer) !== customerId) {
    throw notFound('setup_session', setupId);
  }

  const metadata = intent.metadata ?? {};
  const setDefault = metadata[SETUP_METADATA.setDefault] !== 'false';
  const replaced = metadata[SETUP_METADATA.replace];
  if (setDefault) await makeDefault(context, customerId, paymentMethodId);
  if (replaced && replaced !== paymentMethodId) {
    try {
      const old = await retrievePaymentMethod(context, customerId, replaced);
      await call(() => context.stripe.paymentMethods.detach(old.id));
    } catch (error) {
      // The replaced method may already be gone; the new one is saved either way.
      if (!(error instanceof ProviderError && error.status === 404)) throw error;
    }
  }
  if (setDefault) await retryOpenInvoices(context, customerId, paymentMethodId);

  const customer = await retrieveCustomer(context, customerId);
  return mapSetupResult(intent, mapPaymentMethod(method, { defaultPaymentMethodId: defaultPaymentMethodOf(customer), now: context.now() }));
}

export async function setDefaultPaymentMethod(context: StripeContext, customerId: string, paymentMethodId: string): Promise<PaymentMethod> {
  const method = await retrievePaymentMethod(context, customerId, paymentMethodId);
  await makeDefault(context, customerId, paymentMethodId);
  const mapped = mapPaymentMethod(method, { defaultPaymentMethodId: paymentMethodId, now: context.now() });
  if (!mapped) throw notFound('payment_method', paymentMethodId);
  return mapped;
}

/** Detaches a saved method; the last one cannot go while a subscription still charges it automatically. */
export async function removePaymentMethod(context: StripeContext, customerId: string, paymentMethodId: string): Promise<DeletedPaymentMethod> {
  await retrievePaymentMethod(context, customerId, paymentMethodId);
  const [methods, subscriptions] = await Promise.all([
    call(() => context.stripe.customers.listPaymentMethods(customerId, { limit: 100 })),
    billableSubscriptions(context, customerId),
  ]);
  const others = methods.data.filter((method) => method.id !== paymentMethodId);
  const charged = subscriptions.some((subscription) => subscription.collection_method === 'charge_automatically' && subscription.status !== 'paused');
  if (others.length === 0 && charged) {
    throw new ProviderError('last_payment_method', 'The only payment method cannot be removed while a subscription is charged automatically; add another first.', 409, 'id');
  }
  await call(() => context.stripe.paymentMethods.detach(paymentMethodId), 'payment_method', paymentMethodId);
  return { object: 'payment_method', id: paymentMethodId, deleted: true };
}
