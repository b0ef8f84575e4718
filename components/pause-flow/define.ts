import { defineElement } from '../shared/define-element.js';
import { KeelPauseFlow } from './pause-flow.js';

export { KeelPauseFlow };

defineElement('keel-pause-flow', KeelPauseFlow);

declare global {
  interface HTMLElementTagNameMap {
    'keel-pause-flow': KeelPauseFlow;
  }
}
