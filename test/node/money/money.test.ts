import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  DISPLAY_DIGITS,
  MoneyError,
  STRIPE_EXPONENT,
  currencyExponent,
  displayDigits,
  formatMoney,
  fromMajorUnits,
  toMajorUnits,
  toMajorUnitsString,
} from '../../../src/money/index.js';

function assertMoneyError(fn: () => unknown, code: string, param: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof MoneyError, `expected MoneyError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.param, param);
    return true;
  });
}

describe('currency tables', () => {
  test('tables cover the same codes', () => {
    assert.deepEqual(Object.keys(STRIPE_EXPONENT).sort(), Object.keys(DISPLAY_DIGITS).sort());
  });

  test('codes known to Intl', () => {
    // ICU omits fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW) and
    // the 2023 code VED; every other code must be there.
    const intl = new Set(Intl.supportedValuesOf('currency'));
    const notInIcu = new Set(['BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW', 'VED']);
    for (const code of Object.keys(DISPLAY_DIGITS)) {
      assert.ok(intl.has(code) || notInIcu.has(code), `${code} is missing from Intl.supportedValuesOf`);
    }
  });

  test('Stripe zero-decimal list', () => {
    const zero = ['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'];
    for (const code of zero) assert.equal(currencyExponent(code), 0, code);
  });

  test('Stripe three-decimal list', () => {
    for (const code of ['BHD', 'JOD', 'KWD', 'OMR', 'TND']) assert.equal(currencyExponent(code), 3, code);
  });

  test('ISK differs between tables', () => {
    assert.equal(currencyExponent('ISK'), 2);
    assert.equal(displayDigits('ISK'), 0);
  });

  test('MGA differs between tables', () => {
    assert.equal(currencyExponent('MGA'), 0);
    assert.equal(displayDigits('MGA'), 2);
  });

  test('ISO display digits', () => {
    const expected: Record<string, number> = { JPY: 0, KRW: 0, USD: 2, EUR: 2, KWD: 3, IQD: 3, CLF: 4, UYW: 4 };
    for (const [code, digits] of Object.entries(expected)) assert.equal(displayDigits(code), digits, code);
  });

  test('lower-case codes accepted', () => {
    assert.equal(currencyExponent('jpy'), 0);
  });

  test('unknown code rejected', () => {
    assertMoneyError(() => currencyExponent('XYZ'), 'unknown_currency', 'currency');
    assert.throws(() => displayDigits('US'), /Unknown currency code "US"/);
  });
});

describe('major and minor units', () => {
  test('toMajorUnits exact values', () => {
    assert.equal(toMajorUnits(1999, 'USD'), 19.99);
    assert.equal(toMajorUnits(1500, 'JPY'), 1500);
    assert.equal(toMajorUnits(92000, 'KWD'), 92);
    assert.equal(toMajorUnits(100, 'ISK'), 1);
    assert.equal(toMajorUnits(-5, 'EUR'), -0.05);
  });

  test('toMajorUnitsString keeps decimals', () => {
    assert.equal(toMajorUnitsString(1999, 'usd'), '19.99');
    assert.equal(toMajorUnitsString(5, 'KWD'), '0.005');
    assert.equal(toMajorUnitsString(-5, 'USD'), '-0.05');
    assert.equal(toMajorUnitsString(Number.MAX_SAFE_INTEGER, 'USD'), '90071992547409.91');
  });

  test('fromMajorUnits avoids float drift', () => {
    // 19.99 * 100, 1.1 * 100 and 4.35 * 100 all miss the integer in binary floating point.
    assert.equal(fromMajorUnits(19.99, 'USD'), 1999);
    assert.equal(fromMajorUnits(1.1, 'USD'), 110);
    assert.equal(fromMajorUnits(4.35, 'EUR'), 435);
    assert.equal(fromMajorUnits('0.29', 'USD'), 29);
  });

  test('fromMajorUnits per exponent', () => {
    assert.equal(fromMajorUnits(1500, 'JPY'), 1500);
    assert.equal(fromMajorUnits('92', 'KWD'), 92000);
    assert.equal(fromMajorUnits(1, 'ISK'), 100);
    assert.equal(fromMajorUnits('-12.5', 'USD'), -1250);
    assert.equal(fromMajorUnits('15.000', 'USD'), 1500);
  });

  test('fromMajorUnits negative zero', () => {
    assert.ok(Object.is(fromMajorUnits('-0.00', 'USD'), 0));
  });

  test('fromMajorUnits round trip', () => {
    for (const [amount, code] of [[1999, 'USD'], [1500, 'JPY'], [92010, 'KWD'], [-12345, 'EUR']] as const) {
      assert.equal(fromMajorUnits(toMajorUnitsString(amount, code), code), amount, `${amount} ${code}`);
    }
  });

  test('fromMajorUnits rejects extra decimals', () => {
    assertMoneyError(() => fromMajorUnits(15.5, 'JPY'), 'invalid_amount', 'amount');
    assert.throws(() => fromMajorUnits('1.001', 'USD'), /USD allows at most 2 decimals/);
  });

  test('fromMajorUnits rejects non-decimals', () => {
    for (const bad of ['', 'abc', '1,000', '1e3', Number.NaN, Number.POSITIVE_INFINITY]) {
      assertMoneyError(() => fromMajorUnits(bad, 'USD'), 'invalid_amount', 'amount');
    }
  });

  test('fromMajorUnits rejects unsafe results', () => {
    assertMoneyError(() => fromMajorUnits('90071992547409.92', 'USD'), 'invalid_amount', 'amount');
  });

  test('minor amounts must be integers', () => {
    assertMoneyError(() => toMajorUnits(19.5, 'USD'), 'invalid_amount', 'amount');
    assertMoneyError(() => formatMoney(Number.NaN, 'USD', 'en'), 'invalid_amount', 'amount');
  });
});

describe('formatMoney', () => {
  test('JPY in English', () => {
    assert.equal(formatMoney(1500, 'JPY', 'en'), '¥1,500');
  });

  test('JPY in Japanese', () => {
    const text = formatMoney(1500, 'JPY', 'ja');
    assert.match(text, /^[¥￥]1,500$/);
    assert.doesNotMatch(text, /15\.00|150,000/);
  });

  test('KWD shows three decimals', () => {
    assert.match(formatMoney(92000, 'KWD', 'en'), /92\.000/);
  });

  test('negative keeps its sign', () => {
    assert.equal(formatMoney(-1500, 'JPY', 'en'), '-¥1,500');
    assert.equal(formatMoney(-1999, 'USD', 'en-US'), '-$19.99');
  });

  test('accounting sign option', () => {
    assert.equal(formatMoney(-1999, 'USD', 'en-US', { currencySign: 'accounting' }), '($19.99)');
  });

  test('ISK uses zero display digits', () => {
    const text = formatMoney(100, 'ISK', 'en', { currencyDisplay: 'code' });
    assert.match(text, /^ISK\s1$/);
  });

  test('MGA pads display digits', () => {
    assert.match(formatMoney(1500, 'MGA', 'en', { currencyDisplay: 'code' }), /^MGA\s1,500\.00$/);
  });

  test('IQD ignores CLDR digits', () => {
    // Chromium's CLDR data would show 0 decimals for IQD; Keel's table gives 3.
    assert.match(formatMoney(1500, 'IQD', 'en', { currencyDisplay: 'code' }), /^IQD\s1\.500$/);
  });

  test('USD in German', () => {
    assert.equal(formatMoney(123456, 'USD', 'de-DE'), '1.234,56\u00a0$');
  });

  test('largest safe amount exact', () => {
    assert.equal(formatMoney(Number.MAX_SAFE_INTEGER, 'USD', 'en-US'), '$90,071,992,547,409.91');
  });

  test('unknown currency rejected', () => {
    assertMoneyError(() => formatMoney(100, 'ABC', 'en'), 'unknown_currency', 'currency');
  });

  test('invalid locale rejected', () => {
    assertMoneyError(() => formatMoney(100, 'USD', 'not a locale'), 'invalid_locale', 'locale');
  });
});
