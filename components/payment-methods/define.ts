import '../payment-method-form/define.js';
import { defineElement } from '../shared/define-element.js';
import { KeelPaymentMethods } from './payment-methods.js';

export { KeelPaymentMethods };

defineElement('keel-payment-methods', KeelPaymentMethods);

declare global {
  interface HTMLElementTagNameMap {
    'keel-payment-methods': KeelPaymentMethods;
  }
}
