/**
 * Origin allowlists, shared by the CORS middleware and the return-URL check of
 * portal sessions.
 *
 * An entry is an origin (`https://app.example.com`, `http://127.0.0.1:5173`) or
 * an origin whose host starts with a `*.` wildcard label
 * (`https://*.example.com`), which matches any subdomain but not the bare domain.
 *
 * @module
 */
import { KeelConfigError } from '../errors.js';

interface OriginRule {
  protocol: string;
  /** Exact host, or the suffix (with leading dot) for a wildcard entry. */
  host: string;
  wildcard: boolean;
  port: string;
}

export interface OriginAllowlist {
  /** The entries as given, for logs and error messages. */
  readonly entries: readonly string[];
  /** Whether `origin` (scheme, host and port, no path) is allowed. */
  allows(origin: string): boolean;
}

function parseEntry(entry: unknown, option: string): OriginRule {
  if (typeof entry !== 'string' || entry.length === 0) {
    throw new KeelConfigError(option, `${option} must be a non-empty origin string such as "https://app.example.com".`);
  }
  const wildcard = /^https?:\/\/\*\./.test(entry);
  let url: URL;
  try {
    url = new URL(wildcard ? entry.replace('*.', 'wildcard.') : entry);
  } catch {
    throw new KeelConfigError(option, `${option} "${entry}" is not a valid origin; use a form such as "https://app.example.com".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new KeelConfigError(option, `${option} "${entry}" must use http or https.`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw new KeelConfigError(option, `${option} "${entry}" must be an origin without path, query or credentials.`);
  }
  if (entry.endsWith('/')) {
    throw new KeelConfigError(option, `${option} "${entry}" must not end with "/"; write the origin only.`);
  }
  const host = wildcard ? url.hostname.slice('wildcard'.length) : url.hostname;
  if (wildcard && host.split('.').filter(Boolean).length < 2) {
    throw new KeelConfigError(option, `${option} "${entry}" is too broad; a wildcard needs at least two labels after "*.".`);
  }
  return { protocol: url.protocol, host, wildcard, port: url.port };
}

/** Parse and validate `entries`; throws `KeelConfigError` naming the bad entry. */
export function createOriginAllowlist(entries: unknown, option: string): OriginAllowlist {
  if (!Array.isArray(entries)) {
    throw new KeelConfigError(option, `${option} must be an array of origins such as ["https://app.example.com"].`);
  }
  const rules = entries.map((entry, index) => parseEntry(entry, `${option}[${index}]`));
  return {
    entries: [...entries] as string[],
    allows(origin: string): boolean {
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        return false;
      }
      return rules.some((rule) => {
        if (rule.protocol !== url.protocol || rule.port !== url.port) return false;
        return rule.wildcard ? url.hostname.endsWith(rule.host) && url.hostname.length > rule.host.length : url.hostname === rule.host;
      });
    },
  };
}
