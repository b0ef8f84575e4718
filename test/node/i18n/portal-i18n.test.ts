import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import i18next from 'i18next';

import {
  I18nError,
  createPortalI18n,
  matchSupportedLocale,
  negotiateLocale,
  textDirection,
} from '../../../src/i18n/index.js';

async function assertI18nError(promise: Promise<unknown>, code: string, param: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof I18nError, `expected I18nError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.param, param);
    return true;
  });
}

describe('matchSupportedLocale', () => {
  const cases: Array<[string, string | undefined]> = [
    ['ja-JP', 'ja'],
    ['ja', 'ja'],
    ['JA-jp', 'ja'],
    ['pt-BR', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['zh-TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-Hant', 'zh-Hant'],
    ['zh-CN', 'zh-Hans'],
    ['zh', 'zh-Hans'],
    ['zh-Hans-HK', 'zh-Hans'],
    ['de-AT', 'de'],
    ['de_CH', 'de'],
    ['en-GB', 'en'],
    ['ar-EG', 'ar'],
    ['sv-SE', undefined],
    ['not a tag', undefined],
    ['', undefined],
  ];
  for (const [tag, expected] of cases) {
    test(`${JSON.stringify(tag)} gives ${String(expected)}`, () => {
      assert.equal(matchSupportedLocale(tag), expected);
    });
  }
});

describe('negotiateLocale', () => {
  test('element locale wins', () => {
    const result = negotiateLocale({ locale: 'fr', sessionLocale: 'de', browserLanguages: ['ja-JP'] });
    assert.deepEqual(result, { locale: 'fr', formatLocale: 'fr', source: 'element' });
  });

  test('session locale second', () => {
    const result = negotiateLocale({ locale: null, sessionLocale: 'de-AT', browserLanguages: ['ja-JP'] });
    assert.deepEqual(result, { locale: 'de', formatLocale: 'de-AT', source: 'session' });
  });

  test('first supported browser language', () => {
    const result = negotiateLocale({ browserLanguages: ['sv-SE', 'zh-TW', 'en-US'] });
    assert.deepEqual(result, { locale: 'zh-Hant', formatLocale: 'zh-TW', source: 'browser' });
  });

  test('unsupported element locale skipped', () => {
    assert.equal(negotiateLocale({ locale: 'sv', sessionLocale: 'ko' }).locale, 'ko');
  });

  test('English by default', () => {
    assert.deepEqual(negotiateLocale({ browserLanguages: ['sv-SE'] }), {
      locale: 'en',
      formatLocale: 'en',
      source: 'default',
    });
  });
});

describe('textDirection', () => {
  test('Arabic is right-to-left', () => {
    assert.equal(textDirection('ar'), 'rtl');
    assert.equal(textDirection('ar-EG'), 'rtl');
  });

  test('others are left-to-right', () => {
    for (const tag of ['en', 'ja', 'zh-Hant', 'not a tag']) assert.equal(textDirection(tag), 'ltr', tag);
  });
});

describe('createPortalI18n', () => {
  test('Japanese plural uses _other', async () => {
    const portal = await createPortalI18n({ locale: 'ja' });
    assert.equal(portal.t('common.items', { count: 1 }), '1件');
    assert.equal(portal.t('common.items', { count: 5 }), '5件');
  });

  test('Arabic plural uses all forms', async () => {
    const portal = await createPortalI18n({ locale: 'ar' });
    const counts = [0, 1, 2, 3, 11, 100];
    const texts = counts.map((count) => portal.t('common.items', { count }));
    assert.equal(new Set(texts).size, counts.length, `expected six distinct forms, got ${texts.join(' | ')}`);
  });

  test('browser ja-JP gives Japanese', async () => {
    const portal = await createPortalI18n({ browserLanguages: ['ja-JP', 'en-US'] });
    assert.equal(portal.locale, 'ja');
    assert.equal(portal.source, 'browser');
    assert.equal(portal.t('common.close'), '閉じる');
  });

  test('formatters keep the regional tag', async () => {
    const portal = await createPortalI18n({ browserLanguages: ['en-GB'], timeZone: 'UTC' });
    assert.equal(portal.formatters.locale, 'en-GB');
    assert.equal(portal.formatters.date('2024-03-01'), '1 Mar 2024');
  });

  test('Arabic portal is rtl', async () => {
    const portal = await createPortalI18n({ locale: 'ar' });
    assert.equal(portal.dir, 'rtl');
  });

  test('interpolation leaves markup unescaped', async () => {
    const portal = await createPortalI18n({ locale: 'en' });
    const value = '<b>Tom & "Jerry"</b> <script>x</script>';
    assert.equal(portal.t('common.due.onDate', { date: value }), `Due on ${value}`);
  });

  test('interpolated values not re-expanded', async () => {
    const portal = await createPortalI18n({ locale: 'en' });
    const value = '{{count}} $t(common.close)';
    assert.equal(portal.t('common.due.onDate', { date: value, count: 3 }), `Due on ${value}`);
  });

  test('missing key falls back to English', async () => {
    const portal = await createPortalI18n({ locale: 'ja' });
    portal.i18n.addResource('en', 'translation', 'common.onlyInEnglish', 'English only');
    assert.equal(portal.t('common.onlyInEnglish'), 'English only');
  });

  test('overrides replace nested keys', async () => {
    const portal = await createPortalI18n({
      locale: 'ja-JP',
      overrides: { ja: { common: { retry: 'もう一度読み込む' } }, en: { 'common.close': 'Dismiss' } },
    });
    assert.equal(portal.t('common.retry'), 'もう一度読み込む');
    assert.equal(portal.t('common.close', { lng: 'en' }), 'Dismiss');
  });

  test('overrides stay in their instance', async () => {
    await createPortalI18n({ locale: 'ja', overrides: { ja: { common: { cancel: 'やめる' } } } });
    const other = await createPortalI18n({ locale: 'ja' });
    assert.equal(other.t('common.cancel'), 'キャンセル');
  });

  test('override for a later locale', async () => {
    const portal = await createPortalI18n({ locale: 'en', overrides: { 'de-DE': { 'common.save': 'Sichern' } } });
    await portal.setLocale('de');
    assert.equal(portal.t('common.save'), 'Sichern');
  });

  test('plural form override accepted', async () => {
    const portal = await createPortalI18n({ locale: 'ar', overrides: { ar: { 'common.items_few': '{{count}} بنود' } } });
    assert.equal(portal.t('common.items', { count: 3 }), '3 بنود');
  });

  test('unknown override key rejected', async () => {
    const promise = createPortalI18n({ locale: 'en', overrides: { ja: { common: { retyr: 'x' } } } });
    await assertI18nError(promise, 'invalid_override', 'overrides.ja.common.retyr');
  });

  test('override for unsupported locale rejected', async () => {
    await assertI18nError(createPortalI18n({ overrides: { sv: { 'common.save': 'Spara' } } }), 'invalid_override', 'overrides.sv');
  });

  test('non-string override rejected', async () => {
    const overrides = { en: { common: { save: 5 } } } as unknown as Record<string, { [key: string]: string }>;
    await assertI18nError(createPortalI18n({ overrides }), 'invalid_override', 'overrides.en.common.save');
  });

  test('invalid time zone rejected', async () => {
    await assertI18nError(createPortalI18n({ timeZone: 'Mars/Olympus' }), 'invalid_time_zone', 'timeZone');
  });

  test('setLocale switches strings', async () => {
    const portal = await createPortalI18n({ locale: 'en' });
    const seen: string[] = [];
    portal.onLocaleChange((changed) => seen.push(changed.locale));

    assert.equal(await portal.setLocale('zh-TW'), 'zh-Hant');
    assert.equal(portal.t('common.close'), '關閉');
    assert.equal(portal.formatters.locale, 'zh-TW');
    assert.deepEqual(seen, ['zh-Hant']);
  });

  test('overlapping setLocale last wins', async () => {
    const portal = await createPortalI18n({ locale: 'en' });
    const first = portal.setLocale('nl');
    const second = portal.setLocale('it');
    await Promise.all([first, second]);
    assert.equal(portal.locale, 'it');
    assert.equal(portal.t('common.close'), 'Chiudi');
  });

  test('setLocale rejects unsupported tag', async () => {
    const portal = await createPortalI18n({ locale: 'en' });
    await assertI18nError(portal.setLocale('sv'), 'invalid_locale', 'locale');
    assert.equal(portal.locale, 'en');
  });

  test('unbound t works', async () => {
    const { t } = await createPortalI18n({ locale: 'de' });
    assert.equal(t('common.back'), 'Zurück');
  });
});

describe('instance isolation', () => {
  test('portals and global i18next independent', async () => {
    await i18next.init({
      lng: 'en',
      resources: { en: { translation: { greeting: 'Host app hello' } } },
    });

    const japanese = await createPortalI18n({ locale: 'ja' });
    const german = await createPortalI18n({ locale: 'de' });
    await german.setLocale('fr');

    assert.equal(japanese.t('common.close'), '閉じる');
    assert.equal(german.t('common.close'), 'Fermer');
    assert.notEqual(japanese.i18n, i18next);
    assert.equal(i18next.language, 'en');
    assert.equal(i18next.t('greeting'), 'Host app hello');
    assert.equal(i18next.hasResourceBundle('ja', 'translation'), false);
    assert.equal(i18next.exists('common.close'), false);
  });
});
