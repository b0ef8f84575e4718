import type { PriceWithProduct } from './catalog.js';
import type { DraftLine } from './invoices.js';
import { mulDivRound } from './invoices.js';

export interface ProrationInput {
  from: PriceWithProduct;
  fromQuantity: number;
  to: PriceWithProduct;
  toQuantity: number;
  periodStart: Date;
  periodEnd: Date;
  /** The instant the change takes effect; must lie within the period. */
  prorationDate: Date;
}

/**
 * Builds the two proration lines of a mid-period plan change, prorated to
 * the second as Stripe does. One credits the unused time on the old plan,
 * the other charges the remaining time on the new one. Each is rounded half
 * away from zero to the minor unit.
 */
export function prorationLines(input: ProrationInput): DraftLine[] {
  const periodSeconds = Math.round((input.periodEnd.getTime() - input.periodStart.getTime()) / 1000);
  const remainingSeconds = Math.max(0, Math.round((input.periodEnd.getTime() - input.prorationDate.getTime()) / 1000));
  const fromAmount = input.from.price.unit_amount * input.fromQuantity;
  const toAmount = input.to.price.unit_amount * input.toQuantity;
  const credit = -mulDivRound(fromAmount, remainingSeconds, periodSeconds);
  const debit = mulDivRound(toAmount, remainingSeconds, periodSeconds);
  const since = input.prorationDate.toISOString().slice(0, 10);

  return [
    {
      kind: 'proration',
      description: `Unused time on ${input.from.product.name} after ${since}`,
      priceId: input.from.price.id,
      quantity: input.fromQuantity,
      unitAmount: input.from.price.unit_amount,
      amount: credit,
      taxCategory: input.from.product.tax_category,
      periodStart: input.prorationDate,
      periodEnd: input.periodEnd,
    },
    {
      kind: 'proration',
      description: `Remaining time on ${input.to.product.name} after ${since}`,
      priceId: input.to.price.id,
      quantity: input.toQuantity,
      unitAmount: input.to.price.unit_amount,
      amount: debit,
      taxCategory: input.to.product.tax_category,
      periodStart: input.prorationDate,
      periodEnd: input.periodEnd,
    },
  ];
}

/** Builds the line that bills a full period of a plan in advance. */
export function periodLine(plan: PriceWithProduct, quantity: number, periodStart: Date, periodEnd: Date): DraftLine {
  return {
    kind: 'subscription',
    description: quantity === 1 ? plan.product.name : `${quantity} × ${plan.product.name}`,
    priceId: plan.price.id,
    quantity,
    unitAmount: plan.price.unit_amount,
    amount: plan.price.unit_amount * quantity,
    taxCategory: plan.product.tax_category,
    periodStart,
    periodEnd,
  };
}
