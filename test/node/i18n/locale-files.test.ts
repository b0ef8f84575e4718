// Guards every locales/<locale>.json file against English, the reference:
// same keys, no empty strings, exactly the plural forms the language uses,
// no interpolation variable that English lacks, and sorted 2-space JSON.
// Keys ending in _zero, _one, _two, _few, _many or _other are plural forms
// (i18next's suffixes); `_ordinal_<form>` keys are ordinal plural forms.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

import { SUPPORTED_LOCALES } from '../../../src/i18n/index.js';

const localesDirectory = new URL('../../../locales/', import.meta.url);
const PLURAL_SUFFIX = /^(.+?)(_ordinal)?_(zero|one|two|few|many|other)$/;
const VARIABLE = /\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g;

type Tree = { [key: string]: unknown };

function readLocaleText(locale: string): string {
  return readFileSync(new URL(`${locale}.json`, localesDirectory), 'utf8');
}

function flatten(tree: Tree, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  for (const [name, value] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      flatten(value as Tree, key, into);
    } else {
      into.set(key, value);
    }
  }
  return into;
}

interface LocaleKeys {
  /** Keys that are not plural forms, with their values. */
  plain: Map<string, unknown>;
  /** Plural base key (with `_ordinal` where present) to its forms and values. */
  plurals: Map<string, Map<string, unknown>>;
}

function splitKeys(strings: Map<string, unknown>): LocaleKeys {
  const plain = new Map<string, unknown>();
  const plurals = new Map<string, Map<string, unknown>>();
  for (const [key, value] of strings) {
    const match = PLURAL_SUFFIX.exec(key);
    if (!match) {
      plain.set(key, value);
      continue;
    }
    const [, base = '', ordinal = '', form = ''] = match;
    const forms = plurals.get(base + ordinal) ?? new Map<string, unknown>();
    forms.set(form, value);
    plurals.set(base + ordinal, forms);
  }
  return { plain, plurals };
}

function pluralCategories(locale: string, pluralKey: string): string[] {
  const type = pluralKey.endsWith('_ordinal') ? 'ordinal' : 'cardinal';
  return [...new Intl.PluralRules(locale, { type }).resolvedOptions().pluralCategories].sort();
}

function variables(text: unknown): Set<string> {
  return new Set(typeof text === 'string' ? [...text.matchAll(VARIABLE)].map((match) => match[1] ?? '') : []);
}

/** Sorts object keys recursively by UTF-16 code units, the order the files use. */
function sortKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const sorted: Tree = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Tree)[key]);
  return sorted;
}

const english = splitKeys(flatten(JSON.parse(readLocaleText('en')) as Tree));

test('one file per supported locale', () => {
  const files = readdirSync(localesDirectory).filter((name) => name.endsWith('.json')).sort();
  assert.deepEqual(files, SUPPORTED_LOCALES.map((locale) => `${locale}.json`).sort());
});

for (const locale of SUPPORTED_LOCALES) {
  describe(`locales/${locale}.json`, () => {
    const text = readLocaleText(locale);
    const strings = flatten(JSON.parse(text) as Tree);
    const keys = splitKeys(strings);

    test('sorted 2-space JSON', () => {
      const expected = `${JSON.stringify(sortKeys(JSON.parse(text)), null, 2)}\n`;
      assert.ok(
        text === expected,
        `${locale}: locales/${locale}.json must have keys sorted by code unit, 2-space indent and a final newline`,
      );
    });

    test('has every English key', () => {
      const missing = [...english.plain.keys()].filter((key) => !keys.plain.has(key));
      const missingPlurals = [...english.plurals.keys()].filter((key) => !keys.plurals.has(key));
      assert.deepEqual([...missing, ...missingPlurals].map((key) => `${locale}: missing "${key}"`), []);
    });

    test('has no key English lacks', () => {
      const extra = [...keys.plain.keys()].filter((key) => !english.plain.has(key));
      const extraPlurals = [...keys.plurals.keys()].filter((key) => !english.plurals.has(key));
      assert.deepEqual([...extra, ...extraPlurals].map((key) => `${locale}: "${key}" is not in en.json`), []);
    });

    test('no empty or non-string values', () => {
      const bad = [...strings]
        .filter(([, value]) => typeof value !== 'string' || value.trim() === '')
        .map(([key, value]) => `${locale}: "${key}" is ${JSON.stringify(value)}`);
      assert.deepEqual(bad, []);
    });

    test('plural forms match Intl', () => {
      const problems: string[] = [];
      for (const [pluralKey, forms] of keys.plurals) {
        const expected = pluralCategories(locale, pluralKey);
        const actual = [...forms.keys()].sort();
        if (actual.join() !== expected.join()) {
          problems.push(
            `${locale}: "${pluralKey}" has forms [${actual.join(', ')}] but Intl.PluralRules('${locale}') gives [${expected.join(', ')}]`,
          );
        }
      }
      assert.deepEqual(problems, []);
    });

    test('variables exist in English', () => {
      const problems: string[] = [];
      const check = (key: string, value: unknown, reference: unknown): void => {
        const allowed = variables(reference);
        for (const name of variables(value)) {
          if (!allowed.has(name)) problems.push(`${locale}: "${key}" uses {{${name}}}, which en.json does not pass`);
        }
      };
      for (const [key, value] of keys.plain) check(key, value, english.plain.get(key));
      for (const [pluralKey, forms] of keys.plurals) {
        const reference = english.plurals.get(pluralKey)?.get('other');
        for (const [form, value] of forms) check(`${pluralKey}_${form}`, value, reference);
      }
      assert.deepEqual(problems, []);
    });
  });
}

// French and Italian elide with the typographic apostrophe (’). Mixing in
// the ASCII one shows as "Vue d'ensemble" next to "Changer d’offre".
for (const locale of ['fr', 'it']) {
  test(`${locale} uses one apostrophe`, () => {
    const strings = flatten(JSON.parse(readLocaleText(locale)) as Tree);
    const withAsciiApostrophe = [...strings]
      .filter(([, value]) => typeof value === 'string' && /\w'\w/u.test(value))
      .map(([key]) => `${locale}: "${key}" uses ' where ’ is expected`);
    assert.deepEqual(withAsciiApostrophe, []);
  });
}
