/**
 * Runs retry policies over the synthetic failed payments and totals the
 * outcome: retries spent, network-rule violations, recoveries and days to recover.
 */
import { classifyDecline, planNextRetry, type DunningPolicy, type FailedAttempt } from '../../../src/dunning/index.js';
import { approvalChance, generatePayments, type FailedPayment } from './model.js';
import { uniformFor } from './random.js';
import { countNetworkViolations, type CheckedAttempt } from './rules.js';

const DAY = 86_400_000;

/** Returns the next attempt instant for a payment, or null to give up. */
export type RetrySchedule = (payment: FailedPayment, attempts: readonly CheckedAttempt[]) => number | null;

/** Keel's policy (`planNextRetry`) with optional overrides. */
export function keelSchedule(policy: Partial<DunningPolicy> = {}): RetrySchedule {
  return (payment, attempts) => {
    const history: FailedAttempt[] = attempts.map((attempt) => ({ at: new Date(attempt.at), decline: attempt.decline, network: payment.network }));
    const plan = planNextRetry({
      attempts: history,
      country: payment.country,
      timeZone: payment.timeZone,
      now: new Date(attempts[attempts.length - 1]!.at),
      policy,
    });
    return plan.kind === 'retry' ? plan.at.getTime() : null;
  };
}

/** Returns a fixed schedule that ignores the decline: a retry every `intervalDays`, `retries` times. */
export function naiveSchedule(intervalDays = 3, retries = 4): RetrySchedule {
  return (payment, attempts) => (attempts.length > retries ? null : payment.firstFailureAt + attempts.length * intervalDays * DAY);
}

export interface PolicyResult {
  payments: number;
  retries: number;
  networkViolations: number;
  /** Retries of a decline that Stripe or a network marks never-retry, on any network. */
  neverRetryRetries: number;
  recovered: number;
  daysToRecover: number[];
  /** Payments, retries and recoveries per decline scenario. */
  byScenario: Record<string, { payments: number; retries: number; recovered: number }>;
}

export interface SimulationOptions {
  payments: number;
  seed: number;
  schedules: Record<string, RetrySchedule>;
  onProgress?: (done: number, total: number) => void;
}

function simulateOne(payment: FailedPayment, schedule: RetrySchedule, seed: number, result: PolicyResult): void {
  const scenario = (result.byScenario[payment.scenario.name] ??= { payments: 0, retries: 0, recovered: 0 });
  scenario.payments += 1;
  const attempts: CheckedAttempt[] = [{ at: payment.firstFailureAt, decline: payment.decline, declined: true }];
  const neverRetry = classifyDecline(payment.decline).neverRetry;
  // Bounded so a broken schedule cannot loop forever.
  for (let step = 0; step < 100; step += 1) {
    const next = schedule(payment, attempts);
    if (next === null) break;
    const previous = attempts[attempts.length - 1]!.at;
    if (next <= previous) throw new Error(`Schedule went back in time for payment ${payment.index}.`);
    result.retries += 1;
    scenario.retries += 1;
    if (neverRetry) result.neverRetryRetries += 1;
    const approved = uniformFor(seed, payment.index, next) < approvalChance(payment, next, previous);
    attempts.push({ at: next, decline: payment.decline, declined: !approved });
    if (approved) {
      result.recovered += 1;
      scenario.recovered += 1;
      result.daysToRecover.push((next - payment.firstFailureAt) / DAY);
      break;
    }
  }
  result.networkViolations += countNetworkViolations(payment.network, attempts);
}

/** Simulates every schedule over the same seeded payments. */
export function simulateRecovery(options: SimulationOptions): Record<string, PolicyResult> {
  const payments = generatePayments(options.payments, options.seed);
  const results: Record<string, PolicyResult> = {};
  for (const name of Object.keys(options.schedules)) {
    results[name] = { payments: payments.length, retries: 0, networkViolations: 0, neverRetryRetries: 0, recovered: 0, daysToRecover: [], byScenario: {} };
  }
  payments.forEach((payment, done) => {
    for (const [name, schedule] of Object.entries(options.schedules)) simulateOne(payment, schedule, options.seed, results[name]!);
    options.onProgress?.(done + 1, payments.length);
  });
  return results;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
