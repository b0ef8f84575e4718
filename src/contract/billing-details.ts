/** The customer's billing address, email and tax IDs, as printed on invoices. */
import * as z from 'zod/mini';
import { TAX_ID_TYPES } from './tax-ids.js';
import { Address, CountryCode, Id } from './primitives.js';

export const TaxIdType = z.enum(TAX_ID_TYPES);

export const TaxId = z.object({
  object: z.literal('tax_id'),
  id: Id,
  type: TaxIdType,
  value: z.string(),
  country: z.nullable(CountryCode),
  /** Stripe's verification states; the sandbox verifies valid formats at once. */
  verification: z.enum(['pending', 'verified', 'unverified', 'unavailable']),
});

export const BillingDetails = z.object({
  object: z.literal('billing_details'),
  name: z.nullable(z.string()),
  email: z.nullable(z.string()),
  phone: z.nullable(z.string()),
  address: z.nullable(Address),
  tax_ids: z.array(TaxId),
});

const Email = z.string().check(z.maxLength(254), z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Expected an email address.'));

/** A partial update; omitted fields stay as they are, null clears a field. */
export const UpdateBillingDetailsRequest = z.strictObject({
  name: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(200)))),
  email: z.optional(Email),
  phone: z.optional(z.nullable(z.string().check(z.maxLength(32), z.regex(/^[+0-9 ()\-]*$/)))),
  address: z.optional(Address),
});

export const CreateTaxIdRequest = z.strictObject({
  type: TaxIdType,
  value: z.string().check(z.minLength(1), z.maxLength(40)),
});

export const DeletedTaxId = z.object({
  object: z.literal('tax_id'),
  id: Id,
  deleted: z.literal(true),
});

export type TaxIdType = z.infer<typeof TaxIdType>;
export type TaxId = z.infer<typeof TaxId>;
export type BillingDetails = z.infer<typeof BillingDetails>;
export type UpdateBillingDetailsRequest = z.infer<typeof UpdateBillingDetailsRequest>;
export type CreateTaxIdRequest = z.infer<typeof CreateTaxIdRequest>;
export type DeletedTaxId = z.infer<typeof DeletedTaxId>;
