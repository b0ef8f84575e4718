/**
 * Type tests for the public client surface, checked by `npm run typecheck`.
 * Each `@ts-expect-error` line must fail to compile; if it compiles, the
 * directive itself becomes the error.
 */
import { createKeelClient } from '../../../src/client/index.js';
import type { InvoiceDetail, InvoiceList, Payment, Subscription } from '../../../src/contract/index.js';

const client = createKeelClient({ apiBase: '/keel', sessionToken: 'tok' });

export async function typeChecks(): Promise<void> {
  const list: InvoiceList = await client.invoices.list();
  const filtered: InvoiceList = await client.invoices.list({ limit: 10, status: 'open' });
  const detail: InvoiceDetail = await client.invoices.retrieve('in_1');
  const pdf: Blob = await client.invoices.pdf('in_1');
  const payment: Payment = await client.invoices.pay('in_1');
  const chosen: Payment = await client.invoices.pay('in_1', { payment_method_id: 'pm_1' }, { idempotencyKey: 'k' });
  const accepted: Subscription = await client.subscriptions.acceptOffer('sub_1', 'offer_1', { reason: 'too_expensive' });
  await client.paymentMethods.setDefault('pm_1', { timeoutMs: 5_000 });
  await client.billingDetails.update({ email: 'ap@example.com' });
  void [list, filtered, detail, pdf, payment, chosen, accepted];

  // @ts-expect-error the invoice id is required
  await client.invoices.retrieve();
  // @ts-expect-error status must be one of the contract's invoice statuses
  await client.invoices.list({ status: 'late' });
  // @ts-expect-error amounts in the body are not part of pay's request
  await client.invoices.pay('in_1', { amount: 100 });
  // @ts-expect-error the offer id is the second path parameter
  await client.subscriptions.acceptOffer('sub_1', {});
  // @ts-expect-error admin operations are not on the session client
  await client.admin.retentionStats();
  // @ts-expect-error webhooks are server to server
  await client.webhooks.stripe({});
}
