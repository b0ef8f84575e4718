/**
 * Holds the portal session token and refreshes it through the vendor's callback.
 *
 * @module
 */

import type { KeelApiError } from './errors.js';

/** Returns a fresh session token from the vendor's backend. */
export type GetSessionToken = () => string | Promise<string>;

/** Details passed to `onSessionExpired` listeners. */
export interface SessionExpiredDetail {
  /** The 401 error that ended the session. */
  error: KeelApiError;
  /** Why no new token is available. */
  reason: 'no_refresh_callback' | 'refresh_failed' | 'refreshed_token_rejected';
}

export type SessionExpiredListener = (detail: SessionExpiredDetail) => void;

/**
 * Token state shared by every request of one client.
 *
 * A refresh already in flight is shared, so twenty requests that fail with an
 * expired token at once cause one call to `getSessionToken`, not twenty.
 */
export class SessionTokenStore {
  private _token: string | null;
  private _pending: Promise<string | null> | null = null;
  private readonly _getSessionToken: GetSessionToken | undefined;
  private readonly _expiredListeners = new Set<SessionExpiredListener>();
  // Token whose expiry listeners already heard about, so concurrent failures
  // of one token notify once.
  private _notifiedToken: string | null | undefined = undefined;

  constructor(sessionToken: string | null | undefined, getSessionToken: GetSessionToken | undefined) {
    this._token = sessionToken ? sessionToken : null;
    this._getSessionToken = getSessionToken;
  }

  get canRefresh(): boolean {
    return this._getSessionToken !== undefined;
  }

  /** Replaces the token, for example when an element receives a new `session-token`. */
  set(token: string | null): void {
    this._token = token ? token : null;
    this._notifiedToken = undefined;
  }

  /** Returns the token for the next request, asking the callback when there is none yet. */
  async current(): Promise<string | null> {
    if (this._token !== null) return this._token;
    if (this._pending) return this._pending;
    if (!this._getSessionToken) return null;
    return this._fetchToken();
  }

  /**
   * Returns a token newer than `rejected`, calling `getSessionToken` at most
   * once for all requests that were rejected with the same token.
   *
   * @throws whatever `getSessionToken` throws, or an Error when it returns an empty value
   */
  async refresh(rejected: string | null): Promise<string | null> {
    if (this._token !== null && this._token !== rejected) return this._token;
    if (this._pending) return this._pending;
    if (!this._getSessionToken) return null;
    return this._fetchToken();
  }

  onExpired(listener: SessionExpiredListener): () => void {
    this._expiredListeners.add(listener);
    return () => this._expiredListeners.delete(listener);
  }

  /** Tells listeners the session ended, once per rejected token. */
  notifyExpired(rejected: string | null, detail: SessionExpiredDetail): void {
    if (this._notifiedToken === rejected) return;
    this._notifiedToken = rejected;
    for (const listener of [...this._expiredListeners]) listener(detail);
  }

  private _fetchToken(): Promise<string | null> {
    const getSessionToken = this._getSessionToken;
    if (!getSessionToken) return Promise.resolve(null);
    // Promise.resolve().then() also turns a synchronous throw into a rejection.
    const pending = Promise.resolve()
      .then(() => getSessionToken())
      .then((token) => {
        if (typeof token !== 'string' || token === '') {
          throw new TypeError('getSessionToken returned no token; expected a non-empty string');
        }
        this.set(token);
        return token;
      })
      .finally(() => {
        if (this._pending === pending) this._pending = null;
      });
    this._pending = pending;
    return pending;
  }
}
