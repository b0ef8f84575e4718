/**
 * Localization for Keel's elements.
 *
 * - `await createPortalI18n({ locale, sessionLocale, overrides, timeZone })`
 *   gives one portal its own i18next instance, `t`, `dir` and `formatters`.
 * - Strings live in `locales/<locale>.json` under one top-level object per
 *   area (`common`, ...), keys sorted, 2-space indent. Every locale has every
 *   English key and exactly the plural forms (`_one`, `_other`, ...) that
 *   `Intl.PluralRules` gives its language. The test
 *   test/node/i18n/locale-files.test.ts enforces this and names the locale
 *   and key that break it.
 * - Results of `t()` are plain text with interpolated values unescaped.
 *   Render them through Lit text bindings, never as HTML.
 * - Amounts go through `formatters.money(amountMinor, currency)`, dates that
 *   are calendar days (`YYYY-MM-DD`) through `formatters.date()` or `dateOnly()`.
 */
export { I18nError, type I18nErrorCode } from './errors.js';
export { createFormatters, type DateInput, type Formatters } from './formatters.js';
export { loadLocaleResources, type ResourceTree } from './loaders.js';
export {
  DEFAULT_LOCALE,
  SUPPORTED_LOCALES,
  browserLanguages,
  formatLocaleFor,
  isSupportedLocale,
  matchSupportedLocale,
  negotiateLocale,
  textDirection,
  type LocalePreferences,
  type LocaleSource,
  type NegotiatedLocale,
  type SupportedLocale,
  type TextDirection,
} from './locales.js';
export {
  createPortalI18n,
  type LocaleOverrides,
  type PortalI18n,
  type PortalI18nOptions,
} from './portal-i18n.js';
