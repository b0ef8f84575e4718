// The test clock: `advance` moves a sandbox's time forward and runs every
// event that falls due on the way, one at a time in time order, each at its
// own instant.

import type { EngineContext } from './context.js';
import { expireDunning } from './dunning-run.js';
import { getInvoice } from './invoices.js';
import { expireKonbiniVoucher, getKonbiniVoucher } from './konbini.js';
import { chargeInvoice } from './payments.js';
import { expireIncomplete, getSubscription, renewSubscription, resumeSubscription } from './subscriptions.js';

export type ClockEventType =
  | 'konbini_expiry'
  | 'pause_collection_end'
  | 'pause_end'
  | 'incomplete_expiry'
  | 'period_end'
  | 'payment_retry'
  | 'dunning_deadline';

/**
 * Order of events due at the same instant: expiries and resumptions first,
 * then renewals, then retries, so a retry at a renewal instant charges after
 * the renewal and a deadline is judged after that instant's retry.
 */
const PRIORITY: Record<ClockEventType, number> = {
  konbini_expiry: 0,
  pause_collection_end: 1,
  pause_end: 2,
  incomplete_expiry: 3,
  period_end: 4,
  payment_retry: 5,
  dunning_deadline: 6,
};

export interface ClockEvent {
  type: ClockEventType;
  objectId: string;
  at: Date;
}

/** Finds the earliest event due at or before `until`, or null. */
async function nextDueEvent(ctx: EngineContext, until: Date): Promise<ClockEvent | null> {
  const { trx, sandboxId } = ctx;
  const candidates: ClockEvent[] = [];

  const voucher = await trx
    .selectFrom('konbini_vouchers')
    .select(['id', 'expires_at'])
    .where('sandbox_id', '=', sandboxId)
    .where('status', '=', 'pending')
    .where('expires_at', '<=', until)
    .orderBy('expires_at')
    .orderBy('id')
    .executeTakeFirst();
  if (voucher) candidates.push({ type: 'konbini_expiry', objectId: voucher.id, at: voucher.expires_at });

  const collectionPause = await trx
    .selectFrom('subscriptions')
    .select(['id', 'pause_collection_resumes_at'])
    .where('sandbox_id', '=', sandboxId)
    .where('pause_collection_resumes_at', '<=', until)
    .where('status', 'not in', ['canceled', 'incomplete_expired'])
    .orderBy('pause_collection_resumes_at')
    .orderBy('id')
    .executeTakeFirst();
  if (collectionPause?.pause_collection_resumes_at) {
    candidates.push({ type: 'pause_collection_end', objectId: collectionPause.id, at: collectionPause.pause_collection_resumes_at });
  }

  const paused = await trx
    .selectFrom('subscriptions')
    .select(['id', 'resumes_at'])
    .where('sandbox_id', '=', sandboxId)
    .where('status', '=', 'paused')
    .where('resumes_at', '<=', until)
    .orderBy('resumes_at')
    .orderBy('id')
    .executeTakeFirst();
  if (paused?.resumes_at) candidates.push({ type: 'pause_end', objectId: paused.id, at: paused.resumes_at });

  const incompleteHours = ctx.settings.incomplete_expires_after_hours;
  const incomplete = await trx
    .selectFrom('subscriptions')
    .select(['id', 'created_at'])
    .where('sandbox_id', '=', sandboxId)
    .where('status', '=', 'incomplete')
    .where('created_at', '<=', new Date(until.getTime() - incompleteHours * 3_600_000))
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  if (incomplete) {
    candidates.push({ type: 'incomplete_expiry', objectId: incomplete.id, at: new Date(incomplete.created_at.getTime() + incompleteHours * 3_600_000) });
  }

  const renewal = await trx
    .selectFrom('subscriptions')
    .select(['id', 'current_period_end'])
    .where('sandbox_id', '=', sandboxId)
    .where('status', 'in', ['active', 'trialing', 'past_due', 'unpaid'])
    .where('current_period_end', '<=', until)
    .orderBy('current_period_end')
    .orderBy('id')
    .executeTakeFirst();
  if (renewal) candidates.push({ type: 'period_end', objectId: renewal.id, at: renewal.current_period_end });

  const retry = await trx
    .selectFrom('invoices')
    .select(['id', 'next_payment_attempt'])
    .where('sandbox_id', '=', sandboxId)
    .where('status', '=', 'open')
    .where('next_payment_attempt', '<=', until)
    .orderBy('next_payment_attempt')
    .orderBy('id')
    .executeTakeFirst();
  if (retry?.next_payment_attempt) candidates.push({ type: 'payment_retry', objectId: retry.id, at: retry.next_payment_attempt });

  const deadline = await trx
    .selectFrom('invoices')
    .innerJoin('subscriptions', (join) =>
      join.onRef('subscriptions.sandbox_id', '=', 'invoices.sandbox_id').onRef('subscriptions.id', '=', 'invoices.subscription_id'),
    )
    .select(['invoices.id', 'invoices.dunning_deadline'])
    .where('invoices.sandbox_id', '=', sandboxId)
    .where('invoices.status', '=', 'open')
    .where('subscriptions.status', '=', 'past_due')
    .where('invoices.dunning_deadline', '<=', until)
    .orderBy('invoices.dunning_deadline')
    .orderBy('invoices.id')
    .executeTakeFirst();
  if (deadline?.dunning_deadline) candidates.push({ type: 'dunning_deadline', objectId: deadline.id, at: deadline.dunning_deadline });

  candidates.sort((a, b) => a.at.getTime() - b.at.getTime() || PRIORITY[a.type] - PRIORITY[b.type] || a.objectId.localeCompare(b.objectId));
  return candidates[0] ?? null;
}

async function runEvent(ctx: EngineContext, event: ClockEvent): Promise<void> {
  switch (event.type) {
    case 'konbini_expiry':
      return expireKonbiniVoucher(ctx, await getKonbiniVoucher(ctx, event.objectId));
    case 'pause_collection_end':
      await resumeSubscription(ctx, event.objectId);
      return;
    case 'pause_end':
      await resumeSubscription(ctx, event.objectId);
      return;
    case 'incomplete_expiry':
      return expireIncomplete(ctx, await getSubscription(ctx, event.objectId));
    case 'period_end':
      return renewSubscription(ctx, await getSubscription(ctx, event.objectId));
    case 'payment_retry': {
      const invoice = await getInvoice(ctx, event.objectId);
      await ctx.trx.updateTable('invoices').set({ next_payment_attempt: null }).where('sandbox_id', '=', ctx.sandboxId).where('id', '=', invoice.id).execute();
      await chargeInvoice(ctx, invoice.id, { offSession: true });
      return;
    }
    case 'dunning_deadline':
      return expireDunning(ctx, await getInvoice(ctx, event.objectId));
  }
}

/**
 * Maximum number of events one `advance` runs. A subscription renewing daily
 * for ten years is about 3,650 events. The cap stops a bug that keeps
 * rescheduling an event at the same instant from looping forever.
 */
export const MAX_EVENTS_PER_ADVANCE = 10_000;

/**
 * Moves the clock to `target`, running every due event in time order with
 * the clock set to that event's instant, and returns the events run.
 */
export async function advanceClock(ctx: EngineContext, target: Date): Promise<ClockEvent[]> {
  if (target.getTime() < ctx.now.getTime()) {
    throw new RangeError(`The test clock only moves forward: it is at ${ctx.now.toISOString()}, and ${target.toISOString()} is earlier.`);
  }
  const ran: ClockEvent[] = [];
  for (;;) {
    const event = await nextDueEvent(ctx, target);
    if (!event) break;
    if (ran.length >= MAX_EVENTS_PER_ADVANCE) {
      throw new Error(`The test clock ran ${MAX_EVENTS_PER_ADVANCE} events without reaching ${target.toISOString()}; an event keeps rescheduling itself.`);
    }
    if (event.at.getTime() > ctx.now.getTime()) ctx.now = event.at;
    await runEvent(ctx, event);
    ran.push(event);
  }
  ctx.now = target;
  await ctx.emit('test_clock.advanced', 'test_clock', { events_run: ran.length });
  return ran;
}
