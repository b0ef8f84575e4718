// Konbini vouchers: the customer pays cash at a Japanese convenience store
// with a payment code and confirmation number before 23:59:59 JST on the
// expiry day.

import { createHash } from 'node:crypto';

import type { KonbiniVoucherRow } from '../../store/index.js';
import { toJson } from '../../store/index.js';
import type { EngineContext } from './context.js';
import { conflict, missing } from './errors.js';
import { getInvoice } from './invoices.js';
import { settleInvoice } from './payments.js';
import { endOfDayJst } from './time.js';

export const KONBINI_STORES = ['familymart', 'lawson', 'ministop', 'seicomart'] as const;

/**
 * Amount limits for konbini payments, in yen.
 * NOTE: Stripe's own konbini limits are unconfirmed; other Japanese payment
 * providers cap konbini at ¥300,000, and ¥120 is assumed as the minimum.
 */
export const KONBINI_MIN_JPY = 120;
export const KONBINI_MAX_JPY = 300_000;

export interface KonbiniStoreCode {
  store: (typeof KONBINI_STORES)[number];
  payment_code: string;
  confirmation_number: string;
}

function digits(seed: string, length: number): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return [...hex].map((char) => (parseInt(char, 16) % 10).toString()).join('').slice(0, length);
}

/**
 * Issues a voucher for an open JPY invoice, or returns the pending one it
 * already has. It expires at 23:59:59 JST `konbini_expires_after_days`
 * calendar days after today in Japan.
 */
export async function createKonbiniVoucher(ctx: EngineContext, customerId: string, invoiceId: string): Promise<KonbiniVoucherRow> {
  const invoice = await getInvoice(ctx, invoiceId);
  if (invoice.customer_id !== customerId) throw missing('invoice', invoiceId);
  if (invoice.status !== 'open') throw conflict('invoice_not_payable', `Invoice ${invoiceId} is ${invoice.status}, so it cannot be paid.`, 'invoice_id');
  if (invoice.currency !== 'JPY') {
    throw conflict('payment_option_ineligible', `Konbini accepts only JPY; invoice ${invoiceId} is in ${invoice.currency}.`, 'invoice_id');
  }
  if (invoice.amount_remaining < KONBINI_MIN_JPY || invoice.amount_remaining > KONBINI_MAX_JPY) {
    throw conflict('payment_option_ineligible', `Konbini accepts ¥${KONBINI_MIN_JPY} to ¥${KONBINI_MAX_JPY}; invoice ${invoiceId} is ¥${invoice.amount_remaining}.`, 'invoice_id');
  }

  const pending = await ctx.trx
    .selectFrom('konbini_vouchers')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (pending) return pending;

  const id = ctx.nextId('kv');
  const seed = `${customerId}:${id}`;
  const confirmationNumber = digits(`${seed}:confirmation`, 11);
  const stores: KonbiniStoreCode[] = KONBINI_STORES.map((store) => ({
    store,
    payment_code: digits(`${seed}:${store}`, 12),
    confirmation_number: confirmationNumber,
  }));
  await ctx.trx
    .insertInto('konbini_vouchers')
    .values({
      sandbox_id: ctx.sandboxId,
      id,
      invoice_id: invoiceId,
      customer_id: customerId,
      amount: invoice.amount_remaining,
      currency: invoice.currency,
      payment_code: stores[0]!.payment_code,
      confirmation_number: confirmationNumber,
      stores: toJson(stores),
      status: 'pending',
      created_at: ctx.now,
      expires_at: endOfDayJst(ctx.now, ctx.settings.konbini_expires_after_days),
      paid_at: null,
    })
    .execute();
  await ctx.emit('konbini_voucher.created', id, { invoice: invoiceId });
  return getKonbiniVoucher(ctx, id);
}

export async function getKonbiniVoucher(ctx: EngineContext, voucherId: string): Promise<KonbiniVoucherRow> {
  const voucher = await ctx.trx
    .selectFrom('konbini_vouchers')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', voucherId)
    .executeTakeFirst();
  if (!voucher) throw missing('konbini voucher', voucherId);
  return voucher;
}

/** Simulates the customer paying the voucher at the store, which pays the invoice. */
export async function payKonbiniVoucher(ctx: EngineContext, voucherId: string): Promise<KonbiniVoucherRow> {
  const voucher = await getKonbiniVoucher(ctx, voucherId);
  if (voucher.status !== 'pending') {
    throw conflict('konbini_voucher_not_pending', `Konbini voucher ${voucherId} is ${voucher.status}, so it cannot be paid.`, 'id');
  }
  if (ctx.now.getTime() > voucher.expires_at.getTime()) {
    throw conflict('konbini_voucher_expired', `Konbini voucher ${voucherId} expired at ${voucher.expires_at.toISOString()}.`, 'id');
  }
  await ctx.trx
    .updateTable('konbini_vouchers')
    .set({ status: 'paid', paid_at: ctx.now })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', voucherId)
    .execute();
  const invoice = await getInvoice(ctx, voucher.invoice_id);
  if (invoice.status === 'open') await settleInvoice(ctx, invoice.id, 'konbini');
  await ctx.emit('konbini_voucher.paid', voucherId, { invoice: voucher.invoice_id });
  return getKonbiniVoucher(ctx, voucherId);
}

/** Marks a voucher expired; the clock runs this at its `expires_at`. */
export async function expireKonbiniVoucher(ctx: EngineContext, voucher: KonbiniVoucherRow): Promise<void> {
  await ctx.trx
    .updateTable('konbini_vouchers')
    .set({ status: 'expired' })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', voucher.id)
    .execute();
  await ctx.emit('konbini_voucher.expired', voucher.id, { invoice: voucher.invoice_id });
}
