/**
 * Invalid input to a dunning policy function. `code` is stable for machines,
 * `field` names the offending input.
 */
export class DunningInputError extends Error {
  override readonly name = 'DunningInputError';
  readonly code: string;
  readonly field: string;

  constructor(code: string, field: string, message: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

export function requireInstant(value: unknown, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new DunningInputError('invalid_instant', field, `${field} must be a valid Date, got ${String(value)}.`);
  }
  return value;
}

export function requireTimeZone(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new DunningInputError('invalid_time_zone', field, `${field} must be an IANA time zone name such as "Asia/Tokyo".`);
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    throw new DunningInputError('invalid_time_zone', field, `${field} "${value}" is not a known IANA time zone.`);
  }
  return value;
}

export function requireCountry(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z]{2}$/.test(value)) {
    throw new DunningInputError('invalid_country', field, `${field} must be an ISO 3166-1 alpha-2 code such as "JP", got ${String(value)}.`);
  }
  return value.toUpperCase();
}

export function requirePositive(value: unknown, field: string, { integer = false } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'a positive integer' : 'a positive number';
    throw new DunningInputError('invalid_number', field, `${field} must be ${kind}, got ${String(value)}.`);
  }
  return value;
}
