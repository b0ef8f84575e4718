/**
 * Remembers which invoices' banners were dismissed (in sessionStorage, so a
 * reload keeps the cool-down) and which impressions this page load recorded.
 */

const STORAGE_PREFIX = 'keel-dunning-dismissed:';

/** Cool-down used when the server returns a dismissal without `dismissed_until`. */
export const FALLBACK_COOLDOWN_MS = 24 * 60 * 60 * 1000;

const recordedImpressions = new Set<string>();

/** Marks an impression of an invoice's banner in a copy variant; returns false if this page load already recorded it. */
export function claimImpression(invoiceId: string, variant: string): boolean {
  const key = `${invoiceId}\n${variant}`;
  if (recordedImpressions.has(key)) return false;
  recordedImpressions.add(key);
  return true;
}

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    // Sandboxed iframes and some privacy modes throw on access; dismissals then last for the page only.
    return undefined;
  }
}

/** Returns the epoch milliseconds until which the invoice's banner stays hidden, or 0. */
export function storedDismissal(invoiceId: string): number {
  const value = storage()?.getItem(STORAGE_PREFIX + invoiceId);
  const until = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(until) ? 0 : until;
}

export function storeDismissal(invoiceId: string, until: number): void {
  try {
    storage()?.setItem(STORAGE_PREFIX + invoiceId, new Date(until).toISOString());
  } catch {
    // A full or blocked storage only shortens the cool-down to this page.
  }
}
