import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildDunningState, DunningInputError, toWireDunningState, type DunningStateInput } from '../../../src/dunning/index.js';

const failedAt = new Date('2026-06-01T14:00:00Z');
const base: DunningStateInput = {
  customerId: 'cus_42',
  amountDue: { amount: 4980, currency: 'jpy' },
  attempts: [{ at: failedAt, decline: { declineCode: 'insufficient_funds' }, network: 'visa' }],
  country: 'JP',
  timeZone: 'Asia/Tokyo',
  now: new Date(failedAt.getTime() + 3_600_000),
};

describe('buildDunningState', () => {
  it('insufficient funds is retrying', () => {
    const state = buildDunningState(base);
    assert.equal(state.status, 'retrying');
    assert.equal(state.reason, 'insufficient_funds');
    assert.equal(state.tone, 'friendly');
    assert.ok(state.nextRetryAt instanceof Date);
    assert.deepEqual(state.actions, ['retry_payment', 'update_payment_method']);
  });

  it('normalizes currency code', () => {
    assert.deepEqual(buildDunningState(base).amountDue, { amount: 4980, currency: 'JPY' });
  });

  for (const declineCode of ['stolen_card', 'lost_card', 'fraudulent']) {
    it(`${declineCode} asks for new card`, () => {
      const state = buildDunningState({ ...base, attempts: [{ at: failedAt, decline: { declineCode }, network: 'visa' }] });
      assert.equal(state.reason, 'bank_declined');
      assert.equal(state.status, 'action_required');
      assert.deepEqual(state.actions, ['update_payment_method']);
      assert.equal(state.nextRetryAt, null);
    });
  }

  it('do_not_try_again asks for new card', () => {
    const state = buildDunningState({ ...base, attempts: [{ at: failedAt, decline: { declineCode: 'do_not_honor', adviceCode: 'do_not_try_again' } }] });
    assert.deepEqual(state.actions, ['update_payment_method']);
    assert.equal(state.nextRetryAt, null);
  });

  it('expired card asks for new card', () => {
    const state = buildDunningState({ ...base, attempts: [{ at: failedAt, decline: { declineCode: 'expired_card' } }] });
    assert.equal(state.reason, 'expired_card');
    assert.equal(state.actions[0], 'update_payment_method');
  });

  it('authentication puts authenticate first', () => {
    const state = buildDunningState({ ...base, attempts: [{ at: failedAt, decline: { declineCode: 'authentication_required' } }] });
    assert.deepEqual(state.actions, ['authenticate', 'update_payment_method']);
  });

  it('paid invoice clears banner', () => {
    const state = buildDunningState({ ...base, paid: true });
    assert.equal(state.status, 'none');
    assert.equal(state.reason, null);
    assert.deepEqual(state.actions, []);
  });

  it('provider retry time wins', () => {
    const providerNextRetryAt = new Date('2026-06-05T01:00:00Z');
    const state = buildDunningState({ ...base, providerNextRetryAt });
    assert.equal(state.nextRetryAt?.getTime(), providerNextRetryAt.getTime());
    assert.equal(state.retryPlan, null);
  });

  it('no provider retry means final notice', () => {
    const state = buildDunningState({ ...base, providerNextRetryAt: null });
    assert.equal(state.status, 'final_notice');
  });

  it('assigns experiment variant', () => {
    const experiment = { key: 'banner-2026', variants: ['a', 'b'] };
    const first = buildDunningState({ ...base, experiment });
    const second = buildDunningState({ ...base, experiment, now: new Date(base.now.getTime() + 86_400_000) });
    assert.ok(first.variant === 'a' || first.variant === 'b');
    assert.equal(first.variant, second.variant);
  });

  it('wire form uses contract names', () => {
    const wire = toWireDunningState(buildDunningState({ ...base, experiment: { key: 'k', variants: ['only'] } }));
    assert.deepEqual(Object.keys(wire).sort(), ['actions', 'amount_due', 'deadline', 'next_retry_at', 'reason', 'status', 'tone', 'variant']);
    assert.match(wire.next_retry_at ?? '', /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(wire.variant, 'only');
  });

  it('rejects fractional amount', () => {
    assert.throws(
      () => buildDunningState({ ...base, amountDue: { amount: 49.8, currency: 'USD' } }),
      (error: unknown) => error instanceof DunningInputError && error.field === 'amountDue.amount',
    );
  });

  it('rejects bad currency', () => {
    assert.throws(
      () => buildDunningState({ ...base, amountDue: { amount: 100, currency: 'JP' } }),
      (error: unknown) => error instanceof DunningInputError && error.field === 'amountDue.currency',
    );
  });
});
