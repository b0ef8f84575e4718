import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyDecline, DunningInputError, DECLINE_TAXONOMY_VERSION, visaCategoryOf } from '../../../src/dunning/index.js';
import { declineTaxonomyV1 } from '../../../src/dunning/data/declines.v1.js';

const NEVER_RETRY_STRIPE_CODES = [
  'lost_card',
  'stolen_card',
  'pickup_card',
  'fraudulent',
  'revocation_of_authorization',
  'revocation_of_all_authorizations',
  'stop_payment_order',
  'do_not_try_again',
  'merchant_blacklist',
  'testmode_decline',
];

const CUSTOMER_REASONS = new Set([
  'expired_card',
  'insufficient_funds',
  'authentication_required',
  'bank_declined',
  'processing_error',
  'card_data_mismatch',
  'card_blocked',
]);

describe('classifyDecline', () => {
  for (const code of NEVER_RETRY_STRIPE_CODES) {
    it(`never retries ${code}`, () => {
      const result = classifyDecline({ declineCode: code });
      assert.equal(result.neverRetry, true);
      assert.equal(result.retryable, false);
      assert.equal(result.action, 'update_payment_method');
      assert.ok(result.neverRetrySources.includes('stripe_decline_code'));
    });
  }

  for (const code of ['lost_card', 'stolen_card', 'fraudulent', 'pickup_card']) {
    it(`hides ${code} as bank_declined`, () => {
      assert.equal(classifyDecline({ declineCode: code }).reason, 'bank_declined');
    });
  }

  it('never retries advice do_not_try_again', () => {
    const result = classifyDecline({ declineCode: 'insufficient_funds', adviceCode: 'do_not_try_again' });
    assert.equal(result.neverRetry, true);
    assert.deepEqual(result.neverRetrySources, ['stripe_advice_code']);
    assert.equal(result.action, 'update_payment_method');
  });

  it('retries insufficient funds', () => {
    const result = classifyDecline({ declineCode: 'insufficient_funds', network: 'visa', networkDeclineCode: '51' });
    assert.equal(result.reason, 'insufficient_funds');
    assert.equal(result.retryable, true);
    assert.equal(result.customerMustAct, false);
    assert.equal(result.visaCategory, 2);
  });

  it('expired card asks for new card', () => {
    const result = classifyDecline({ declineCode: 'expired_card' });
    assert.equal(result.reason, 'expired_card');
    assert.equal(result.retryable, false);
    assert.equal(result.customerMustAct, true);
    assert.equal(result.action, 'update_payment_method');
  });

  it('authentication required asks to authenticate', () => {
    const result = classifyDecline({ declineCode: 'authentication_required' });
    assert.equal(result.reason, 'authentication_required');
    assert.equal(result.action, 'authenticate');
    assert.equal(result.retryable, false);
  });

  for (const code of ['04', '07', '12', '14', '15', '41', '43', '46', '57', 'R0', 'R1', 'R3']) {
    it(`never retries Visa ${code}`, () => {
      const result = classifyDecline({ declineCode: 'generic_decline', network: 'visa', networkDeclineCode: code });
      assert.equal(result.visaCategory, 1);
      assert.equal(result.neverRetry, true);
    });
  }

  it('Visa 03 is category 2 since 2021', () => {
    assert.equal(visaCategoryOf('03'), 2);
  });

  it('Visa 1A depends on region', () => {
    assert.equal(visaCategoryOf('1A'), 4);
    assert.equal(visaCategoryOf('1A', 'europe'), 3);
  });

  it('Visa category 3 needs corrected data', () => {
    const result = classifyDecline({ declineCode: 'generic_decline', network: 'visa', networkDeclineCode: '82' });
    assert.equal(result.visaCategory, 3);
    assert.equal(result.retryable, false);
    assert.equal(result.customerMustAct, true);
  });

  for (const mac of ['03', '21', '3']) {
    it(`never retries Mastercard MAC ${mac}`, () => {
      const result = classifyDecline({ declineCode: 'do_not_honor', network: 'mastercard', networkAdviceCode: mac });
      assert.equal(result.neverRetry, true);
      assert.deepEqual(result.neverRetrySources, ['mastercard_advice_code']);
    });
  }

  it('Mastercard MAC 27 waits four days', () => {
    const result = classifyDecline({ declineCode: 'insufficient_funds', network: 'mastercard', networkAdviceCode: '27' });
    assert.equal(result.minimumWaitMs, 4 * 24 * 3_600_000);
    assert.equal(result.retryable, true);
  });

  it('MAC ignored on other networks', () => {
    const result = classifyDecline({ declineCode: 'insufficient_funds', network: 'visa', networkAdviceCode: '03' });
    assert.equal(result.neverRetry, false);
  });

  it('unknown code falls back to generic', () => {
    const result = classifyDecline({ declineCode: 'brand_new_code_2030' });
    assert.equal(result.known, false);
    assert.equal(result.reason, 'bank_declined');
    assert.equal(result.retryable, true);
  });

  it('Visa code alone gives reason', () => {
    const result = classifyDecline({ network: 'visa', networkDeclineCode: '54' });
    assert.equal(result.reason, 'expired_card');
    assert.equal(result.customerMustAct, true);
  });

  it('rejects non-string codes', () => {
    assert.throws(
      () => classifyDecline({ declineCode: 42 as unknown as string }),
      (error: unknown) => error instanceof DunningInputError && error.code === 'invalid_decline' && error.field === 'declineCode',
    );
  });

  it('every Stripe entry uses a listed reason', () => {
    for (const [code, rule] of Object.entries(declineTaxonomyV1.stripe.declineCodes)) {
      assert.ok(CUSTOMER_REASONS.has(rule.reason), `${code} maps to ${rule.reason}`);
    }
  });

  it('taxonomy data is versioned', () => {
    assert.equal(DECLINE_TAXONOMY_VERSION, 1);
    assert.match(declineTaxonomyV1.effective, /^\d{4}-\d{2}-\d{2}$/);
  });
});
