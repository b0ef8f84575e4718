import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DunningInputError,
  planNextRetry,
  toLocal,
  type DeclineInput,
  type FailedAttempt,
  type RetryPlan,
  type DunningPolicy,
} from '../../../src/dunning/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function localDate(instant: Date, timeZone: string): string {
  const local = toLocal(instant, timeZone);
  return `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
}

/** Runs the policy until it stops, feeding every retry back as a further failure with the same decline. */
function runSchedule(options: {
  start: Date;
  decline: DeclineInput;
  network: string;
  country: string;
  timeZone: string;
  policy?: Partial<DunningPolicy>;
}): { retries: Date[]; final: RetryPlan } {
  const attempts: FailedAttempt[] = [{ at: options.start, decline: options.decline, network: options.network }];
  const retries: Date[] = [];
  for (;;) {
    const plan = planNextRetry({
      attempts,
      country: options.country,
      timeZone: options.timeZone,
      now: attempts[attempts.length - 1]!.at,
      ...(options.policy ? { policy: options.policy } : {}),
    });
    if (plan.kind === 'stop') return { retries, final: plan };
    retries.push(plan.at);
    attempts.push({ at: plan.at, decline: options.decline, network: options.network });
  }
}

const start = new Date('2026-06-01T03:00:00Z');

function planFor(decline: DeclineInput, network = 'visa'): RetryPlan {
  return planNextRetry({ attempts: [{ at: start, decline, network }], country: 'US', timeZone: 'America/New_York', now: start });
}

describe('planNextRetry', () => {
  const mustNotRetry: Array<[string, DeclineInput]> = [
    ['stolen card', { declineCode: 'stolen_card' }],
    ['lost card', { declineCode: 'lost_card' }],
    ['fraudulent', { declineCode: 'fraudulent' }],
    ['advice do_not_try_again', { declineCode: 'generic_decline', adviceCode: 'do_not_try_again' }],
    ['Visa category 1', { declineCode: 'generic_decline', networkDeclineCode: '43' }],
  ];
  for (const [name, decline] of mustNotRetry) {
    it(`never retries ${name}`, () => {
      const plan = planFor(decline);
      assert.equal(plan.kind, 'stop');
      assert.equal(plan.kind === 'stop' && plan.reason, 'never_retry');
      assert.equal(plan.classification.action, 'update_payment_method');
    });
  }

  for (const mac of ['03', '21']) {
    it(`never retries Mastercard MAC ${mac}`, () => {
      const plan = planFor({ declineCode: 'do_not_honor', networkAdviceCode: mac }, 'mastercard');
      assert.equal(plan.kind === 'stop' && plan.reason, 'never_retry');
    });
  }

  it('stops after earlier never-retry attempt', () => {
    const plan = planNextRetry({
      attempts: [
        { at: start, decline: { declineCode: 'do_not_honor', networkAdviceCode: '03' }, network: 'mastercard' },
        { at: new Date(start.getTime() + DAY), decline: { declineCode: 'insufficient_funds' }, network: 'mastercard' },
      ],
      country: 'US',
      timeZone: 'America/New_York',
      now: new Date(start.getTime() + DAY),
    });
    assert.equal(plan.kind === 'stop' && plan.reason, 'never_retry');
  });

  it('retries insufficient funds', () => {
    const plan = planFor({ declineCode: 'insufficient_funds' });
    assert.equal(plan.kind, 'retry');
  });

  it('expired card asks for new card', () => {
    const plan = planFor({ declineCode: 'expired_card' });
    assert.equal(plan.kind === 'stop' && plan.reason, 'customer_action_required');
    assert.equal(plan.classification.action, 'update_payment_method');
  });

  it('authentication required stops retries', () => {
    const plan = planFor({ declineCode: 'authentication_required' });
    assert.equal(plan.kind === 'stop' && plan.reason, 'customer_action_required');
    assert.equal(plan.classification.action, 'authenticate');
  });

  it('insufficient funds aims at JP payday', () => {
    const first = new Date('2026-09-17T01:00:00Z');
    const plan = planNextRetry({
      attempts: [{ at: first, decline: { declineCode: 'insufficient_funds' }, network: 'visa' }],
      country: 'JP',
      timeZone: 'Asia/Tokyo',
      now: first,
    });
    assert.equal(plan.kind === 'retry' && plan.basis, 'payday');
    assert.equal(plan.kind === 'retry' && localDate(plan.at, 'Asia/Tokyo'), '2026-09-25');
  });

  it('JP payday moves to previous business day', () => {
    // 2027-04-25 is a Sunday, so salaries arrive on Friday 2027-04-23.
    const first = new Date('2027-04-19T01:00:00Z');
    const plan = planNextRetry({
      attempts: [{ at: first, decline: { declineCode: 'insufficient_funds' }, network: 'visa' }],
      country: 'JP',
      timeZone: 'Asia/Tokyo',
      now: first,
    });
    assert.equal(plan.kind === 'retry' && localDate(plan.at, 'Asia/Tokyo'), '2027-04-23');
  });

  it('US payday targets the 15th', () => {
    const first = new Date('2026-07-08T15:00:00Z');
    const plan = planNextRetry({
      attempts: [{ at: first, decline: { declineCode: 'insufficient_funds' }, network: 'visa' }],
      country: 'US',
      timeZone: 'America/New_York',
      now: first,
    });
    assert.equal(plan.kind === 'retry' && localDate(plan.at, 'America/New_York'), '2026-07-15');
  });

  it('avoids JP holidays and bank closures', () => {
    const forbidden = new Set(['2026-09-22', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
    const declines: DeclineInput[] = [
      { declineCode: 'insufficient_funds' },
      { declineCode: 'processing_error' },
      { declineCode: 'do_not_honor' },
    ];
    const ranges: Array<[string, string]> = [
      ['2026-09-01T00:00:00Z', '2026-09-30T00:00:00Z'],
      ['2026-12-10T00:00:00Z', '2027-01-05T00:00:00Z'],
    ];
    let checked = 0;
    for (const [from, to] of ranges) {
      for (let time = Date.parse(from); time < Date.parse(to); time += 7 * HOUR) {
        for (const decline of declines) {
          const { retries } = runSchedule({ start: new Date(time), decline, network: 'visa', country: 'JP', timeZone: 'Asia/Tokyo' });
          for (const retry of retries) {
            const date = localDate(retry, 'Asia/Tokyo');
            assert.ok(!forbidden.has(date), `retry on ${date} from start ${new Date(time).toISOString()}`);
            checked += 1;
          }
        }
      }
    }
    assert.ok(checked > 1000, `only ${checked} retries checked`);
  });

  it('retries within local business hours', () => {
    for (let time = Date.parse('2026-03-01T00:00:00Z'); time < Date.parse('2026-04-15T00:00:00Z'); time += 5 * HOUR) {
      const { retries } = runSchedule({ start: new Date(time), decline: { declineCode: 'do_not_honor' }, network: 'visa', country: 'DE', timeZone: 'Europe/Berlin' });
      for (const retry of retries) {
        const local = toLocal(retry, 'Europe/Berlin');
        assert.ok(local.hour >= 9, `retry at local hour ${local.hour}`);
        assert.ok(local.hour < 17, `retry at local hour ${local.hour}`);
        assert.ok(local.weekday <= 5, `retry on weekday ${local.weekday}`);
        // Good Friday and Easter Monday 2026 are public holidays in Germany.
        assert.ok(!['2026-04-03', '2026-04-06'].includes(localDate(retry, 'Europe/Berlin')));
      }
    }
  });

  it('skips US substitute holiday', () => {
    const first = new Date('2026-07-02T14:00:00Z');
    const plan = planNextRetry({
      attempts: [{ at: first, decline: { declineCode: 'do_not_honor' }, network: 'visa' }],
      country: 'US',
      timeZone: 'America/New_York',
      now: first,
    });
    assert.equal(plan.kind === 'retry' && localDate(plan.at, 'America/New_York'), '2026-07-06');
  });

  it('honours Mastercard MAC 27 wait', () => {
    const plan = planFor({ declineCode: 'insufficient_funds', networkAdviceCode: '27' }, 'mastercard');
    assert.equal(plan.kind, 'retry');
    const at = plan.kind === 'retry' ? plan.at.getTime() : 0;
    assert.ok(at >= start.getTime() + 4 * DAY, `retry at ${new Date(at).toISOString()}`);
  });

  it('stops at max retries', () => {
    const { retries, final } = runSchedule({
      start,
      decline: { declineCode: 'processing_error' },
      network: 'visa',
      country: 'US',
      timeZone: 'America/New_York',
      policy: { maxRetries: 3 },
    });
    assert.equal(retries.length, 3);
    assert.equal(final.kind === 'stop' && final.reason, 'max_retries');
  });

  it('stays inside retry window', () => {
    const { retries, final } = runSchedule({ start, decline: { declineCode: 'processing_error' }, network: 'visa', country: 'US', timeZone: 'America/New_York' });
    for (const retry of retries) assert.ok(retry.getTime() <= start.getTime() + 14 * DAY);
    assert.equal(final.kind, 'stop');
  });

  it('keeps Visa attempts under 30-day cap', () => {
    const policy = { visaMaxAttemptsPer30Days: 3, retryWindowDays: 60, retryGapsHours: [1] };
    const { retries } = runSchedule({ start, decline: { declineCode: 'do_not_honor' }, network: 'visa', country: 'US', timeZone: 'America/New_York', policy });
    const all = [start, ...retries].map((date) => date.getTime());
    for (const time of all) {
      const inWindow = all.filter((other) => other > time - 30 * DAY && other <= time).length;
      assert.ok(inWindow <= 3, `${inWindow} attempts in 30 days ending ${new Date(time).toISOString()}`);
    }
    assert.ok(retries.length >= 3);
  });

  it('keeps Mastercard declines under 24-hour cap', () => {
    const policy = { mastercardMaxDeclinesPer24Hours: 2, retryGapsHours: [1] };
    const { retries } = runSchedule({ start, decline: { declineCode: 'do_not_honor' }, network: 'mastercard', country: 'US', timeZone: 'America/New_York', policy });
    const all = [start, ...retries].map((date) => date.getTime());
    for (const time of all) {
      const inWindow = all.filter((other) => other > time - DAY && other <= time).length;
      assert.ok(inWindow <= 2, `${inWindow} declines in 24 hours ending ${new Date(time).toISOString()}`);
    }
  });

  it('counts other invoices toward Mastercard cap', () => {
    const now = new Date('2026-06-02T14:00:00Z');
    const otherDeclinesOnCard = Array.from({ length: 10 }, (_, index) => new Date(now.getTime() - (index + 1) * HOUR));
    const plan = planNextRetry({
      attempts: [{ at: new Date(now.getTime() - 30 * HOUR), decline: { declineCode: 'do_not_honor' }, network: 'mastercard' }],
      otherDeclinesOnCard,
      country: 'US',
      timeZone: 'America/New_York',
      now,
    });
    assert.equal(plan.kind === 'retry' && plan.basis, 'network_cap');
    const at = plan.kind === 'retry' ? plan.at.getTime() : 0;
    // Ten declines fall in the 24 hours before `now`, so the next retry waits until the oldest of them ages out.
    assert.ok(at > otherDeclinesOnCard[9]!.getTime() + DAY, `retry at ${new Date(at).toISOString()}`);
  });

  it('stops without advice when configured', () => {
    const plan = planNextRetry({
      attempts: [{ at: start, decline: { declineCode: 'do_not_honor' }, network: 'visa' }],
      country: 'US',
      timeZone: 'America/New_York',
      now: start,
      policy: { stopWithoutAdviceCode: true },
    });
    assert.equal(plan.kind === 'stop' && plan.reason, 'no_advice_code');
  });

  it('plan is deterministic', () => {
    const first = planFor({ declineCode: 'insufficient_funds' });
    const second = planFor({ declineCode: 'insufficient_funds' });
    assert.deepEqual(first, second);
  });

  it('rejects unknown time zone', () => {
    assert.throws(
      () => planNextRetry({ attempts: [{ at: start, decline: {} }], country: 'US', timeZone: 'Mars/Olympus', now: start }),
      (error: unknown) => error instanceof DunningInputError && error.field === 'timeZone',
    );
  });

  it('rejects empty attempts', () => {
    assert.throws(
      () => planNextRetry({ attempts: [], country: 'US', timeZone: 'UTC', now: start }),
      (error: unknown) => error instanceof DunningInputError && error.code === 'missing_attempts',
    );
  });

  it('rejects attempt after now', () => {
    assert.throws(
      () => planNextRetry({ attempts: [{ at: new Date(start.getTime() + HOUR), decline: {} }], country: 'US', timeZone: 'UTC', now: start }),
      (error: unknown) => error instanceof DunningInputError && error.code === 'attempt_in_future',
    );
  });

  it('rejects invalid business hours', () => {
    assert.throws(
      () => planNextRetry({ attempts: [{ at: start, decline: {} }], country: 'US', timeZone: 'UTC', now: start, policy: { businessHours: { start: 18, end: 9 } } }),
      (error: unknown) => error instanceof DunningInputError && error.field === 'policy.businessHours',
    );
  });
});
