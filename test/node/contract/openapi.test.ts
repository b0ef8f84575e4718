import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { buildOpenApiDocument } from '../../../src/contract/openapi.js';
import { operations } from '../../../src/contract/index.js';

const packageJson = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
const document = buildOpenApiDocument(packageJson.version) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>>; components: { schemas: Record<string, unknown> } };

describe('OpenAPI document', () => {
  test('committed document is up to date', async () => {
    const committed = await readFile(new URL('../../../docs/openapi.json', import.meta.url), 'utf8');
    assert.equal(committed, `${JSON.stringify(document, null, 2)}\n`, 'docs/openapi.json is stale: run `npm run openapi`');
  });

  test('is OpenAPI 3.1', () => {
    assert.equal(document.openapi, '3.1.0');
  });

  test('lists every operation once', () => {
    const ids = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    assert.deepEqual(ids.sort(), Object.keys(operations).sort());
  });

  test('every reference resolves to a component', () => {
    const references = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([A-Za-z]+)"/g)].map((match) => match[1]!);
    const missing = references.filter((name) => !(name in document.components.schemas));
    assert.deepEqual([...new Set(missing)], []);
  });
});
