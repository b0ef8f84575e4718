import type {
  BillingReason,
  CollectionMethod,
  CouponRow,
  CustomerRow,
  InvoiceLineKind,
  InvoiceRow,
  NewInvoiceLine,
  TaxCategory,
} from '../../store/index.js';
import { toJson } from '../../store/index.js';
import { getCustomer, taxTreatmentOf } from './customers.js';
import { nextInvoiceNumber, type EngineContext } from './context.js';
import { missing } from './errors.js';
import { computeInvoiceTaxes, type TaxBreakdownRow, type TaxRate, type TaxTreatment } from './tax.js';
import { addDaysMs } from './time.js';

/** A line before discounts and tax are applied. */
export interface DraftLine {
  kind: InvoiceLineKind;
  description: string;
  priceId: string | null;
  quantity: number;
  unitAmount: number;
  amount: number;
  taxCategory: TaxCategory;
  periodStart: Date;
  periodEnd: Date;
}

export interface PricedLine extends DraftLine {
  discountAmount: number;
  rate: TaxRate | null;
}

export interface PricedInvoice {
  lines: PricedLine[];
  taxes: TaxBreakdownRow[];
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  total: number;
}

/** Rounds `amount * numerator / denominator` half away from zero, exactly. */
export function mulDivRound(amount: number, numerator: number, denominator: number): number {
  const sign = amount < 0 ? -1n : 1n;
  const product = BigInt(Math.abs(amount)) * BigInt(numerator);
  const d = BigInt(denominator);
  return Number(sign * ((product * 2n + d) / (2n * d)));
}

/**
 * Computes discounts, per-rate taxes and totals of an invoice's lines. A
 * percentage coupon discounts each positive line by its share. A fixed-amount
 * coupon is spread over the positive lines in proportion, and the last line
 * takes the remainder so the discounts add up exactly.
 */
export function priceLines(drafts: ReadonlyArray<DraftLine>, coupon: CouponRow | null, treatment: TaxTreatment): PricedInvoice {
  const discounts = drafts.map(() => 0);
  if (coupon) {
    const positive = drafts.map((line, index) => ({ line, index })).filter(({ line }) => line.amount > 0);
    if (coupon.percent_off !== null) {
      for (const { line, index } of positive) discounts[index] = mulDivRound(line.amount, coupon.percent_off, 100);
    } else if (coupon.amount_off !== null) {
      const base = positive.reduce((sum, { line }) => sum + line.amount, 0);
      const totalOff = Math.min(coupon.amount_off, base);
      let allocated = 0;
      positive.forEach(({ line, index }, position) => {
        const share = position === positive.length - 1 ? totalOff - allocated : Math.floor((totalOff * line.amount) / base);
        discounts[index] = share;
        allocated += share;
      });
    }
  }

  const lines: PricedLine[] = drafts.map((line, index) => ({
    ...line,
    discountAmount: discounts[index] ?? 0,
    rate: treatment.rateFor(line.taxCategory),
  }));
  const taxes = computeInvoiceTaxes(lines.map((line) => ({ net: line.amount - line.discountAmount, rate: line.rate })));
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const discountTotal = lines.reduce((sum, line) => sum + line.discountAmount, 0);
  const taxTotal = taxes.reduce((sum, row) => sum + row.taxAmount, 0);
  return { lines, taxes, subtotal, discountTotal, taxTotal, total: subtotal - discountTotal + taxTotal };
}

export interface CreateInvoiceInput {
  customer: CustomerRow;
  subscriptionId: string | null;
  billingReason: BillingReason;
  collectionMethod: CollectionMethod;
  daysUntilDue: number | null;
  lines: DraftLine[];
  coupon: CouponRow | null;
  periodStart: Date;
  periodEnd: Date;
  description?: string | null;
  /** Leave the invoice as a draft instead of finalizing it. */
  draft?: boolean;
}

/**
 * Creates an invoice with its lines and per-rate taxes and, unless `draft`,
 * finalizes it: it takes the next invoice number, applies the customer's
 * credit balance, and marks it paid when nothing is left to pay. A negative
 * total (a downgrade's credit) goes to the customer's credit balance.
 */
export async function createInvoice(ctx: EngineContext, input: CreateInvoiceInput): Promise<InvoiceRow> {
  const { treatment, taxIds } = await taxTreatmentOf(ctx, input.customer);
  const priced = priceLines(input.lines, input.coupon, treatment);
  const id = ctx.nextId('in');
  const customer = input.customer;

  await ctx.trx
    .insertInto('invoices')
    .values({
      sandbox_id: ctx.sandboxId,
      id,
      number: null,
      customer_id: customer.id,
      subscription_id: input.subscriptionId,
      status: 'draft',
      billing_reason: input.billingReason,
      collection_method: input.collectionMethod,
      currency: customer.currency,
      subtotal: priced.subtotal,
      discount_total: priced.discountTotal,
      tax_total: priced.taxTotal,
      total: priced.total,
      balance_applied: 0,
      amount_paid: 0,
      amount_remaining: Math.max(priced.total, 0),
      period_start: input.periodStart,
      period_end: input.periodEnd,
      created_at: ctx.now,
      due_date: null,
      auto_advance: !input.draft,
      attempt_count: 0,
      next_payment_attempt: null,
      last_payment_attempt_id: null,
      default_payment_method_id: null,
      first_failed_at: null,
      dunning_deadline: null,
      reverse_charge: treatment.reverseCharge,
      issuer: toJson(treatment.issuer),
      customer_snapshot: toJson({
        name: customer.name,
        email: customer.email,
        country: customer.country,
        address: customer.address,
        tax_ids: taxIds.map((taxId) => ({ type: taxId.type, value: taxId.value })),
      }),
      coupon_id: input.coupon?.id ?? null,
      description: input.description ?? null,
    })
    .execute();

  const lineRows: NewInvoiceLine[] = priced.lines.map((line, position) => ({
    sandbox_id: ctx.sandboxId,
    id: ctx.nextId('il'),
    invoice_id: id,
    position,
    kind: line.kind,
    description: line.description,
    price_id: line.priceId,
    quantity: line.quantity,
    unit_amount: line.unitAmount,
    amount: line.amount,
    discount_amount: line.discountAmount,
    tax_category: line.taxCategory,
    tax_rate_id: line.rate?.id ?? null,
    period_start: line.periodStart,
    period_end: line.periodEnd,
  }));
  if (lineRows.length > 0) await ctx.trx.insertInto('invoice_lines').values(lineRows).execute();

  if (priced.taxes.length > 0) {
    await ctx.trx
      .insertInto('invoice_taxes')
      .values(
        priced.taxes.map((row, position) => ({
          sandbox_id: ctx.sandboxId,
          invoice_id: id,
          tax_rate_id: row.rate.id,
          position,
          jurisdiction: row.rate.jurisdiction,
          display_name: row.rate.displayName,
          rate_basis_points: row.rate.basisPoints,
          taxable_amount: row.taxableAmount,
          tax_amount: row.taxAmount,
          reduced_rate: row.rate.reduced,
          reverse_charge: row.rate.reverseCharge,
        })),
      )
      .execute();
  }

  await ctx.emit('invoice.created', id, { total: priced.total, currency: customer.currency });
  if (input.draft) return getInvoice(ctx, id);
  return finalizeInvoice(ctx, id, input.daysUntilDue);
}

/** Finalizes a draft: number, credit balance, due date; paid at once when nothing is due. */
export async function finalizeInvoice(ctx: EngineContext, invoiceId: string, daysUntilDue: number | null): Promise<InvoiceRow> {
  const invoice = await getInvoice(ctx, invoiceId);
  if (invoice.status !== 'draft') return invoice;
  const customer = await getCustomer(ctx, invoice.customer_id);
  const number = await nextInvoiceNumber(ctx);

  let creditBalance = customer.credit_balance;
  let balanceApplied = 0;
  if (invoice.total < 0) {
    creditBalance += -invoice.total;
  } else if (creditBalance > 0) {
    balanceApplied = Math.min(creditBalance, invoice.total);
    creditBalance -= balanceApplied;
  }
  if (creditBalance !== customer.credit_balance) {
    await ctx.trx
      .updateTable('customers')
      .set({ credit_balance: creditBalance })
      .where('sandbox_id', '=', ctx.sandboxId)
      .where('id', '=', customer.id)
      .execute();
  }

  const amountDue = Math.max(invoice.total, 0) - balanceApplied;
  await ctx.trx
    .updateTable('invoices')
    .set({
      number,
      status: amountDue === 0 ? 'paid' : 'open',
      finalized_at: ctx.now,
      paid_at: amountDue === 0 ? ctx.now : null,
      balance_applied: balanceApplied,
      amount_remaining: amountDue,
      auto_advance: invoice.collection_method === 'charge_automatically',
      due_date: invoice.collection_method === 'send_invoice' ? addDaysMs(ctx.now, daysUntilDue ?? 30) : null,
    })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', invoiceId)
    .execute();
  await ctx.emit('invoice.finalized', invoiceId, { number });
  if (amountDue === 0) await ctx.emit('invoice.paid', invoiceId, { amount: 0 });
  return getInvoice(ctx, invoiceId);
}

export async function getInvoice(ctx: EngineContext, invoiceId: string): Promise<InvoiceRow> {
  const invoice = await ctx.trx
    .selectFrom('invoices')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) throw missing('invoice', invoiceId);
  return invoice;
}

/** Voids an open or draft invoice, stopping its retries. */
export async function voidInvoice(ctx: EngineContext, invoiceId: string): Promise<void> {
  await ctx.trx
    .updateTable('invoices')
    .set({ status: 'void', voided_at: ctx.now, next_payment_attempt: null, auto_advance: false, amount_remaining: 0 })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', invoiceId)
    .execute();
  await ctx.emit('invoice.voided', invoiceId);
}

export async function markUncollectible(ctx: EngineContext, invoiceId: string): Promise<void> {
  await ctx.trx
    .updateTable('invoices')
    .set({ status: 'uncollectible', marked_uncollectible_at: ctx.now, next_payment_attempt: null, auto_advance: false })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', invoiceId)
    .execute();
  await ctx.emit('invoice.marked_uncollectible', invoiceId);
}
