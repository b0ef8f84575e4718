import '../cancel-flow/define.js';
import '../pause-flow/define.js';
import '../plan-picker/define.js';
import { defineElement } from '../shared/define-element.js';
import { KeelSubscription } from './subscription.js';

export { KeelSubscription };

defineElement('keel-subscription', KeelSubscription);

declare global {
  interface HTMLElementTagNameMap {
    'keel-subscription': KeelSubscription;
  }
}
