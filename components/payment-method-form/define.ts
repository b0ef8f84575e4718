import { defineElement } from '../shared/define-element.js';
import { KeelPaymentMethodForm } from './payment-method-form.js';

export { KeelPaymentMethodForm };

defineElement('keel-payment-method-form', KeelPaymentMethodForm);

declare global {
  interface HTMLElementTagNameMap {
    'keel-payment-method-form': KeelPaymentMethodForm;
  }
}
