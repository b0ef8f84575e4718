/**
 * The demo vendor app: a small SaaS shell with Keel's dunning banner on every
 * page and the full portal on the Billing page. Demo-only controls switch
 * customer, language and theme, move the sandbox's test clock and simulate a
 * bank transfer arriving.
 */
import { createKeelClient, type KeelClient } from '../src/client/index.js';
import type { BankTransferSimulation } from '../src/contract/index.js';
import { SUPPORTED_LOCALES } from '../src/i18n/index.js';
import { formatMoney, fromMajorUnits, toMajorUnitsString } from '../src/money/index.js';
import '../components/dunning-banner/define.js';
import '../components/portal/define.js';

interface DemoCustomer {
  id: string;
  name: string | null;
  description: string;
  locale: string | null;
}

const API_BASE = '/keel-api';
const CUSTOMER_KEY = 'keel-demo-customer';
const LOCALE_KEY = 'keel-demo-locale';
const THEME_KEY = 'keel-demo-theme';

const LOCALE_NAMES: Record<string, string> = {
  en: 'English',
  ja: '日本語',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  it: 'Italiano',
  nl: 'Nederlands',
  'pt-BR': 'Português (Brasil)',
  ko: '한국어',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
  ar: 'العربية',
};

function element<T extends HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`The demo page lacks ${selector}.`);
  return found;
}

function setStatus(message: string): void {
  element('#demo-status').textContent = message;
}

async function requestJson<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
  if (!response.ok) {
    // Keel's error body has a message that names the invalid field.
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    const detail = body?.error?.message ? ` ${body.error.message}` : '';
    throw new Error(`${init?.method ?? 'GET'} ${path} failed with status ${response.status}.${detail}`);
  }
  return (await response.json()) as T;
}

/** Asks the demo backend for a session token, as a vendor's backend would after its own sign-in. */
async function mintSessionToken(customerId: string): Promise<string> {
  const { token } = await requestJson<{ token: string }>('/demo-api/session', {
    method: 'POST',
    body: JSON.stringify({ customer_id: customerId }),
  });
  return token;
}

function showPage(): void {
  const page = location.hash.replace(/^#\//, '') || 'dashboard';
  for (const section of document.querySelectorAll<HTMLElement>('main > section')) {
    section.hidden = section.dataset.page !== page;
  }
  // The portal's overview has its own banner, so the app-wide one steps aside on the Billing page.
  element('#banner-slot').hidden = page === 'billing';
  for (const link of document.querySelectorAll<HTMLAnchorElement>('.topbar a')) {
    if (link.dataset.page === page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function applyTheme(theme: string): void {
  document.body.dataset.theme = theme;
  for (const keelElement of document.querySelectorAll('keel-portal, keel-dunning-banner')) {
    if (theme === 'dark') keelElement.setAttribute('theme', 'dark');
    else keelElement.setAttribute('theme', 'light');
  }
}

/** The customer's billing currency, for the simulated bank transfer. */
let transferCurrency = '';
/** The client of the mounted elements, for the demo's own reads. */
let currentClient: KeelClient | undefined;

/**
 * Prefills the transfer form with the amount due, or leaves it empty when
 * nothing is due. The form starts empty, so a failed lookup leaves no amount
 * or currency of the previous customer behind.
 */
async function prefillTransfer(client: KeelClient): Promise<void> {
  transferCurrency = '';
  element('#transfer-currency').textContent = '';
  element<HTMLInputElement>('#transfer-amount').value = '';
  const [session, dunning] = await Promise.all([client.session.retrieve(), client.dunning.retrieve()]);
  transferCurrency = session.currency;
  element('#transfer-currency').textContent = session.currency;
  const due = dunning.status !== 'none' && dunning.amount_due !== null && dunning.currency === session.currency ? dunning.amount_due : null;
  element<HTMLInputElement>('#transfer-amount').value = due === null ? '' : toMajorUnitsString(due, session.currency);
}

/** Replaces the banner and the portal with fresh ones for the chosen customer and locale. */
async function mountKeel(customerId: string, locale: string): Promise<void> {
  const firstToken = await mintSessionToken(customerId);
  const client: KeelClient = createKeelClient({
    apiBase: API_BASE,
    sessionToken: firstToken,
    getSessionToken: () => mintSessionToken(customerId),
  });

  const banner = document.createElement('keel-dunning-banner');
  banner.setAttribute('billing-url', '#/billing');
  const portal = document.createElement('keel-portal');
  for (const keelElement of [banner, portal]) {
    if (locale) keelElement.setAttribute('locale', locale);
    (keelElement as HTMLElement & { client?: KeelClient }).client = client;
  }

  currentClient = client;
  element('#banner-slot').replaceChildren(banner);
  element('#portal-slot').replaceChildren(portal);
  applyTheme(localStorage.getItem(THEME_KEY) ?? 'light');
  // The demo's own form must not stop Keel's elements from showing.
  await prefillTransfer(client).catch((error: Error) => console.warn(`The transfer form could not read the amount due: ${error.message}`));
}

async function refreshClock(): Promise<void> {
  const clock = await requestJson<{ frozen_time: string }>('/demo-api/clock');
  element('#clock-time').textContent = new Date(clock.frozen_time).toUTCString();
}

async function advanceClock(duration: string, remount: () => Promise<void>): Promise<void> {
  setStatus(`Advancing the test clock by ${duration}…`);
  const clock = await requestJson<{ frozen_time: string; events_run: number }>('/demo-api/clock/advance', {
    method: 'POST',
    body: JSON.stringify({ duration }),
  });
  element('#clock-time').textContent = new Date(clock.frozen_time).toUTCString();
  await remount();
  setStatus(`Test clock advanced by ${duration}; ${clock.events_run} billing events ran.`);
}

/**
 * Sends the amount in the transfer form to the sandbox as money arriving in
 * the customer's bank transfer account, which pays their open invoices oldest
 * first, then remounts Keel so every element shows the result.
 */
async function sendTransfer(customerId: string, remount: () => Promise<void>): Promise<void> {
  const currency = transferCurrency;
  if (!currency) throw new Error('The customer’s currency is unknown because the amount due could not be read. Reload the page to try again.');
  const amount = fromMajorUnits(element<HTMLInputElement>('#transfer-amount').value.trim(), currency);
  const formatted = formatMoney(amount, currency, 'en');
  setStatus(`Sending a bank transfer of ${formatted}…`);
  const transfer = await requestJson<BankTransferSimulation>('/demo-api/bank-transfer', {
    method: 'POST',
    body: JSON.stringify({ customer_id: customerId, amount, currency }),
  });
  await remount();
  const paid = transfer.invoices_paid.length;
  setStatus(`Bank transfer of ${formatted} received; ${paid} ${paid === 1 ? 'invoice' : 'invoices'} paid.`);
}

/**
 * Tells the person trying the demo when the failed payment is tried next.
 * The sandbox charges a new default card at once; when that charge fails
 * too, the invoice waits for its next planned retry on the test clock, and
 * without this hint the banner's "confirming" state seems to lead nowhere.
 */
async function explainNextRetry(): Promise<void> {
  const dunning = await currentClient?.dunning.retrieve();
  if (!dunning || dunning.status === 'none' || !dunning.next_retry_at) return;
  const retryAt = new Date(dunning.next_retry_at).toUTCString();
  setStatus(`Payment method saved. The sandbox retries the failed payment at ${retryAt}; move the test clock past it to see the result.`);
}

async function start(): Promise<void> {
  const customers = (await requestJson<{ data: DemoCustomer[] }>('/demo-api/customers')).data;
  const customerPicker = element<HTMLSelectElement>('#customer-picker');
  const localePicker = element<HTMLSelectElement>('#locale-picker');
  const themePicker = element<HTMLSelectElement>('#theme-picker');

  customerPicker.replaceChildren(
    ...customers.map((customer) => new Option(`${customer.name ?? customer.id}: ${customer.description}`, customer.id)),
  );
  localePicker.replaceChildren(new Option('Customer’s own language', ''), ...SUPPORTED_LOCALES.map((tag) => new Option(LOCALE_NAMES[tag] ?? tag, tag)));

  customerPicker.value = localStorage.getItem(CUSTOMER_KEY) ?? customers[0]?.id ?? '';
  localePicker.value = localStorage.getItem(LOCALE_KEY) ?? '';
  themePicker.value = localStorage.getItem(THEME_KEY) ?? 'light';

  const remount = async () => {
    setStatus('Loading…');
    await mountKeel(customerPicker.value, localePicker.value);
    setStatus('');
  };

  customerPicker.addEventListener('change', () => {
    localStorage.setItem(CUSTOMER_KEY, customerPicker.value);
    void remount();
  });
  localePicker.addEventListener('change', () => {
    localStorage.setItem(LOCALE_KEY, localePicker.value);
    void remount();
  });
  themePicker.addEventListener('change', () => {
    localStorage.setItem(THEME_KEY, themePicker.value);
    applyTheme(themePicker.value);
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-advance]')) {
    button.addEventListener('click', () => void advanceClock(button.dataset.advance!, remount).catch((error: Error) => setStatus(error.message)));
  }
  element('#transfer-send').addEventListener('click', () => void sendTransfer(customerPicker.value, remount).catch((error: Error) => setStatus(error.message)));
  // The host app reacts to Keel's events, as a vendor's analytics would.
  document.addEventListener('keel-invoice-paid', () => setStatus('Invoice paid.'));
  document.addEventListener('keel-subscription-changed', () => setStatus('Subscription updated.'));
  document.addEventListener('keel-payment-method-updated', () => void explainNextRetry().catch((error: Error) => setStatus(error.message)));

  window.addEventListener('hashchange', showPage);
  showPage();
  await Promise.all([remount(), refreshClock()]);
}

start().catch((error: Error) => setStatus(`The demo could not start: ${error.message}`));
