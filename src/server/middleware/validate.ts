/**
 * Request validation against the contract's zod schemas.
 *
 * Path parameters, query and JSON body are each parsed with their schema
 * before the route runs. The first problem becomes a 400 whose `param` names
 * the field as a dotted path. Nothing reaches a route unvalidated, so a
 * rejected request changes nothing.
 *
 * @module
 */
import type { MiddlewareHandler } from 'hono';
import * as z from 'zod/mini';
import { ErrorCode } from '../../contract/errors.js';
import type { KeelEnv } from '../context.js';
import { KeelHttpError } from '../errors.js';

type Schema = z.ZodMiniType;

export interface RequestSchemas {
  params?: Schema | undefined;
  query?: Schema | undefined;
  /** Body schema of a mutation; a mutation without one accepts only an empty body or `{}`. */
  body?: Schema | undefined;
}

const EMPTY_BODY = z.strictObject({});

type Issue = z.core.$ZodIssue;
type PathSegment = PropertyKey;

/** Format a zod path as `address.postal_code` or `tax_ids[0].value`. */
export function formatParamPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

function valueAt(input: unknown, path: readonly PathSegment[]): unknown {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function describeIssue(issue: Issue, param: string): string {
  const field = param === '' ? 'The request' : `"${param}"`;
  switch (issue.code) {
    case 'invalid_type':
      return `${field} must be ${issue.expected === 'array' || issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}.`;
    case 'too_big':
      return `${field} is too ${issue.origin === 'string' || issue.origin === 'array' ? 'long' : 'large'}; the maximum is ${String(issue.maximum)}.`;
    case 'too_small':
      return `${field} is too ${issue.origin === 'string' || issue.origin === 'array' ? 'short' : 'small'}; the minimum is ${String(issue.minimum)}.`;
    case 'invalid_value':
      return `${field} must be one of: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}.`;
    case 'invalid_format':
      return issue.message && issue.message !== 'Invalid input' ? `${field} is invalid: ${issue.message}` : `${field} must be a valid ${issue.format}.`;
    default:
      return issue.message && issue.message !== 'Invalid input' ? `${field} is invalid: ${issue.message}` : `${field} is invalid.`;
  }
}

/** Turn the first zod issue into a 400 `KeelHttpError`. */
export function issueToError(issues: readonly Issue[], input: unknown, prefix: readonly PathSegment[] = []): KeelHttpError {
  const issue = issues[0];
  if (!issue) return new KeelHttpError(400, ErrorCode.parameterInvalid, 'The request is invalid.');

  if (issue.code === 'unrecognized_keys') {
    const param = formatParamPath([...prefix, ...issue.path, issue.keys[0] ?? '']);
    return new KeelHttpError(400, ErrorCode.parameterUnknown, `"${param}" is not a field of this request.`, { param });
  }
  const param = formatParamPath([...prefix, ...issue.path]);
  if (issue.path.length > 0 && valueAt(input, issue.path) === undefined) {
    return new KeelHttpError(400, ErrorCode.parameterMissing, `"${param}" is required.`, { param: param || null });
  }
  return new KeelHttpError(400, ErrorCode.parameterInvalid, describeIssue(issue, param), { param: param || null });
}

/** Follow optional, nullable, default and pipe wrappers to the schema that decides the type. */
function baseType(schema: Schema): string {
  let current: z.core.$ZodType = schema;
  for (let depth = 0; depth < 10; depth += 1) {
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return def.type;
  }
  return 'unknown';
}

/**
 * Convert query-string values to the types the query schema expects: numbers
 * and booleans arrive as text, and repeated keys arrive as several values.
 */
function coerceQuery(schema: Schema | undefined, raw: Record<string, string[]>): Record<string, unknown> {
  const shape = (schema?._zod.def as { shape?: Record<string, Schema> } | undefined)?.shape ?? {};
  // No prototype, so `__proto__=1` becomes an own key that the strict schema rejects instead of vanishing.
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, values] of Object.entries(raw)) {
    // Own keys only: `constructor` or `__proto__` in a query string must not find Object.prototype members.
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    const type = field ? baseType(field) : 'unknown';
    const convert = (text: string): unknown => {
      if (type === 'number' || type === 'bigint') return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
      if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
      return text;
    };
    if (type === 'array') out[key] = values.map(convert);
    else if (values.length === 1) out[key] = convert(values[0] as string);
    else {
      throw new KeelHttpError(400, ErrorCode.parameterInvalid, `"${key}" may appear only once in the query string.`, { param: key });
    }
  }
  return out;
}

async function readJsonBody(c: Parameters<MiddlewareHandler<KeelEnv>>[0]): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const contentType = c.req.header('Content-Type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new KeelHttpError(415, 'unsupported_media_type', 'The request body must be JSON with Content-Type: application/json.', {
      param: null,
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new KeelHttpError(400, ErrorCode.invalidJson, 'The request body is not valid JSON.');
  }
}

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Returns why PostgreSQL cannot store `text` as text or jsonb, or null when it can. */
function unstorableReason(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000), which is not allowed';
  if (UNPAIRED_SURROGATE.test(text)) return 'is not valid Unicode: it contains an unpaired UTF-16 surrogate';
  return null;
}

/**
 * Reject strings, keys included, that PostgreSQL cannot store (NUL
 * characters and unpaired surrogates); they would otherwise fail deep in
 * the store as a 500.
 */
function rejectUnstorableText(input: unknown): void {
  // An explicit stack with parent links, because a 64 KB body can nest arrays tens of thousands deep.
  interface Entry {
    value: unknown;
    segment: PathSegment | null;
    parent: Entry | null;
  }
  const pending: Entry[] = [{ value: input, segment: null, parent: null }];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const { value } = entry;
    if (typeof value === 'string') {
      const reason = unstorableReason(value);
      if (reason !== null) throw unstorableTextError(entry, reason);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    for (const [key, child] of Object.entries(value)) {
      const segment = Array.isArray(value) ? Number(key) : key;
      pending.push({ value: key, segment, parent: entry }, { value: child, segment, parent: entry });
    }
  }

  function unstorableTextError(entry: Entry, reason: string): KeelHttpError {
    const path: PathSegment[] = [];
    for (let current: Entry | null = entry; current !== null; current = current.parent) {
      if (current.segment !== null) path.unshift(current.segment);
    }
    const param = formatParamPath(path);
    const field = param === '' ? 'The request' : `"${param}"`;
    return new KeelHttpError(400, ErrorCode.parameterInvalid, `${field} ${reason}.`, { param: param || null });
  }
}

function parseWith(schema: Schema, input: unknown, prefix: readonly PathSegment[] = []): unknown {
  const result = z.safeParse(schema, input);
  if (!result.success) throw issueToError(result.error.issues, input, prefix);
  return result.data;
}

/** Validate params, query and body, and store the parsed values as `validated`. */
export function validateRequest(schemas: RequestSchemas, options: { hasBody: boolean }): MiddlewareHandler<KeelEnv> {
  return async function validateRequest(c, next) {
    const rawParams = c.req.param();
    rejectUnstorableText(rawParams);
    const params = schemas.params ? parseWith(schemas.params, rawParams) : rawParams;

    const rawQuery = c.req.queries();
    rejectUnstorableText(Object.fromEntries(Object.entries(rawQuery).map(([key, values]) => [key, values.length === 1 ? values[0] : values])));
    const query = schemas.query
      ? parseWith(schemas.query, coerceQuery(schemas.query, rawQuery))
      : Object.keys(rawQuery).length === 0
        ? {}
        : parseWith(EMPTY_BODY, coerceQuery(undefined, rawQuery));

    let body: unknown = undefined;
    if (options.hasBody) {
      const input = await readJsonBody(c);
      rejectUnstorableText(input);
      body = parseWith(schemas.body ?? EMPTY_BODY, input);
    }

    c.set('validated', { params: params as Record<string, unknown>, query: query as Record<string, unknown>, body });
    await next();
  };
}
