/**
 * Argument parsing shared by the commands, on `node:util` parseArgs.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parse `args` strictly; unknown options and missing values become plain `CliError`s. */
export function parseCommandArgs<T extends Options>(command: string, args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '');
    throw new CliError(`${message}. Run "keel ${command} --help" for the options.`);
  }
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Convert `90`, `90s`, `15m`, `12h`, `7d` or `2w` to seconds. */
export function parseDurationSeconds(text: string, label: string): number {
  const match = /^(\d{1,6})([smhdw]?)$/.exec(text.trim());
  if (!match) throw new CliError(`${label} "${text}" is not a duration; write a number with s, m, h, d or w, such as 15m or 7d.`);
  return Number(match[1]) * (DURATION_UNITS[match[2] || 's'] as number);
}

export function parsePort(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new CliError(`Port "${text}" is invalid; use a whole number from 0 to 65535.`);
  return port;
}
