import { defineElement } from '../shared/define-element.js';
import { KeelDunningBanner } from './dunning-banner.js';

export { KeelDunningBanner };

defineElement('keel-dunning-banner', KeelDunningBanner);

declare global {
  interface HTMLElementTagNameMap {
    'keel-dunning-banner': KeelDunningBanner;
  }
}
