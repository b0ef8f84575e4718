/**
 * Structured JSON logs: one object per line, every field passed through
 * `redact` so tokens, card data and emails never reach the output.
 *
 * @module
 */
import { redact, redactString } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Return a logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Lowest level written. [default: 'info'] */
  level?: LogLevel;
  /** Receives each finished line without the trailing newline. [default: writes to stdout] */
  write?: (line: string) => void;
  /** Fields added to every line, such as a service name. */
  base?: LogFields;
  /** Clock, replaceable in tests. [default: () => new Date()] */
  now?: () => Date;
}

function defaultWrite(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Create a JSON-lines logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const { level = 'info', write = defaultWrite, base = {}, now = () => new Date() } = options;
  if (!(level in LEVEL_ORDER)) {
    throw new TypeError(`Log level "${String(level)}" is invalid; use debug, info, warn or error.`);
  }
  const threshold = LEVEL_ORDER[level];

  function build(bound: LogFields): Logger {
    function emit(lineLevel: LogLevel, message: string, fields?: LogFields): void {
      if (LEVEL_ORDER[lineLevel] < threshold) return;
      const record = redact({ ...bound, ...fields }) as LogFields;
      const line = JSON.stringify({ time: now().toISOString(), level: lineLevel, msg: redactString(message), ...record });
      write(line);
    }
    return {
      debug: (message, fields) => emit('debug', message, fields),
      info: (message, fields) => emit('info', message, fields),
      warn: (message, fields) => emit('warn', message, fields),
      error: (message, fields) => emit('error', message, fields),
      child: (fields) => build({ ...bound, ...fields }),
    };
  }

  return build(base);
}

/** A logger that drops everything, for embedding code that brings its own logging. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
