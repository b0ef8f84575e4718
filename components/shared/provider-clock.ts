/**
 * The billing provider's clock as seen from the browser. The sandbox runs on
 * a test clock that may be weeks away from the browser's, so dates the
 * customer sees ("resumes on", "past due") count from the session's `now`
 * plus the time elapsed since the session arrived.
 */
import type { PortalSession } from '../../src/contract/index.js';

const receivedAt = new WeakMap<PortalSession, number>();

/** Records when a session response arrived, so elapsed time can be added to its `now`. */
export function noteSessionReceived(session: PortalSession): PortalSession {
  receivedAt.set(session, Date.now());
  return session;
}

/** Returns the provider's current time, or the browser's when the session carries none. */
export function providerNow(session: PortalSession | undefined): Date {
  const asOf = Date.parse(session?.now ?? '');
  const arrived = session ? receivedAt.get(session) : undefined;
  if (Number.isNaN(asOf) || arrived === undefined) return new Date();
  return new Date(asOf + (Date.now() - arrived));
}
