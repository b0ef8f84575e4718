import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keelSchedule, naiveSchedule, simulateRecovery } from '../../bench/recovery/simulate.js';
import { countNetworkViolations } from '../../bench/recovery/rules.js';

const HOUR = 3_600_000;

describe('recovery simulation', () => {
  const results = simulateRecovery({
    payments: 1500,
    seed: 7,
    schedules: { keel: keelSchedule(), naive: naiveSchedule(3, 4) },
  });
  const keel = results.keel!;
  const naive = results.naive!;

  it('Keel makes no network violations', () => {
    assert.equal(keel.networkViolations, 0);
  });

  it('Keel never retries never-retry declines', () => {
    assert.equal(keel.neverRetryRetries, 0);
  });

  it('checker catches naive violations', () => {
    // Without this the zero above could come from a checker that never fires.
    assert.ok(naive.networkViolations > 0, `naive schedule had ${naive.networkViolations} violations`);
  });

  it('Keel recovers some payments', () => {
    assert.ok(keel.recovered > 0);
    assert.equal(keel.daysToRecover.length, keel.recovered);
  });

  it('same seed gives same result', () => {
    const again = simulateRecovery({ payments: 200, seed: 11, schedules: { keel: keelSchedule() } });
    const repeat = simulateRecovery({ payments: 200, seed: 11, schedules: { keel: keelSchedule() } });
    assert.deepEqual(again, repeat);
  });
});

describe('countNetworkViolations', () => {
  const start = Date.parse('2026-06-01T00:00:00Z');

  it('flags retry after Visa 41', () => {
    const attempts = [
      { at: start, decline: { networkDeclineCode: '41' }, declined: true },
      { at: start + 72 * HOUR, decline: { networkDeclineCode: '41' }, declined: true },
    ];
    assert.equal(countNetworkViolations('visa', attempts), 1);
  });

  it('flags early retry after MAC 26', () => {
    const attempts = [
      { at: start, decline: { networkAdviceCode: '26' }, declined: true },
      { at: start + 24 * HOUR, decline: { networkAdviceCode: '26' }, declined: true },
    ];
    assert.equal(countNetworkViolations('mastercard', attempts), 1);
  });

  it('accepts MAC 26 after two days', () => {
    const attempts = [
      { at: start, decline: { networkAdviceCode: '26' }, declined: true },
      { at: start + 48 * HOUR, decline: { networkAdviceCode: '26' }, declined: false },
    ];
    assert.equal(countNetworkViolations('mastercard', attempts), 0);
  });

  it('flags eleventh Mastercard decline in 24 hours', () => {
    const attempts = Array.from({ length: 11 }, (_, index) => ({ at: start + index * HOUR, decline: {}, declined: true }));
    assert.equal(countNetworkViolations('mastercard', attempts), 1);
  });
});
