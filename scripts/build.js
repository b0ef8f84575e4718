#!/usr/bin/env node
// `npm run build`: everything the published package ships from dist/.
//
//   browser  vite library build: one ES module per source module, entries at
//            index.js, client/index.js, contract/index.js, elements/<name>.js
//   node     esbuild: server/index.js and cli/main.js for Node 20+, ESM,
//            every package external, shared code in server/chunks/
//   cdn      esbuild: cdn/keel-portal.js, one minified file with every
//            dependency and locale inside, for <script type="module">
//   types    tsc -p tsconfig.build.json: declarations in types/
//
// Usage: node scripts/build.js [--out-dir DIR] [--only=STEP,...] [--quiet]
// A full build empties the output directory first. The closing size table
// lists each entry's own code (dependencies excluded) and the CDN file, gzip level 9.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const STEPS = ['browser', 'node', 'cdn', 'types'];

const USAGE = `Usage: node scripts/build.js [--out-dir DIR] [--only=STEP[,STEP...]] [--quiet]

Steps, run in this order: ${STEPS.join(', ')}.
  --out-dir DIR   write here instead of dist/ (emptied first)
  --only=LIST     run only the listed steps; the output directory is then not emptied
  --quiet         print only the size table and errors`;

function parseArguments(argv) {
  const options = { outDir: path.join(repoRoot, 'dist'), steps: new Set(STEPS), partial: false, quiet: false };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--help' || argument === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (argument === '--out-dir' || argument.startsWith('--out-dir=')) {
      const value = argument === '--out-dir' ? argv[(index += 1)] : argument.slice('--out-dir='.length);
      if (!value) fail(`--out-dir needs a directory.\n\n${USAGE}`);
      options.outDir = path.resolve(value);
    } else if (argument.startsWith('--only=')) {
      const requested = argument.slice('--only='.length).split(',').filter(Boolean);
      const unknown = requested.filter((step) => !STEPS.includes(step));
      if (unknown.length > 0 || requested.length === 0) {
        fail(`Invalid --only value "${argument.slice('--only='.length)}": expected a comma-separated list of ${STEPS.join(', ')}.`);
      }
      options.steps = new Set(requested);
      options.partial = true;
    } else if (argument === '--quiet') {
      options.quiet = true;
    } else {
      fail(`Unknown argument "${argument}".\n\n${USAGE}`);
    }
  }
  // Emptying the repository or one of its parents would destroy the sources.
  const relative = path.relative(options.outDir, repoRoot);
  if (relative === '' || !relative.startsWith('..')) {
    fail(`Refusing to build into ${options.outDir}: it contains the repository. Choose a directory such as dist/.`);
  }
  return options;
}

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(2);
}

/** Folder names under components/ that have a define file, sorted. */
function elementNames() {
  const componentsDir = path.join(repoRoot, 'components');
  return readdirSync(componentsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(componentsDir, entry.name, 'define.ts')))
    .map((entry) => entry.name)
    .sort();
}

async function buildBrowser(outDir, quiet) {
  const { build } = await import('vite');
  await build({
    configFile: path.join(repoRoot, 'vite.config.ts'),
    root: repoRoot,
    logLevel: quiet ? 'warn' : 'info',
    build: { outDir, emptyOutDir: false },
  });
}

async function buildNode(outDir) {
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: repoRoot,
    entryPoints: { 'server/index': 'src/server/index.ts', 'cli/main': 'src/cli/main.ts' },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies resolve from the vendor's node_modules, so one copy of
    // hono, pglite or stripe serves both Keel and the vendor's own code.
    packages: 'external',
    chunkNames: 'server/chunks/[name]-[hash]',
    sourcemap: true,
    logLevel: 'warning',
  });
}

async function buildCdn(outDir) {
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: repoRoot,
    entryPoints: ['src/index.ts'],
    outfile: path.join(outDir, 'cdn', 'keel-portal.js'),
    bundle: true,
    // Without splitting, each locale's dynamic import becomes an inlined module that runs on first use.
    // NOTE: every locale ships inside the file (about half its gzip size), while the npm entries fetch locales lazily.
    splitting: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'eof',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

/** Runs tsc for declarations, then adds the declaration for `keel-portal/locales/<lang>`. */
async function buildTypes(outDir) {
  const typesDir = path.join(outDir, 'types');
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', typesDir], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    child.on('error', (error) => {
      console.error(`build: could not start tsc: ${error.message}`);
      resolve(127);
    });
    child.on('close', (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0) throw new Error(`tsc -p tsconfig.build.json exited with code ${code}`);

  writeFileSync(
    path.join(typesDir, 'locale.d.ts'),
    [
      '/** One locale\'s i18next resources, as in `locales/<lang>.json`: nested keys, string leaves. */',
      'export interface LocaleResources {',
      '  readonly [key: string]: string | LocaleResources;',
      '}',
      'declare const resources: LocaleResources;',
      'export default resources;',
      '',
    ].join('\n'),
  );
}

const RELATIVE_IMPORT = /(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']|\bimport\s*\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

/**
 * Follows relative imports from `entry` and returns the files a page loads
 * up front (static imports) and those it loads later (dynamic imports only).
 */
function importClosure(entry) {
  const initial = new Set();
  const lazy = new Set();
  const visit = (file, set) => {
    if (initial.has(file) || set.has(file)) return;
    set.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(RELATIVE_IMPORT)) {
      const target = path.resolve(path.dirname(file), match[1] ?? match[2]);
      visit(target, match[1] ? set : lazy);
    }
  };
  visit(entry, initial);
  for (const file of initial) lazy.delete(file);
  return { initial: [...initial], lazy: [...lazy] };
}

function sizeOf(files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

function kilobytes(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function printSizes(outDir) {
  const entries = [
    ['keel-portal', 'index.js'],
    ...elementNames().map((name) => [`keel-portal/elements/${name}`, `elements/${name}.js`]),
    ['keel-portal/client', 'client/index.js'],
    ['keel-portal/contract', 'contract/index.js'],
    ['keel-portal/server', 'server/index.js'],
  ];
  const rows = [];
  for (const [name, file] of entries) {
    const absolute = path.join(outDir, file);
    if (!existsSync(absolute)) continue;
    const { initial, lazy } = importClosure(absolute);
    const up = sizeOf(initial);
    const later = sizeOf(lazy);
    rows.push([name, String(initial.length), kilobytes(up.raw), kilobytes(up.gzip), kilobytes(later.gzip)]);
  }
  const cdn = path.join(outDir, 'cdn', 'keel-portal.js');
  if (existsSync(cdn)) {
    const { raw, gzip } = sizeOf([cdn]);
    rows.push(['cdn/keel-portal.js (all inside)', '1', kilobytes(raw), kilobytes(gzip), '-']);
  }
  if (rows.length === 0) return;
  const header = ['entry', 'files', 'raw', 'gzip', 'lazy gzip'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const format = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  console.log('\nBuilt sizes: own code an entry loads up front (dependencies excluded), gzip level 9 per file');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(format(row));
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const { outDir, steps, quiet } = options;
  if (!options.partial) rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const log = (text) => {
    if (!quiet) console.log(text);
  };
  const timed = async (name, run) => {
    const started = performance.now();
    log(`\n=== build ${name} ===`);
    await run();
    log(`build ${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };

  if (steps.has('browser')) await timed('browser', () => buildBrowser(outDir, quiet));
  if (steps.has('node')) await timed('node', () => buildNode(outDir));
  if (steps.has('cdn')) await timed('cdn', () => buildCdn(outDir));
  if (steps.has('types')) await timed('types', () => buildTypes(outDir));
  printSizes(outDir);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await main();
  } catch (error) {
    console.error(`build: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
