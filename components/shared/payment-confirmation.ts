/**
 * Finishing a payment that needs the customer: the sandbox's simulated 3-D
 * Secure challenge or Stripe.js's `handleNextAction`, then reading the result
 * back from the Keel server and turning it into one outcome an element shows.
 */
import type { KeelClient } from '../../src/client/index.js';
import { KeelPaymentError } from '../../src/client/index.js';
import { DECLINE_REASONS, type DeclineReason, type Payment } from '../../src/contract/index.js';

/**
 * The part of a Stripe.js instance Keel uses. A vendor that already loads
 * Stripe.js passes its own instance; otherwise Keel loads one with the
 * session's publishable key.
 */
export interface StripeNextActionHandler {
  handleNextAction(options: { clientSecret: string }): Promise<{ error?: { code?: string; message?: string } }>;
}

/** The result of a payment attempt, in the terms an element shows. */
export type PaymentOutcome =
  | { kind: 'succeeded'; payment: Payment }
  /** The bank accepted the payment but has not settled it yet. */
  | { kind: 'processing'; payment: Payment }
  | { kind: 'requires_action'; payment: Payment }
  | { kind: 'declined'; reason: DeclineReason | null; payment: Payment | null }
  | { kind: 'authentication_failed'; payment: Payment | null };

function declineReason(value: string | null | undefined): DeclineReason | null {
  return (DECLINE_REASONS as readonly string[]).includes(value ?? '') ? (value as DeclineReason) : null;
}

/**
 * Classifies a payment. After an authentication step, a failure means the
 * customer or the bank rejected the challenge, which the customer fixes
 * differently from a plain decline.
 */
export function paymentOutcome(payment: Payment, afterAuthentication = false): PaymentOutcome {
  switch (payment.status) {
    case 'succeeded':
      return { kind: 'succeeded', payment };
    case 'processing':
      return { kind: 'processing', payment };
    case 'requires_action':
      return { kind: 'requires_action', payment };
    case 'failed': {
      const reason = declineReason(payment.error?.decline_reason);
      if (afterAuthentication || reason === 'authentication_required') return { kind: 'authentication_failed', payment };
      return { kind: 'declined', reason, payment };
    }
  }
}

/**
 * Turns a declined payment request (HTTP 402) into an outcome. Returns
 * undefined for any other error, so the caller shows it as an error.
 */
export function declinedOutcome(error: unknown, afterAuthentication = false): PaymentOutcome | undefined {
  if (!(error instanceof KeelPaymentError)) return undefined;
  const reason = declineReason(error.declineReason);
  if (afterAuthentication || reason === 'authentication_required') return { kind: 'authentication_failed', payment: null };
  return { kind: 'declined', reason, payment: null };
}

/**
 * Returns the Stripe.js instance to use: the one given, or one created by
 * `loadStripe` with the publishable key. `loadStripe` reuses `window.Stripe`
 * when the page already has Stripe.js, and otherwise adds Stripe's script tag.
 *
 * @throws {Error} when neither an instance nor a publishable key is available
 */
export async function resolveStripe(provided: StripeNextActionHandler | undefined, publishableKey: string | null): Promise<StripeNextActionHandler> {
  if (provided) return provided;
  if (!publishableKey) throw new Error('Stripe.js is needed to finish this payment, but the session has no stripe_publishable_key and no stripe instance was set.');

  // Imported on demand, so pages whose payments never need Stripe.js do not load it.
  const { loadStripe } = await import('@stripe/stripe-js/pure');
  const stripe = await loadStripe(publishableKey);
  if (!stripe) throw new Error('Stripe.js did not load.');
  return stripe as unknown as StripeNextActionHandler;
}

/**
 * Runs Stripe.js's next action (3-D Secure in Stripe's own frame), then reads
 * the payment again, since the Keel server is the source of truth for its status.
 * A Stripe.js error with no server-side change still ends in the payment's
 * current status, which the caller classifies.
 */
export async function completeStripeAction(client: KeelClient, payment: Payment, stripe: StripeNextActionHandler): Promise<Payment> {
  const clientSecret = payment.next_action?.client_secret;
  if (!clientSecret) throw new Error(`Payment ${payment.id} asks for Stripe.js but has no client secret.`);
  await stripe.handleNextAction({ clientSecret });
  return client.payments.retrieve(payment.id);
}
