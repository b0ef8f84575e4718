/**
 * Synthetic population of failed subscription payments and the model of when
 * a retry succeeds. Every number here is an assumption chosen to look like a
 * mixed B2C/B2B SaaS, not a measurement; docs/benchmarks.md restates them.
 */
import { addDays, fromLocal, nextPayday, toLocal, type DeclineInput } from '../../../src/dunning/index.js';
import { pickWeighted, seededRandom } from './random.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How the issuer decides on a retry of this decline. */
export type RecoveryKind =
  /** Declines until money arrives, then approves while it lasts. */
  | 'funds'
  /** Approves each attempt with a fixed chance. */
  | 'random'
  /** A passing fault: approves the first attempt at least one hour later. */
  | 'transient'
  /** Never approves this card again. */
  | 'dead';

export interface Scenario {
  name: string;
  weight: number;
  declineCode: string;
  adviceCode?: string;
  /** Visa response code sent with the decline. */
  visaCode?: string;
  /** Mastercard merchant advice codes, one drawn per payment with these weights. */
  mastercardAdvice?: ReadonlyArray<readonly [string | null, number]>;
  recovery: RecoveryKind;
  /** Per-attempt approval chance for `random`. */
  approval?: number;
}

/** Share of failed payments per decline, loosely after public processor reports that insufficient funds and generic declines dominate. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'insufficient_funds',
    weight: 36,
    declineCode: 'insufficient_funds',
    visaCode: '51',
    mastercardAdvice: [[null, 40], ['24', 10], ['25', 15], ['26', 15], ['27', 10], ['28', 5], ['29', 3], ['30', 2]],
    recovery: 'funds',
  },
  { name: 'card_velocity_exceeded', weight: 3, declineCode: 'card_velocity_exceeded', visaCode: '61', recovery: 'funds' },
  { name: 'do_not_honor', weight: 27, declineCode: 'do_not_honor', visaCode: '05', mastercardAdvice: [[null, 90], ['02', 10]], recovery: 'random', approval: 0.1 },
  { name: 'processing_error', weight: 5, declineCode: 'processing_error', visaCode: '96', recovery: 'transient' },
  { name: 'expired_card', weight: 9, declineCode: 'expired_card', visaCode: '54', mastercardAdvice: [[null, 50], ['01', 50]], recovery: 'dead' },
  { name: 'authentication_required', weight: 5, declineCode: 'authentication_required', visaCode: '1A', recovery: 'dead' },
  { name: 'incorrect_cvc', weight: 1, declineCode: 'incorrect_cvc', visaCode: 'N7', recovery: 'dead' },
  { name: 'lost_card', weight: 2, declineCode: 'lost_card', visaCode: '41', mastercardAdvice: [['03', 1]], recovery: 'dead' },
  { name: 'stolen_card', weight: 1, declineCode: 'stolen_card', visaCode: '43', mastercardAdvice: [['03', 1]], recovery: 'dead' },
  { name: 'pickup_card', weight: 1, declineCode: 'pickup_card', visaCode: '04', mastercardAdvice: [['03', 1]], recovery: 'dead' },
  { name: 'fraudulent', weight: 2, declineCode: 'fraudulent', visaCode: '59', recovery: 'dead' },
  { name: 'do_not_try_again (advice)', weight: 4, declineCode: 'generic_decline', adviceCode: 'do_not_try_again', visaCode: '46', mastercardAdvice: [['03', 1]], recovery: 'dead' },
  { name: 'revocation_of_authorization', weight: 1, declineCode: 'revocation_of_authorization', visaCode: 'R1', mastercardAdvice: [['21', 1]], recovery: 'dead' },
  { name: 'restricted_card', weight: 3, declineCode: 'restricted_card', visaCode: '62', recovery: 'random', approval: 0.02 },
];

export interface Market {
  country: string;
  timeZones: readonly string[];
  weight: number;
  networks: ReadonlyArray<readonly [string, number]>;
}

export const MARKETS: readonly Market[] = [
  { country: 'US', weight: 40, timeZones: ['America/New_York', 'America/Chicago', 'America/Los_Angeles'], networks: [['visa', 55], ['mastercard', 35], ['amex', 10]] },
  { country: 'JP', weight: 25, timeZones: ['Asia/Tokyo'], networks: [['visa', 45], ['mastercard', 25], ['jcb', 25], ['amex', 5]] },
  { country: 'DE', weight: 12, timeZones: ['Europe/Berlin'], networks: [['visa', 50], ['mastercard', 45], ['amex', 5]] },
  { country: 'GB', weight: 10, timeZones: ['Europe/London'], networks: [['visa', 60], ['mastercard', 35], ['amex', 5]] },
  { country: 'FR', weight: 8, timeZones: ['Europe/Paris'], networks: [['visa', 55], ['mastercard', 40], ['amex', 5]] },
  { country: 'CA', weight: 5, timeZones: ['America/Toronto'], networks: [['visa', 55], ['mastercard', 40], ['amex', 5]] },
];

/** Share of `funds` payments whose money arrives on the customer's payday; the rest get it at a random time. */
export const PAYDAY_FUNDED_SHARE = 0.6;
/** Days money stays in the account before other debits use it up (uniform range). */
export const FUNDS_LAST_DAYS: readonly [number, number] = [2, 10];
/** Approval chance of a `funds` payment while the money is in the account, and outside that time. */
export const FUNDS_APPROVAL = { funded: 0.9, unfunded: 0.03 } as const;
/** Approval chance of a retry less than an hour after a decline (same issuer state). */
export const IMMEDIATE_RETRY_APPROVAL = 0.01;

export interface FailedPayment {
  index: number;
  scenario: Scenario;
  country: string;
  timeZone: string;
  network: string;
  decline: DeclineInput;
  firstFailureAt: number;
  /** For `funds`: when money arrives and until when it lasts. */
  fundedFrom?: number;
  fundedUntil?: number;
}

/** First failures fall uniformly over this span, so year-end and holiday weeks are included. */
export const FAILURE_SPAN = { from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2027-01-01T00:00:00Z') };

/** Generates `count` failed payments from `seed`. */
export function generatePayments(count: number, seed: number): FailedPayment[] {
  const random = seededRandom(seed);
  const payments: FailedPayment[] = [];
  for (let index = 0; index < count; index += 1) {
    const market = pickWeighted(random, MARKETS.map((entry) => [entry, entry.weight] as const));
    const timeZone = market.timeZones[Math.floor(random() * market.timeZones.length)]!;
    const network = pickWeighted(random, market.networks);
    const scenario = pickWeighted(random, SCENARIOS.map((entry) => [entry, entry.weight] as const));
    const firstFailureAt = Math.floor(FAILURE_SPAN.from + random() * (FAILURE_SPAN.to - FAILURE_SPAN.from));

    const decline: DeclineInput = { declineCode: scenario.declineCode, network };
    if (scenario.adviceCode !== undefined) decline.adviceCode = scenario.adviceCode;
    if (network === 'visa' && scenario.visaCode !== undefined) decline.networkDeclineCode = scenario.visaCode;
    if (network === 'mastercard' && scenario.mastercardAdvice !== undefined) {
      const mac = pickWeighted(random, scenario.mastercardAdvice);
      if (mac !== null) decline.networkAdviceCode = mac;
    }

    const payment: FailedPayment = { index, scenario, country: market.country, timeZone, network, decline, firstFailureAt };
    if (scenario.recovery === 'funds') {
      let fundedFrom: number;
      if (random() < PAYDAY_FUNDED_SHARE) {
        // Salary lands early in the morning of the payday, local time.
        const local = toLocal(new Date(firstFailureAt), timeZone);
        const payday = nextPayday(market.country, addDays(local, 1));
        fundedFrom = fromLocal(payday, 6, 0, timeZone).getTime();
      } else {
        fundedFrom = firstFailureAt + random() * 20 * DAY;
      }
      const [minDays, maxDays] = FUNDS_LAST_DAYS;
      payment.fundedFrom = fundedFrom;
      payment.fundedUntil = fundedFrom + (minDays + random() * (maxDays - minDays)) * DAY;
    }
    payments.push(payment);
  }
  return payments;
}

/** Returns the chance that an attempt at `instant` is approved, given the previous attempt time. */
export function approvalChance(payment: FailedPayment, instant: number, previousAttempt: number): number {
  if (payment.scenario.recovery === 'dead') return 0;
  if (instant - previousAttempt < HOUR) return IMMEDIATE_RETRY_APPROVAL;
  switch (payment.scenario.recovery) {
    case 'funds':
      return instant >= payment.fundedFrom! && instant < payment.fundedUntil! ? FUNDS_APPROVAL.funded : FUNDS_APPROVAL.unfunded;
    case 'transient':
      return 1;
    case 'random':
      return payment.scenario.approval ?? 0;
  }
}
