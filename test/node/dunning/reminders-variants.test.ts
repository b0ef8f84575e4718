import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assignVariant, DunningInputError, stableHash32, throttleReminder } from '../../../src/dunning/index.js';

const HOUR = 3_600_000;
const now = new Date('2026-06-10T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * HOUR);

describe('throttleReminder', () => {
  it('first reminder is sent', () => {
    assert.deepEqual(throttleReminder({ sentAt: [], now, intervalHours: 72 }), { send: true });
  });

  it('recent reminder blocks another', () => {
    const decision = throttleReminder({ sentAt: [hoursAgo(10)], now, intervalHours: 72 });
    assert.equal(decision.send, false);
    assert.equal(decision.send === false && decision.nextAllowedAt.getTime(), hoursAgo(10).getTime() + 72 * HOUR);
  });

  it('many invoices still one reminder', () => {
    // Five invoices failing on one day produce at most one reminder in the interval.
    let sent: Date[] = [];
    for (let minute = 0; minute < 5 * 60; minute += 60) {
      const at = new Date(now.getTime() + minute * 60_000);
      if (throttleReminder({ sentAt: sent, now: at, intervalHours: 24 }).send) sent = [...sent, at];
    }
    assert.equal(sent.length, 1);
  });

  it('sends after interval passes', () => {
    assert.equal(throttleReminder({ sentAt: [hoursAgo(73), hoursAgo(200)], now, intervalHours: 72 }).send, true);
  });

  it('default interval is 72 hours', () => {
    assert.equal(throttleReminder({ sentAt: [hoursAgo(71)], now }).send, false);
    assert.equal(throttleReminder({ sentAt: [hoursAgo(73)], now }).send, true);
  });

  it('future reminder counts as recent', () => {
    assert.equal(throttleReminder({ sentAt: [new Date(now.getTime() + HOUR)], now, intervalHours: 1 }).send, false);
  });

  it('rejects zero interval', () => {
    assert.throws(
      () => throttleReminder({ sentAt: [], now, intervalHours: 0 }),
      (error: unknown) => error instanceof DunningInputError && error.field === 'intervalHours',
    );
  });
});

describe('assignVariant', () => {
  const variants = ['control', 'urgent', 'empathetic'];

  it('same customer same variant', () => {
    const first = assignVariant({ customerId: 'cus_123', experimentKey: 'banner-copy-2026', variants });
    const second = assignVariant({ customerId: 'cus_123', experimentKey: 'banner-copy-2026', variants });
    assert.equal(first, second);
  });

  it('hash matches FNV-1a reference', () => {
    // Changing the hash would move customers between variants mid-experiment.
    // FNV-1a of "a" is 0xe40c292c (published test vector); the finalizer is recomputed here with BigInt.
    const fmix = (value: bigint): bigint => {
      const mask = 0xffffffffn;
      let h = value;
      h ^= h >> 16n;
      h = (h * 0x85ebca6bn) & mask;
      h ^= h >> 13n;
      h = (h * 0xc2b2ae35n) & mask;
      h ^= h >> 16n;
      return h;
    };
    assert.equal(stableHash32('a'), Number(fmix(0xe40c292cn)));
    assert.notEqual(stableHash32('cus_123'), stableHash32('cus_124'));
  });

  it('splits customers roughly evenly', () => {
    const counts = new Map<string, number>();
    for (let index = 0; index < 9000; index += 1) {
      const variant = assignVariant({ customerId: `cus_${index}`, experimentKey: 'banner-copy-2026', variants });
      counts.set(variant, (counts.get(variant) ?? 0) + 1);
    }
    for (const variant of variants) {
      const count = counts.get(variant) ?? 0;
      assert.ok(count > 2700, `${variant} got ${count} of 9000`);
      assert.ok(count < 3300, `${variant} got ${count} of 9000`);
    }
  });

  it('respects weights', () => {
    let treatment = 0;
    for (let index = 0; index < 10000; index += 1) {
      const variant = assignVariant({
        customerId: `cus_${index}`,
        experimentKey: 'weighted',
        variants: [{ key: 'control', weight: 9 }, { key: 'treatment', weight: 1 }],
      });
      if (variant === 'treatment') treatment += 1;
    }
    assert.ok(treatment > 800, `treatment got ${treatment} of 10000`);
    assert.ok(treatment < 1200, `treatment got ${treatment} of 10000`);
  });

  it('experiments split independently', () => {
    let same = 0;
    for (let index = 0; index < 2000; index += 1) {
      const a = assignVariant({ customerId: `cus_${index}`, experimentKey: 'exp-a', variants: ['x', 'y'] });
      const b = assignVariant({ customerId: `cus_${index}`, experimentKey: 'exp-b', variants: ['x', 'y'] });
      if (a === b) same += 1;
    }
    assert.ok(same > 850, `${same} of 2000 matched`);
    assert.ok(same < 1150, `${same} of 2000 matched`);
  });

  it('rejects empty variants', () => {
    assert.throws(
      () => assignVariant({ customerId: 'cus_1', experimentKey: 'e', variants: [] }),
      (error: unknown) => error instanceof DunningInputError && error.field === 'variants',
    );
  });

  it('rejects non-positive weight', () => {
    assert.throws(
      () => assignVariant({ customerId: 'cus_1', experimentKey: 'e', variants: [{ key: 'a', weight: 0 }] }),
      (error: unknown) => error instanceof DunningInputError && error.field === 'variants[0]',
    );
  });
});
