/** Locales that have a file in `locales/`, in BCP 47 form. */
export const SUPPORTED_LOCALES = [
  'en',
  'ja',
  'de',
  'fr',
  'es',
  'it',
  'nl',
  'pt-BR',
  'ko',
  'zh-Hans',
  'zh-Hant',
  'ar',
] as const;

export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/** The reference locale: every key exists in it, and it is the per-key fallback. */
export const DEFAULT_LOCALE: SupportedLocale = 'en';

export type TextDirection = 'ltr' | 'rtl';

// Right-to-left scripts among languages Keel may support. Only `ar` has a locale file today.
const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

export function isSupportedLocale(value: unknown): value is SupportedLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

function parseLocale(tag: string): Intl.Locale | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag.trim().replace(/_/g, '-'));
    return canonical ? new Intl.Locale(canonical) : undefined;
  } catch {
    // Intl rejects malformed tags with a RangeError. A bad tag from an
    // attribute, a session or a browser setting means "no preference".
    return undefined;
  }
}

/**
 * Maps any BCP 47 tag to the supported locale that serves it, or undefined.
 * Regional tags fall back to their language (`ja-JP` to `ja`, `de-AT` to
 * `de`). Chinese goes by script, so `zh-TW`, `zh-HK` and `zh-MO` give
 * `zh-Hant` while `zh`, `zh-CN` and `zh-SG` give `zh-Hans`. Every Portuguese
 * tag gives `pt-BR`, the only Portuguese locale. Malformed tags give undefined.
 */
export function matchSupportedLocale(tag: string | null | undefined): SupportedLocale | undefined {
  if (typeof tag !== 'string' || tag.trim() === '') return undefined;

  const locale = parseLocale(tag);
  if (!locale) return undefined;

  switch (locale.language) {
    case 'zh': {
      // maximize() adds the likely script: zh-TW becomes zh-Hant-TW, zh becomes zh-Hans-CN.
      const script = locale.script ?? locale.maximize().script;
      return script === 'Hant' ? 'zh-Hant' : 'zh-Hans';
    }
    case 'pt':
      return 'pt-BR';
    default:
      return isSupportedLocale(locale.language) ? locale.language : undefined;
  }
}

export interface LocalePreferences {
  /** The element's `locale` attribute or property. */
  locale?: string | null | undefined;
  /** The locale stored in the portal session. */
  sessionLocale?: string | null | undefined;
  /** The browser's preferred languages, most preferred first (`navigator.languages`). */
  browserLanguages?: readonly string[] | null | undefined;
}

export type LocaleSource = 'element' | 'session' | 'browser' | 'default';

export interface NegotiatedLocale {
  /** The locale whose strings are shown. */
  locale: SupportedLocale;
  /**
   * The canonical tag of the deciding preference, for Intl formatting: a
   * browser set to `en-GB` gets English strings with British dates.
   */
  formatLocale: string;
  /** The preference that decided the locale. */
  source: LocaleSource;
}

/**
 * Chooses the locale: the element's `locale`, else the session's, else the
 * first of the browser's languages that a supported locale serves, else
 * English. A preference that no supported locale serves is skipped.
 */
export function negotiateLocale(preferences: LocalePreferences = {}): NegotiatedLocale {
  const candidates: Array<[string | null | undefined, LocaleSource]> = [
    [preferences.locale, 'element'],
    [preferences.sessionLocale, 'session'],
    ...(preferences.browserLanguages ?? []).map((tag): [string, LocaleSource] => [tag, 'browser']),
  ];

  for (const [tag, source] of candidates) {
    const locale = matchSupportedLocale(tag);
    if (locale && tag) return { locale, formatLocale: formatLocaleFor(tag, locale), source };
  }
  return { locale: DEFAULT_LOCALE, formatLocale: DEFAULT_LOCALE, source: 'default' };
}

/** Returns the canonical form of `tag` for Intl, or `locale` when the tag does not parse. */
export function formatLocaleFor(tag: string, locale: SupportedLocale): string {
  return parseLocale(tag)?.toString() ?? locale;
}

/** Returns the browser's preferred languages, or an empty list outside a browser. */
export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  if (Array.isArray(navigator.languages) && navigator.languages.length > 0) return navigator.languages;
  return navigator.language ? [navigator.language] : [];
}

/** Returns the text direction for a locale tag: `rtl` for Arabic and other right-to-left languages. */
export function textDirection(tag: string): TextDirection {
  const locale = parseLocale(tag);
  return locale && RTL_LANGUAGES.has(locale.language) ? 'rtl' : 'ltr';
}
