import { defineElement } from '../shared/define-element.js';
import { KeelPortal } from './portal.js';

export { KeelPortal };

defineElement('keel-portal', KeelPortal);

declare global {
  interface HTMLElementTagNameMap {
    'keel-portal': KeelPortal;
  }
}
