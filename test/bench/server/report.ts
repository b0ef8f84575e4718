/**
 * Shared output of the server and client benchmarks: machine details,
 * Markdown tables and their marked section in docs/benchmarks.md.
 *
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const docsPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/benchmarks.md');

export function machineDescription(): string {
  const cpus = os.cpus();
  const memoryGiB = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${cpus[0]?.model ?? 'unknown CPU'} (${cpus.length} logical CPUs), ${memoryGiB} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}, Node.js ${process.version}`;
}

/** Returns the 1-minute load average, which shows how much other work shared the machine during a run. */
export function loadAverage(): string {
  return os.loadavg()[0]?.toFixed(1) ?? 'unknown';
}

/** Today's date in UTC as YYYY-MM-DD. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export interface Column {
  title: string;
  align?: 'left' | 'right';
}

/** Formats rows as a Markdown table, with cells inserted as given. */
export function markdownTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const header = `| ${columns.map((column) => column.title).join(' | ')} |`;
  const rule = `| ${columns.map((column) => (column.align === 'right' ? '---:' : '---')).join(' | ')} |`;
  return [header, rule, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** Formats `value / baseline` as a ratio such as `0.25×`. */
export function ratio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return '-';
  const quotient = value / baseline;
  // Two significant digits below 1, so a route at a few thousandths of the baseline does not print as 0.00×.
  if (quotient < 1) return `${quotient.toPrecision(2)}×`;
  return `${quotient >= 10 ? quotient.toFixed(1) : quotient.toFixed(2)}×`;
}

/**
 * Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in
 * docs/benchmarks.md with `body`, or appends the marked section when the
 * markers are absent. Other sections stay as they are.
 */
export async function writeDocSection(name: string, body: string): Promise<string> {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const section = `${start}\n${body.trim()}\n${end}`;

  let existing = '';
  try {
    existing = await readFile(docsPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const startIndex = existing.indexOf(start);
  const endIndex = existing.indexOf(end);
  let updated: string;
  if (startIndex !== -1 && endIndex > startIndex) {
    updated = `${existing.slice(0, startIndex)}${section}${existing.slice(endIndex + end.length)}`;
  } else if (existing.trim() === '') {
    updated = `# Benchmarks\n\n${section}\n`;
  } else {
    updated = `${existing.trimEnd()}\n\n${section}\n`;
  }
  await writeFile(docsPath, updated);
  return path.relative(process.cwd(), docsPath);
}
