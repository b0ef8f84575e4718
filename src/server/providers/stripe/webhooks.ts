/**
 * Stripe webhook handling: the signature is checked with the package's own
 * helper, each event id is processed once, and the changed object is
 * re-fetched from Stripe rather than taken from the event, because Stripe
 * does not deliver events in order. An event older than one already
 * processed for the same object is acknowledged and ignored.
 */
import type Stripe from 'stripe';
import type { CustomerProfile } from '../provider.js';
import type { Invoice, PaymentMethod, Subscription, SetupSession, Payment } from '../../../contract/index.js';
import { isMissing, type StripeContext } from './context.js';
import { idOf, mapCustomerProfile, mapInvoice, mapPayment, mapPaymentMethod, mapSetupSession, mapSubscription } from './map/index.js';

/** One object a webhook reported as changed, as Stripe has it now. */
export interface StripeWebhookChange {
  eventId: string;
  eventType: string;
  /** The event's creation time. */
  created: Date;
  objectType: 'invoice' | 'subscription' | 'payment' | 'payment_method' | 'setup_session' | 'customer';
  objectId: string;
  customerId: string | null;
  /** The object re-fetched and mapped to the contract; null once Stripe no longer has it. */
  object: Invoice | Subscription | Payment | PaymentMethod | SetupSession | CustomerProfile | null;
}

type ObjectType = StripeWebhookChange['objectType'];

const OBJECT_TYPES: Record<string, ObjectType> = {
  invoice: 'invoice',
  subscription: 'subscription',
  payment_intent: 'payment',
  payment_method: 'payment_method',
  setup_intent: 'setup_session',
  customer: 'customer',
};

function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message, param: null, request_id: null } }, { status });
}

async function refetch(context: StripeContext, type: ObjectType, id: string): Promise<{ customerId: string | null; object: StripeWebhookChange['object'] }> {
  const { stripe } = context;
  try {
    switch (type) {
      case 'invoice': {
        const invoice = await stripe.invoices.retrieve(id);
        return { customerId: idOf(invoice.customer), object: mapInvoice(invoice, { timeZone: context.options.issuerTimeZone ?? 'UTC' }) };
      }
      case 'subscription': {
        const subscription = await stripe.subscriptions.retrieve(id, { expand: ['schedule', 'discounts.source.coupon'] });
        return { customerId: idOf(subscription.customer), object: mapSubscription(subscription, { now: context.now() }) };
      }
      case 'payment': {
        const intent = await stripe.paymentIntents.retrieve(id);
        const payments = await stripe.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: id }, limit: 1 });
        const invoiceId = idOf(payments.data[0]?.invoice as string | { id: string } | undefined);
        return { customerId: idOf(intent.customer), object: invoiceId === null ? null : mapPayment(intent, invoiceId) };
      }
      case 'payment_method': {
        const method = await stripe.paymentMethods.retrieve(id);
        const customerId = idOf(method.customer);
        let defaultId: string | null = null;
        if (customerId) {
          const customer = await stripe.customers.retrieve(customerId);
          if (!(customer as Stripe.DeletedCustomer).deleted) defaultId = idOf((customer as Stripe.Customer).invoice_settings?.default_payment_method ?? null);
        }
        return { customerId, object: mapPaymentMethod(method, { defaultPaymentMethodId: defaultId, now: context.now() }) };
      }
      case 'setup_session': {
        const intent = await stripe.setupIntents.retrieve(id);
        return { customerId: idOf(intent.customer), object: mapSetupSession(intent, context.options.publishableKey) };
      }
      case 'customer': {
        const customer = await stripe.customers.retrieve(id);
        if ((customer as Stripe.DeletedCustomer).deleted) return { customerId: id, object: null };
        return { customerId: id, object: mapCustomerProfile(customer as Stripe.Customer, context.options.defaultCurrency ?? 'USD') };
      }
    }
  } catch (error) {
    if (isMissing(error)) return { customerId: null, object: null };
    throw error;
  }
}

/**
 * Reports an invoice paid after failed attempts to `onDunningRecovery`.
 * NOTE: an invoice whose only attempt waited for 3-D Secure and was then
 * authenticated with Stripe.js keeps one attempt, so its recovery is not
 * counted.
 */
async function reportRecovery(context: StripeContext, eventType: string, current: { customerId: string | null; object: StripeWebhookChange['object'] }): Promise<void> {
  const listener = context.options.onDunningRecovery;
  if (!listener || eventType !== 'invoice.paid' || current.customerId === null || current.object === null) return;
  const invoice = current.object as Invoice;
  if (invoice.status !== 'paid' || invoice.attempt_count < 2) return;
  await listener({ invoiceId: invoice.id, customerId: current.customerId, labels: null });
}

/**
 * Creates the handler for `POST /v1/webhooks/stripe`. It answers 400
 * `webhook_signature_invalid` for a missing or wrong signature, 200
 * `{ received: true }` for processed, duplicate, stale and ignored events,
 * and 500 when processing failed, so Stripe delivers the event again.
 */
export function createWebhookHandler(context: StripeContext): (request: Request) => Promise<Response> {
  const claim = context.options.dedupe ?? ((eventId: string) => context.store.claimEvent(eventId));

  return async (request) => {
    const signature = request.headers.get('stripe-signature');
    if (!signature) return errorResponse(400, 'webhook_signature_missing', 'The Stripe-Signature header is missing.');
    const payload = await request.text();

    let event: Stripe.Event;
    try {
      event = await context.stripe.webhooks.constructEventAsync(payload, signature, context.options.webhookSecret);
    } catch {
      context.logger.warn('stripe.webhook_signature_invalid', {});
      return errorResponse(400, 'webhook_signature_invalid', 'The Stripe-Signature header does not match the payload and the endpoint secret.');
    }

    if (!(await claim(event.id))) return Response.json({ received: true });

    try {
      const data = event.data?.object as { id?: unknown; object?: unknown } | undefined;
      const type = typeof data?.object === 'string' ? OBJECT_TYPES[data.object] : undefined;
      const objectId = typeof data?.id === 'string' ? data.id : null;
      if (type === undefined || objectId === null) return Response.json({ received: true });
      if (!(await context.store.advanceWatermark(objectId, event.created))) return Response.json({ received: true });

      const current = await refetch(context, type, objectId);
      await context.options.onWebhookChange?.({
        eventId: event.id,
        eventType: event.type,
        created: new Date(event.created * 1000),
        objectType: type,
        objectId,
        customerId: current.customerId,
        object: current.object,
      });
      await reportRecovery(context, event.type, current);
      return Response.json({ received: true });
    } catch (error) {
      context.logger.error('stripe.webhook_failed', { event_id: event.id, event_type: event.type, error: (error as Error).message });
      if (!context.options.dedupe) await context.store.releaseEvent(event.id);
      return errorResponse(500, 'provider_error', `Processing event ${event.id} failed; Stripe will deliver it again.`);
    }
  };
}
