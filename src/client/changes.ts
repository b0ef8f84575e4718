/**
 * Change notifications: how every element on a page learns that another one
 * changed data it shows.
 *
 * @module
 */

import type { OperationId, ResourceName } from '../contract/index.js';

/** What a successful mutation changed. */
export interface KeelChange {
  /** Operation id from the contract, for example `invoices.pay`. */
  operation: OperationId;
  /** Resources whose data is now stale, from the operation's `changes` list. */
  resources: readonly ResourceName[];
  /** Server request id of the mutation, when the response carried one. */
  requestId: string | null;
}

export type ChangeListener = (change: KeelChange) => void;

/** Event type dispatched on `client.changes`. */
export const CHANGE_EVENT = 'change';

/** Event dispatched on `client.changes` after a mutation; `detail` names what changed. */
export class KeelChangeEvent extends Event {
  readonly detail: KeelChange;

  constructor(detail: KeelChange) {
    super(CHANGE_EVENT);
    this.detail = detail;
  }
}

/**
 * Notifies listeners of changes through an `EventTarget`, so a listener that
 * throws is reported the platform's way (the window `error` event in browsers)
 * and neither fails the mutation nor skips the other listeners.
 */
export class ChangeNotifier {
  readonly target: EventTarget = new EventTarget();

  subscribe(listener: ChangeListener): () => void {
    const handler = (event: Event) => listener((event as KeelChangeEvent).detail);
    this.target.addEventListener(CHANGE_EVENT, handler);
    return () => this.target.removeEventListener(CHANGE_EVENT, handler);
  }

  notify(change: KeelChange): void {
    this.target.dispatchEvent(new KeelChangeEvent(change));
  }
}
