// A dev-server plugin for browser tests: serves `/__keel-bundle.js`, the
// package entry (src/index.ts) bundled by esbuild into one ES module with
// every dependency inlined, as a page gets it from a CDN build. The bundle is
// built on each request, so it always matches the working tree.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const BUNDLE_PATH = '/__keel-bundle.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Bundles src/index.ts and returns the JavaScript text. */
export async function buildKeelBundle() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/index.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    tsconfig: 'tsconfig.json',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no output for src/index.ts');
  return output.text;
}

/** Returns the plugin; register it in web-test-runner.config.js `plugins`. */
export function keelBundlePlugin() {
  return {
    name: 'keel-bundle',
    async serve(context) {
      if (context.path !== BUNDLE_PATH) return undefined;
      return { body: await buildKeelBundle(), type: 'js' };
    },
  };
}
