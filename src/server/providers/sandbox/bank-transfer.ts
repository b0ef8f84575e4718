// Bank transfer to a virtual account per customer and currency: Zengin for
// JPY, IBAN for EUR, ABA for USD. Simulated funds pay open invoices oldest
// first; what is left stays in the customer's cash balance and pays later
// invoices.

import { createHash } from 'node:crypto';

import type { BankTransferAccountRow, BankTransferType, InvoiceRow } from '../../store/index.js';
import { toJson } from '../../store/index.js';
import type { EngineContext } from './context.js';
import { getCustomer } from './customers.js';
import { invalid } from './errors.js';
import { getInvoice } from './invoices.js';
import { settleInvoice } from './payments.js';

const TYPE_BY_CURRENCY: Record<string, BankTransferType> = { JPY: 'zengin', EUR: 'iban', USD: 'aba' };

/** Returns `length` decimal digits derived from `seed`, stable for the same seed. */
function digitsFrom(seed: string, length: number): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  let digits = '';
  for (const char of hex) {
    digits += (parseInt(char, 16) % 10).toString();
    if (digits.length === length) break;
  }
  return digits;
}

/** Computes the two IBAN check digits (ISO 13616 mod 97) for a country and BBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of rearranged) remainder = (remainder * 10 + Number(digit)) % 97;
  return String(98 - remainder).padStart(2, '0');
}

/** Checks an IBAN's check digits (ISO 13616 mod 97). */
export function isValidIban(iban: string): boolean {
  const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of rearranged) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder === 1;
}

function financialAddress(type: BankTransferType, seed: string, holder: string): Record<string, string> {
  switch (type) {
    case 'zengin':
      return {
        bank_name: 'キール銀行',
        bank_code: '0999',
        branch_name: 'サンドボックス支店',
        branch_code: '101',
        account_type: 'futsu',
        account_number: digitsFrom(seed, 7),
        account_holder_name: holder,
      };
    case 'iban': {
      const bban = `KEEL${digitsFrom(seed, 10)}`;
      return { iban: `NL${ibanCheckDigits('NL', bban)}${bban}`, bic: 'KEELNL2A', account_holder_name: holder, country: 'NL' };
    }
    case 'aba':
      // 110000000 is a routing number Stripe's test mode documents; it passes the ABA checksum.
      return { account_number: digitsFrom(seed, 12), routing_number: '110000000', bank_name: 'Keel Sandbox Bank', account_holder_name: holder };
  }
}

/** Returns the customer's virtual account for the currency, opening it on first use. */
export async function getOrCreateAccount(ctx: EngineContext, customerId: string, currency: string): Promise<BankTransferAccountRow> {
  const existing = await ctx.trx
    .selectFrom('bank_transfer_accounts')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .executeTakeFirst();
  if (existing) return existing;

  const type = TYPE_BY_CURRENCY[currency];
  if (!type) throw invalid('currency', `Bank transfer is offered in JPY, EUR and USD, not ${currency}.`, 'payment_option_ineligible');
  const customer = await getCustomer(ctx, customerId);
  const issuer = customer.country === 'JP' ? ctx.settings.jp_issuer : ctx.settings.eu_issuer;
  const seed = `${customerId}:${currency}`;
  const id = ctx.nextId('ba');
  await ctx.trx
    .insertInto('bank_transfer_accounts')
    .values({
      sandbox_id: ctx.sandboxId,
      id,
      customer_id: customerId,
      currency,
      type,
      details: toJson(financialAddress(type, seed, issuer.name)),
      reference: `KEEL${digitsFrom(`${seed}:reference`, 8)}`,
      created_at: ctx.now,
    })
    .execute();
  return ctx.trx.selectFrom('bank_transfer_accounts').selectAll().where('sandbox_id', '=', ctx.sandboxId).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Lists the customer's open invoices in a currency, oldest first. */
export async function openInvoicesOldestFirst(ctx: EngineContext, customerId: string, currency: string): Promise<InvoiceRow[]> {
  return ctx.trx
    .selectFrom('invoices')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('status', '=', 'open')
    .orderBy('finalized_at')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export interface BankTransferResult {
  transferId: string;
  invoicesPaid: string[];
  unappliedAmount: number;
  receivedAt: Date;
}

/**
 * Simulates funds arriving on the customer's virtual account. The funds,
 * plus any cash balance already there, pay open invoices oldest first, each
 * only in full; the remainder stays in the cash balance.
 *
 * NOTE: settlement stops at the first invoice the funds cannot pay in full,
 * even if a later, smaller invoice would fit, so that the oldest debt is
 * never skipped.
 */
export async function simulateBankTransfer(
  ctx: EngineContext,
  input: { customerId: string; amount: number; currency: string; reference?: string | null },
): Promise<BankTransferResult> {
  const customer = await getCustomer(ctx, input.customerId);
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
    throw invalid('amount', `The amount must be a positive integer in minor units, got ${input.amount}.`);
  }
  if (input.currency !== customer.currency) {
    throw invalid('currency', `Customer ${customer.id} is billed in ${customer.currency}; a transfer in ${input.currency} cannot be matched.`);
  }
  const account = await getOrCreateAccount(ctx, customer.id, input.currency);

  let available = customer.cash_balance + input.amount;
  const invoicesPaid: string[] = [];
  for (const invoice of await openInvoicesOldestFirst(ctx, customer.id, input.currency)) {
    if (invoice.amount_remaining > available) break;
    available -= invoice.amount_remaining;
    await settleInvoice(ctx, invoice.id, 'bank_transfer');
    invoicesPaid.push(invoice.id);
  }

  await ctx.trx
    .updateTable('customers')
    .set({ cash_balance: available })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', customer.id)
    .execute();
  const transferId = ctx.nextId('bt');
  await ctx.trx
    .insertInto('bank_transfers')
    .values({
      sandbox_id: ctx.sandboxId,
      id: transferId,
      customer_id: customer.id,
      account_id: account.id,
      amount: input.amount,
      currency: input.currency,
      reference: input.reference ?? null,
      received_at: ctx.now,
      unapplied_amount: available,
    })
    .execute();
  await ctx.emit('customer.bank_transfer_received', transferId, { amount: input.amount, invoices_paid: invoicesPaid });
  return { transferId, invoicesPaid, unappliedAmount: available, receivedAt: ctx.now };
}

/** Pays the invoice from the customer's cash balance when it covers it; returns whether it did. */
export async function applyCashBalance(ctx: EngineContext, invoice: InvoiceRow): Promise<boolean> {
  const customer = await getCustomer(ctx, invoice.customer_id);
  if (customer.cash_balance <= 0 || customer.cash_balance < invoice.amount_remaining || invoice.status !== 'open') return false;
  await ctx.trx
    .updateTable('customers')
    .set({ cash_balance: customer.cash_balance - invoice.amount_remaining })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', customer.id)
    .execute();
  await settleInvoice(ctx, invoice.id, 'cash_balance');
  return (await getInvoice(ctx, invoice.id)).status === 'paid';
}
