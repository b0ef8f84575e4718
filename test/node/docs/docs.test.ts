import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { MAIN_HELP } from '../../../src/cli/main.js';
import { generatedFiles, REPO_ROOT } from '../../../scripts/manifest.js';

const READMES = ['README.md', 'README.ja.md'];
const DOCS = [...READMES, 'docs/getting-started.md', 'docs/elements.md', 'docs/server.md', 'docs/theming.md'];

function read(file: string): string {
  return readFileSync(path.join(REPO_ROOT, file), 'utf8');
}

const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string>; customElements?: string };

/** The `keel` subcommands, as the CLI's own help lists them. */
const cliCommands = new Set(
  MAIN_HELP.split('Commands:')[1]!
    .split('\n\n')[0]!
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0])
    .filter((name): name is string => Boolean(name)),
);

/** The step names `npm test -- --only=` accepts, read from the runner's STEPS list. */
const testSteps = new Set([...read('scripts/test.js').match(/const STEPS = \[([^\]]*)\]/)![1]!.matchAll(/'([a-z]+)'/g)].map((match) => match[1]!));

/** Lines of shell code in a Markdown file: fenced sh/bash/console blocks and inline spans that start with a command. */
function shellCommands(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/```(?:sh|bash|shell|console)\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split('\n')) {
      const command = line.replace(/^\$\s*/, '').replace(/\s+#.*$/, '').trim();
      if (command && !command.startsWith('#')) commands.push(command);
    }
  }
  for (const span of markdown.matchAll(/`((?:npm|npx|node|\.ci\/)[^`]*)`/g)) commands.push(span[1]!);
  return commands;
}

/** Why a command from a README would fail in this repository, or null when it would run. */
function problemWith(command: string): string | null {
  const words = command.split(/\s+/);
  const [program, first, second] = words;
  if (program === 'npm' && first === 'run') {
    if (!second || !(second in packageJson.scripts)) return `package.json has no script "${second}"`;
    if (second === 'keel') return problemWithKeel(words.slice(words.indexOf('--') + 1)[0]);
  } else if (program === 'npm' && first === 'test') {
    if (!('test' in packageJson.scripts)) return 'package.json has no test script';
    for (const word of words) {
      if (!word.startsWith('--only=')) continue;
      const unknown = word.slice('--only='.length).split(',').filter((step) => !testSteps.has(step));
      if (unknown.length > 0) return `npm test has no step ${unknown.join(', ')}`;
    }
  } else if (program === 'npx' && first === 'keel') {
    return problemWithKeel(second);
  } else if (program === 'node' && first && !first.startsWith('-')) {
    if (!existsSync(path.join(REPO_ROOT, first))) return `file ${first} does not exist`;
  } else if (program?.startsWith('.ci/') || program?.startsWith('./')) {
    if (!existsSync(path.join(REPO_ROOT, program))) return `file ${program} does not exist`;
  }
  return null;
}

function problemWithKeel(subcommand: string | undefined): string | null {
  // `keel --help` and placeholders such as `keel <command> --help` name no command.
  if (subcommand === undefined || subcommand.startsWith('-') || /^<[^>]+>$/.test(subcommand)) return null;
  return cliCommands.has(subcommand) ? null : `keel has no command "${subcommand}"`;
}

/** Relative link targets of a Markdown file, without their #fragment. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0]!);
}

describe('generated files', async () => {
  const expected = await generatedFiles();
  for (const [file, text] of expected) {
    test(`${file} is up to date`, () => {
      const current = existsSync(path.join(REPO_ROOT, file)) ? read(file) : '';
      assert.ok(current === text, `${file} is stale: run \`npm run manifest\` and commit the result.`);
    });
  }

  test('package.json names the manifest', () => {
    assert.equal(packageJson.customElements, 'custom-elements.json');
  });
});

describe('README commands', () => {
  for (const readme of READMES) {
    test(`${readme} commands exist`, () => {
      const commands = shellCommands(read(readme));
      assert.ok(commands.length > 0, `${readme} shows no commands; the check found nothing to verify.`);
      for (const command of commands) {
        assert.equal(problemWith(command), null, `${readme} shows "${command}"`);
      }
    });
  }

  test('checker rejects unknown commands', () => {
    assert.notEqual(problemWith('npm run no-such-script'), null);
    assert.notEqual(problemWith('npx keel no-such-command'), null);
    assert.notEqual(problemWith('npm test -- --only=no-such-step'), null);
    assert.notEqual(problemWith('node scripts/no-such-file.js'), null);
  });
});

describe('doc links', () => {
  for (const doc of DOCS) {
    test(`${doc} links resolve`, () => {
      const directory = path.dirname(path.join(REPO_ROOT, doc));
      for (const target of relativeLinks(read(doc))) {
        assert.ok(existsSync(path.join(directory, target)), `${doc} links to ${target}, which does not exist`);
      }
    });
  }
});
