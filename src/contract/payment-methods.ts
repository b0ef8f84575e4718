/**
 * Saved payment methods and the setup flow that adds or replaces one: a
 * Stripe SetupIntent confirmed by Payment Element in live mode, a test-card
 * form in the sandbox.
 */
import * as z from 'zod/mini';
import { DeclineReason } from './dunning-reasons.js';
import { CountryCode, Id, Instant, listOf } from './primitives.js';
import { NextAction } from './invoices.js';

export const CardBrand = z.enum(['visa', 'mastercard', 'amex', 'jcb', 'discover', 'diners', 'unionpay', 'unknown']);

export const Card = z.object({
  brand: CardBrand,
  last4: z.string().check(z.regex(/^\d{4}$/)),
  exp_month: z.int().check(z.minimum(1), z.maximum(12)),
  exp_year: z.int().check(z.minimum(2000), z.maximum(2100)),
  country: z.nullable(CountryCode),
  /** The wallet the card was added through, if any. */
  wallet: z.nullable(z.enum(['apple_pay', 'google_pay', 'link'])),
});

export const PaymentMethod = z.object({
  object: z.literal('payment_method'),
  id: Id,
  type: z.enum(['card', 'sepa_debit', 'us_bank_account', 'link']),
  /** Present when `type` is `card`. */
  card: z.nullable(Card),
  billing_name: z.nullable(z.string()),
  is_default: z.boolean(),
  /** True when the card expires within the next 30 days, by the provider's clock. */
  expires_soon: z.boolean(),
  /** True when the card's expiry date has passed. */
  expired: z.boolean(),
  created: Instant,
});

export const PaymentMethodList = listOf(PaymentMethod);

export const DeletedPaymentMethod = z.object({
  object: z.literal('payment_method'),
  id: Id,
  deleted: z.literal(true),
});

export const CreateSetupRequest = z.strictObject({
  /** The saved method the new one replaces; it is detached once the new one is ready. */
  replace_payment_method_id: z.optional(Id),
  /** Make the new method the default for the customer and their subscriptions. */
  set_default: z.optional(z.boolean()),
});

/** A public test card the sandbox accepts, shown in its clearly marked test form. */
export const SandboxTestCard = z.object({
  number: z.string().check(z.regex(/^\d{12,19}$/)),
  brand: CardBrand,
  /** What happens when this card is used, e.g. `succeeds`, `insufficient_funds`. */
  behavior: z.string(),
});

export const SetupSession = z.object({
  object: z.literal('setup_session'),
  id: Id,
  mode: z.enum(['stripe', 'sandbox']),
  status: z.enum(['requires_payment_method', 'requires_action', 'succeeded', 'canceled']),
  /** The SetupIntent's client secret for `stripe.confirmSetup`; null in the sandbox. */
  client_secret: z.nullable(z.string()),
  publishable_key: z.nullable(z.string()),
  /** The cards the sandbox form offers; empty in live mode. */
  test_cards: z.array(SandboxTestCard),
  replace_payment_method_id: z.nullable(Id),
  set_default: z.boolean(),
});

/**
 * Finishes a setup. In live mode the body is empty: the server reads the
 * SetupIntent that Stripe.js confirmed. In the sandbox it carries a test card.
 */
export const CompleteSetupRequest = z.strictObject({
  card: z.optional(
    z.strictObject({
      number: z.string().check(z.regex(/^\d{12,19}$/)),
      exp_month: z.int().check(z.minimum(1), z.maximum(12)),
      exp_year: z.int().check(z.minimum(2000), z.maximum(2100)),
      cvc: z.string().check(z.regex(/^\d{3,4}$/)),
      name: z.optional(z.string().check(z.maxLength(200))),
    }),
  ),
  /** The sandbox's simulated 3-D Secure answer, for cards that ask for it. */
  authentication_result: z.optional(z.enum(['approve', 'deny'])),
});

export const SetupResult = z.object({
  object: z.literal('setup_result'),
  setup_session_id: Id,
  status: z.enum(['succeeded', 'requires_action', 'failed']),
  payment_method: z.nullable(PaymentMethod),
  next_action: z.nullable(NextAction),
  decline_reason: z.nullable(DeclineReason),
});

export type CardBrand = z.infer<typeof CardBrand>;
export type Card = z.infer<typeof Card>;
export type PaymentMethod = z.infer<typeof PaymentMethod>;
export type PaymentMethodList = z.infer<typeof PaymentMethodList>;
export type DeletedPaymentMethod = z.infer<typeof DeletedPaymentMethod>;
export type CreateSetupRequest = z.infer<typeof CreateSetupRequest>;
export type SandboxTestCard = z.infer<typeof SandboxTestCard>;
export type SetupSession = z.infer<typeof SetupSession>;
export type CompleteSetupRequest = z.infer<typeof CompleteSetupRequest>;
export type SetupResult = z.infer<typeof SetupResult>;
