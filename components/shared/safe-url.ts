/**
 * Links built from server data. Lit sets `href` as given, so a `javascript:`
 * URL in a response would run script when clicked; only http(s) URLs become
 * links.
 */

/** Returns `value` when it is an absolute http or https URL, else null. */
export function httpUrlOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : null;
  } catch {
    return null;
  }
}

/**
 * Returns `value` when it resolves, against the page's address, to an http or
 * https URL, so relative links such as `/billing` or `#/billing` pass and
 * `javascript:` URLs do not. Returns null otherwise.
 */
export function pageLinkOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, document.baseURI);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : null;
  } catch {
    return null;
  }
}
