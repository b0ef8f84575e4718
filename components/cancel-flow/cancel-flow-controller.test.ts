// Unit tests of the headless cancel-flow controller with an in-memory API:
// no DOM and no network.
import { expect, waitUntil } from '@open-wc/testing';
import type { CancelRequest, RetentionOfferList, Subscription } from '../../src/contract/index.js';
import { examples } from '../../src/contract/examples.js';
import { CancelFlowController, type CancelFlowApi } from './cancel-flow-controller.js';

const options = { reasons: ['too_expensive', 'unused'] as const, freeText: true, cancelScheduled: false };

interface FakeApi extends CancelFlowApi {
  calls: string[];
  releaseOffers: () => void;
}

function fakeApi(): FakeApi {
  const subscription: Subscription = structuredClone(examples.Subscription.valid);
  const offers: RetentionOfferList = structuredClone(examples.RetentionOfferList.valid);
  let releaseOffers = () => {};
  const api: FakeApi = {
    calls: [],
    releaseOffers: () => releaseOffers(),
    retentionOffers(id) {
      api.calls.push(`offers ${id}`);
      return new Promise((resolve) => {
        releaseOffers = () => resolve(offers);
      });
    },
    acceptOffer: async (id, offerId) => {
      api.calls.push(`accept ${id} ${offerId}`);
      return subscription;
    },
    cancel: async (id, body: CancelRequest) => {
      api.calls.push(`cancel ${id} ${body.reason}`);
      return { ...subscription, cancel_at_period_end: true };
    },
    reactivate: async (id) => {
      api.calls.push(`reactivate ${id}`);
      return subscription;
    },
  };
  return api;
}

describe('cancel flow controller', () => {
  it('performs the pending step request', async () => {
    const api = fakeApi();
    const controller = new CancelFlowController(api, 'sub_1', { ...options, reasons: [...options.reasons] });

    controller.handleSelectReason('unused');
    controller.handleSubmitSurvey();
    api.releaseOffers();
    await waitUntil(() => controller.state.step === 'offers', 'offers did not arrive');

    expect(api.calls).to.deep.equal(['offers sub_1']);
  });

  it('notifies listeners of each change', () => {
    const controller = new CancelFlowController(fakeApi(), 'sub_1', { ...options, reasons: [...options.reasons] });
    const steps: string[] = [];
    controller.onChange((state) => steps.push(state.step));

    controller.handleSelectReason('unused');
    controller.handleClose();

    expect(steps).to.deep.equal(['survey', 'closed']);
    expect(controller.state.outcome).to.equal('aborted');
  });

  it('drops results of a restarted run', async () => {
    const api = fakeApi();
    const controller = new CancelFlowController(api, 'sub_1', { ...options, reasons: [...options.reasons] });
    controller.handleSelectReason('unused');
    controller.handleSubmitSurvey();

    controller.restart('sub_2', { ...options, reasons: [...options.reasons] });
    api.releaseOffers();
    await Promise.resolve();
    await Promise.resolve();

    expect(controller.state.step).to.equal('survey');
    expect(controller.state.offers).to.deep.equal([]);
  });

  it('cancels the subscription it was given', async () => {
    const api = fakeApi();
    const controller = new CancelFlowController(api, 'sub_1', { ...options, reasons: [...options.reasons] });
    controller.handleSelectReason('too_expensive');
    controller.handleSubmitSurvey();
    api.releaseOffers();
    await waitUntil(() => controller.state.step === 'offers', 'offers did not arrive');

    controller.handleDeclineOffers();
    controller.handleConfirmCancel();
    await waitUntil(() => controller.state.step === 'cancelled', 'cancel did not finish');

    expect(api.calls).to.deep.equal(['offers sub_1', 'cancel sub_1 too_expensive']);
    expect(controller.state.outcome).to.equal('cancelled');
  });
});
