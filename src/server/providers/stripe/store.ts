/**
 * State the Stripe provider keeps beside Stripe: webhook event ids and
 * per-object watermarks, the dunning banner's dismissals and grace
 * extensions, and retention counters. Stripe stays the system of record for
 * everything billing.
 */
import type { CancellationReason, RetentionStats } from '../../../contract/index.js';

export type RetentionOfferType = 'discount' | 'pause' | 'plan_change';

export type RetentionEvent =
  | { kind: 'offer_shown'; reason: CancellationReason; offerType: RetentionOfferType }
  | { kind: 'offer_accepted'; reason: CancellationReason; offerType: RetentionOfferType }
  | { kind: 'offer_declined'; reason: CancellationReason; offerType: RetentionOfferType }
  | { kind: 'cancelled'; reason: CancellationReason };

export interface StripeProviderStore {
  /**
   * Records a webhook event id. Returns false when it was recorded before, so
   * a redelivered event is acknowledged without being processed twice.
   */
  claimEvent(eventId: string): Promise<boolean>;
  /** Forgets an event id whose processing failed, so Stripe's redelivery is processed. */
  releaseEvent(eventId: string): Promise<void>;
  /**
   * Moves an object's watermark to `created` (Unix seconds) unless a newer
   * event for it was already processed. Returns false for such a stale event.
   */
  advanceWatermark(objectId: string, created: number): Promise<boolean>;
  getDunningMarks(customerId: string, invoiceId: string): Promise<{ dismissedUntil: Date | null; extensionUntil: Date | null }>;
  setDismissedUntil(customerId: string, invoiceId: string, until: Date): Promise<void>;
  /** Grants a grace extension once per invoice. Returns false when one was granted before. */
  grantExtension(customerId: string, invoiceId: string, until: Date): Promise<boolean>;
  recordRetention(event: RetentionEvent): Promise<void>;
  retentionStats(): Promise<RetentionStats>;
}

/** Event ids remembered by the in-memory store; Stripe retries a delivery for up to three days. */
const MAX_REMEMBERED_EVENTS = 50_000;

/**
 * Creates a store that lives in this process.
 *
 * NOTE: with several server instances behind a load balancer, each instance
 * keeps its own copy, so a redelivered webhook that lands on another instance
 * is processed again (harmless, since handlers re-fetch the object) and
 * dismissals and extensions differ between instances. Pass a store backed by
 * the shared database in that setup.
 */
export function createMemoryStripeStore(): StripeProviderStore {
  const events = new Set<string>();
  const watermarks = new Map<string, number>();
  const marks = new Map<string, { dismissedUntil: Date | null; extensionUntil: Date | null }>();
  const since = new Date();
  const byReason = new Map<CancellationReason, { cancellations: number; offers_shown: number; offers_accepted: number }>();
  const byOffer = new Map<RetentionOfferType, { shown: number; accepted: number; declined: number }>();

  const markKey = (customerId: string, invoiceId: string) => `${customerId}\u0000${invoiceId}`;
  const reasonRow = (reason: CancellationReason) => {
    let row = byReason.get(reason);
    if (!row) byReason.set(reason, (row = { cancellations: 0, offers_shown: 0, offers_accepted: 0 }));
    return row;
  };
  const offerRow = (type: RetentionOfferType) => {
    let row = byOffer.get(type);
    if (!row) byOffer.set(type, (row = { shown: 0, accepted: 0, declined: 0 }));
    return row;
  };

  return {
    async claimEvent(eventId) {
      if (events.has(eventId)) return false;
      events.add(eventId);
      if (events.size > MAX_REMEMBERED_EVENTS) {
        const oldest = events.values().next().value;
        if (oldest !== undefined) events.delete(oldest);
      }
      return true;
    },
    async releaseEvent(eventId) {
      events.delete(eventId);
    },
    async advanceWatermark(objectId, created) {
      const seen = watermarks.get(objectId);
      if (seen !== undefined && created < seen) return false;
      watermarks.set(objectId, created);
      return true;
    },
    async getDunningMarks(customerId, invoiceId) {
      return { ...(marks.get(markKey(customerId, invoiceId)) ?? { dismissedUntil: null, extensionUntil: null }) };
    },
    async setDismissedUntil(customerId, invoiceId, until) {
      const key = markKey(customerId, invoiceId);
      marks.set(key, { extensionUntil: null, ...marks.get(key), dismissedUntil: until });
    },
    async grantExtension(customerId, invoiceId, until) {
      const key = markKey(customerId, invoiceId);
      const current = marks.get(key);
      if (current?.extensionUntil) return false;
      marks.set(key, { dismissedUntil: null, ...current, extensionUntil: until });
      return true;
    },
    async recordRetention(event) {
      const row = reasonRow(event.reason);
      if (event.kind === 'cancelled') {
        row.cancellations += 1;
        return;
      }
      const offer = offerRow(event.offerType);
      if (event.kind === 'offer_shown') {
        row.offers_shown += 1;
        offer.shown += 1;
      } else if (event.kind === 'offer_accepted') {
        row.offers_accepted += 1;
        offer.accepted += 1;
      } else {
        offer.declined += 1;
      }
    },
    async retentionStats() {
      return {
        object: 'retention_stats',
        since: since.toISOString(),
        reasons: [...byReason].map(([reason, row]) => ({ reason, ...row })),
        offers: [...byOffer].map(([offer_type, row]) => ({ offer_type, ...row })),
      };
    },
  };
}
