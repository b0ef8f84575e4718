/**
 * The one error shape every failed request returns, and the codes the
 * reference server uses. Clients must treat unknown codes as generic errors,
 * since new codes may be added without a version change.
 */
import * as z from 'zod/mini';

export const ErrorCode = {
  /** The body is not valid JSON. */
  invalidJson: 'invalid_json',
  /** A field has the wrong type or format; `param` names it. */
  parameterInvalid: 'parameter_invalid',
  /** A required field is absent; `param` names it. */
  parameterMissing: 'parameter_missing',
  /** The body has a field the operation does not define; `param` names it. */
  parameterUnknown: 'parameter_unknown',
  /** The body exceeds the server's size limit. */
  bodyTooLarge: 'body_too_large',
  /** No bearer token was sent. */
  sessionMissing: 'session_missing',
  /** The session token has expired; mint a new one and retry. */
  sessionExpired: 'session_expired',
  /** The session token is malformed, forged or for another audience. */
  sessionInvalid: 'session_invalid',
  /** The session lacks the capability the operation needs. */
  capabilityMissing: 'capability_missing',
  /** The object does not exist or does not belong to the session's customer. */
  resourceMissing: 'resource_missing',
  /** No operation exists at this method and path. */
  routeNotFound: 'route_not_found',
  /** A mutation arrived without an `Idempotency-Key` header. */
  idempotencyKeyMissing: 'idempotency_key_missing',
  /** The idempotency key was used before with a different request body. */
  idempotencyKeyReused: 'idempotency_key_reused',
  /** A request with the same idempotency key is still running; retry shortly. */
  idempotencyInProgress: 'idempotency_in_progress',
  /** Too many requests for this session; wait for `Retry-After`. */
  rateLimited: 'rate_limited',
  /** The invoice is not open, so it cannot be paid. */
  invoiceNotPayable: 'invoice_not_payable',
  /** The payment was declined; the body's `decline_reason` says why. */
  paymentDeclined: 'payment_declined',
  /** The customer's only payment method cannot go while a subscription is active. */
  lastPaymentMethod: 'last_payment_method',
  /** The payment option is not offered to this customer or invoice. */
  paymentOptionIneligible: 'payment_option_ineligible',
  /** The vendor's rules do not allow this plan change. */
  planChangeNotAllowed: 'plan_change_not_allowed',
  /** The subscription's status does not allow the operation. */
  subscriptionStateInvalid: 'subscription_state_invalid',
  /** The pause duration is not among those the vendor offers. */
  pauseDurationNotOffered: 'pause_duration_not_offered',
  /** The retention offer is not available for this subscription. */
  offerNotAvailable: 'offer_not_available',
  /** The tax ID fails its format or check-digit validation. */
  taxIdInvalid: 'tax_id_invalid',
  /** A grace extension is not allowed now. */
  extensionNotAllowed: 'extension_not_allowed',
  /** The operation exists only in the sandbox. */
  sandboxOnly: 'sandbox_only',
  /** The billing provider failed; retrying later may help. */
  providerError: 'provider_error',
  /** An unexpected server error; `request_id` identifies it in the logs. */
  internalError: 'internal_error',
} as const;

export type KnownErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ApiErrorBody = z.object({
  /** A stable machine-readable code; see `ErrorCode`. */
  code: z.string().check(z.minLength(1)),
  /** A human-readable sentence in English, for logs and developers. */
  message: z.string(),
  /** The offending field as a dotted path (`address.postal_code`), when there is one. */
  param: z.nullable(z.string()),
  /** The id of the request, as logged by the server. */
  request_id: z.nullable(z.string()),
  /** For declined payments: the customer-facing reason. */
  decline_reason: z.optional(z.nullable(z.string())),
});

/** The envelope of every error response. */
export const ApiErrorEnvelope = z.object({ error: ApiErrorBody });

export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
export type ApiErrorEnvelope = z.infer<typeof ApiErrorEnvelope>;
