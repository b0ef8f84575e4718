/**
 * The published package, end to end: build into a staging copy of the
 * package, pack it, install the tarball into a fresh project and use it only
 * through its `exports`, as a vendor would.
 *
 * Set KEEL_SKIP_PACKAGE_TEST=1 to skip this file (it builds everything, so it
 * takes longer than the other Node tests).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const execFileAsync = promisify(execFile);

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const consumerDir = path.join(import.meta.dirname, 'consumer');
const SKIP = process.env.KEEL_SKIP_PACKAGE_TEST ? 'KEEL_SKIP_PACKAGE_TEST is set' : false;
// Build, pack and install took about 40 s of CPU time on a two-core machine, and far more wall time when it was busy.
const SETUP_TIMEOUT_MS = 240_000;
const LIT_PACKAGE = /^(?:lit|lit-html|lit-element|@lit|@lit-labs)(?:\/|$)/;

interface PackedPackage {
  filename: string;
  files: { path: string }[];
}

interface Manifest {
  name: string;
  exports: Record<string, string | Record<string, string>>;
  bin: Record<string, string>;
  files: string[];
}

/** Runs a command and returns its stdout. On failure the thrown error includes stdout and stderr. */
async function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${failure.stdout ?? ''}\n${failure.stderr ?? failure.message}`);
  }
}

/** Lists what a wildcard subpath expands to: one element per define file, one locale per JSON file. */
function wildcardValues(subpath: string): string[] {
  if (subpath === './elements/*') {
    return readdirSync(path.join(repoRoot, 'components'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(repoRoot, 'components', entry.name, 'define.ts')))
      .map((entry) => entry.name);
  }
  if (subpath === './locales/*') {
    return readdirSync(path.join(repoRoot, 'locales'))
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length));
  }
  throw new Error(`No expansion known for the exports pattern "${subpath}"; add one to this test.`);
}

/** Returns every file an `exports` map points at, wildcards expanded, without the leading `./`. */
function exportTargets(exportsMap: Manifest['exports']): { subpath: string; condition: string; file: string }[] {
  const targets: { subpath: string; condition: string; file: string }[] = [];
  for (const [subpath, value] of Object.entries(exportsMap)) {
    const conditions = typeof value === 'string' ? { default: value } : value;
    const values = subpath.includes('*') ? wildcardValues(subpath) : [''];
    for (const [condition, target] of Object.entries(conditions)) {
      for (const replacement of values) {
        targets.push({ subpath: subpath.replace('*', replacement), condition, file: target.replaceAll('*', replacement).replace(/^\.\//, '') });
      }
    }
  }
  return targets;
}

const IMPORT_SPECIFIER = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;

/** Lists the import specifiers in a JavaScript module: static, re-exports and literal dynamic imports. */
function importSpecifiers(code: string): string[] {
  return [...code.matchAll(IMPORT_SPECIFIER)].map((match) => match[1] ?? match[2]!);
}

/** Walks relative imports from `entry` and returns every file reached and every bare specifier imported. */
function walkImports(entry: string): { files: string[]; bare: Map<string, string> } {
  const files = new Set<string>();
  const bare = new Map<string, string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('./') || specifier.startsWith('../')) pending.push(path.resolve(path.dirname(file), specifier));
      else bare.set(specifier, file);
    }
  }
  return { files: [...files], bare };
}

/** Bundles `source` the way a vendor's bundler would from `projectDir`, honouring `sideEffects`, and returns the code. */
async function bundleFromProject(projectDir: string, source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: projectDir, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Links every package of the repository's node_modules into `target`, for when npm cannot install offline. */
function linkRepositoryPackages(target: string): void {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(path.join(repoRoot, 'node_modules'))) {
    if (entry === '.bin' || entry.startsWith('.') || entry === 'keel-portal') continue;
    symlinkSync(path.join(repoRoot, 'node_modules', entry), path.join(target, entry), 'dir');
  }
}

// The checks share one installed project and only read it, so they run side by side.
describe('published package', { skip: SKIP, concurrency: true }, () => {
  let workDir = '';
  let stageDir = '';
  let projectDir = '';
  let installedDir = '';
  let manifest: Manifest;
  let packed: PackedPackage;
  let installNote = '';

  before(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'keel-package-'));
    stageDir = path.join(workDir, 'stage');
    projectDir = path.join(workDir, 'project');

    // The staging copy keeps the repository's own dist/ untouched while other builds run.
    mkdirSync(stageDir);
    for (const name of readdirSync(repoRoot)) {
      if (name === 'package.json' || name === 'LICENSE' || name === 'custom-elements.json' || name.startsWith('README')) {
        copyFileSync(path.join(repoRoot, name), path.join(stageDir, name));
      }
    }
    cpSync(path.join(repoRoot, 'locales'), path.join(stageDir, 'locales'), { recursive: true });
    cpSync(path.join(repoRoot, 'bin'), path.join(stageDir, 'bin'), { recursive: true });
    await run(process.execPath, [path.join(repoRoot, 'scripts', 'build.js'), '--out-dir', path.join(stageDir, 'dist'), '--quiet'], repoRoot);
    manifest = JSON.parse(readFileSync(path.join(stageDir, 'package.json'), 'utf8')) as Manifest;

    const packOutput = await run('npm', ['pack', '--json', '--pack-destination', workDir], stageDir);
    const [firstPackage] = JSON.parse(packOutput) as PackedPackage[];
    assert.ok(firstPackage, 'npm pack printed no package');
    packed = firstPackage;
    const tarball = path.join(workDir, packed.filename);

    mkdirSync(projectDir);
    writeFileSync(path.join(projectDir, 'package.json'), `${JSON.stringify({ name: 'vendor-app', private: true, type: 'module' }, null, 2)}\n`);
    try {
      // Dependencies come from npm's local cache, which installing the repository filled.
      await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], projectDir);
      installNote = 'installed with npm install --offline';
    } catch (error) {
      rmSync(path.join(projectDir, 'node_modules'), { recursive: true, force: true });
      linkRepositoryPackages(path.join(projectDir, 'node_modules'));
      mkdirSync(path.join(projectDir, 'node_modules', 'keel-portal'));
      await run('tar', ['-xzf', tarball, '-C', path.join(projectDir, 'node_modules', 'keel-portal'), '--strip-components=1'], projectDir);
      installNote = `extracted next to the repository's packages, because the offline install failed: ${(error as Error).message.split('\n')[0]}`;
    }
    installedDir = path.join(projectDir, 'node_modules', 'keel-portal');
    for (const name of readdirSync(consumerDir)) {
      copyFileSync(path.join(consumerDir, name), path.join(projectDir, name.replace(/\.fixture$/, '')));
    }
  }, { timeout: SETUP_TIMEOUT_MS });

  after(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  test('every export target is packed', (context) => {
    context.diagnostic(installNote);
    const packedFiles = new Set(packed.files.map((file) => file.path));
    const targets = exportTargets(manifest.exports);
    assert.ok(targets.length > 0, 'package.json has exports');
    const missing = targets.filter((target) => !packedFiles.has(target.file)).map((target) => `${target.subpath} (${target.condition}): ${target.file}`);
    assert.deepEqual(missing, []);
  });

  test('every export has types and import', () => {
    const incomplete = Object.entries(manifest.exports)
      .filter(([subpath]) => subpath !== './package.json')
      .filter(([, value]) => typeof value === 'string' || !value.types || !value.import)
      .map(([subpath]) => subpath);
    assert.deepEqual(incomplete, []);
  });

  test('bin and CLI are packed', () => {
    const packedFiles = new Set(packed.files.map((file) => file.path));
    for (const bin of Object.values(manifest.bin)) assert.ok(packedFiles.has(bin.replace(/^\.\//, '')), `${bin} is packed`);
    assert.ok(packedFiles.has('dist/cli/main.js'), 'dist/cli/main.js is packed');
  });

  test('no sources or tests packed', () => {
    const stray = packed.files.map((file) => file.path).filter((file) => /^(src|components|test|demo|scripts)\//.test(file) || (file.endsWith('.ts') && !file.endsWith('.d.ts')));
    assert.deepEqual(stray, []);
  });

  test('server imports no Lit', () => {
    const { files, bare } = walkImports(path.join(installedDir, 'dist', 'server', 'index.js'));
    assert.ok(files.length > 1, 'the server entry imports its chunks');
    const lit = [...bare].filter(([specifier]) => LIT_PACKAGE.test(specifier)).map(([specifier, file]) => `${path.relative(installedDir, file)} imports ${specifier}`);
    assert.deepEqual(lit, []);
    const browserFiles = files.filter((file) => !path.relative(installedDir, file).startsWith(path.join('dist', 'server')));
    assert.deepEqual(browserFiles, []);
  });

  test('server serves a session', async () => {
    const output = await run(process.execPath, ['--import', './lit-guard.mjs', 'session.mjs'], projectDir);
    const result = JSON.parse(output.trim().split('\n').at(-1)!) as {
      status: number;
      customerId: string | null;
      sessionParses: boolean;
      sessionIssues: string[];
      badSessionRejected: boolean;
      japaneseKeys: number;
    };
    assert.equal(result.status, 200);
    assert.equal(result.customerId, 'cus_jp_expired');
    assert.deepEqual(result.sessionIssues, []);
    assert.equal(result.sessionParses, true);
    assert.equal(result.badSessionRejected, true);
    assert.ok(result.japaneseKeys > 0, 'keel-portal/locales/ja has keys');
  });

  test('installed CLI runs from dist', async () => {
    assert.equal(existsSync(path.join(installedDir, 'src')), false, 'the package has no sources');
    const output = await run(process.execPath, [path.join(installedDir, 'bin', 'keel.js'), 'token', '--help'], projectDir);
    assert.match(output, /^Usage: keel token/m);
  });

  test('CDN bundle has no bare imports', () => {
    const code = readFileSync(path.join(installedDir, 'dist', 'cdn', 'keel-portal.js'), 'utf8');
    const specifiers = importSpecifiers(code);
    assert.deepEqual(specifiers, []);
    assert.match(code, /customElements/, 'the bundle defines elements');
  });

  test('bundler keeps one element definition', async () => {
    const code = await bundleFromProject(projectDir, "import 'keel-portal/elements/dunning-banner';");
    assert.match(code, /defineElement\("keel-dunning-banner"/);
    assert.doesNotMatch(code, /defineElement\("keel-invoice-history"/);
  });

  test('client bundle defines no elements', async () => {
    const code = await bundleFromProject(projectDir, "import { createKeelClient } from 'keel-portal/client';\nconsole.log(createKeelClient);");
    assert.doesNotMatch(code, /customElements\.define/);
  });

  test('declarations type-check a consumer', async () => {
    writeFileSync(
      path.join(projectDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [path.join(repoRoot, 'node_modules', '@types')],
        },
        files: ['types.ts'],
      }),
    );
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const output = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], projectDir).catch((error: Error) => error.message);
    assert.equal(output.trim(), '');
  });
});
