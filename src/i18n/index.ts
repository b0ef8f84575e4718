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
