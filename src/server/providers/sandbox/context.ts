import { sql, type Transaction } from 'kysely';

import type { Database, InvoiceRow, SandboxSettings, Store } from '../../store/index.js';
import { toJson } from '../../store/index.js';
import { missing } from './errors.js';

/**
 * What every engine operation works with: the open transaction, the sandbox
 * it belongs to and the test clock's time.
 */
export interface EngineContext {
  readonly trx: Transaction<Database>;
  readonly sandboxId: string;
  readonly settings: SandboxSettings;
  /** The test clock's current time; events run by `advance` move it forward. */
  now: Date;
  /** Returns the next deterministic id with this prefix, e.g. `in_0000000a`. */
  nextId(prefix: string): string;
  /** Records an engine event (like a Stripe event) at the clock's time. */
  emit(type: string, objectId: string, data?: Record<string, unknown>): Promise<void>;
  /** Returns the next value of the sandbox's counter, for ordered log rows. */
  nextSeq(): number;
  /** Runs in `markInvoicePaid` just before an open invoice is marked paid; the provider sets it to see recoveries. */
  beforeInvoicePaid?: (invoice: InvoiceRow) => Promise<void>;
}

/**
 * Runs `fn` in one transaction on the sandbox. The sandbox row is locked
 * first, so mutations of one sandbox run one after another even across
 * server instances sharing a PostgreSQL database, and the id counter never
 * hands out the same id twice.
 */
export async function inSandbox<T>(store: Store, sandboxId: string, fn: (ctx: EngineContext) => Promise<T>): Promise<T> {
  return store.transaction(async (trx) => {
    const row = await trx.selectFrom('sandboxes').selectAll().where('id', '=', sandboxId).forUpdate().executeTakeFirst();
    if (!row) throw missing('sandbox', sandboxId);

    let seq = row.object_seq;
    const ctx: EngineContext = {
      trx,
      sandboxId,
      settings: row.settings,
      now: row.clock_now,
      nextSeq: () => {
        seq += 1;
        return seq;
      },
      nextId: (prefix) => {
        seq += 1;
        return `${prefix}_${seq.toString(36).padStart(8, '0')}`;
      },
      emit: async (type, objectId, data = {}) => {
        seq += 1;
        await trx
          .insertInto('sandbox_events')
          .values({
            sandbox_id: sandboxId,
            seq,
            id: `evt_${seq.toString(36).padStart(8, '0')}`,
            type,
            object_id: objectId,
            occurred_at: ctx.now,
            data: toJson(data),
          })
          .execute();
      },
    };

    const result = await fn(ctx);
    // Reads leave both unchanged, so they skip the write.
    if (seq !== row.object_seq || ctx.now.getTime() !== row.clock_now.getTime()) {
      await trx.updateTable('sandboxes').set({ object_seq: seq, clock_now: ctx.now }).where('id', '=', sandboxId).execute();
    }
    return result;
  });
}

/** Takes the next invoice number of the sandbox, e.g. `KEEL-000042`. */
export async function nextInvoiceNumber(ctx: EngineContext): Promise<string> {
  const row = await ctx.trx
    .updateTable('sandboxes')
    .set({ invoice_number_seq: sql<number>`invoice_number_seq + 1` })
    .where('id', '=', ctx.sandboxId)
    .returning('invoice_number_seq')
    .executeTakeFirstOrThrow();
  return `${ctx.settings.invoice_number_prefix}-${String(row.invoice_number_seq).padStart(6, '0')}`;
}
