import '../billing-details/define.js';
import '../dunning-banner/define.js';
import '../invoice-history/define.js';
import '../payment-methods/define.js';
import '../payment-options/define.js';
import '../subscription/define.js';
import { defineElement } from '../shared/define-element.js';
import { KeelPortal } from './portal.js';

export { KeelPortal };

defineElement('keel-portal', KeelPortal);

declare global {
  interface HTMLElementTagNameMap {
    'keel-portal': KeelPortal;
  }
}
