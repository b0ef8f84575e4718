/**
 * Typed client methods derived from the contract's operation table.
 *
 * Each session-authenticated operation `resource.method` becomes
 * `client.resource.method(...pathParams, input?, options?)`: path parameters
 * positionally in path order, then the JSON body or query (optional when every
 * field is), then per-call {@link RequestOptions}.
 *
 * @module
 */

import * as z from 'zod/mini';
import { operations, type OperationDefinition, type OperationId, type OperationResponse, type Operations } from '../contract/index.js';
import { KeelInvalidRequestError, formatIssuePath, type KeelValidationIssue } from './errors.js';
import type { RequestOptions, ResponseCheck, TransportRequest } from './http.js';

/** Operations the browser client exposes: those a portal session token may call. */
export type ClientOperationId = {
  [Id in OperationId]: Operations[Id]['auth'] extends 'session' ? Id : never;
}[OperationId];

/** One `string` argument per `:name` in the path, in path order. */
type PathArgs<Path extends string> = Path extends `${string}:${string}/${infer Rest}`
  ? [string, ...PathArgs<`/${Rest}`>]
  : Path extends `${string}:${string}`
    ? [string]
    : [];

type InputOf<Definition> = Definition extends { body: infer Body extends z.ZodMiniType }
  ? z.input<Body>
  : Definition extends { query: infer Query extends z.ZodMiniType }
    ? z.input<Query>
    : never;

// An input whose fields are all optional may be left out.
type InputArgs<Input> = [Input] extends [never] ? [] : {} extends Input ? [input?: Input] : [input: Input];

/** Arguments of the client method for operation `Id`. */
export type OperationArgs<Id extends OperationId> = [
  ...PathArgs<Operations[Id]['path']>,
  ...InputArgs<InputOf<Operations[Id]>>,
  options?: RequestOptions,
];

/** The input (body or query) of operation `Id`, or `never` when it takes none. */
export type OperationInput<Id extends OperationId> = InputOf<Operations[Id]>;

export type OperationMethod<Id extends OperationId> = (...args: OperationArgs<Id>) => Promise<OperationResponse<Id>>;

type ResourceOf<Id extends string> = Id extends `${infer Resource}.${string}` ? Resource : never;

/** Resource groups of the client: `{ invoices: { list, retrieve, pdf, pay }, ... }`. */
export type KeelResources = {
  [Resource in ResourceOf<ClientOperationId>]: {
    [Id in ClientOperationId as Id extends `${Resource}.${infer Method}` ? Method : never]: OperationMethod<Id>;
  };
};

/** Returns whether the client exposes `definition` (portal-session operations only). */
export function isClientOperation(definition: OperationDefinition): boolean {
  return definition.auth === 'session';
}

/** Lists the `:name` parameters of a path in order. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_]+)/g)].map((match) => match[1] ?? '');
}

function toIssues(error: z.core.$ZodError): KeelValidationIssue[] {
  return error.issues.map((issue) => ({
    path: formatIssuePath(issue.path),
    code: issue.code,
    message: issue.message,
  }));
}

/** Builds the response check for `definition`: zod for JSON, a `Blob` test for PDFs. */
export function responseCheck(definition: OperationDefinition): (body: unknown) => ResponseCheck<unknown> {
  const schema = definition.response;
  if (schema === 'pdf') {
    return (body) =>
      typeof Blob !== 'undefined' && body instanceof Blob
        ? { ok: true, value: body }
        : { ok: false, issues: [{ path: '', code: 'invalid_type', message: 'expected a PDF document' }] };
  }
  return (body) => {
    const result = z.safeParse(schema, body);
    return result.success ? { ok: true, value: result.data } : { ok: false, issues: toIssues(result.error) };
  };
}

function isRequestOptions(value: unknown): value is RequestOptions {
  return typeof value === 'object' && value !== null;
}

/**
 * Turns the positional arguments of a client method into a transport request.
 *
 * Checks path parameters and the body or query against the contract before
 * anything is sent, so bad input fails with a `KeelInvalidRequestError` that
 * names the field, and the server sees nothing.
 *
 * @throws {KeelInvalidRequestError} when a path parameter is empty or the input fails its schema
 */
export function buildRequest(id: ClientOperationId, args: readonly unknown[]): TransportRequest<unknown> {
  const definition: OperationDefinition = operations[id];
  const names = pathParameterNames(definition.path);
  const inputSchema = definition.body ?? definition.query;

  let path = definition.path;
  names.forEach((name, index) => {
    const value = args[index];
    if (typeof value !== 'string' || value === '') {
      throw new KeelInvalidRequestError({
        code: 'parameter_missing',
        status: null,
        message: `${id} needs "${name}" as a non-empty string (argument ${index + 1})`,
        param: name,
        operation: id,
      });
    }
    path = path.replace(`:${name}`, encodeURIComponent(value));
  });

  const rest = args.slice(names.length);
  const input = inputSchema ? rest[0] : undefined;
  const optionsArg = inputSchema ? rest[1] : rest[0];
  const options = isRequestOptions(optionsArg) ? optionsArg : undefined;

  if (inputSchema) {
    const checked = z.safeParse(inputSchema, input ?? {});
    if (!checked.success) {
      const issues = toIssues(checked.error);
      const first = issues[0];
      throw new KeelInvalidRequestError({
        code: 'parameter_invalid',
        status: null,
        message: `${id} input is invalid at "${first?.path ?? ''}": ${first?.message ?? 'failed validation'}`,
        param: first?.path || null,
        operation: id,
        raw: issues,
      });
    }
  }

  const request: TransportRequest<unknown> = {
    operation: id,
    method: definition.method,
    path,
    check: responseCheck(definition),
    options,
  };
  if (definition.response === 'pdf') {
    request.responseType = 'blob';
    // Errors still arrive as the JSON envelope, so JSON stays acceptable.
    request.accept = 'application/pdf, application/json;q=0.9';
  }
  if (definition.body) request.body = input ?? {};
  if (definition.query) request.query = (input ?? undefined) as Record<string, unknown> | undefined;
  return request;
}
