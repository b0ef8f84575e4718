// Unit tests of the pure cancel-flow machine. They touch neither the DOM nor
// the network, so they need no fixture and no mock API.
import { expect } from '@open-wc/testing';
import type { RetentionOffer, Subscription } from '../../src/contract/index.js';
import { examples } from '../../src/contract/examples.js';
import {
  FEEDBACK_MAX_LENGTH,
  MAX_DECLINED_OFFERS,
  cancelRequestOf,
  effectOf,
  initialCancelFlowState,
  isFinal,
  isPending,
  transition,
  type CancelFlowEvent,
  type CancelFlowState,
} from '../shared/cancel-flow-machine.js';

const offers: RetentionOffer[] = structuredClone(examples.RetentionOfferList.valid.data);
const subscription: Subscription = structuredClone(examples.Subscription.valid);

function start(options: Partial<Parameters<typeof initialCancelFlowState>[0]> = {}): CancelFlowState {
  return initialCancelFlowState({ reasons: ['too_expensive', 'unused', 'other'], freeText: true, cancelScheduled: false, ...options });
}

function run(state: CancelFlowState, ...events: CancelFlowEvent[]): CancelFlowState {
  return events.reduce(transition, state);
}

describe('cancel flow machine', () => {
  it('starts at the survey', () => {
    expect(start().step).to.equal('survey');
  });

  it('starts at reactivation when cancel scheduled', () => {
    expect(start({ cancelScheduled: true }).step).to.equal('reactivate');
  });

  it('requires a reason before offers', () => {
    const state = run(start(), { type: 'submit_survey' });

    expect(state.step).to.equal('survey');
    expect(state.error).to.deep.equal({ code: 'reason_required' });
  });

  it('rejects a reason the vendor does not offer', () => {
    const state = run(start(), { type: 'select_reason', reason: 'switched_service' });

    expect(state.reason).to.equal(null);
    expect(state.error).to.deep.equal({ code: 'reason_not_offered', reason: 'switched_service' });
  });

  it('rejects feedback over the limit', () => {
    const before = run(start(), { type: 'edit_feedback', feedback: 'short' });
    const after = transition(before, { type: 'edit_feedback', feedback: 'x'.repeat(FEEDBACK_MAX_LENGTH + 1) });

    expect(after.feedback).to.equal('short');
    expect(after.error?.code).to.equal('feedback_too_long');
  });

  it('ignores feedback without free text', () => {
    const state = run(start({ freeText: false }), { type: 'edit_feedback', feedback: 'hello' });

    expect(state.feedback).to.equal('');
  });

  it('loads offers for the chosen reason', () => {
    const state = run(start(), { type: 'select_reason', reason: 'unused' }, { type: 'submit_survey' });

    expect(state.step).to.equal('loading_offers');
    expect(isPending(state)).to.equal(true);
    expect(effectOf(state)).to.deep.equal({ type: 'retention_offers', reason: 'unused' });
  });

  it('shows offers when there are some', () => {
    const state = run(start(), { type: 'select_reason', reason: 'unused' }, { type: 'submit_survey' }, { type: 'offers_loaded', offers });

    expect(state.step).to.equal('offers');
    expect(state.offers.map((offer) => offer.id)).to.deep.equal(['offer_discount_30', 'offer_plan_starter']);
  });

  it('skips to confirmation without offers', () => {
    const state = run(start(), { type: 'select_reason', reason: 'unused' }, { type: 'submit_survey' }, { type: 'offers_loaded', offers: [] });

    expect(state.step).to.equal('confirm');
  });

  it('still lets the customer cancel when offers fail', () => {
    const state = run(start(), { type: 'select_reason', reason: 'unused' }, { type: 'submit_survey' }, { type: 'offers_failed', error: new Error('down') });

    expect(state.step).to.equal('confirm');
  });

  it('accepting an offer retains the customer', () => {
    const accepting = run(start(), { type: 'select_reason', reason: 'too_expensive' }, { type: 'submit_survey' }, { type: 'offers_loaded', offers }, { type: 'accept_offer', offerId: 'offer_discount_30' });
    expect(effectOf(accepting)).to.deep.equal({ type: 'accept_offer', offerId: 'offer_discount_30', reason: 'too_expensive' });

    const done = transition(accepting, { type: 'offer_accepted', subscription });
    expect(done.step).to.equal('retained');
    expect(done.outcome).to.equal('retained');
    expect(isFinal(done)).to.equal(true);
  });

  it('ignores an offer it did not show', () => {
    const shown = run(start(), { type: 'select_reason', reason: 'too_expensive' }, { type: 'submit_survey' }, { type: 'offers_loaded', offers });

    expect(transition(shown, { type: 'accept_offer', offerId: 'offer_unknown' })).to.equal(shown);
  });

  it('returns to offers when accepting fails', () => {
    const error = new Error('refused');
    const state = run(
      start(),
      { type: 'select_reason', reason: 'too_expensive' },
      { type: 'submit_survey' },
      { type: 'offers_loaded', offers },
      { type: 'accept_offer', offerId: 'offer_discount_30' },
      { type: 'offer_failed', error },
    );

    expect(state.step).to.equal('offers');
    expect(state.error).to.deep.equal({ code: 'request_failed', operation: 'accept_offer', cause: error });
    expect(state.outcome).to.equal(null);
  });

  it('sends declined offers with the cancellation', () => {
    const state = run(
      start(),
      { type: 'select_reason', reason: 'too_expensive' },
      { type: 'edit_feedback', feedback: '  Too pricey for us  ' },
      { type: 'submit_survey' },
      { type: 'offers_loaded', offers },
      { type: 'decline_offers' },
      { type: 'confirm_cancel' },
    );

    expect(state.step).to.equal('cancelling');
    expect(effectOf(state)).to.deep.equal({
      type: 'cancel',
      request: { reason: 'too_expensive', feedback: 'Too pricey for us', declined_offer_ids: ['offer_discount_30', 'offer_plan_starter'] },
    });
  });

  it('leaves out empty feedback and declines', () => {
    const state = run(start(), { type: 'select_reason', reason: 'other' }, { type: 'edit_feedback', feedback: '   ' }, { type: 'submit_survey' }, { type: 'offers_loaded', offers: [] });

    expect(cancelRequestOf(state)).to.deep.equal({ reason: 'other' });
  });

  it('caps declined offer ids', () => {
    const many = Array.from({ length: MAX_DECLINED_OFFERS + 2 }, (_, index) => ({ ...offers[0]!, id: `offer_${index}` }));
    const state = run(start(), { type: 'select_reason', reason: 'unused' }, { type: 'submit_survey' }, { type: 'offers_loaded', offers: many }, { type: 'decline_offers' });

    expect(cancelRequestOf(state)?.declined_offer_ids).to.have.length(MAX_DECLINED_OFFERS);
  });

  it('cancelling ends with cancelled outcome', () => {
    const state = run(start(), { type: 'select_reason', reason: 'unused' }, { type: 'submit_survey' }, { type: 'offers_loaded', offers: [] }, { type: 'confirm_cancel' }, { type: 'cancelled', subscription });

    expect(state.step).to.equal('cancelled');
    expect(state.outcome).to.equal('cancelled');
    expect(state.subscription).to.equal(subscription);
  });

  it('returns to confirmation when cancel fails', () => {
    const state = run(start(), { type: 'select_reason', reason: 'unused' }, { type: 'submit_survey' }, { type: 'offers_loaded', offers: [] }, { type: 'confirm_cancel' }, { type: 'cancel_failed', error: 'x' });

    expect(state.step).to.equal('confirm');
    expect(state.error?.code).to.equal('request_failed');
  });

  it('goes back from confirmation to offers', () => {
    const state = run(start(), { type: 'select_reason', reason: 'unused' }, { type: 'submit_survey' }, { type: 'offers_loaded', offers }, { type: 'decline_offers' }, { type: 'back' });

    expect(state.step).to.equal('offers');
    expect(state.declinedOfferIds).to.deep.equal([]);
  });

  it('goes back from confirmation to survey', () => {
    const state = run(start(), { type: 'select_reason', reason: 'unused' }, { type: 'submit_survey' }, { type: 'offers_loaded', offers: [] }, { type: 'back' });

    expect(state.step).to.equal('survey');
    expect(state.reason).to.equal('unused');
  });

  it('closing early is aborted', () => {
    const state = run(start(), { type: 'select_reason', reason: 'unused' }, { type: 'close' });

    expect(state.step).to.equal('closed');
    expect(state.outcome).to.equal('aborted');
  });

  it('closing after cancel keeps the outcome', () => {
    const state = run(start(), { type: 'select_reason', reason: 'unused' }, { type: 'submit_survey' }, { type: 'offers_loaded', offers: [] }, { type: 'confirm_cancel' }, { type: 'cancelled', subscription }, { type: 'close' });

    expect(state.step).to.equal('closed');
    expect(state.outcome).to.equal('cancelled');
  });

  it('closing mid-request waits for the result', () => {
    const pending = run(start(), { type: 'select_reason', reason: 'unused' }, { type: 'submit_survey' }, { type: 'offers_loaded', offers: [] }, { type: 'confirm_cancel' }, { type: 'close' });
    expect(pending.step).to.equal('cancelling');
    expect(pending.outcome).to.equal(null);

    const done = transition(pending, { type: 'cancelled', subscription });
    expect(done.step).to.equal('closed');
    expect(done.outcome).to.equal('cancelled');
  });

  it('closing mid-request then failing is aborted', () => {
    const state = run(start(), { type: 'select_reason', reason: 'unused' }, { type: 'submit_survey' }, { type: 'offers_loaded', offers: [] }, { type: 'confirm_cancel' }, { type: 'close' }, { type: 'cancel_failed', error: 'x' });

    expect(state.step).to.equal('closed');
    expect(state.outcome).to.equal('aborted');
  });

  it('reactivation retains the customer', () => {
    const reactivating = run(start({ cancelScheduled: true }), { type: 'reactivate' });
    expect(effectOf(reactivating)).to.deep.equal({ type: 'reactivate' });

    const done = transition(reactivating, { type: 'reactivated', subscription });
    expect(done.step).to.equal('reactivated');
    expect(done.outcome).to.equal('retained');
  });

  it('reactivation failure stays on the step', () => {
    const state = run(start({ cancelScheduled: true }), { type: 'reactivate' }, { type: 'reactivate_failed', error: 'x' });

    expect(state.step).to.equal('reactivate');
    expect(state.error?.code).to.equal('request_failed');
  });

  it('ignores events foreign to the step', () => {
    const survey = start();

    expect(transition(survey, { type: 'confirm_cancel' })).to.equal(survey);
    expect(transition(survey, { type: 'cancelled', subscription })).to.equal(survey);
  });

  it('waits for nobody outside pending steps', () => {
    expect(effectOf(start())).to.equal(null);
  });
});
