import type { SupportedLocale } from './locales.js';

/** A nested tree of translation strings, as stored in `locales/<locale>.json`. */
export interface ResourceTree {
  [key: string]: string | ResourceTree;
}

/**
 * One dynamic import per locale, each with a literal path, so bundlers emit
 * one chunk per locale and a page fetches only the locales it uses. The map is
 * closed: a locale without an entry here is never requested.
 *
 * The imports carry no `with { type: 'json' }` attribute. Vite, tsx and the
 * esbuild-based browser test server all turn the JSON file into a JavaScript
 * module, and Chromium rejects a JavaScript response to an import that
 * declares `type: 'json'`.
 */
const LOCALE_LOADERS: Record<SupportedLocale, () => Promise<{ default: unknown }>> = {
  ar: () => import('../../locales/ar.json'),
  de: () => import('../../locales/de.json'),
  en: () => import('../../locales/en.json'),
  es: () => import('../../locales/es.json'),
  fr: () => import('../../locales/fr.json'),
  it: () => import('../../locales/it.json'),
  ja: () => import('../../locales/ja.json'),
  ko: () => import('../../locales/ko.json'),
  nl: () => import('../../locales/nl.json'),
  'pt-BR': () => import('../../locales/pt-BR.json'),
  'zh-Hans': () => import('../../locales/zh-Hans.json'),
  'zh-Hant': () => import('../../locales/zh-Hant.json'),
};

/** Loads one locale's resources; module caching makes repeated loads free. */
export async function loadLocaleResources(locale: SupportedLocale): Promise<ResourceTree> {
  const module = await LOCALE_LOADERS[locale]();
  return module.default as ResourceTree;
}
