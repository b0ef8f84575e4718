import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { japaneseCorporateCheckDigit, validateTaxId } from '../../../src/contract/tax-ids.js';

describe('Japanese corporate number check digit', () => {
  test('worked example 7123456789012 gives 7', () => {
    assert.equal(japaneseCorporateCheckDigit('123456789012'), 7);
  });

  for (const published of ['4011001098993', '7010705000725', '2120901007402']) {
    test(`published number ${published} validates`, () => {
      assert.deepEqual(validateTaxId('jp_cn', published), { valid: true, normalized: published, country: 'JP' });
    });
  }

  test('registration number with T prefix validates', () => {
    assert.equal(validateTaxId('jp_trn', 'T7010705000725').valid, true);
  });

  test('one wrong digit fails the check', () => {
    assert.deepEqual(validateTaxId('jp_trn', 'T7010705000726'), { valid: false, reason: 'check_digit' });
  });

  test('missing T prefix is a format error', () => {
    assert.deepEqual(validateTaxId('jp_trn', '7010705000725'), { valid: false, reason: 'format' });
  });

  test('twelve digits is a format error', () => {
    assert.deepEqual(validateTaxId('jp_trn', 'T701070500072'), { valid: false, reason: 'format' });
  });
});

describe('EU VAT format', () => {
  const valid: [string, string][] = [
    ['DE123456789', 'DE'],
    ['ATU12345678', 'AT'],
    ['NL123456789B01', 'NL'],
    ['FR12345678901', 'FR'],
    ['EL123456789', 'GR'],
    ['BE0123456789', 'BE'],
  ];
  for (const [value, country] of valid) {
    test(`${value} is valid for ${country}`, () => {
      assert.deepEqual(validateTaxId('eu_vat', value), { valid: true, normalized: value, country });
    });
  }

  test('spaces and dots are ignored', () => {
    assert.equal(validateTaxId('eu_vat', 'de 123.456.789').valid, true);
  });

  test('Greece as GR is an unknown prefix', () => {
    assert.deepEqual(validateTaxId('eu_vat', 'GR123456789'), { valid: false, reason: 'unknown_country' });
  });

  test('German number with eight digits fails', () => {
    assert.deepEqual(validateTaxId('eu_vat', 'DE12345678'), { valid: false, reason: 'format' });
  });
});
