/**
 * Picks the banner's wording and actions from a `DunningState`: which
 * headline variant and tone, which reason sentence, which deadline sentence,
 * and which actions the session may take.
 */
import type { Capability, DunningAction, DunningState } from '../../src/contract/index.js';

/** Headline phrasings in the locale files; any other variant falls back to the first. */
export const COPY_VARIANTS = ['a', 'b'] as const;

/** The capability each action needs; actions the session lacks are not offered. */
export const ACTION_CAPABILITY: Record<DunningAction, Capability> = {
  update_payment_method: 'payment_methods.write',
  authenticate: 'invoices.pay',
  pay_now: 'invoices.pay',
  bank_transfer: 'payment_options.read',
  request_extension: 'dunning.extend',
};

/** Tells whether the state is at its last stage, where the banner is never dismissible and alerts assertively. */
export function isFinalStage(state: DunningState): boolean {
  return state.tone === 'final' || state.status === 'final_notice' || state.status === 'suspended' || state.wall;
}

/** Tells whether the banner shows anything for this state. */
export function needsAttention(state: DunningState): boolean {
  return state.status !== 'none';
}

/** Returns the copy stage: the tone, or `suspended` once access is paused. */
function stage(state: DunningState): 'friendly' | 'firm' | 'final' | 'suspended' {
  if (state.status === 'suspended') return 'suspended';
  return state.tone ?? (state.status === 'final_notice' ? 'final' : 'friendly');
}

export function headlineKey(state: DunningState): string {
  const variant = (COPY_VARIANTS as readonly string[]).includes(state.variant) ? state.variant : COPY_VARIANTS[0];
  return `dunningBanner.headline.${variant}.${stage(state)}`;
}

export function reasonKey(state: DunningState): string {
  return `dunningBanner.reason.${state.reason ?? 'unknown'}`;
}

export function deadlineKey(state: DunningState): string {
  return `dunningBanner.deadline.${stage(state)}`;
}

/**
 * Splits the allowed actions into the primary one (the main button) and the
 * secondary ones (offered as links). When the session may not take the
 * server's primary action, the first allowed action takes its place.
 */
export function offeredActions(state: DunningState, can: (capability: Capability) => boolean): { primary: DunningAction | null; secondary: DunningAction[] } {
  const allowed = (action: DunningAction) => can(ACTION_CAPABILITY[action]) && !(action === 'request_extension' && !state.extension.available);
  const candidates = [...(state.primary_action ? [state.primary_action] : []), ...state.actions];
  const unique = [...new Set(candidates)].filter(allowed);
  const [primary = null, ...secondary] = unique;
  return { primary, secondary };
}
