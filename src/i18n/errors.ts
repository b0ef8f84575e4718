export type I18nErrorCode =
  | 'invalid_locale'
  | 'invalid_time_zone'
  | 'invalid_date'
  | 'invalid_override'
  | 'locale_load_failed';

/** Error for bad localization input: a stable `code`, a message and the offending `param`. */
export class I18nError extends Error {
  readonly code: I18nErrorCode;
  readonly param: string;

  constructor(code: I18nErrorCode, param: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'I18nError';
    this.code = code;
    this.param = param;
  }
}
