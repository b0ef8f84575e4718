/**
 * Recovery metrics for the vendor: how often the dunning banner was shown,
 * clicked and dismissed, how many customer actions fixed a failed payment,
 * and how many invoices in dunning were recovered, by the banner's reason,
 * tone and copy variant.
 *
 * Label values come from the dunning state before the action and are drawn
 * from bounded sets (decline reasons, tones, actions, a short variant token),
 * so no customer or invoice id ever becomes a label.
 *
 * Counters live in process memory like every metric in the registry, and
 * Prometheus sums them across instances. Whether an invoice's recovery was
 * already counted lives in the `dunning_recoveries` table, so with several
 * instances on one database exactly one instance counts each recovery.
 *
 * @module
 */
import { sql, type ColumnType, type Kysely } from 'kysely';
import type { DunningEventRequest, DunningState } from '../contract/dunning.js';
import type { Logger } from './logger.js';
import type { Counter, MetricsRegistry } from './metrics.js';
import type { BillingProvider, DunningLabels, DunningRecovery, DunningRecoveryListener } from './providers/provider.js';

/** Customer requests that can fix a failed payment, named like the routes that serve them. */
export type FixAction = 'completeSetup' | 'setDefault' | 'pay' | 'authenticate';

/** `customer`: paid during or after a customer's fix. `automatic`: a retry or incoming money with no fix. */
export type RecoveryChannel = 'customer' | 'automatic';

type NullableInstant = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface DunningRecoveriesTable {
  /** The provider the invoice id belongs to, such as `stripe` or `sandbox:sb_demo`. */
  scope: string;
  invoice_id: string;
  reason: string | null;
  tone: string | null;
  variant: string | null;
  fixed_at: NullableInstant;
  recovered_at: NullableInstant;
  channel: RecoveryChannel | null;
  updated_at: ColumnType<Date, Date | string, Date | string>;
}

export interface DunningMetricsTables {
  dunning_recoveries: DunningRecoveriesTable;
}

/** Label value for a reason or tone the state did not give. */
const UNKNOWN = 'unknown';
/** Label value for a variant that is not a short token. */
const OTHER_VARIANT = 'other';
const VARIANT_TOKEN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/** Returns the labels of a state that shows a failed invoice, or null when there is none. */
export function labelsOf(state: DunningState): DunningLabels | null {
  if (state.status === 'none' || state.invoice_id === null) return null;
  return { reason: state.reason, tone: state.tone, variant: state.variant };
}

/** Returns the label values for `labels`; a variant that is not a short token becomes `other`. */
export function labelValues(labels: DunningLabels | null): { reason: string; tone: string; variant: string } {
  const variant = labels?.variant ?? UNKNOWN;
  return {
    reason: labels?.reason ?? UNKNOWN,
    tone: labels?.tone ?? UNKNOWN,
    variant: VARIANT_TOKEN.test(variant) ? variant : OTHER_VARIANT,
  };
}

/** Stored labels with the same fallbacks as `labelValues`. */
function storedLabels(row: { reason: string | null; tone: string | null; variant: string | null }): { reason: string; tone: string; variant: string } {
  return { reason: row.reason ?? UNKNOWN, tone: row.tone ?? UNKNOWN, variant: row.variant ?? UNKNOWN };
}

/**
 * The `dunning_recoveries` rows of one provider: labels last seen per failed
 * invoice, its first fix, and the claim that counts its recovery once.
 */
export class DunningRecoveryLedger {
  constructor(
    private readonly db: Kysely<DunningMetricsTables>,
    private readonly scope: string,
    private readonly now: () => number,
  ) {}

  /** Stores the labels the banner shows for the invoice, unless its recovery was already counted. */
  async observe(invoiceId: string, labels: DunningLabels): Promise<void> {
    await this.upsertLabels(invoiceId, labels, null);
  }

  /** Stores the invoice's labels and the time of its first fix. */
  async markFixed(invoiceId: string, labels: DunningLabels): Promise<void> {
    await this.upsertLabels(invoiceId, labels, new Date(this.now()));
  }

  /**
   * Claims the recovery of the invoice. Returns the channel and labels to
   * count, or null when a recovery of this invoice was claimed before. The
   * claim is one `INSERT ... ON CONFLICT DO UPDATE ... WHERE recovered_at IS
   * NULL`, so of concurrent claims on any number of instances one wins. A
   * recovery after a recorded fix counts as `customer` regardless of
   * `channel`, because the retry charged the card the customer just fixed.
   */
  async claimRecovery(invoiceId: string, labels: DunningLabels | null, channel: RecoveryChannel): Promise<{ channel: RecoveryChannel; labels: { reason: string; tone: string; variant: string } } | null> {
    const now = new Date(this.now());
    const values = labels ? labelValues(labels) : { reason: null, tone: null, variant: null };
    const row = await this.db
      .insertInto('dunning_recoveries')
      .values({ scope: this.scope, invoice_id: invoiceId, ...values, fixed_at: null, recovered_at: now, channel, updated_at: now })
      .onConflict((conflict) =>
        conflict
          .columns(['scope', 'invoice_id'])
          .doUpdateSet({
            recovered_at: now,
            channel: sql<RecoveryChannel>`case when dunning_recoveries.fixed_at is not null then 'customer' else excluded.channel end`,
            reason: sql<string>`coalesce(excluded.reason, dunning_recoveries.reason)`,
            tone: sql<string>`coalesce(excluded.tone, dunning_recoveries.tone)`,
            variant: sql<string>`coalesce(excluded.variant, dunning_recoveries.variant)`,
            updated_at: now,
          })
          .where('dunning_recoveries.recovered_at', 'is', null),
      )
      .returning(['channel', 'reason', 'tone', 'variant'])
      .executeTakeFirst();
    if (!row || row.channel === null) return null;
    return { channel: row.channel, labels: storedLabels(row) };
  }

  private async upsertLabels(invoiceId: string, labels: DunningLabels, fixedAt: Date | null): Promise<void> {
    const now = new Date(this.now());
    const values = labelValues(labels);
    await this.db
      .insertInto('dunning_recoveries')
      .values({ scope: this.scope, invoice_id: invoiceId, ...values, fixed_at: fixedAt, recovered_at: null, channel: null, updated_at: now })
      .onConflict((conflict) =>
        conflict
          .columns(['scope', 'invoice_id'])
          .doUpdateSet({
            ...values,
            fixed_at: sql<Date | null>`coalesce(dunning_recoveries.fixed_at, excluded.fixed_at)`,
            updated_at: now,
          })
          .where('dunning_recoveries.recovered_at', 'is', null),
      )
      .execute();
  }
}

export interface DunningMetricsOptions {
  registry: MetricsRegistry;
  /** The store's database; the `dunning_recoveries` table must exist. */
  db: Kysely<DunningMetricsTables>;
  /** Namespace of invoice ids, so two sandboxes on one database do not share rows. */
  scope: string;
  logger: Logger;
  /** Wall clock in milliseconds. */
  now: () => number;
}

/**
 * The dunning counters and the bookkeeping behind them. Every `record*`
 * method logs a failure and returns normally, because metrics must never
 * fail the customer's request they describe.
 */
export class DunningMetrics {
  readonly impressions: Counter;
  readonly clicks: Counter;
  readonly dismissals: Counter;
  readonly fixes: Counter;
  readonly recoveries: Counter;
  readonly ledger: DunningRecoveryLedger;
  private readonly logger: Logger;

  constructor(options: DunningMetricsOptions) {
    const { registry } = options;
    const stateLabels = ['reason', 'tone', 'variant'] as const;
    this.impressions = registry.counter({
      name: 'keel_dunning_banner_impressions_total',
      help: 'Dunning banner impressions, by the decline reason, tone and copy variant the banner showed.',
      labelNames: stateLabels,
    });
    this.clicks = registry.counter({
      name: 'keel_dunning_banner_clicks_total',
      help: 'Dunning banner action clicks, by reason, tone, variant and the action clicked (none when the client sent no action).',
      labelNames: [...stateLabels, 'action'],
    });
    this.dismissals = registry.counter({
      name: 'keel_dunning_banner_dismissals_total',
      help: 'Dunning banner dismissals, by reason, tone and variant.',
      labelNames: stateLabels,
    });
    this.fixes = registry.counter({
      name: 'keel_dunning_fixes_total',
      help: 'Customer actions that fixed the payment method or paid while an invoice was in dunning, by reason, tone, variant and action.',
      labelNames: [...stateLabels, 'action'],
    });
    this.recoveries = registry.counter({
      name: 'keel_dunning_recoveries_total',
      help: 'Invoices in dunning that were paid, counted once per invoice, by reason, tone, variant and channel (customer or automatic).',
      labelNames: [...stateLabels, 'channel'],
    });
    this.ledger = new DunningRecoveryLedger(options.db, options.scope, options.now);
    this.logger = options.logger;
  }

  /**
   * Counts a banner event with the labels of the state before it. An event
   * about another invoice than the one the state shows is not counted,
   * because its labels are unknown.
   */
  async recordBannerEvent(before: DunningState, event: DunningEventRequest): Promise<void> {
    const labels = labelsOf(before);
    if (!labels || before.invoice_id !== event.invoice_id) return;
    const values = labelValues(labels);
    if (event.type === 'impression') this.impressions.inc(values);
    else if (event.type === 'dismissal') this.dismissals.inc(values);
    else this.clicks.inc({ ...values, action: event.action ?? 'none' });
    await this.guard('observe', event.invoice_id, () => this.ledger.observe(event.invoice_id, labels));
  }

  /** Counts a fix of the invoice the state before the action showed. */
  async recordFix(before: DunningState, action: FixAction): Promise<void> {
    const labels = labelsOf(before);
    if (!labels || !before.invoice_id) return;
    this.fixes.inc({ ...labelValues(labels), action });
    const invoiceId = before.invoice_id;
    await this.guard('mark_fixed', invoiceId, () => this.ledger.markFixed(invoiceId, labels));
  }

  /** Counts the recovery of an invoice in dunning unless it was counted before, here or on another instance. */
  async recordRecovery(invoiceId: string, labels: DunningLabels | null, channel: RecoveryChannel): Promise<void> {
    await this.guard('claim_recovery', invoiceId, async () => {
      const claimed = await this.ledger.claimRecovery(invoiceId, labels, channel);
      if (claimed) this.recoveries.inc({ ...claimed.labels, channel: claimed.channel });
    });
  }

  /** Listener for providers' `onDunningRecovery` option: an automatic recovery, unless a fix preceded it. */
  readonly onDunningRecovery: DunningRecoveryListener = (recovery: DunningRecovery) =>
    this.recordRecovery(recovery.invoiceId, recovery.labels, 'automatic');

  private async guard(step: string, invoiceId: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.logger.warn('Recording a dunning metric failed.', { step, invoice_id: invoiceId, error });
    }
  }
}

/** Arguments of `trackCustomerFix`. */
export interface CustomerFixInput<T> {
  provider: BillingProvider;
  metrics: DunningMetrics | undefined;
  logger: Logger;
  customerId: string;
  action: FixAction;
  /** Runs the customer's request; its result or error is passed through unchanged. */
  run: () => Promise<T>;
  /** Whether the result fixed the payment: a succeeded payment, a new default card. */
  fixed: (result: T) => boolean;
}

/**
 * Runs a customer's request that may fix a failed payment and counts it:
 * the dunning state is read before, a fix is counted when `fixed` returns true,
 * and a recovery with channel `customer` when the invoice the state showed
 * is paid afterwards. Works the same for every provider, because it reads
 * only `getDunningState` and `getInvoice`.
 */
export async function trackCustomerFix<T>(input: CustomerFixInput<T>): Promise<T> {
  const { metrics, provider, customerId } = input;
  if (!metrics) return input.run();

  let before: DunningState | null = null;
  try {
    before = await provider.getDunningState(customerId);
  } catch (error) {
    input.logger.warn('Reading the dunning state before a fix failed; the fix is not counted.', { action: input.action, error });
  }

  const result = await input.run();

  const invoiceId = before?.invoice_id ?? null;
  if (!before || !invoiceId || before.status === 'none') return result;
  if (input.fixed(result)) await metrics.recordFix(before, input.action);
  try {
    const invoice = await provider.getInvoice(customerId, invoiceId);
    if (invoice.status === 'paid') await metrics.recordRecovery(invoiceId, labelsOf(before), 'customer');
  } catch (error) {
    input.logger.warn('Reading the invoice after a fix failed; its recovery is not counted here.', { action: input.action, invoice_id: invoiceId, error });
  }
  return result;
}
