/**
 * The cancel flow as a pure state machine: a reason survey, retention offers
 * chosen by reason, a confirmation, and reactivation of a subscription that is
 * already set to end. `transition(state, event)` returns the next state and
 * never performs I/O. `effectOf(state)` names the request a pending state
 * waits for, so any UI (Lit, React, a test) can run the flow with its own
 * client and feed the result back as an event.
 *
 * It imports only contract types, so it has no framework or runtime dependency.
 */
import type { CancelRequest, CancellationReason, RetentionOffer, Subscription } from '../../src/contract/index.js';

/** The maximum length of free-text feedback the server accepts, in UTF-16 code units. */
export const FEEDBACK_MAX_LENGTH = 2000;

/** The maximum number of declined offer ids a cancel request may carry. */
export const MAX_DECLINED_OFFERS = 10;

export type CancelFlowStep =
  | 'survey'
  | 'loading_offers'
  | 'offers'
  | 'accepting_offer'
  | 'confirm'
  | 'cancelling'
  | 'reactivate'
  | 'reactivating'
  | 'retained'
  | 'cancelled'
  | 'reactivated'
  | 'closed';

/** The end of one run of the flow: the customer stayed, left, or closed the flow first. */
export type CancelFlowOutcome = 'retained' | 'cancelled' | 'aborted';

/** A problem the flow shows to the customer. */
export type CancelFlowError =
  | { code: 'reason_required' }
  | { code: 'reason_not_offered'; reason: string }
  | { code: 'feedback_too_long'; maxLength: number }
  | { code: 'request_failed'; operation: CancelFlowEffect['type']; cause: unknown };

export interface CancelFlowState {
  step: CancelFlowStep;
  /** The reasons the vendor offers, in display order. */
  reasons: readonly CancellationReason[];
  /** Whether the survey has a free-text field. */
  freeText: boolean;
  reason: CancellationReason | null;
  feedback: string;
  /** The offers shown for the chosen reason. */
  offers: readonly RetentionOffer[];
  /** Offers the customer saw and passed on, sent with the cancellation. */
  declinedOfferIds: readonly string[];
  /** The offer whose acceptance is pending or done. */
  acceptedOfferId: string | null;
  error: CancelFlowError | null;
  /** Set when the customer closed the flow while a request was in flight. */
  closeRequested: boolean;
  /** The run's outcome, set once and never changed after that. */
  outcome: CancelFlowOutcome | null;
  /** The subscription as the last successful request returned it. */
  subscription: Subscription | null;
}

export type CancelFlowEvent =
  | { type: 'select_reason'; reason: CancellationReason }
  | { type: 'edit_feedback'; feedback: string }
  | { type: 'submit_survey' }
  | { type: 'offers_loaded'; offers: readonly RetentionOffer[] }
  | { type: 'offers_failed'; error: unknown }
  | { type: 'accept_offer'; offerId: string }
  | { type: 'offer_accepted'; subscription: Subscription }
  | { type: 'offer_failed'; error: unknown }
  | { type: 'decline_offers' }
  | { type: 'back' }
  | { type: 'confirm_cancel' }
  | { type: 'cancelled'; subscription: Subscription }
  | { type: 'cancel_failed'; error: unknown }
  | { type: 'reactivate' }
  | { type: 'reactivated'; subscription: Subscription }
  | { type: 'reactivate_failed'; error: unknown }
  | { type: 'close' };

/** The request a pending step waits for. */
export type CancelFlowEffect =
  | { type: 'retention_offers'; reason: CancellationReason }
  | { type: 'accept_offer'; offerId: string; reason: CancellationReason }
  | { type: 'cancel'; request: CancelRequest }
  | { type: 'reactivate' };

export interface CancelFlowOptions {
  reasons: readonly CancellationReason[];
  freeText: boolean;
  /** True when the subscription already ends at period end, so the flow offers reactivation. */
  cancelScheduled: boolean;
}

const PENDING_STEPS: ReadonlySet<CancelFlowStep> = new Set(['loading_offers', 'accepting_offer', 'cancelling', 'reactivating']);
const FINAL_STEPS: ReadonlySet<CancelFlowStep> = new Set(['retained', 'cancelled', 'reactivated', 'closed']);

/** Returns the state a new run of the flow starts in. */
export function initialCancelFlowState(options: CancelFlowOptions): CancelFlowState {
  return {
    step: options.cancelScheduled ? 'reactivate' : 'survey',
    reasons: [...options.reasons],
    freeText: options.freeText,
    reason: null,
    feedback: '',
    offers: [],
    declinedOfferIds: [],
    acceptedOfferId: null,
    error: null,
    closeRequested: false,
    outcome: null,
    subscription: null,
  };
}

/** Tells whether the step waits for a request. */
export function isPending(state: CancelFlowState): boolean {
  return PENDING_STEPS.has(state.step);
}

/** Tells whether the run has ended (an outcome is known and nothing more can happen). */
export function isFinal(state: CancelFlowState): boolean {
  return FINAL_STEPS.has(state.step);
}

/** Builds the cancel request from what the customer entered and declined. */
export function cancelRequestOf(state: CancelFlowState): CancelRequest | null {
  if (!state.reason) return null;
  const request: CancelRequest = { reason: state.reason };
  const feedback = state.freeText ? state.feedback.trim() : '';
  if (feedback) request.feedback = feedback;
  if (state.declinedOfferIds.length > 0) request.declined_offer_ids = state.declinedOfferIds.slice(0, MAX_DECLINED_OFFERS);
  return request;
}

/** Returns the request the state waits for, or null when it waits for the customer. */
export function effectOf(state: CancelFlowState): CancelFlowEffect | null {
  switch (state.step) {
    case 'loading_offers':
      return state.reason ? { type: 'retention_offers', reason: state.reason } : null;
    case 'accepting_offer':
      return state.reason && state.acceptedOfferId ? { type: 'accept_offer', offerId: state.acceptedOfferId, reason: state.reason } : null;
    case 'cancelling': {
      const request = cancelRequestOf(state);
      return request ? { type: 'cancel', request } : null;
    }
    case 'reactivating':
      return { type: 'reactivate' };
    default:
      return null;
  }
}

function failed(operation: CancelFlowEffect['type'], cause: unknown): CancelFlowError {
  return { code: 'request_failed', operation, cause };
}

/** Ends the run with an outcome, or shows the outcome's step while the flow stays open. */
function finish(state: CancelFlowState, step: 'retained' | 'cancelled' | 'reactivated', outcome: CancelFlowOutcome, subscription: Subscription): CancelFlowState {
  return { ...state, step: state.closeRequested ? 'closed' : step, outcome, subscription, error: null };
}

/** Returns to the step a failed request came from, or closes the flow when the customer already left. */
function fail(state: CancelFlowState, step: CancelFlowStep, error: CancelFlowError): CancelFlowState {
  if (state.closeRequested) return { ...state, step: 'closed', outcome: 'aborted', error };
  return { ...state, step, error };
}

function whileChoosing(state: CancelFlowState, event: CancelFlowEvent): CancelFlowState {
  switch (event.type) {
    case 'select_reason':
      if (!state.reasons.includes(event.reason)) return { ...state, error: { code: 'reason_not_offered', reason: event.reason } };
      return { ...state, reason: event.reason, error: null };
    case 'edit_feedback':
      if (!state.freeText) return state;
      if (event.feedback.length > FEEDBACK_MAX_LENGTH) return { ...state, error: { code: 'feedback_too_long', maxLength: FEEDBACK_MAX_LENGTH } };
      return { ...state, feedback: event.feedback, error: state.error?.code === 'feedback_too_long' ? null : state.error };
    case 'submit_survey':
      if (!state.reason) return { ...state, error: { code: 'reason_required' } };
      return { ...state, step: 'loading_offers', offers: [], declinedOfferIds: [], error: null };
    default:
      return state;
  }
}

/**
 * Returns the state after `event`. Events that do not apply to the current
 * step return the same state object, so a caller can tell nothing happened.
 */
export function transition(state: CancelFlowState, event: CancelFlowEvent): CancelFlowState {
  if (event.type === 'close') {
    if (isFinal(state)) return state.step === 'closed' ? state : { ...state, step: 'closed' };
    // A request in flight still completes, so its result decides the outcome.
    if (isPending(state)) return state.closeRequested ? state : { ...state, closeRequested: true };
    return { ...state, step: 'closed', outcome: 'aborted' };
  }

  switch (state.step) {
    case 'survey':
      return whileChoosing(state, event);

    case 'loading_offers':
      if (event.type === 'offers_loaded') {
        if (state.closeRequested) return { ...state, step: 'closed', outcome: 'aborted' };
        return { ...state, step: event.offers.length > 0 ? 'offers' : 'confirm', offers: [...event.offers] };
      }
      // Offers are optional: when they cannot load, the customer can still cancel.
      if (event.type === 'offers_failed') {
        if (state.closeRequested) return { ...state, step: 'closed', outcome: 'aborted' };
        return { ...state, step: 'confirm', offers: [] };
      }
      return state;

    case 'offers':
      if (event.type === 'accept_offer') {
        if (!state.offers.some((offer) => offer.id === event.offerId)) return state;
        return { ...state, step: 'accepting_offer', acceptedOfferId: event.offerId, error: null };
      }
      if (event.type === 'decline_offers') {
        return { ...state, step: 'confirm', declinedOfferIds: state.offers.map((offer) => offer.id), error: null };
      }
      if (event.type === 'back') return { ...state, step: 'survey', offers: [], declinedOfferIds: [], error: null };
      return state;

    case 'accepting_offer':
      if (event.type === 'offer_accepted') return finish(state, 'retained', 'retained', event.subscription);
      if (event.type === 'offer_failed') return fail({ ...state, acceptedOfferId: null }, 'offers', failed('accept_offer', event.error));
      return state;

    case 'confirm':
      if (event.type === 'confirm_cancel') return { ...state, step: 'cancelling', error: null };
      if (event.type === 'back') {
        if (state.offers.length > 0) return { ...state, step: 'offers', declinedOfferIds: [], error: null };
        return { ...state, step: 'survey', error: null };
      }
      return state;

    case 'cancelling':
      if (event.type === 'cancelled') return finish(state, 'cancelled', 'cancelled', event.subscription);
      if (event.type === 'cancel_failed') return fail(state, 'confirm', failed('cancel', event.error));
      return state;

    case 'reactivate':
      if (event.type === 'reactivate') return { ...state, step: 'reactivating', error: null };
      return state;

    case 'reactivating':
      if (event.type === 'reactivated') return finish(state, 'reactivated', 'retained', event.subscription);
      if (event.type === 'reactivate_failed') return fail(state, 'reactivate', failed('reactivate', event.error));
      return state;

    default:
      return state;
  }
}
