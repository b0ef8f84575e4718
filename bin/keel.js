#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx keel` works in the repository without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
