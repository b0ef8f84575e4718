/**
 * Writes docs/openapi.json from the contract. `--check` compares instead of
 * writing and exits 1 when the committed document is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { buildOpenApiDocument } from '../src/contract/openapi.js';

const target = new URL('../docs/openapi.json', import.meta.url);
const packageJson = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const rendered = `${JSON.stringify(buildOpenApiDocument(packageJson.version), null, 2)}\n`;

if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== rendered) {
    console.error('docs/openapi.json is stale: run `npm run openapi` and commit the result.');
    process.exit(1);
  }
  console.log('docs/openapi.json is up to date.');
} else {
  await writeFile(target, rendered);
  console.log(`Wrote docs/openapi.json (${Object.keys(JSON.parse(rendered).paths).length} paths).`);
}
