/**
 * Helpers shared by the subscription elements' browser tests: sessions with
 * the subscription capabilities, subscriptions in particular states, and
 * queries that look inside nested shadow roots.
 */
import { waitUntil } from '@open-wc/testing';
import type { Capability, PortalSession, Subscription } from '../../src/contract/index.js';
import { example } from '../../test/browser/support/api.js';
import { deepActiveElement } from '../shared/dialog.js';

export const SUBSCRIPTION_CAPABILITIES: Capability[] = ['subscription.read', 'subscription.change', 'subscription.pause', 'subscription.cancel'];

/**
 * How long a test waits for data to arrive. The first test of a file also
 * waits for msw's worker and the locale file, which takes seconds when other
 * test pages share the machine.
 */
export const LOAD_TIMEOUT = 10_000;

let tokens = 0;

/** Returns a session token no other fixture uses, so each test gets its own client. */
export function uniqueToken(): string {
  tokens += 1;
  return `token-subscription-${Date.now()}-${tokens}`;
}

/** Returns the example session with the given capabilities and feature overrides. */
export function sessionWith(capabilities: Capability[] = SUBSCRIPTION_CAPABILITIES, features: Partial<PortalSession['features']> = {}): PortalSession {
  const session = example('PortalSession');
  // The provider's clock reads as the browser's, so expected dates can be computed from Date.now().
  session.now = new Date().toISOString();
  session.capabilities = capabilities;
  session.features = { ...session.features, ...features };
  return session;
}

/** Returns the example subscription with some fields replaced. */
export function subscriptionWith(fields: Partial<Subscription> = {}): Subscription {
  return { ...example('Subscription'), ...fields };
}

/** Returns a subscription set to end at period end, with nothing more to charge. */
export function cancellingSubscription(): Subscription {
  return subscriptionWith({ cancel_at_period_end: true, upcoming_invoice: null });
}

/** Returns the open `<dialog>` in an element's shadow root. */
export function openDialog(element: HTMLElement): HTMLDialogElement | null {
  const dialog = element.shadowRoot?.querySelector('dialog');
  return dialog?.open ? dialog : null;
}

/** Waits until the element's dialog is open and returns it. */
export async function waitForDialog(element: HTMLElement, message = 'dialog did not open'): Promise<HTMLDialogElement> {
  await waitUntil(() => openDialog(element), message, { timeout: LOAD_TIMEOUT });
  return openDialog(element)!;
}

/** Returns the element that has focus, looking through shadow roots. */
export function focused(): HTMLElement | null {
  return deepActiveElement();
}

/** Finds a button by its visible text inside a root. */
export function buttonByText(root: ParentNode, text: string): HTMLButtonElement | null {
  return [...root.querySelectorAll<HTMLButtonElement>('button')].find((button) => button.textContent?.trim() === text) ?? null;
}

/** Waits for a button with the text and returns it. */
export async function waitForButton(root: ParentNode, text: string): Promise<HTMLButtonElement> {
  await waitUntil(() => buttonByText(root, text), `no button "${text}"`, { timeout: LOAD_TIMEOUT });
  return buttonByText(root, text)!;
}

/** Returns the visible text of a root with whitespace collapsed. */
export function textOf(root: ParentNode | null | undefined): string {
  return (root?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
