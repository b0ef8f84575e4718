import { defineElement } from '../shared/define-element.js';
import { KeelInvoiceHistory } from './invoice-history.js';

export { KeelInvoiceHistory };

defineElement('keel-invoice-history', KeelInvoiceHistory);

declare global {
  interface HTMLElementTagNameMap {
    'keel-invoice-history': KeelInvoiceHistory;
  }
}
