import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { I18nError, createFormatters } from '../../../src/i18n/index.js';

function assertI18nError(fn: () => unknown, code: string, param: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof I18nError, `expected I18nError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.param, param);
    return true;
  });
}

// Zones from UTC-10 to UTC+14: a date-only value parsed as UTC midnight would
// show the previous day in Honolulu if the formatter used the zone.
const ZONES = ['Pacific/Honolulu', 'America/New_York', 'UTC', 'Asia/Tokyo', 'Pacific/Kiritimati'];

describe('dates', () => {
  for (const zone of ZONES) {
    test(`date-only stable in ${zone}`, () => {
      assert.equal(createFormatters('en-US', zone).date('2024-03-01'), 'Mar 1, 2024');
    });
  }

  test('dateOnly in Japanese', () => {
    assert.equal(createFormatters('ja', 'Pacific/Honolulu').dateOnly('2024-03-01', { dateStyle: 'long' }), '2024年3月1日');
  });

  test('dateOnly rejects impossible dates', () => {
    const formatters = createFormatters('en', 'UTC');
    assertI18nError(() => formatters.dateOnly('2024-02-30'), 'invalid_date', 'date');
    assertI18nError(() => formatters.dateOnly('2024-3-1'), 'invalid_date', 'date');
  });

  test('date of an instant uses zone', () => {
    const instant = '2024-03-01T15:30:00Z';
    assert.equal(createFormatters('en-US', 'Asia/Tokyo').date(instant), 'Mar 2, 2024');
    assert.equal(createFormatters('en-US', 'America/New_York').date(instant), 'Mar 1, 2024');
  });

  test('dateTime in given zone', () => {
    const text = createFormatters('en-US', 'Asia/Tokyo').dateTime(new Date('2024-03-01T15:30:00Z'));
    assert.match(text, /^Mar 2, 2024, 12:30\s?AM$/);
  });

  test('dateTime options replace defaults', () => {
    const formatters = createFormatters('en-US', 'UTC');
    const text = formatters.dateTime(Date.UTC(2024, 2, 1, 9, 5), { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
    assert.match(text, /^9:05\s?AM UTC$/);
  });

  test('dateTime rejects date-only', () => {
    assertI18nError(() => createFormatters('en', 'UTC').dateTime('2024-03-01'), 'invalid_date', 'date');
  });

  test('invalid date rejected', () => {
    assertI18nError(() => createFormatters('en', 'UTC').date('yesterday'), 'invalid_date', 'date');
  });
});

describe('relative deadlines', () => {
  const now = new Date('2024-03-01T10:00:00Z');

  test('days ahead in English', () => {
    const formatters = createFormatters('en', 'UTC');
    assert.equal(formatters.relativeDeadline('2024-03-04', now), 'in 3 days');
    assert.equal(formatters.relativeDeadline(new Date('2024-03-04T18:00:00Z'), now), 'in 3 days');
  });

  test('tomorrow and today', () => {
    const formatters = createFormatters('en', 'UTC');
    assert.equal(formatters.relativeDeadline('2024-03-02', now), 'tomorrow');
    assert.equal(formatters.relativeDeadline('2024-03-01', now), 'today');
  });

  test('past deadline', () => {
    assert.equal(createFormatters('en', 'UTC').relativeDeadline('2024-02-27', now), '3 days ago');
  });

  test('hours and minutes when near', () => {
    const formatters = createFormatters('en', 'UTC');
    assert.equal(formatters.relativeDeadline(new Date('2024-03-01T15:00:00Z'), now), 'in 5 hours');
    assert.equal(formatters.relativeDeadline(new Date('2024-03-01T10:20:00Z'), now), 'in 20 minutes');
  });

  test('Japanese relative days', () => {
    assert.equal(createFormatters('ja', 'Asia/Tokyo').relativeDeadline('2024-03-04', now), '3 日後');
  });

  test('daysUntil follows zone', () => {
    const late = new Date('2024-03-01T23:30:00Z');
    const deadline = new Date('2024-03-02T03:30:00Z');
    assert.equal(createFormatters('en', 'UTC').daysUntil(deadline, late), 1);
    // Both instants fall on 2 March in Tokyo.
    assert.equal(createFormatters('en', 'Asia/Tokyo').daysUntil(deadline, late), 0);
  });

  test('daysUntil of date-only deadline', () => {
    // 23:30 UTC on 1 March is already 2 March in Tokyo, one day before the 3rd.
    assert.equal(createFormatters('en', 'Asia/Tokyo').daysUntil('2024-03-03', '2024-03-01T23:30:00Z'), 1);
  });
});

describe('lists and numbers', () => {
  test('list per locale', () => {
    assert.equal(createFormatters('en').list(['Visa', 'Mastercard', 'JCB']), 'Visa, Mastercard, and JCB');
    assert.equal(createFormatters('ja').list(['Visa', 'Mastercard', 'JCB']), 'Visa、Mastercard、JCB');
  });

  test('disjunction list', () => {
    assert.equal(createFormatters('de').list(['Karte', 'Überweisung'], { type: 'disjunction' }), 'Karte oder Überweisung');
  });

  test('number per locale', () => {
    assert.equal(createFormatters('de').number(1234.5), '1.234,5');
  });

  test('percent keeps a decimal', () => {
    const formatters = createFormatters('en');
    assert.equal(formatters.percent(0.1), '10%');
    assert.equal(formatters.percent(0.055), '5.5%');
  });

  test('money uses currency table', () => {
    assert.match(createFormatters('ja').money(1500, 'JPY'), /^[¥￥]1,500$/);
    assert.equal(createFormatters('en').money(92000, 'KWD', { currencyDisplay: 'code' }), 'KWD\u00a092.000');
  });
});

describe('createFormatters input', () => {
  test('invalid time zone rejected', () => {
    assertI18nError(() => createFormatters('en', 'Mars/Olympus'), 'invalid_time_zone', 'timeZone');
  });

  test('invalid locale rejected', () => {
    assertI18nError(() => createFormatters('not a locale'), 'invalid_locale', 'locale');
  });

  test('default zone is the runtime zone', () => {
    assert.equal(createFormatters('en').timeZone, new Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
