// The browser library part of `npm run build` (scripts/build.js runs it with
// the server, CLI, CDN and type builds). One ES module entry per element
// define file, plus the package root, the client and the contract.
// Dependencies stay external so the vendor's bundler deduplicates them.
//
// Modules keep their own files (preserveModules) so that the only files with
// side effects are the entries: package.json `sideEffects` can then name them
// exactly, and a bundler never drops a `customElements.define` call that a
// shared chunk would otherwise hide.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

interface PackageManifest {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as PackageManifest;
const externalPackages = [
  ...Object.keys(manifest.dependencies ?? {}),
  ...Object.keys(manifest.peerDependencies ?? {}),
];

/** Reports whether an import names a dependency (or a subpath such as `lit/decorators.js`) or a Node builtin. */
function isExternal(source: string): boolean {
  if (source.startsWith('node:')) return true;
  return externalPackages.some((name) => source === name || source.startsWith(`${name}/`));
}

/** Maps output names (`elements/dunning-banner`) to source files, keeping only files that exist. */
function findEntries(): Record<string, string> {
  const entries: Record<string, string> = {};
  const fixedEntries: Record<string, string> = {
    index: 'src/index.ts',
    'client/index': 'src/client/index.ts',
    'contract/index': 'src/contract/index.ts',
  };
  for (const [name, file] of Object.entries(fixedEntries)) {
    if (existsSync(path.join(repoRoot, file))) entries[name] = path.join(repoRoot, file);
  }

  const componentsDir = path.join(repoRoot, 'components');
  const folders = existsSync(componentsDir) ? readdirSync(componentsDir, { withFileTypes: true }) : [];
  for (const folder of folders) {
    const defineFile = path.join(componentsDir, folder.name, 'define.ts');
    if (folder.isDirectory() && existsSync(defineFile)) entries[`elements/${folder.name}`] = defineFile;
  }

  if (Object.keys(entries).length === 0) {
    throw new Error(
      'vite build: no entry files found. Expected src/index.ts, src/client/index.ts, src/contract/index.ts or components/<name>/define.ts.',
    );
  }
  return entries;
}

export default defineConfig({
  build: {
    // scripts/build.js passes its own outDir; `vite build` alone writes dist/.
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Vendors minify in their own build, so readable output costs them nothing and helps debugging.
    minify: false,
    copyPublicDir: false,
    lib: {
      entry: findEntries(),
      formats: ['es'],
      fileName: (_format, entryName) => `${entryName}.js`,
    },
    rolldownOptions: {
      external: isExternal,
      output: {
        preserveModules: true,
        preserveModulesRoot: repoRoot,
      },
    },
  },
});
