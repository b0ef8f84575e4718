import { expect } from '@open-wc/testing';

import { SUPPORTED_LOCALES, createPortalI18n } from '../../../src/i18n/index.js';

const LOCALE_FILE = /\/locales\/([^/]+)\.json$/;

/** Returns the locale files this page has requested so far, as `ja.json`, from Resource Timing. */
function requestedLocaleFiles(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => LOCALE_FILE.exec(new URL(entry.name).pathname)?.[1])
    .filter((locale): locale is string => locale !== undefined)
    .map((locale) => `${locale}.json`)
    .sort();
}

/**
 * Returns every request of this page that got an HTTP error status, as
 * `STATUS URL`, except the browser's own favicon request, which gets a 404
 * from the test server.
 */
function failedRequests(): string[] {
  return performance
    .getEntriesByType('resource')
    .filter((entry) => new URL(entry.name).pathname !== '/favicon.ico')
    .filter((entry) => (entry as PerformanceResourceTiming).responseStatus >= 400)
    .map((entry) => `${(entry as PerformanceResourceTiming).responseStatus} ${entry.name}`);
}

/** Makes the page's navigator report `languages` as the browser's preferred languages. */
function reportBrowserLanguages(languages: string[]): void {
  Object.defineProperty(navigator, 'languages', { configurable: true, get: () => languages });
  Object.defineProperty(navigator, 'language', { configurable: true, get: () => languages[0] });
}

// The tests run in order in one page, and the module cache keeps each locale
// file after its first import, so each test checks only the requests it added.
describe('locale lazy loading', () => {
  afterEach(() => {
    // Removing the own properties uncovers the real getters on Navigator.prototype.
    Reflect.deleteProperty(navigator, 'languages');
    Reflect.deleteProperty(navigator, 'language');
  });

  it('no locale file before use', () => {
    expect(requestedLocaleFiles()).to.deep.equal([]);
  });

  it('ja-JP browser loads Japanese', async () => {
    reportBrowserLanguages(['ja-JP', 'en-US']);

    const portal = await createPortalI18n();

    expect(portal.locale).to.equal('ja');
    expect(portal.source).to.equal('browser');
    expect(portal.t('common.items', { count: 1 })).to.equal('1件');
    expect(failedRequests()).to.deep.equal([]);
  });

  it('fetches only Japanese and English', () => {
    // English is the per-key fallback, so it loads next to the chosen locale.
    expect(requestedLocaleFiles()).to.deep.equal(['en.json', 'ja.json']);
  });

  it('unsupported language requests nothing', async () => {
    reportBrowserLanguages(['sv-SE']);
    const before = requestedLocaleFiles();

    const portal = await createPortalI18n();

    expect(portal.locale).to.equal('en');
    expect(requestedLocaleFiles()).to.deep.equal(before);
  });

  it('setLocale fetches one more file', async () => {
    const portal = await createPortalI18n({ locale: 'ja' });

    await portal.setLocale('ar');

    expect(portal.dir).to.equal('rtl');
    expect(portal.t('common.close')).to.equal('إغلاق');
    expect(requestedLocaleFiles()).to.deep.equal(['ar.json', 'en.json', 'ja.json']);
  });

  it('every locale file loads', async () => {
    for (const locale of SUPPORTED_LOCALES) {
      const portal = await createPortalI18n({ locale });
      expect(portal.locale, locale).to.equal(locale);
    }

    expect(requestedLocaleFiles()).to.deep.equal(SUPPORTED_LOCALES.map((locale) => `${locale}.json`).sort());
    expect(failedRequests()).to.deep.equal([]);
  });
});
