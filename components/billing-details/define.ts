import { defineElement } from '../shared/define-element.js';
import { KeelBillingDetails } from './billing-details.js';

export { KeelBillingDetails };

defineElement('keel-billing-details', KeelBillingDetails);

declare global {
  interface HTMLElementTagNameMap {
    'keel-billing-details': KeelBillingDetails;
  }
}
