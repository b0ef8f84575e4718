import { defineElement } from '../shared/define-element.js';
import { KeelCancelFlow } from './cancel-flow.js';

export { KeelCancelFlow };
export { CancelFlowController, type CancelFlowApi, type CancelFlowListener } from './cancel-flow-controller.js';

defineElement('keel-cancel-flow', KeelCancelFlow);

declare global {
  interface HTMLElementTagNameMap {
    'keel-cancel-flow': KeelCancelFlow;
  }
}
