/**
 * Stripe funding instructions (the customer's virtual bank account for
 * `customer_balance` payments) to the contract's `BankTransferInstructions`.
 */
import type Stripe from 'stripe';
import type { BankTransferInstructions, FinancialAddress } from '../../../../contract/index.js';
import { countryOf, currencyOf, nonNegative } from './common.js';

type StripeAddress = Stripe.FundingInstructions.BankTransfer.FinancialAddress;

/** Japanese account types as Stripe spells them; anything else is not a valid Zengin account. */
const ZENGIN_ACCOUNT_TYPES = new Set(['futsu', 'toza']);

function zenginOf(address: StripeAddress): FinancialAddress | null {
  const zengin = address.zengin;
  if (!zengin) return null;
  const candidate = {
    type: 'zengin' as const,
    bank_name: zengin.bank_name ?? '',
    bank_code: zengin.bank_code ?? '',
    branch_name: zengin.branch_name ?? '',
    branch_code: zengin.branch_code ?? '',
    account_type: (zengin.account_type ?? '') as 'futsu' | 'toza',
    account_number: zengin.account_number ?? '',
    account_holder_name: zengin.account_holder_name ?? '',
  };
  const valid =
    /^\d{4}$/.test(candidate.bank_code) &&
    /^\d{3}$/.test(candidate.branch_code) &&
    /^\d{7}$/.test(candidate.account_number) &&
    ZENGIN_ACCOUNT_TYPES.has(candidate.account_type) &&
    candidate.bank_name !== '' &&
    candidate.account_holder_name !== '';
  return valid ? candidate : null;
}

function ibanOf(address: StripeAddress): FinancialAddress | null {
  const iban = address.iban;
  if (!iban) return null;
  const compactIban = (iban.iban ?? '').replace(/\s/g, '').toUpperCase();
  const bic = (iban.bic ?? '').toUpperCase();
  const country = countryOf(iban.country) ?? countryOf(compactIban.slice(0, 2));
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compactIban) || !/^[A-Z0-9]{8}([A-Z0-9]{3})?$/.test(bic) || country === null || !iban.account_holder_name) return null;
  return { type: 'iban', iban: compactIban, bic, account_holder_name: iban.account_holder_name, country };
}

function abaOf(address: StripeAddress): FinancialAddress | null {
  const aba = address.aba;
  if (!aba) return null;
  if (!/^\d{4,17}$/.test(aba.account_number ?? '') || !/^\d{9}$/.test(aba.routing_number ?? '') || !aba.bank_name || !aba.account_holder_name) return null;
  return { type: 'aba', account_number: aba.account_number, routing_number: aba.routing_number, bank_name: aba.bank_name, account_holder_name: aba.account_holder_name };
}

/**
 * Maps the financial addresses the contract can show (Zengin, IBAN, ABA).
 * Addresses of other types, or with fields that fail the contract's format
 * checks, are left out rather than shown half-filled.
 */
export function mapFinancialAddresses(addresses: readonly StripeAddress[] | null | undefined): FinancialAddress[] {
  const mapped: FinancialAddress[] = [];
  for (const address of addresses ?? []) {
    if (!address) continue;
    const result = address.type === 'zengin' ? zenginOf(address) : address.type === 'iban' ? ibanOf(address) : address.type === 'aba' ? abaOf(address) : null;
    if (result) mapped.push(result);
  }
  return mapped;
}

/** Maps funding instructions for the amount still owed and the reference the customer writes on the transfer. */
export function mapFundingInstructions(
  instructions: Stripe.FundingInstructions,
  context: { amountRemaining: number; reference: string },
): BankTransferInstructions {
  const addresses = mapFinancialAddresses(instructions.bank_transfer?.financial_addresses);
  return {
    object: 'bank_transfer_instructions',
    currency: currencyOf(instructions.currency),
    amount_remaining: nonNegative(context.amountRemaining),
    reference: context.reference,
    financial_addresses: addresses,
    bank_holidays_apply: instructions.bank_transfer?.type === 'jp_bank_transfer' || addresses.some((address) => address.type === 'zengin'),
  };
}
