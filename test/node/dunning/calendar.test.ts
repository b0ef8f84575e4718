import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  fromLocal,
  hasHolidayCalendar,
  isBusinessDay,
  isHoliday,
  nextPayday,
  planNextRetry,
  toLocal,
  weekendOf,
  DunningInputError,
} from '../../../src/dunning/index.js';

describe('calendar', () => {
  it('2026-09-22 is a JP holiday', () => {
    assert.equal(isHoliday('JP', { year: 2026, month: 9, day: 22 }), true);
  });

  it('2032-09-21 is a JP holiday', () => {
    // A 国民の休日 between 敬老の日 (Sep 20) and 秋分の日 (Sep 22); date-holidays 3.37 lacks it, holiday_jp has it.
    assert.equal(isHoliday('JP', { year: 2032, month: 9, day: 21 }), true);
  });

  for (const [month, day] of [[12, 31], [1, 1], [1, 2], [1, 3]] as const) {
    it(`JP banks closed ${month}-${day}`, () => {
      assert.equal(isBusinessDay('JP', { year: 2027, month, day }), false);
    });
  }

  it('JP Dec 30 weekday is open', () => {
    assert.equal(isBusinessDay('JP', { year: 2026, month: 12, day: 30 }), true);
  });

  it('German Good Friday closed', () => {
    assert.equal(isBusinessDay('DE', { year: 2026, month: 4, day: 3 }), false);
  });

  it('Israel weekend is Friday-Saturday', () => {
    assert.deepEqual([...weekendOf('IL')], [5, 6]);
  });

  it('unknown country has no calendar', () => {
    assert.equal(hasHolidayCalendar('XX'), false);
  });

  it('fromLocal round-trips Tokyo', () => {
    const instant = fromLocal({ year: 2026, month: 9, day: 22 }, 9, 0, 'Asia/Tokyo');
    assert.equal(instant.toISOString(), '2026-09-22T00:00:00.000Z');
  });

  it('fromLocal skips spring-forward gap', () => {
    const instant = fromLocal({ year: 2026, month: 3, day: 8 }, 2, 30, 'America/New_York');
    const local = toLocal(instant, 'America/New_York');
    assert.equal(local.hour, 3);
    assert.equal(local.minute, 30);
  });

  it('fromLocal takes first repeated time', () => {
    const instant = fromLocal({ year: 2026, month: 11, day: 1 }, 1, 30, 'America/New_York');
    assert.equal(instant.toISOString(), '2026-11-01T05:30:00.000Z');
  });

  it('US 1st payday moves earlier', () => {
    // 2026-11-01 is a Sunday, so the payday moves to Friday 2026-10-30.
    assert.deepEqual(nextPayday('US', { year: 2026, month: 10, day: 20 }), { year: 2026, month: 10, day: 30 });
  });

  it('rejects invalid payday override', () => {
    const at = new Date('2026-06-01T00:00:00Z');
    assert.throws(
      () =>
        planNextRetry({
          attempts: [{ at, decline: { declineCode: 'insufficient_funds' } }],
          country: 'US',
          timeZone: 'UTC',
          now: at,
          policy: { paydays: { US: { days: [32], shift: 'previous_business_day' } } },
        }),
      (error: unknown) => error instanceof DunningInputError && error.field === 'policy.paydays.US',
    );
  });
});
