import { defineElement } from '../shared/define-element.js';
import { KeelInvoiceDetail } from './invoice-detail.js';

export { KeelInvoiceDetail };

defineElement('keel-invoice-detail', KeelInvoiceDetail);

declare global {
  interface HTMLElementTagNameMap {
    'keel-invoice-detail': KeelInvoiceDetail;
  }
}
