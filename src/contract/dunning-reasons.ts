/**
 * The customer-facing reasons a payment failed. Lost, stolen and fraudulent
 * cards are reported as `bank_declined`, so the reason is never revealed.
 */
import * as z from 'zod/mini';

export const DECLINE_REASONS = [
  'expired_card',
  'insufficient_funds',
  'authentication_required',
  'bank_declined',
  'processing_error',
  'card_data_mismatch',
  'card_blocked',
] as const;

export const DeclineReason = z.enum(DECLINE_REASONS);
export type DeclineReason = z.infer<typeof DeclineReason>;
