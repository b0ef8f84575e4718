#!/usr/bin/env node
// `npm test`: type check, Node tests, browser tests, end-to-end tests and the
// bundle size check, in that order. Each runner's output passes through, and
// each prints one plain line `<runner>: N passed, N failed, N skipped` that CI
// counts. Exits 1 if anything failed.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const binDir = path.join(repoRoot, 'node_modules', '.bin');

const STEPS = ['typecheck', 'node', 'browser', 'e2e', 'size'];

const USAGE = `Usage: npm test -- [--only=STEP[,STEP...]] [PATH_FILTER...]

Steps, run in this order: ${STEPS.join(', ')}.
  --only=LIST     run only the listed steps, e.g. --only=node or --only=browser,e2e
  PATH_FILTER     run only test files whose path contains one of these strings
                  (applies to node, browser and e2e; typecheck and size ignore it)
  --help          print this text`;

function parseArguments(argv) {
  const options = { steps: new Set(STEPS), filters: [] };
  for (const argument of argv) {
    if (argument === '--help' || argument === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (argument.startsWith('--only=')) {
      const requested = argument.slice('--only='.length).split(',').filter(Boolean);
      const unknown = requested.filter((step) => !STEPS.includes(step));
      if (unknown.length > 0 || requested.length === 0) {
        console.error(`Invalid --only value "${argument.slice('--only='.length)}": expected a comma-separated list of ${STEPS.join(', ')}.`);
        process.exit(2);
      }
      options.steps = new Set(requested);
    } else if (argument.startsWith('-')) {
      console.error(`Unknown option "${argument}".\n\n${USAGE}`);
      process.exit(2);
    } else {
      options.filters.push(argument);
    }
  }
  return options;
}

/** Lists files under `directory` (relative to the repository root) whose names end in `.test.ts`. */
function findTestFiles(directory) {
  const absolute = path.join(repoRoot, directory);
  if (!existsSync(absolute)) return [];
  const found = [];
  for (const entry of readdirSync(absolute, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.test.ts')) continue;
    const file = path.relative(repoRoot, path.join(entry.parentPath ?? entry.path, entry.name));
    if (!file.split(path.sep).includes('node_modules')) found.push(file.split(path.sep).join('/'));
  }
  return found.sort();
}

function applyFilters(files, filters) {
  if (filters.length === 0) return files;
  return files.filter((file) => filters.some((filter) => file.includes(filter)));
}

// Strips terminal colour and cursor codes so summary lines can be parsed.
const ANSI_PATTERN = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** Runs a command from the repository root, copying its output through and returning the exit code and stdout text. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['inherit', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.on('error', (error) => {
      console.error(`Failed to start ${command}: ${error.message}`);
      resolve({ code: 127, output });
    });
    child.on('close', (code, signal) => {
      resolve({ code: code ?? (signal ? 128 : 1), output: output.replace(ANSI_PATTERN, '') });
    });
  });
}

function readCount(output, pattern) {
  const matches = [...output.matchAll(pattern)];
  const last = matches.at(-1);
  return last ? Number(last[1]) : undefined;
}

/**
 * Reads the closing summary of node's spec reporter (`ℹ pass 3`, `ℹ fail 0`, ...).
 * A non-zero exit without a counted failure (a crash, a syntax error in the
 * runner itself) counts as one failure.
 */
function countNodeResults({ code, output }) {
  const passed = readCount(output, /^ℹ pass (\d+)$/gm) ?? 0;
  const failed = (readCount(output, /^ℹ fail (\d+)$/gm) ?? 0) + (readCount(output, /^ℹ cancelled (\d+)$/gm) ?? 0);
  const skipped = (readCount(output, /^ℹ skipped (\d+)$/gm) ?? 0) + (readCount(output, /^ℹ todo (\d+)$/gm) ?? 0);
  return { passed, failed: code !== 0 && failed === 0 ? 1 : failed, skipped };
}

function formatCounts(label, { passed, failed, skipped }) {
  return `${label}: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}

function heading(text) {
  console.log(`\n=== ${text} ===`);
}

async function runTypecheck() {
  heading('typecheck: tsc --noEmit');
  const result = await run(path.join(binDir, 'tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  const counts = result.code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
  console.log(result.code === 0 ? 'typecheck: no type errors' : `typecheck: tsc exited with code ${result.code}`);
  console.log(formatCounts('typecheck', counts));
  return counts;
}

async function runNodeTests(label, files, extraArgs) {
  heading(`${label}: node --test (${files.length} files)`);
  if (files.length === 0) {
    console.log(`${label}: no test files found, nothing to run`);
    return { passed: 0, failed: 0, skipped: 0 };
  }
  const result = await run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    ...extraArgs,
    ...files,
  ]);
  const counts = countNodeResults(result);
  console.log(formatCounts(label, counts));
  return counts;
}

async function runBrowserTests(filters) {
  const files = applyFilters([...findTestFiles('components'), ...findTestFiles('test/browser')], filters);
  heading(`browser: web-test-runner (${files.length} files)`);
  if (files.length === 0) {
    console.log('wtr: no test files found, nothing to run');
    return { passed: 0, failed: 0, skipped: 0 };
  }
  const fileArgs = filters.length > 0 ? ['--files', ...files] : [];
  const result = await run(path.join(binDir, 'wtr'), ['--config', 'web-test-runner.config.js', ...fileArgs]);
  // The runner's own reporter prints the `wtr:` line, so it is parsed here, not printed again.
  const match = [...result.output.matchAll(/^wtr: (\d+) passed, (\d+) failed, (\d+) skipped$/gm)].at(-1);
  if (!match) {
    console.log(`wtr: exited with code ${result.code} without a summary line`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const counts = { passed: Number(match[1]), failed: Number(match[2]), skipped: Number(match[3]) };
  if (result.code !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

async function runSizeCheck() {
  heading('size: minified and gzip-compressed bundles');
  const result = await run(process.execPath, [path.join('scripts', 'size.js')]);
  const counts = result.code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
  console.log(formatCounts('size', counts));
  return counts;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const failedSteps = [];
  const record = (step, counts) => {
    if (counts.failed > 0) failedSteps.push(step);
  };

  if (options.steps.has('typecheck')) record('typecheck', await runTypecheck());
  if (options.steps.has('node')) {
    const files = applyFilters(findTestFiles('test/node'), options.filters);
    record('node', await runNodeTests('node', files, []));
  }
  if (options.steps.has('browser')) record('browser', await runBrowserTests(options.filters));
  if (options.steps.has('e2e')) {
    const files = applyFilters(findTestFiles('test/e2e'), options.filters);
    // End-to-end files start servers and browsers, so they run one at a time.
    record('e2e', await runNodeTests('e2e', files, ['--test-concurrency=1']));
  }
  if (options.steps.has('size')) record('size', await runSizeCheck());

  console.log('');
  if (failedSteps.length > 0) {
    console.log(`npm test: failures in ${failedSteps.join(', ')}`);
    process.exitCode = 1;
  } else {
    console.log('npm test: every step passed');
  }
}

await main();
