/**
 * The Stripe client, options and helpers every operation of the Stripe
 * provider shares: error translation, ownership checks and lookups of
 * immutable objects (tax rates) that are cached for the life of the process.
 */
import Stripe from 'stripe';
import type { InvoiceIssuer } from '../../../contract/index.js';
import { silentLogger, type Logger } from '../../logger.js';
import { ProviderError, notFound, type BillingPolicy, type DunningRecoveryListener } from '../provider.js';
import { idOf } from './map/index.js';
import type { StripeProviderStore } from './store.js';

/** A retention offer the vendor configured, shown for the listed cancellation reasons (all when omitted). */
export type StripeRetentionOfferConfig =
  | { id: string; type: 'discount'; couponId: string; percentOff: number; durationMonths: number; reasons?: string[] }
  | { id: string; type: 'pause'; months: number; reasons?: string[] }
  | { id: string; type: 'plan_change'; priceId: string; reasons?: string[] };

export interface StripeProviderOptions {
  /** A configured `Stripe` client, or a secret key to create one with the package's defaults. */
  stripe: Stripe | string;
  publishableKey: string | null;
  policy: BillingPolicy;
  /** The signing secret of the webhook endpoint (`whsec_...`). */
  webhookSecret: string;
  store?: StripeProviderStore;
  /** Replaces the store's webhook event dedupe, e.g. with a unique insert into a shared database. */
  dedupe?: (eventId: string) => Promise<boolean>;
  /** Recurring price ids that make up the plan catalog; default: active prices with metadata `keel_plan=true`. */
  planPriceIds?: string[];
  retentionOffers?: StripeRetentionOfferConfig[];
  /** Payment terms, in days, offered for pay by invoice; empty turns the option off. */
  payByInvoiceTermsDays?: number[];
  /** Wallets Payment Element may offer; empty hides the wallet option. */
  wallets?: Array<'apple_pay' | 'google_pay' | 'link'>;
  /** The seller as printed on invoices; defaults to the Stripe account's name and tax IDs. */
  issuer?: InvoiceIssuer;
  /** The issuer's time zone, in which due dates are printed. Default `UTC`. */
  issuerTimeZone?: string;
  /** Currency for customers Stripe has not assigned one yet. Default `USD`. */
  defaultCurrency?: string;
  /** Days a konbini voucher stays payable (Stripe allows 1 to 60). Default 3. */
  konbiniExpiresAfterDays?: number;
  /** Hours a dismissed dunning banner stays hidden. Default 24. */
  dunningDismissHours?: number;
  /** Reads a finalized invoice's PDF from Stripe's `invoice_pdf` URL; default: the global `fetch`. */
  fetchInvoicePdf?: (url: string) => Promise<Uint8Array>;
  /** The provider's clock; default: real time. */
  now?: () => Date;
  /** Receives warnings about errors the provider handles without failing the request. Default: silent. */
  logger?: Logger;
  /** Receives every object a webhook changed, re-fetched from Stripe and mapped. */
  onWebhookChange?: (change: import('./webhooks.js').StripeWebhookChange) => void | Promise<void>;
  /**
   * Receives each `invoice.paid` webhook for an invoice Stripe had failed to
   * collect before (more than one attempt). Labels are null because Stripe
   * no longer reports the decline once the invoice is paid.
   */
  onDunningRecovery?: DunningRecoveryListener;
}

export interface StripeContext {
  stripe: Stripe;
  options: StripeProviderOptions;
  store: StripeProviderStore;
  logger: Logger;
  now(): Date;
  taxRates(ids: readonly string[]): Promise<Map<string, Stripe.TaxRate>>;
}

export function createStripeClient(stripe: Stripe | string): Stripe {
  return typeof stripe === 'string' ? new Stripe(stripe) : stripe;
}

/** Creates the shared context; tax rates are cached because Stripe never changes a rate's percentage. */
export function createContext(options: StripeProviderOptions, store: StripeProviderStore): StripeContext {
  const stripe = createStripeClient(options.stripe);
  const taxRateCache = new Map<string, Stripe.TaxRate>();
  return {
    stripe,
    options,
    store,
    logger: options.logger ?? silentLogger,
    now: () => options.now?.() ?? new Date(),
    async taxRates(ids) {
      const missing = ids.filter((id) => !taxRateCache.has(id));
      await Promise.all(
        missing.map(async (id) => {
          try {
            taxRateCache.set(id, await stripe.taxRates.retrieve(id));
          } catch (error) {
            // A rate that cannot be read is derived from the amounts instead.
            if (!isMissing(error)) throw translateStripeError(error);
          }
        }),
      );
      return new Map(ids.flatMap((id) => (taxRateCache.has(id) ? [[id, taxRateCache.get(id)!] as const] : [])));
    },
  };
}

function isStripeError(error: unknown): error is Stripe.errors.StripeError {
  return error instanceof Error && typeof (error as { type?: unknown }).type === 'string' && 'raw' in error;
}

/** Returns true when Stripe reported that the object does not exist. */
export function isMissing(error: unknown): boolean {
  return isStripeError(error) && (error.code === 'resource_missing' || error.statusCode === 404);
}

/**
 * Translates a Stripe error into the contract's error: missing objects become
 * `resource_missing`, card errors `payment_declined` and the rest
 * `provider_error`, whose message never repeats Stripe's (it can name ids of
 * other accounts or request details).
 */
export function translateStripeError(error: unknown, kind = 'object', id = ''): Error {
  if (error instanceof ProviderError) return error;
  if (!isStripeError(error)) return error instanceof Error ? error : new Error(String(error));
  if (isMissing(error)) return notFound(kind, id);
  if (error.type === 'StripeCardError') {
    return new ProviderError('payment_declined', 'The payment was declined.', 402, null, null);
  }
  if (error.type === 'StripeRateLimitError') {
    return new ProviderError('provider_error', 'Stripe is rate limiting requests; retry shortly.', 503);
  }
  return new ProviderError('provider_error', `Stripe request failed (${error.type}).`, 502);
}

/** Runs a Stripe call and translates its errors. */
export async function call<T>(run: () => Promise<T>, kind = 'object', id = ''): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translateStripeError(error, kind, id);
  }
}

/**
 * Returns the object when its `customer` is the session's customer, else
 * reports it as absent, exactly like a missing object, so ids cannot be probed.
 */
export function owned<T extends { customer?: unknown; id: string }>(object: T | null | undefined, customerId: string, kind: string, id: string): T {
  if (!object || (object as { deleted?: boolean }).deleted) throw notFound(kind, id);
  const owner = idOf(object.customer as string | { id: string } | null | undefined);
  if (owner === null || owner !== customerId) throw notFound(kind, id);
  return object;
}

/** Retrieves an object and checks its owner; a missing object and another customer's look the same. */
export async function retrieveOwned<T extends { customer?: unknown; id: string }>(
  run: () => Promise<T>,
  customerId: string,
  kind: string,
  id: string,
): Promise<T> {
  const object = await call(run, kind, id);
  return owned(object, customerId, kind, id);
}
