import { DunningInputError, requireInstant } from './errors.js';
import type { DunningPolicy } from './policy.js';
import { planNextRetry, type FailedAttempt, type RetryPlan } from './retry.js';
import { assessStage, type DunningStage, type DunningStatus, type DunningTone } from './stage.js';
import { classifyDecline, type DeclineClassification, type DeclineInput, type DeclineReason, type FixAction } from './taxonomy.js';
import { assignVariant, type WeightedVariant } from './variants.js';

/** Amount due in the currency's minor unit (e.g. cents, or yen for JPY) and its ISO 4217 code. */
export interface MinorAmount {
  amount: number;
  currency: string;
}

export interface DunningStateInput {
  customerId: string;
  /** Amount due, as the billing provider reports it. */
  amountDue: MinorAmount;
  /** Failed attempts on the unpaid invoice's card; empty when nothing failed. */
  attempts: FailedAttempt[];
  /** Latest decline; defaults to the last attempt's. */
  decline?: DeclineInput;
  /** True once the invoice is paid, which clears the banner. */
  paid?: boolean;
  country: string;
  timeZone: string;
  now: Date;
  /** Deadline set by the billing provider; defaults to the first failure plus `policy.graceDays`. */
  deadline?: Date;
  /**
   * Next retry as scheduled by a provider that runs its own retries (Stripe's
   * `next_payment_attempt`); null means it has no retry left. When absent,
   * Keel plans the retry itself.
   */
  providerNextRetryAt?: Date | null;
  experiment?: { key: string; variants: ReadonlyArray<string | WeightedVariant> };
  policy?: Partial<DunningPolicy>;
}

/**
 * Everything the dunning banner shows, as one plain object.
 *
 * The HTTP contract carries it in snake_case; `toWireDunningState` does the
 * mapping: `status`, `reason`, `tone`, `deadline` (ISO 8601), `nextRetryAt` as
 * `next_retry_at`, `actions`, `variant`, and `amountDue` as `amount_due`
 * (`{ amount, currency }`). The `stage` details and `classification` stay on the server.
 */
export interface DunningState {
  status: DunningStatus;
  /** Customer-facing reason; null when nothing is unpaid. Lost, stolen and fraud appear as `bank_declined`. */
  reason: DeclineReason | null;
  tone: DunningTone;
  stage: DunningStage;
  amountDue: MinorAmount;
  deadline: Date | null;
  nextRetryAt: Date | null;
  /** Actions the customer may take, the one that fixes the problem first. */
  actions: FixAction[];
  /** Copy variant for A/B tests; null without an experiment. */
  variant: string | null;
  classification: DeclineClassification | null;
  retryPlan: RetryPlan | null;
}

/** The banner state in the HTTP contract's field names. */
export interface WireDunningState {
  status: DunningStatus;
  reason: DeclineReason | null;
  tone: DunningTone;
  deadline: string | null;
  next_retry_at: string | null;
  actions: FixAction[];
  variant: string | null;
  amount_due: MinorAmount;
}

function requireAmount(value: unknown): MinorAmount {
  const candidate = value as Partial<MinorAmount> | null;
  if (candidate === null || typeof candidate !== 'object') {
    throw new DunningInputError('invalid_amount', 'amountDue', 'amountDue must be { amount, currency } in minor units.');
  }
  if (!Number.isSafeInteger(candidate.amount) || (candidate.amount as number) < 0) {
    throw new DunningInputError('invalid_amount', 'amountDue.amount', `amountDue.amount must be a non-negative integer in minor units, got ${String(candidate.amount)}.`);
  }
  if (typeof candidate.currency !== 'string' || !/^[A-Za-z]{3}$/.test(candidate.currency)) {
    throw new DunningInputError('invalid_currency', 'amountDue.currency', `amountDue.currency must be an ISO 4217 code such as "JPY", got ${String(candidate.currency)}.`);
  }
  return { amount: candidate.amount as number, currency: candidate.currency.toUpperCase() };
}

function allowedActions(status: DunningStatus, classification: DeclineClassification): FixAction[] {
  if (status === 'none') return [];
  const actions: FixAction[] = [classification.action];
  if (classification.action === 'authenticate' || classification.action === 'contact_bank' || classification.retryable) {
    actions.push('update_payment_method');
  }
  // A customer-started retry is still an attempt on the card, so it is offered only where a retry is allowed.
  if (classification.retryable) actions.push('retry_payment');
  return [...new Set(actions)];
}

/**
 * Builds the dunning banner state for one customer's unpaid invoice: it
 * classifies the latest decline, plans the next retry (or takes the
 * provider's), decides status and tone, lists the allowed actions and assigns
 * the copy variant.
 */
export function buildDunningState(input: DunningStateInput): DunningState {
  const now = requireInstant(input?.now, 'now');
  const amountDue = requireAmount(input.amountDue);
  if (!Array.isArray(input.attempts)) {
    throw new DunningInputError('invalid_attempts', 'attempts', 'attempts must be an array, empty when no charge failed.');
  }
  const variant = input.experiment === undefined ? null : assignVariant({ customerId: input.customerId, experimentKey: input.experiment.key, variants: input.experiment.variants });
  const policy = input.policy ?? {};

  if (input.paid === true || input.attempts.length === 0) {
    const stage = assessStage({ firstFailureAt: null, now, country: input.country, timeZone: input.timeZone, policy });
    return { status: 'none', reason: null, tone: stage.tone, stage, amountDue, deadline: null, nextRetryAt: null, actions: [], variant, classification: null, retryPlan: null };
  }

  const firstFailureAt = new Date(Math.min(...input.attempts.map((attempt, index) => requireInstant(attempt?.at, `attempts[${index}].at`).getTime())));
  const latest = input.attempts.reduce((a, b) => (b.at.getTime() >= a.at.getTime() ? b : a));
  const decline = input.decline ?? latest.decline;
  const classification = classifyDecline({ ...decline, network: decline.network ?? latest.network ?? null });

  let retryPlan: RetryPlan | null = null;
  let nextRetryAt: Date | null;
  if (input.providerNextRetryAt !== undefined) {
    nextRetryAt = input.providerNextRetryAt === null ? null : requireInstant(input.providerNextRetryAt, 'providerNextRetryAt');
  } else {
    retryPlan = planNextRetry({ attempts: input.attempts, decline, country: input.country, timeZone: input.timeZone, now, policy });
    nextRetryAt = retryPlan.kind === 'retry' ? retryPlan.at : null;
  }

  const customerMustAct = classification.customerMustAct || classification.neverRetry;
  const retriesExhausted = !customerMustAct && nextRetryAt === null;
  const stage = assessStage({
    firstFailureAt,
    now,
    country: input.country,
    timeZone: input.timeZone,
    ...(input.deadline === undefined ? {} : { deadline: input.deadline }),
    customerMustAct,
    retriesExhausted,
    policy,
  });

  return {
    status: stage.status,
    reason: classification.reason,
    tone: stage.tone,
    stage,
    amountDue,
    deadline: stage.deadline,
    nextRetryAt: stage.status === 'suspended' ? null : nextRetryAt,
    actions: allowedActions(stage.status, classification),
    variant,
    classification,
    retryPlan,
  };
}

/** Maps a `DunningState` to the HTTP contract's snake_case fields, with instants as ISO 8601 strings. */
export function toWireDunningState(state: DunningState): WireDunningState {
  return {
    status: state.status,
    reason: state.reason,
    tone: state.tone,
    deadline: state.deadline?.toISOString() ?? null,
    next_retry_at: state.nextRetryAt?.toISOString() ?? null,
    actions: [...state.actions],
    variant: state.variant,
    amount_due: { ...state.amountDue },
  };
}
