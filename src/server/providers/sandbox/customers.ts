import type { CustomerRow, CustomerTaxIdRow } from '../../store/index.js';
import type { EngineContext } from './context.js';
import { missing } from './errors.js';
import { decideTaxTreatment, type TaxTreatment } from './tax.js';

export async function getCustomer(ctx: EngineContext, customerId: string): Promise<CustomerRow> {
  const customer = await ctx.trx
    .selectFrom('customers')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!customer) throw missing('customer', customerId);
  return customer;
}

export async function listTaxIds(ctx: EngineContext, customerId: string): Promise<CustomerTaxIdRow[]> {
  return ctx.trx
    .selectFrom('customer_tax_ids')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Returns the customer's tax treatment as of now, from their country and tax IDs. */
export async function taxTreatmentOf(ctx: EngineContext, customer: CustomerRow): Promise<{ treatment: TaxTreatment; taxIds: CustomerTaxIdRow[] }> {
  const taxIds = await listTaxIds(ctx, customer.id);
  return { treatment: decideTaxTreatment({ country: customer.country, taxIds }, ctx.settings), taxIds };
}

/** Adds to (or, with a negative amount, takes from) the customer's credit balance. */
export async function adjustCreditBalance(ctx: EngineContext, customerId: string, delta: number): Promise<void> {
  if (delta === 0) return;
  const customer = await getCustomer(ctx, customerId);
  await ctx.trx
    .updateTable('customers')
    .set({ credit_balance: customer.credit_balance + delta })
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', customerId)
    .execute();
}
