import { defineElement } from '../shared/define-element.js';
import { KeelPaymentOptions } from './payment-options.js';

export { KeelPaymentOptions };

defineElement('keel-payment-options', KeelPaymentOptions);

declare global {
  interface HTMLElementTagNameMap {
    'keel-payment-options': KeelPaymentOptions;
  }
}
