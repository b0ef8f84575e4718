/**
 * Generates the OpenAPI 3.1 document from the operation table. OpenAPI 3.1
 * uses JSON Schema 2020-12, which is what zod emits, so schemas go in as is.
 */
import * as z from 'zod/mini';
import * as contract from './index.js';
import { OPERATION_SUMMARIES } from './operation-summaries.js';
import { isMutation, operations, pathParameters, type OperationDefinition, type OperationId } from './operations.js';

type JsonObject = Record<string, unknown>;

const COMPONENT_PREFIX = '#/components/schemas/';

/** Every object schema the contract exports by name becomes a reusable component. */
function collectNamedSchemas(): Map<z.ZodMiniType, string> {
  const named = new Map<z.ZodMiniType, string>();
  for (const [name, value] of Object.entries(contract)) {
    const isObjectSchema = typeof value === 'object' && value !== null && '_zod' in value && (value as z.ZodMiniType)._zod.def.type === 'object';
    if (isObjectSchema && !named.has(value as z.ZodMiniType)) named.set(value as z.ZodMiniType, name);
  }
  return named;
}

const namedSchemas = collectNamedSchemas();

function buildComponents(): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of namedSchemas) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `${COMPONENT_PREFIX}${id}`, unrepresentable: 'any' }) as { schemas: Record<string, JsonObject> };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
}

function toSchema(schema: z.ZodMiniType, io: 'input' | 'output'): JsonObject {
  const name = namedSchemas.get(schema);
  if (name) return { $ref: `${COMPONENT_PREFIX}${name}` };
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  delete json.$schema;
  return json;
}

function queryParameters(schema: z.ZodMiniType): JsonObject[] {
  const json = toSchema(schema, 'input');
  const resolved = '$ref' in json ? (z.toJSONSchema(schema, { io: 'input' }) as JsonObject) : json;
  const properties = (resolved.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((resolved.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: property,
  }));
}

function headerParameters(definition: OperationDefinition): JsonObject[] {
  if (!isMutation(definition)) return [];
  return [
    {
      name: 'Idempotency-Key',
      in: 'header',
      required: definition.auth === 'session',
      description: 'A unique key per operation; retries reuse it and the server replays the first result.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    },
  ];
}

function successResponse(definition: OperationDefinition): JsonObject {
  if (definition.response === 'pdf') {
    return { description: 'The PDF document.', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } };
  }
  return { description: 'Success.', content: { 'application/json': { schema: toSchema(definition.response, 'output') } } };
}

function security(definition: OperationDefinition): JsonObject[] {
  if (definition.auth === 'session') return [{ sessionToken: [] }];
  if (definition.auth === 'admin') return [{ adminKey: [] }];
  return [];
}

function buildOperation(id: string, definition: OperationDefinition): JsonObject {
  const parameters = [
    ...pathParameters(definition.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...(definition.query ? queryParameters(definition.query) : []),
    ...headerParameters(definition),
  ];

  const operation: JsonObject = {
    operationId: id,
    summary: OPERATION_SUMMARIES[id as OperationId],
    tags: [id.split('.')[0]],
    security: security(definition),
    responses: {
      '200': successResponse(definition),
      default: { description: 'An error in the shared shape.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorEnvelope' } } } },
    },
  };
  if (parameters.length > 0) operation.parameters = parameters;
  if (definition.capability) operation['x-keel-capability'] = definition.capability;
  if (definition.changes.length > 0) operation['x-keel-changes'] = definition.changes;
  if (definition.sandboxOnly) operation['x-keel-sandbox-only'] = true;
  if (definition.body) {
    operation.requestBody = { required: true, content: { 'application/json': { schema: toSchema(definition.body, 'input') } } };
  }
  return operation;
}

/** Builds the OpenAPI 3.1 document for the whole contract. */
export function buildOpenApiDocument(version: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const [id, definition] of Object.entries(operations) as [string, OperationDefinition][]) {
    const openApiPath = definition.path.replace(/:([a-z_]+)/g, '{$1}');
    paths[openApiPath] ??= {};
    paths[openApiPath][definition.method.toLowerCase()] = buildOperation(id, definition);
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Keel billing portal API',
      version,
      description: 'The API between Keel’s elements and the backend adapter. Money is an integer in the currency’s minor unit plus its ISO 4217 code.',
    },
    paths,
    components: {
      schemas: buildComponents(),
      securitySchemes: {
        sessionToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A portal session token minted by the vendor’s backend.' },
        adminKey: { type: 'apiKey', in: 'header', name: 'X-Keel-Admin-Key', description: 'The vendor’s server-to-server admin key.' },
      },
    },
  };
}
