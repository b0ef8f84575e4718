import { defineElement } from '../shared/define-element.js';
import { KeelPortal } from './portal.js';

export { KeelPortal };
export { KeelFlowError, PORTAL_FLOWS, type AfterCompletion, type FlowErrorCode, type PortalFlow } from './flows.js';

defineElement('keel-portal', KeelPortal);

declare global {
  interface HTMLElementTagNameMap {
    'keel-portal': KeelPortal;
  }
}
