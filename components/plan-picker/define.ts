import { defineElement } from '../shared/define-element.js';
import { KeelPlanPicker, type PlanPickerOpenOptions } from './plan-picker.js';

export { KeelPlanPicker, type PlanPickerOpenOptions };

defineElement('keel-plan-picker', KeelPlanPicker);

declare global {
  interface HTMLElementTagNameMap {
    'keel-plan-picker': KeelPlanPicker;
  }
}
