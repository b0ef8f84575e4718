/**
 * A headless cancel flow: it keeps the machine's state, performs the request
 * each pending step waits for, and tells listeners about every change. It
 * knows nothing of Lit or the DOM, so a vendor can build its own cancel UI on
 * it. `handle*` methods act on the customer's behalf; `onChange` only listens.
 */
import type { CancelRequest, CancellationReason, RetentionOfferList, Subscription } from '../../src/contract/index.js';
import {
  effectOf,
  initialCancelFlowState,
  transition,
  type CancelFlowEffect,
  type CancelFlowEvent,
  type CancelFlowOptions,
  type CancelFlowState,
} from '../shared/cancel-flow-machine.js';

/** The subset of `client.subscriptions` the flow calls. */
export interface CancelFlowApi {
  retentionOffers(subscriptionId: string, query: { reason: CancellationReason }): Promise<RetentionOfferList>;
  acceptOffer(subscriptionId: string, offerId: string, body: { reason: CancellationReason }): Promise<Subscription>;
  cancel(subscriptionId: string, body: CancelRequest): Promise<Subscription>;
  reactivate(subscriptionId: string): Promise<Subscription>;
}

export type CancelFlowListener = (state: CancelFlowState, previous: CancelFlowState) => void;

export class CancelFlowController {
  private current: CancelFlowState;
  private readonly listeners = new Set<CancelFlowListener>();
  // Results of a run that was restarted belong to no one and are dropped.
  private run = 0;

  constructor(
    private readonly api: CancelFlowApi,
    private subscriptionId: string,
    options: CancelFlowOptions,
  ) {
    this.current = initialCancelFlowState(options);
  }

  get state(): CancelFlowState {
    return this.current;
  }

  /** Calls `listener` after every state change; returns a function that unsubscribes. */
  onChange(listener: CancelFlowListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a new run, for the same or another subscription. */
  restart(subscriptionId: string, options: CancelFlowOptions): void {
    this.run += 1;
    this.subscriptionId = subscriptionId;
    this.replace(initialCancelFlowState(options));
  }

  handleSelectReason(reason: CancellationReason): void {
    this.send({ type: 'select_reason', reason });
  }

  handleFeedback(feedback: string): void {
    this.send({ type: 'edit_feedback', feedback });
  }

  handleSubmitSurvey(): void {
    this.send({ type: 'submit_survey' });
  }

  handleAcceptOffer(offerId: string): void {
    this.send({ type: 'accept_offer', offerId });
  }

  handleDeclineOffers(): void {
    this.send({ type: 'decline_offers' });
  }

  handleBack(): void {
    this.send({ type: 'back' });
  }

  handleConfirmCancel(): void {
    this.send({ type: 'confirm_cancel' });
  }

  handleReactivate(): void {
    this.send({ type: 'reactivate' });
  }

  handleClose(): void {
    this.send({ type: 'close' });
  }

  private send(event: CancelFlowEvent): void {
    const previous = this.current;
    this.replace(transition(previous, event));
    // Entering a pending step starts its request; a close while pending keeps the step and starts nothing new.
    if (this.current.step !== previous.step) {
      const effect = effectOf(this.current);
      if (effect) void this.perform(effect, this.run);
    }
  }

  private replace(next: CancelFlowState): void {
    const previous = this.current;
    if (next === previous) return;
    this.current = next;
    for (const listener of this.listeners) listener(next, previous);
  }

  private async perform(effect: CancelFlowEffect, run: number): Promise<void> {
    const result = await this.request(effect);
    if (run === this.run) this.send(result);
  }

  /** Performs an effect's request and turns its result into the event the machine expects. */
  private async request(effect: CancelFlowEffect): Promise<CancelFlowEvent> {
    const id = this.subscriptionId;
    switch (effect.type) {
      case 'retention_offers':
        try {
          const offers = await this.api.retentionOffers(id, { reason: effect.reason });
          return { type: 'offers_loaded', offers: offers.data };
        } catch (error) {
          return { type: 'offers_failed', error };
        }
      case 'accept_offer':
        try {
          return { type: 'offer_accepted', subscription: await this.api.acceptOffer(id, effect.offerId, { reason: effect.reason }) };
        } catch (error) {
          return { type: 'offer_failed', error };
        }
      case 'cancel':
        try {
          return { type: 'cancelled', subscription: await this.api.cancel(id, effect.request) };
        } catch (error) {
          return { type: 'cancel_failed', error };
        }
      case 'reactivate':
        try {
          return { type: 'reactivated', subscription: await this.api.reactivate(id) };
        } catch (error) {
          return { type: 'reactivate_failed', error };
        }
    }
  }
}
