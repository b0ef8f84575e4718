/**
 * Card-network retry rules, checked independently of Keel's policy code so the
 * simulation can catch a policy that breaks them.
 *
 * Visa allows no reattempt after a category-1 response code and at most 15
 * attempts per card in any rolling 30 days. Mastercard allows no retry within
 * 30 days after MAC 03 or 21 and none before a MAC 24-30 wait has passed. It
 * charges for more than 10 declines per card in 24 hours or 35 in 30 days.
 */
import type { DeclineInput } from '../../../src/dunning/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const VISA_NEVER_APPROVE = new Set(['04', '07', '12', '14', '15', '41', '43', '46', '57', 'R0', 'R1', 'R3']);
const VISA_MAX_PER_30_DAYS = 15;
const MASTERCARD_DO_NOT_RETRY = new Set(['03', '21']);
const MASTERCARD_WAIT_HOURS: Record<string, number> = { '24': 1, '25': 24, '26': 48, '27': 96, '28': 144, '29': 192, '30': 240 };
const MASTERCARD_MAX_PER_24_HOURS = 10;
const MASTERCARD_MAX_PER_30_DAYS = 35;

export interface CheckedAttempt {
  at: number;
  decline: DeclineInput;
  /** False for the attempt that was approved. */
  declined: boolean;
}

/** Counts the attempts on one card that break a Visa or Mastercard retry rule. */
export function countNetworkViolations(network: string, attempts: readonly CheckedAttempt[]): number {
  let violations = 0;
  attempts.forEach((attempt, index) => {
    const earlier = attempts.slice(0, index);
    if (network === 'visa') {
      const afterNeverApprove = earlier.some((previous) => VISA_NEVER_APPROVE.has(previous.decline.networkDeclineCode ?? ''));
      const inWindow = attempts.slice(0, index + 1).filter((other) => other.at > attempt.at - 30 * DAY).length;
      if (afterNeverApprove || inWindow > VISA_MAX_PER_30_DAYS) violations += 1;
    } else if (network === 'mastercard') {
      const afterDoNotRetry = earlier.some(
        (previous) => MASTERCARD_DO_NOT_RETRY.has(previous.decline.networkAdviceCode ?? '') && attempt.at - previous.at < 30 * DAY,
      );
      const previous = earlier[earlier.length - 1];
      const waitHours = previous === undefined ? 0 : (MASTERCARD_WAIT_HOURS[previous.decline.networkAdviceCode ?? ''] ?? 0);
      const tooSoon = previous !== undefined && attempt.at - previous.at < waitHours * HOUR;
      const declinesIn = (windowMs: number) =>
        attempts.slice(0, index + 1).filter((other) => other.declined && other.at > attempt.at - windowMs).length;
      const overDaily = attempt.declined && declinesIn(DAY) > MASTERCARD_MAX_PER_24_HOURS;
      const overMonthly = attempt.declined && declinesIn(30 * DAY) > MASTERCARD_MAX_PER_30_DAYS;
      if (afterDoNotRetry || tooSoon || overDaily || overMonthly) violations += 1;
    }
  });
  return violations;
}
