/**
 * Builds the environment of standalone elements. Elements configured with the
 * same `api-base` and `session-token` share one client, one session read and
 * one localization, so a change made by one of them refreshes the others.
 */
import { createKeelClient, type KeelClient } from '../../src/client/index.js';
import type { PortalSession } from '../../src/contract/index.js';
import { createPortalI18n, type LocaleOverrides, type PortalI18n } from '../../src/i18n/index.js';
import type { KeelEnvironment } from './context.js';
import { noteSessionReceived } from './provider-clock.js';

const clients = new Map<string, KeelClient>();
const sessions = new WeakMap<KeelClient, Promise<PortalSession>>();
const localizations = new WeakMap<KeelClient, Map<string, Promise<PortalI18n>>>();

/** Returns the shared client for an API base and session token. */
export function sharedClient(apiBase: string, sessionToken: string): KeelClient {
  const key = `${apiBase}\n${sessionToken}`;
  let client = clients.get(key);
  if (!client) {
    client = createKeelClient({ apiBase, sessionToken });
    clients.set(key, client);
  }
  return client;
}

/** Reads the session once per client; a failed read is retried by the next caller. */
export function sessionFor(client: KeelClient): Promise<PortalSession> {
  let session = sessions.get(client);
  if (!session) {
    session = client.session.retrieve().then(noteSessionReceived);
    sessions.set(client, session);
    session.catch(() => sessions.delete(client));
  }
  return session;
}

/** Creates, once per client and requested locale, the localization standalone elements share. */
export function localizationFor(
  client: KeelClient,
  session: PortalSession,
  locale: string | undefined,
  overrides?: LocaleOverrides,
): Promise<PortalI18n> {
  const byLocale = localizations.get(client) ?? new Map<string, Promise<PortalI18n>>();
  localizations.set(client, byLocale);

  const key = locale ?? '';
  let localization = byLocale.get(key);
  if (!localization) {
    localization = createPortalI18n({
      locale,
      sessionLocale: session.locale ?? session.customer.locale ?? undefined,
      timeZone: session.customer.time_zone,
      overrides,
    });
    byLocale.set(key, localization);
    localization.catch(() => byLocale.delete(key));
  }
  return localization;
}

/** Builds a standalone element's environment. */
export async function standaloneEnvironment(client: KeelClient, locale: string | undefined): Promise<KeelEnvironment> {
  const session = await sessionFor(client);
  const i18n = await localizationFor(client, session, locale);
  return { client, session, i18n };
}
