/**
 * Formatting shared by the subscription elements: prices per interval, status
 * badges, and sentences with amounts kept left to right inside them.
 */
import { html, type TemplateResult } from 'lit';
import type { Plan, Subscription } from '../../src/contract/index.js';
import type { Formatters } from '../../src/i18n/index.js';

export type Translate = (key: string, options?: Record<string, unknown>) => string;

export type BadgeTone = 'success' | 'warning' | 'danger' | 'neutral';

export interface StatusBadge {
  tone: BadgeTone;
  text: string;
}

// Private-use characters never occur in translations, so they mark where a part goes.
const PART_START = '\uE000';
const PART_END = '\uE001';
const PART_PATTERN = new RegExp(`${PART_START}(\\w+)${PART_END}`);

/**
 * Translates `key` and puts template parts (an amount in a `.ltr` span, say)
 * where the translation has their `{{name}}` placeholders, so word order
 * stays the translator's while amounts still render as markup.
 */
export function translateWithParts(t: Translate, key: string, options: Record<string, unknown>, parts: Record<string, TemplateResult>): Array<string | TemplateResult> {
  const markers = Object.fromEntries(Object.keys(parts).map((name) => [name, `${PART_START}${name}${PART_END}`]));
  const text = t(key, { ...options, ...markers });
  return text.split(PART_PATTERN).map((piece, index) => (index % 2 === 1 ? (parts[piece] ?? piece) : piece));
}

/** Renders an amount with Keel's currency digits, left to right in every locale. */
export function money(formatters: Formatters, amount: number, currency: string, signDisplay: 'auto' | 'always' | 'exceptZero' = 'auto'): TemplateResult {
  return html`<span class="ltr">${formatters.money(amount, currency, { signDisplay })}</span>`;
}

/** Renders "¥4,980 per month" or "¥9,800 every 3 months" for a plan bought `quantity` times. */
export function planPrice(t: Translate, formatters: Formatters, plan: Plan, quantity = 1): Array<string | TemplateResult> {
  // Integer minor units times a whole quantity stay exact.
  const total = plan.amount * quantity;
  const price = money(formatters, total, plan.currency);
  if (plan.interval_count === 1) return translateWithParts(t, `subscription.price.${plan.interval}`, {}, { price });
  const key = plan.interval === 'month' ? 'subscription.price.everyMonths' : 'subscription.price.everyYears';
  return translateWithParts(t, key, { count: plan.interval_count }, { price });
}

/** Tells whether the subscription is set to end and will not renew. */
export function cancelScheduled(subscription: Subscription): boolean {
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') return false;
  return subscription.cancel_at_period_end || subscription.cancel_at !== null;
}

/** Returns the instant a subscription set to end stops. */
export function endsAt(subscription: Subscription): string {
  return subscription.cancel_at ?? subscription.current_period_end;
}

/** Tells whether collection is paused or the subscription itself is paused. */
export function isPaused(subscription: Subscription): boolean {
  return subscription.pause_collection !== null || subscription.status === 'paused';
}

/** Tells whether the subscription can still be changed, paused or cancelled. */
export function isLive(subscription: Subscription): boolean {
  return !['canceled', 'incomplete_expired'].includes(subscription.status);
}

/** Lists the badges that describe a subscription's state, most important first. */
export function statusBadges(t: Translate, formatters: Formatters, subscription: Subscription): StatusBadge[] {
  const badges: StatusBadge[] = [];
  const date = (value: string) => formatters.date(value);

  switch (subscription.status) {
    case 'trialing':
      badges.push(
        subscription.trial_end
          ? { tone: 'neutral', text: t('subscription.badge.trialUntil', { date: date(subscription.trial_end) }) }
          : { tone: 'neutral', text: t('common.status.subscription.trialing') },
      );
      break;
    case 'active':
      if (!subscription.pause_collection) badges.push({ tone: 'success', text: t('common.status.subscription.active') });
      break;
    case 'past_due':
    case 'unpaid':
    case 'incomplete':
      badges.push({ tone: 'danger', text: t(`common.status.subscription.${subscription.status}`) });
      break;
    case 'paused':
      break;
    default:
      badges.push({ tone: 'neutral', text: t(`common.status.subscription.${subscription.status}`) });
  }

  if (isPaused(subscription)) {
    const resumesAt = subscription.pause_collection?.resumes_at;
    badges.push({
      tone: 'warning',
      text: resumesAt ? t('subscription.badge.pausedUntil', { date: date(resumesAt) }) : t('common.status.subscription.paused'),
    });
  }
  if (cancelScheduled(subscription)) {
    badges.push({ tone: 'warning', text: t('subscription.badge.cancelsOn', { date: date(endsAt(subscription)) }) });
  }
  if (subscription.scheduled_change) {
    const change = subscription.scheduled_change;
    badges.push({ tone: 'neutral', text: t('subscription.badge.scheduledChange', { plan: change.plan.name, date: date(change.effective_at) }) });
  }
  return badges;
}

/** Renders badges as a list, so screen readers count them. */
export function renderBadges(badges: StatusBadge[]): TemplateResult {
  return html`<ul class="badges" part="badges">
    ${badges.map((badge) => html`<li><span class="badge ${badge.tone === 'neutral' ? '' : badge.tone}">${badge.text}</span></li>`)}
  </ul>`;
}

/**
 * Returns the same time of day `months` calendar months after `from`, on the
 * last day of the month when that month is shorter (Jan 31 + 1 month is Feb 28).
 */
export function addMonths(from: Date, months: number): Date {
  const result = new Date(from.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}
