/** Sandbox-only administration: the test clock and simulated money arriving. */
import * as z from 'zod/mini';
import { CurrencyCode, Id, Instant, NonNegativeMinorAmount } from './primitives.js';

export const TestClock = z.object({
  object: z.literal('test_clock'),
  frozen_time: Instant,
  /** How many scheduled events (renewals, retries, pause ends) the last advance ran. */
  events_run: z.int().check(z.minimum(0)),
});

export const AdvanceClockRequest = z.strictObject({
  /** How far to move the clock, as `30m`, `12h`, `7d` or `2w`. */
  duration: z.string().check(z.regex(/^\d{1,4}[mhdw]$/, 'Expected a duration such as "7d".')),
});

export const SimulateBankTransferRequest = z.strictObject({
  customer_id: Id,
  amount: z.int().check(z.minimum(1)),
  currency: CurrencyCode,
  reference: z.optional(z.string().check(z.maxLength(64))),
});

export const BankTransferSimulation = z.object({
  object: z.literal('bank_transfer_simulation'),
  customer_id: Id,
  amount: NonNegativeMinorAmount,
  currency: CurrencyCode,
  /** Invoices the funds paid, oldest first. */
  invoices_paid: z.array(Id),
  /** Funds left in the customer's balance after paying invoices. */
  unapplied_amount: NonNegativeMinorAmount,
  received_at: Instant,
});

export const SandboxCustomer = z.object({
  id: Id,
  name: z.nullable(z.string()),
  description: z.string(),
  locale: z.nullable(z.string()),
});

export const SandboxCustomerList = z.object({
  object: z.literal('list'),
  data: z.array(SandboxCustomer),
  has_more: z.literal(false),
  next_cursor: z.null(),
});

export type TestClock = z.infer<typeof TestClock>;
export type AdvanceClockRequest = z.infer<typeof AdvanceClockRequest>;
export type SimulateBankTransferRequest = z.infer<typeof SimulateBankTransferRequest>;
export type BankTransferSimulation = z.infer<typeof BankTransferSimulation>;
export type SandboxCustomer = z.infer<typeof SandboxCustomer>;
export type SandboxCustomerList = z.infer<typeof SandboxCustomerList>;
