/**
 * `keel-portal`: importing this module defines every Keel element
 * (`<keel-portal>`, `<keel-invoice-history>`, `<keel-dunning-banner>`...) and
 * re-exports their classes, the API client and the types a host page needs.
 *
 * ```ts
 * import { createKeelClient } from 'keel-portal';
 *
 * const portal = document.querySelector('keel-portal')!;
 * portal.client = createKeelClient({ apiBase: '/keel', getSessionToken });
 * portal.addEventListener('keel-invoice-paid', (event) => track(event.detail.invoice.id));
 * ```
 *
 * A page that needs one element imports `keel-portal/elements/<name>` instead,
 * which defines only that element. Definitions are guarded, so a second copy
 * of Keel on the page keeps the first copy's elements and throws nothing.
 *
 * @module
 */

export { KeelBillingDetails } from '../components/billing-details/define.js';
export { CancelFlowController, KeelCancelFlow, type CancelFlowApi, type CancelFlowListener } from '../components/cancel-flow/define.js';
export { KeelDunningBanner } from '../components/dunning-banner/define.js';
export { KeelInvoiceDetail } from '../components/invoice-detail/define.js';
export { KeelInvoiceHistory } from '../components/invoice-history/define.js';
export { KeelPauseFlow } from '../components/pause-flow/define.js';
export { KeelPaymentMethodForm } from '../components/payment-method-form/define.js';
export { KeelPaymentMethods } from '../components/payment-methods/define.js';
export { KeelPaymentOptions } from '../components/payment-options/define.js';
export { KeelPlanPicker, type PlanPickerOpenOptions } from '../components/plan-picker/define.js';
export { KeelFlowError, KeelPortal, PORTAL_FLOWS, type AfterCompletion, type FlowErrorCode, type PortalFlow } from '../components/portal/define.js';
export { KeelSubscription } from '../components/subscription/define.js';

export { KeelElement } from '../components/shared/keel-element.js';
export type { KeelEnvironment } from '../components/shared/context.js';
export type { StripeNextActionHandler } from '../components/shared/payment-confirmation.js';
export type {
  KeelBillingDetailsUpdatedDetail,
  KeelCancelFlowCompleteDetail,
  KeelDunningActionDetail,
  KeelErrorDetail,
  KeelFlowCompleteDetail,
  KeelInvoicePaidDetail,
  KeelPaymentMethodUpdatedDetail,
  KeelSubscriptionChangedDetail,
} from '../components/shared/events.js';

export {
  createKeelClient,
  KeelApiError,
  KeelAuthenticationError,
  KeelNetworkError,
  KeelPaymentError,
  KeelPermissionError,
  type KeelChange,
  type KeelClient,
  type KeelClientOptions,
  type GetSessionToken,
  type SessionExpiredDetail,
} from './client/index.js';

export type {
  BillingDetails,
  Capability,
  DeclineReason,
  DunningState,
  Invoice,
  InvoiceDetail,
  InvoiceLine,
  Payment,
  PaymentMethod,
  PortalSession,
  Subscription,
  TaxId,
} from './contract/index.js';

export type { LocaleOverrides } from './i18n/index.js';
