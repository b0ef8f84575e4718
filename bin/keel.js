#!/usr/bin/env node
// The `keel` command. A repository checkout runs the TypeScript sources through
// tsx, so `npx keel` needs no build and never runs a stale dist/. The published
// package ships no sources and runs the built CLI in dist/cli/main.js.
import { existsSync } from 'node:fs';

const sourceEntry = new URL('../src/cli/main.ts', import.meta.url);
const builtEntry = new URL('../dist/cli/main.js', import.meta.url);

async function loadEntry() {
  if (existsSync(sourceEntry)) {
    try {
      const { register } = await import('tsx/esm/api');
      register();
      return sourceEntry;
    } catch (error) {
      // Without tsx (a checkout installed with --omit=dev) the built CLI still works.
      if (!existsSync(builtEntry)) throw error;
    }
  }
  if (existsSync(builtEntry)) return builtEntry;
  process.stderr.write('keel: dist/cli/main.js is missing; run "npm run build" in the keel-portal package.\n');
  process.exit(1);
}

const { main } = await import((await loadEntry()).href);
process.exitCode = await main(process.argv.slice(2));
