/**
 * The environment every Keel element needs: the API client, the portal's
 * localization and the session. `keel-portal` provides it to the elements it
 * contains; a standalone element builds its own from `api-base` and
 * `session-token` or a `client` property.
 */
import { createContext } from '@lit/context';
import type { KeelClient } from '../../src/client/index.js';
import type { PortalSession } from '../../src/contract/index.js';
import type { PortalI18n } from '../../src/i18n/index.js';

export interface KeelEnvironment {
  client: KeelClient;
  i18n: PortalI18n;
  session: PortalSession;
  /** The colour scheme an enclosing portal asks for; elements without their own `theme` follow it. */
  theme?: 'light' | 'dark';
}

/**
 * The context key is a registered symbol, so two copies of the bundle on one
 * page still find each other's portal.
 */
export const keelEnvironmentContext = createContext<KeelEnvironment | undefined>(Symbol.for('keel-portal.environment'));
