/**
 * Recovery benchmark: Keel's retry policy against a naive schedule (a retry
 * every 3 days, 4 times) over a seeded population of failed payments.
 *
 *   npm run bench:recovery -- [--payments 20000] [--seed 20261204] [--no-write]
 *
 * Prints progress to stderr and the result table to stdout, and rewrites the
 * recovery section of docs/benchmarks.md unless `--no-write` is given.
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_DUNNING_POLICY } from '../../src/dunning/index.js';
import {
  FAILURE_SPAN,
  FUNDS_APPROVAL,
  FUNDS_LAST_DAYS,
  IMMEDIATE_RETRY_APPROVAL,
  MARKETS,
  PAYDAY_FUNDED_SHARE,
  SCENARIOS,
} from './recovery/model.js';
import { keelSchedule, median, naiveSchedule, simulateRecovery, type PolicyResult } from './recovery/simulate.js';

const SECTION_START = '<!-- recovery-benchmark:start -->';
const SECTION_END = '<!-- recovery-benchmark:end -->';
const docsPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/benchmarks.md');

const { values: args } = parseArgs({
  options: {
    payments: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '20261204' },
    'no-write': { type: 'boolean', default: false },
  },
});
const paymentCount = Number(args.payments);
const seed = Number(args.seed);
if (!Number.isSafeInteger(paymentCount) || paymentCount <= 0) {
  throw new Error(`--payments must be a positive integer, got ${args.payments}.`);
}
if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, got ${args.seed}.`);

const POLICIES = {
  'Keel policy': keelSchedule(),
  'Naive (every 3 days, 4 times)': naiveSchedule(3, 4),
};

const started = performance.now();
let lastReported = -1;
const results = simulateRecovery({
  payments: paymentCount,
  seed,
  schedules: POLICIES,
  onProgress(done, total) {
    const percent = Math.floor((done / total) * 100);
    if (percent % 5 === 0 && percent !== lastReported) {
      lastReported = percent;
      process.stderr.write(`recovery benchmark: ${done}/${total} payments simulated (${percent}%)\n`);
    }
  },
});
const elapsedSeconds = (performance.now() - started) / 1000;

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((part / whole) * 100).toFixed(1)}%`;
}

function days(value: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(1);
}

function summaryTable(entries: Array<[string, PolicyResult]>): string {
  const rows = [
    '| policy | retries spent | retries per recovery | network-rule violations | retries of never-retry declines | recovered | recovery rate | median days to recover | mean days to recover |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [name, result] of entries) {
    const mean = result.daysToRecover.reduce((sum, value) => sum + value, 0) / result.daysToRecover.length;
    rows.push(
      `| ${name} | ${result.retries} | ${(result.retries / Math.max(result.recovered, 1)).toFixed(2)} | ${result.networkViolations} | ${result.neverRetryRetries} | ${result.recovered} | ${percent(result.recovered, result.payments)} | ${days(median(result.daysToRecover))} | ${days(mean)} |`,
    );
  }
  return rows.join('\n');
}

function scenarioTable(entries: Array<[string, PolicyResult]>): string {
  const header = ['| decline | payments', ...entries.flatMap(([name]) => [`${name}: retries`, `${name}: recovered`])].join(' | ');
  const rows = [`${header} |`, `| --- | ---:${' | ---:'.repeat(entries.length * 2)} |`];
  for (const scenario of SCENARIOS) {
    const cells = entries.flatMap(([, result]) => {
      const stats = result.byScenario[scenario.name] ?? { payments: 0, retries: 0, recovered: 0 };
      return [String(stats.retries), percent(stats.recovered, stats.payments)];
    });
    const payments = entries[0]![1].byScenario[scenario.name]?.payments ?? 0;
    rows.push(`| ${scenario.name} | ${payments} | ${cells.join(' | ')} |`);
  }
  return rows.join('\n');
}

const entries = Object.entries(results);
const summary = summaryTable(entries);
process.stdout.write(`\n${summary}\n\n${scenarioTable(entries)}\n\n`);
process.stdout.write(`${paymentCount} payments, seed ${seed}, ${elapsedSeconds.toFixed(1)} s\n`);

function machineDescription(): string {
  const cpus = os.cpus();
  const memoryGiB = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${cpus[0]?.model ?? 'unknown CPU'} (${cpus.length} logical CPUs), ${memoryGiB} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}, Node.js ${process.version}`;
}

function modelDescription(): string {
  const scenarioLines = SCENARIOS.map((scenario) => {
    const codes = [
      scenario.adviceCode ? `advice_code ${scenario.adviceCode}` : null,
      scenario.visaCode ? `Visa ${scenario.visaCode}` : null,
      scenario.mastercardAdvice ? `Mastercard MAC ${scenario.mastercardAdvice.map(([mac, weight]) => `${mac ?? 'none'} (${weight})`).join(', ')}` : null,
    ].filter((value) => value !== null);
    const recovery =
      scenario.recovery === 'funds'
        ? 'approved while funds are in the account'
        : scenario.recovery === 'random'
          ? `approved with chance ${scenario.approval} per attempt`
          : scenario.recovery === 'transient'
            ? 'approved on the first attempt at least 1 hour later'
            : 'never approved on this card';
    return `| ${scenario.name} | ${scenario.weight} | \`${scenario.declineCode}\`${codes.length > 0 ? `; ${codes.join('; ')}` : ''} | ${recovery} |`;
  });
  const marketLines = MARKETS.map(
    (market) => `| ${market.country} | ${market.weight} | ${market.timeZones.join(', ')} | ${market.networks.map(([network, weight]) => `${network} ${weight}`).join(', ')} |`,
  );
  return [
    '### Model',
    '',
    'Every number below is an assumption chosen to resemble a mixed B2C/B2B SaaS, not a measurement.',
    '',
    `- First failures fall uniformly between ${new Date(FAILURE_SPAN.from).toISOString().slice(0, 10)} and ${new Date(FAILURE_SPAN.to).toISOString().slice(0, 10)} (UTC), at any time of day, so weekends, public holidays and the Japanese year-end bank closure are all hit.`,
    '- The issuer answers every declined retry with the same codes as the first decline.',
    `- Insufficient funds and card velocity: the money arrives on the customer's next payday at 06:00 local time for ${PAYDAY_FUNDED_SHARE * 100}% of payments, or at a uniformly random time within 20 days for the rest, and stays ${FUNDS_LAST_DAYS[0]}-${FUNDS_LAST_DAYS[1]} days (uniform) before other debits use it. An attempt while the money is there is approved with chance ${FUNDS_APPROVAL.funded}, otherwise ${FUNDS_APPROVAL.unfunded}. Paydays come from the same country table Keel's policy uses (\`src/dunning/data/calendar.v1.ts\`), so the model favours payday-aware timing exactly as far as that table is right.`,
    `- A retry less than 1 hour after a decline is approved with chance ${IMMEDIATE_RETRY_APPROVAL}.`,
    '- Only automatic retries are counted. Customers who update their card from the banner or an email recover payments under both policies alike and are not modelled.',
    '- Approval draws are keyed by seed, payment and attempt instant, so two policies retrying the same payment at the same instant get the same outcome.',
    '- Network-rule violations are counted by an independent checker (`test/bench/recovery/rules.ts`): a Visa retry after a category-1 code or beyond 15 attempts in 30 days; a Mastercard retry within 30 days after MAC 03 or 21, before a MAC 24-30 wait has passed, or beyond 10 declines in 24 hours or 35 in 30 days.',
    '',
    '| decline scenario | weight | codes sent | retry outcome |',
    '| --- | ---: | --- | --- |',
    ...scenarioLines,
    '',
    '| country | weight | time zones | card networks (weight) |',
    '| --- | ---: | --- | --- |',
    ...marketLines,
    '',
    `Keel's policy runs with its defaults: at most ${DEFAULT_DUNNING_POLICY.maxRetries} retries within ${DEFAULT_DUNNING_POLICY.retryWindowDays} days, local business hours ${DEFAULT_DUNNING_POLICY.businessHours.start}:00-${DEFAULT_DUNNING_POLICY.businessHours.end}:00, paydays at most ${DEFAULT_DUNNING_POLICY.paydayMaxWaitDays} days away. The naive schedule retries every 3 days from the first failure, 4 times, at the same time of day, whatever the decline.`,
  ].join('\n');
}

const section = [
  SECTION_START,
  '## Failed-payment recovery',
  '',
  'Generated by `npm run bench:recovery` (`test/bench/recovery.ts`); rerun it to refresh this section.',
  '',
  `- Payments: ${paymentCount}; seed: ${seed}; run time: ${elapsedSeconds.toFixed(1)} s`,
  `- Machine: ${machineDescription()}`,
  '',
  summary,
  '',
  '### By decline',
  '',
  scenarioTable(entries),
  '',
  modelDescription(),
  SECTION_END,
].join('\n');

if (!args['no-write']) {
  let existing = '';
  try {
    existing = await readFile(docsPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const start = existing.indexOf(SECTION_START);
  const end = existing.indexOf(SECTION_END);
  let updated: string;
  if (start !== -1 && end > start) {
    updated = `${existing.slice(0, start)}${section}${existing.slice(end + SECTION_END.length)}`;
  } else if (existing.trim() === '') {
    updated = `# Benchmarks\n\n${section}\n`;
  } else {
    updated = `${existing.trimEnd()}\n\n${section}\n`;
  }
  await writeFile(docsPath, updated);
  process.stderr.write(`recovery benchmark: wrote ${path.relative(process.cwd(), docsPath)}\n`);
}
