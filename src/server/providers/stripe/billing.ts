/** Billing details (name, email, phone, address) and tax IDs of the Stripe customer. */
import type { BillingDetails, CreateTaxIdRequest, DeletedTaxId, TaxId, UpdateBillingDetailsRequest } from '../../../contract/index.js';
import { validateTaxId } from '../../../contract/index.js';
import { ProviderError, type CustomerProfile } from '../provider.js';
import { call, isMissing, owned, type StripeContext } from './context.js';
import { mapBillingDetails, mapCustomerProfile, mapTaxId } from './map/index.js';
import { retrieveCustomer } from './payment-methods.js';

export async function getCustomer(context: StripeContext, customerId: string): Promise<CustomerProfile | null> {
  try {
    const customer = await context.stripe.customers.retrieve(customerId);
    if ((customer as { deleted?: boolean }).deleted) return null;
    return mapCustomerProfile(customer as Parameters<typeof mapCustomerProfile>[0], context.options.defaultCurrency ?? 'USD');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

export async function getBillingDetails(context: StripeContext, customerId: string): Promise<BillingDetails> {
  const customer = await retrieveCustomer(context, customerId);
  const taxIds = await call(() => context.stripe.customers.listTaxIds(customerId, { limit: 100 }));
  return mapBillingDetails(customer, taxIds.data);
}

export async function updateBillingDetails(context: StripeContext, customerId: string, input: UpdateBillingDetailsRequest): Promise<BillingDetails> {
  await retrieveCustomer(context, customerId);
  const address = input.address;
  await call(() =>
    context.stripe.customers.update(customerId, {
      ...(input.name !== undefined ? { name: input.name ?? '' } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.phone !== undefined ? { phone: input.phone ?? '' } : {}),
      ...(address
        ? {
            address: {
              line1: address.line1 ?? '',
              line2: address.line2 ?? '',
              city: address.city ?? '',
              state: address.state ?? '',
              postal_code: address.postal_code ?? '',
              country: address.country,
            },
          }
        : {}),
    }),
  );
  return getBillingDetails(context, customerId);
}

/** Adds a tax ID after the contract's format and check-digit validation; Stripe then verifies it. */
export async function addTaxId(context: StripeContext, customerId: string, input: CreateTaxIdRequest): Promise<TaxId> {
  const validation = validateTaxId(input.type, input.value);
  if (!validation.valid) {
    throw new ProviderError('tax_id_invalid', `The ${input.type} value is invalid (${validation.reason}).`, 422, 'value');
  }
  await retrieveCustomer(context, customerId);
  const created = await call(() => context.stripe.customers.createTaxId(customerId, { type: input.type, value: validation.normalized }));
  const mapped = mapTaxId(created);
  if (!mapped) throw new ProviderError('provider_error', `Stripe returned an unexpected tax ID type ${created.type}.`, 502);
  return mapped;
}

export async function removeTaxId(context: StripeContext, customerId: string, taxIdId: string): Promise<DeletedTaxId> {
  const taxId = await call(() => context.stripe.customers.retrieveTaxId(customerId, taxIdId), 'tax_id', taxIdId);
  const owner = taxId.owner?.customer ?? taxId.customer;
  owned({ id: taxId.id, customer: owner }, customerId, 'tax_id', taxIdId);
  await call(() => context.stripe.customers.deleteTaxId(customerId, taxIdId), 'tax_id', taxIdId);
  return { object: 'tax_id', id: taxIdId, deleted: true };
}

