#!/usr/bin/env node
// `npm run size`: bundles each element's define file and the API client the
// way a page would load them (every dependency included, minified), measures
// the gzip-compressed bytes and compares them with size-budgets.json.
// Exits 1 if an entry is over budget or fails to bundle.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const budgets = JSON.parse(readFileSync(path.join(repoRoot, 'size-budgets.json'), 'utf8'));

/** Lists the entries to measure: one per `components/<folder>/define.ts`, plus the client. */
function listEntries() {
  const entries = [];
  const componentsDir = path.join(repoRoot, 'components');
  const folders = existsSync(componentsDir)
    ? readdirSync(componentsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory() && existsSync(path.join(componentsDir, entry.name, 'define.ts')))
    : [];
  for (const folder of folders.map((entry) => entry.name).sort()) {
    const name = folder.startsWith('keel-') ? folder : `keel-${folder}`;
    entries.push({ name, file: `components/${folder}/define.ts`, budget: budgets.entries[name] ?? budgets.default_element });
  }
  entries.push({ name: 'client', file: 'src/client/index.ts', budget: budgets.entries.client });
  return entries;
}

/**
 * Bundles one entry with code splitting, so chunks behind a dynamic import()
 * (lazily loaded locales, for example) are measured apart from what the page
 * loads up front. Returns gzip bytes for the initial load and for lazy chunks.
 */
async function measure(file) {
  const result = await build({
    entryPoints: [path.join(repoRoot, file)],
    absWorkingDir: repoRoot,
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: path.join(repoRoot, 'dist', 'size-check'),
    write: false,
    metafile: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });

  const gzipBytes = new Map();
  for (const output of result.outputFiles) {
    if (output.path.endsWith('.js')) {
      gzipBytes.set(path.relative(repoRoot, output.path), gzipSync(output.contents, { level: 9 }).length);
    }
  }

  const outputs = result.metafile.outputs;
  // Every dynamic import() target is an entry point in the metafile too, so
  // match the output built from this very file.
  const entryOutput = Object.keys(outputs).find((key) => outputs[key].entryPoint === file);
  if (entryOutput === undefined) throw new Error(`esbuild produced no output for ${file}.`);
  const initial = new Set();
  const pending = [entryOutput];
  while (pending.length > 0) {
    const current = pending.pop();
    if (initial.has(current)) continue;
    initial.add(current);
    for (const imported of outputs[current].imports) {
      if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
    }
  }

  let initialBytes = 0;
  let lazyBytes = 0;
  for (const [output, bytes] of gzipBytes) {
    if (initial.has(output)) initialBytes += bytes;
    else lazyBytes += bytes;
  }
  return { initialBytes, lazyBytes };
}

function formatKilobytes(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function printTable(rows) {
  const header = ['entry', 'initial gz', 'lazy gz', 'budget', 'result'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const formatRow = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  console.log(formatRow(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(formatRow(row));
}

async function main() {
  const rows = [];
  let failures = 0;

  for (const entry of listEntries()) {
    if (!existsSync(path.join(repoRoot, entry.file))) {
      console.log(`size: skipping ${entry.name}: ${entry.file} does not exist yet`);
      continue;
    }
    try {
      const { initialBytes, lazyBytes } = await measure(entry.file);
      const withinBudget = initialBytes <= entry.budget;
      if (!withinBudget) failures += 1;
      rows.push([
        entry.name,
        formatKilobytes(initialBytes),
        formatKilobytes(lazyBytes),
        formatKilobytes(entry.budget),
        withinBudget ? 'ok' : `over by ${initialBytes - entry.budget} bytes`,
      ]);
    } catch (error) {
      failures += 1;
      const messages = error.errors?.map((item) => `${item.location ? `${item.location.file}:${item.location.line}` : entry.file}: ${item.text}`) ?? [error.message];
      console.error(`size: failed to bundle ${entry.file}:\n  ${messages.join('\n  ')}`);
      rows.push([entry.name, '-', '-', formatKilobytes(entry.budget), 'bundle failed']);
    }
  }

  if (rows.length > 0) printTable(rows);
  else console.log('size: no entries exist yet, nothing measured');

  // Budgets apply to what a page loads up front. Lazy chunk sizes are listed for reference only.
  if (failures > 0) {
    console.error(`size: ${failures} entries over budget or failed to bundle`);
    process.exitCode = 1;
  }
}

await main();
