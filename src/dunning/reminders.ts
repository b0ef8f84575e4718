import { DunningInputError, requireInstant, requirePositive } from './errors.js';
import { DEFAULT_DUNNING_POLICY } from './policy.js';

const HOUR_MS = 3_600_000;

export interface ReminderThrottleInput {
  /** Times of every reminder already sent to this customer, for any invoice. */
  sentAt: Date[];
  now: Date;
  /** Minimum hours between two reminders to the customer; defaults to the policy's `reminderIntervalHours` (72). */
  intervalHours?: number;
}

export type ReminderDecision = { send: true } | { send: false; nextAllowedAt: Date };

/**
 * Decides whether one more reminder may go to a customer now. At most one
 * reminder is sent per `intervalHours`, however many invoices fail, so the
 * caller passes the customer's reminders across all invoices. A reminder
 * time later than `now` (clock skew between servers) counts as recent.
 */
export function throttleReminder(input: ReminderThrottleInput): ReminderDecision {
  const now = requireInstant(input?.now, 'now').getTime();
  const intervalMs = requirePositive(input.intervalHours ?? DEFAULT_DUNNING_POLICY.reminderIntervalHours, 'intervalHours') * HOUR_MS;
  if (!Array.isArray(input.sentAt)) {
    throw new DunningInputError('invalid_reminders', 'sentAt', 'sentAt must be an array of Dates, empty when no reminder was sent.');
  }
  const sent = input.sentAt.map((date, index) => requireInstant(date, `sentAt[${index}]`).getTime());
  const latest = sent.length === 0 ? Number.NEGATIVE_INFINITY : Math.max(...sent);
  const nextAllowed = latest + intervalMs;
  if (nextAllowed <= now) return { send: true };
  return { send: false, nextAllowedAt: new Date(nextAllowed) };
}
