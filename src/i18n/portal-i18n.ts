import i18next, { type i18n as I18nInstance } from 'i18next';

import { I18nError } from './errors.js';
import { createFormatters, type Formatters } from './formatters.js';
import { loadLocaleResources, type ResourceTree } from './loaders.js';
import {
  DEFAULT_LOCALE,
  browserLanguages,
  formatLocaleFor,
  matchSupportedLocale,
  negotiateLocale,
  textDirection,
  type LocalePreferences,
  type LocaleSource,
  type SupportedLocale,
  type TextDirection,
} from './locales.js';

const NAMESPACE = 'translation';
const PLURAL_KEY_PATTERN = /^(.+)_(zero|one|two|few|many|other)$/;

/**
 * Vendor text per locale, keyed by any tag that a supported locale serves
 * (`ja` or `ja-JP`). Values are nested like the locale files
 * (`{ common: { retry: 'Reload' } }`) or use dotted keys (`{ 'common.retry': 'Reload' }`).
 */
export type LocaleOverrides = Readonly<Record<string, ResourceTree>>;

export interface PortalI18nOptions extends LocalePreferences {
  /** Replacement strings for any key in any locale. */
  overrides?: LocaleOverrides;
  /** IANA time zone for the formatters; default: the runtime's own. */
  timeZone?: string;
}

/**
 * One portal's localization: its own i18next instance, the negotiated locale,
 * the text direction and locale-bound formatters.
 *
 * Interpolation does not HTML-escape (`escapeValue: false`): components
 * render every result as text through Lit bindings (`${t('key')}` in a
 * template), never through `innerHTML` or `unsafeHTML`. Escaping here would
 * show `&amp;` to customers whose data contains `&`.
 */
export interface PortalI18n {
  /** The portal's own i18next instance; the global `i18next` is never touched. */
  readonly i18n: I18nInstance;
  readonly locale: SupportedLocale;
  /** The preference that decided the locale. */
  readonly source: LocaleSource;
  /** The text direction of the locale, for the `dir` attribute. */
  readonly dir: TextDirection;
  /** Formatters for the locale, or for the more specific tag that chose it (`en-GB`). */
  readonly formatters: Formatters;
  /** The instance's `t`, safe to pass around unbound. */
  readonly t: I18nInstance['t'];
  /**
   * Switches to the supported locale that serves `tag`, loading its file first.
   * When calls overlap, the last one wins.
   * @throws {I18nError} `invalid_locale` when no supported locale serves the tag.
   */
  setLocale(tag: string): Promise<SupportedLocale>;
  /** Calls `listener` after each locale change; returns a function that unsubscribes. */
  onLocaleChange(listener: (portal: PortalI18n) => void): () => void;
}

interface FlatOverride {
  key: string;
  value: string;
  param: string;
}

function flattenTree(tree: unknown, prefix: string, param: string, into: FlatOverride[]): void {
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) {
    throw new I18nError('invalid_override', param, `Invalid override at ${param}: expected an object of strings.`);
  }
  for (const [name, value] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${name}` : name;
    const childParam = `${param}.${name}`;
    if (typeof value === 'string') {
      into.push({ key, value, param: childParam });
    } else {
      flattenTree(value, key, childParam, into);
    }
  }
}

/** Validates the overrides' shape and groups them by supported locale. */
function parseOverrides(overrides: LocaleOverrides | undefined): Map<SupportedLocale, FlatOverride[]> {
  const byLocale = new Map<SupportedLocale, FlatOverride[]>();
  if (overrides === undefined) return byLocale;

  for (const [tag, tree] of Object.entries(overrides)) {
    const locale = matchSupportedLocale(tag);
    if (!locale) {
      throw new I18nError(
        'invalid_override',
        `overrides.${tag}`,
        `Invalid override locale ${JSON.stringify(tag)}: no supported locale serves it.`,
      );
    }
    const entries = byLocale.get(locale) ?? [];
    flattenTree(tree, '', `overrides.${tag}`, entries);
    byLocale.set(locale, entries);
  }
  return byLocale;
}

/** Rejects override keys that English lacks, so a typo fails loudly instead of changing nothing. */
function assertKnownKeys(instance: I18nInstance, overrides: Map<SupportedLocale, FlatOverride[]>): void {
  const hasEnglishString = (key: string): boolean =>
    typeof instance.getResource(DEFAULT_LOCALE, NAMESPACE, key) === 'string';

  for (const entries of overrides.values()) {
    for (const { key, param } of entries) {
      const plural = PLURAL_KEY_PATTERN.exec(key);
      // Plural forms such as `_few` exist only in the languages that use them.
      const known = hasEnglishString(key) || (plural !== null && hasEnglishString(`${plural[1]}_other`));
      if (!known) {
        throw new I18nError(
          'invalid_override',
          param,
          `Unknown translation key "${key}" at ${param}: override only keys that exist in locales/en.json.`,
        );
      }
    }
  }
}

/**
 * Creates a portal's localization with its own i18next instance
 * (`i18next.createInstance()`), so a host page's i18next keeps its language
 * and resources. The locale comes from `locale`, else `sessionLocale`, else
 * `browserLanguages` (default `navigator.languages`), else English. The
 * negotiated locale and English, the per-key fallback, load in parallel.
 * @throws {I18nError} `invalid_override` for bad overrides, `invalid_time_zone`
 *   for a bad time zone, `locale_load_failed` when a locale file fails to load.
 */
export async function createPortalI18n(options: PortalI18nOptions = {}): Promise<PortalI18n> {
  const overrides = parseOverrides(options.overrides);
  const negotiated = negotiateLocale({
    locale: options.locale,
    sessionLocale: options.sessionLocale,
    browserLanguages: options.browserLanguages ?? browserLanguages(),
  });
  // Validate the time zone before any network work.
  let formatters = createFormatters(negotiated.formatLocale, options.timeZone);

  const instance = i18next.createInstance();
  await instance.init({
    lng: negotiated.locale,
    fallbackLng: DEFAULT_LOCALE,
    // Only the exact locale: `pt-BR` must not also look up `pt`, which has no file.
    load: 'currentOnly',
    ns: [NAMESPACE],
    defaultNS: NAMESPACE,
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });

  async function ensureLoaded(locale: SupportedLocale): Promise<void> {
    if (instance.hasResourceBundle(locale, NAMESPACE)) return;

    let resources: ResourceTree;
    try {
      resources = await loadLocaleResources(locale);
    } catch (error) {
      throw new I18nError('locale_load_failed', 'locale', `Failed to load the "${locale}" locale file.`, { cause: error });
    }
    // addResourceBundle copies the data, so overrides never reach the shared module object.
    instance.addResourceBundle(locale, NAMESPACE, resources, true, true);
    for (const { key, value } of overrides.get(locale) ?? []) {
      instance.addResource(locale, NAMESPACE, key, value);
    }
  }

  await Promise.all([ensureLoaded(DEFAULT_LOCALE), ensureLoaded(negotiated.locale)]);
  assertKnownKeys(instance, overrides);

  let current = negotiated.locale;
  let source = negotiated.source;
  let latestRequest = 0;
  const listeners = new Set<(portal: PortalI18n) => void>();
  const t = ((...args: Parameters<I18nInstance['t']>) => instance.t(...args)) as I18nInstance['t'];

  const portal: PortalI18n = {
    i18n: instance,
    get locale() {
      return current;
    },
    get source() {
      return source;
    },
    get dir() {
      return textDirection(current);
    },
    get formatters() {
      return formatters;
    },
    t,

    async setLocale(tag) {
      const locale = matchSupportedLocale(tag);
      if (!locale) {
        throw new I18nError('invalid_locale', 'locale', `Unsupported locale ${JSON.stringify(tag)}: no supported locale serves it.`);
      }
      const request = ++latestRequest;
      await ensureLoaded(locale);
      if (request !== latestRequest) return current;

      await instance.changeLanguage(locale);
      current = locale;
      source = 'element';
      formatters = createFormatters(formatLocaleFor(tag, locale), formatters.timeZone);
      for (const listener of listeners) listener(portal);
      return locale;
    },

    onLocaleChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };

  return portal;
}
