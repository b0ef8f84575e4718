import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assessStage, DunningInputError, toLocal } from '../../../src/dunning/index.js';

const DAY = 86_400_000;
const tokyo = { country: 'JP', timeZone: 'Asia/Tokyo' };
const newYork = { country: 'US', timeZone: 'America/New_York' };
const firstFailure = new Date('2026-06-01T14:00:00Z');

function at(days: number): Date {
  return new Date(firstFailure.getTime() + days * DAY);
}

describe('assessStage', () => {
  it('no failure gives none', () => {
    const stage = assessStage({ firstFailureAt: null, now: firstFailure, ...newYork });
    assert.equal(stage.status, 'none');
    assert.equal(stage.deadline, null);
  });

  it('day 0 is friendly retrying', () => {
    const stage = assessStage({ firstFailureAt: firstFailure, now: at(0.5), ...newYork });
    assert.equal(stage.status, 'retrying');
    assert.equal(stage.tone, 'friendly');
    assert.equal(stage.daysSinceFirstFailure, 0);
  });

  it('day 5 turns firm', () => {
    const stage = assessStage({ firstFailureAt: firstFailure, now: at(5), ...newYork });
    assert.equal(stage.tone, 'firm');
  });

  it('customer action gives action_required', () => {
    const stage = assessStage({ firstFailureAt: firstFailure, now: at(1), customerMustAct: true, ...newYork });
    assert.equal(stage.status, 'action_required');
    assert.equal(stage.tone, 'friendly');
  });

  it('near deadline is final notice', () => {
    const stage = assessStage({ firstFailureAt: firstFailure, now: at(12), ...newYork });
    assert.equal(stage.status, 'final_notice');
    assert.equal(stage.tone, 'final');
  });

  it('exhausted retries give final notice', () => {
    const stage = assessStage({ firstFailureAt: firstFailure, now: at(6), retriesExhausted: true, ...newYork });
    assert.equal(stage.status, 'final_notice');
  });

  it('past deadline is suspended', () => {
    const stage = assessStage({ firstFailureAt: firstFailure, now: at(15), ...newYork });
    assert.equal(stage.status, 'suspended');
    assert.equal(stage.tone, 'final');
  });

  it('explicit deadline is used', () => {
    const deadline = new Date('2026-06-30T15:00:00Z');
    const stage = assessStage({ firstFailureAt: firstFailure, now: at(20), deadline, ...newYork });
    assert.equal(stage.status, 'retrying');
    assert.equal(stage.deadline?.getTime(), deadline.getTime());
  });

  it('JP New Year moves deadline', () => {
    const failed = new Date('2026-12-17T01:00:00Z');
    const stage = assessStage({ firstFailureAt: failed, now: new Date('2026-12-20T01:00:00Z'), ...tokyo });
    // 14 days later is 2026-12-31, inside the bank closure; 2027-01-04 is the next business day.
    const local = toLocal(stage.deadline!, 'Asia/Tokyo');
    assert.deepEqual([local.year, local.month, local.day], [2027, 1, 4]);
    assert.deepEqual(stage.holidayPeriod, { first: { year: 2026, month: 12, day: 31 }, last: { year: 2027, month: 1, day: 3 } });
  });

  it('tone gentler before holiday', () => {
    const failed = new Date('2026-12-17T01:00:00Z');
    const deadline = new Date('2026-12-31T01:00:00Z');
    const stage = assessStage({ firstFailureAt: failed, now: new Date('2026-12-29T01:00:00Z'), deadline, ...tokyo });
    assert.equal(stage.status, 'retrying');
    assert.equal(stage.tone, 'friendly');
    assert.equal(stage.toneSoftenedForHoliday, true);
  });

  it('final tone softened during holiday', () => {
    const failed = new Date('2026-12-17T01:00:00Z');
    const deadline = new Date('2026-12-31T01:00:00Z');
    const stage = assessStage({ firstFailureAt: failed, now: new Date('2027-01-02T01:00:00Z'), deadline, ...tokyo });
    assert.equal(stage.status, 'final_notice');
    assert.equal(stage.tone, 'firm');
  });

  it('tone normal far from holiday', () => {
    const failed = new Date('2026-12-01T01:00:00Z');
    const deadline = new Date('2026-12-31T01:00:00Z');
    const stage = assessStage({ firstFailureAt: failed, now: new Date('2026-12-20T01:00:00Z'), deadline, ...tokyo });
    assert.equal(stage.tone, 'firm');
    assert.equal(stage.toneSoftenedForHoliday, false);
  });

  it('business-day deadline stays', () => {
    const deadline = new Date('2026-06-10T15:00:00Z');
    const stage = assessStage({ firstFailureAt: firstFailure, now: at(1), deadline, ...newYork });
    assert.equal(stage.deadline?.getTime(), deadline.getTime());
    assert.equal(stage.holidayPeriod, null);
  });

  it('rejects failure after now', () => {
    assert.throws(
      () => assessStage({ firstFailureAt: at(2), now: at(1), ...newYork }),
      (error: unknown) => error instanceof DunningInputError && error.code === 'failure_in_future',
    );
  });

  it('rejects deadline before failure', () => {
    assert.throws(
      () => assessStage({ firstFailureAt: firstFailure, now: at(1), deadline: at(-1), ...newYork }),
      (error: unknown) => error instanceof DunningInputError && error.field === 'deadline',
    );
  });
});
