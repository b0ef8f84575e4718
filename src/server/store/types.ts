// Value parsing shared by the PGlite and `pg` drivers, so both return the same
// JavaScript values for the same column types.

/** PostgreSQL type OIDs the store parses itself. */
export const PG_TYPE = {
  INT8: 20,
  DATE: 1082,
} as const;

/**
 * Parses an int8 (bigint) column into a JavaScript number. Money and counters
 * are stored as int8; a value outside the safe-integer range would silently
 * lose precision, so it raises instead.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`int8 value ${text} is outside the safe integer range of JavaScript numbers`);
  }
  return value;
}

/**
 * Returns a date column as its `YYYY-MM-DD` text. The drivers' default turns a
 * date into a `Date` at midnight in the process time zone, which shifts the day
 * for readers in other zones.
 */
export function parseDate(text: string): string {
  return text;
}
