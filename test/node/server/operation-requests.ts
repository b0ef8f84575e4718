/**
 * A valid request for every contract operation, built from the contract's
 * own examples, with path ids pointing at one customer's objects.
 */
import { examples } from '../../../src/contract/examples.js';
import { isMutation, operations, type OperationDefinition, type OperationId } from '../../../src/contract/operations.js';
import { OBJECTS } from './fake-provider.js';

/** Object kind each `:id` path refers to, by path prefix. */
const ID_KINDS: [prefix: string, kind: keyof typeof OBJECTS][] = [
  ['/v1/invoices/', 'invoice'],
  ['/v1/payments/', 'payment'],
  ['/v1/payment_methods/setup/', 'setup'],
  ['/v1/payment_methods/', 'payment_method'],
  ['/v1/subscriptions/', 'subscription'],
  ['/v1/billing_details/tax_ids/', 'tax_id'],
];

export interface OperationRequest {
  id: OperationId;
  definition: OperationDefinition;
  method: string;
  /** Path with query string. */
  path: string;
  body: unknown;
  mutation: boolean;
  /** True when the path names an object that belongs to a customer. */
  ownsObject: boolean;
}

function exampleFor(schema: unknown): unknown {
  const match = Object.values(examples).find((example) => example.schema === schema);
  return match?.valid;
}

/** Replace example ids in request bodies with the customer's own objects. */
function localize(value: unknown, customerId: 'cus_a' | 'cus_b'): unknown {
  const json = JSON.stringify(value ?? {})
    .replaceAll('in_jp_1', OBJECTS.invoice[customerId])
    .replaceAll('pm_visa_4242', OBJECTS.payment_method[customerId])
    .replaceAll('sub_jp_1', OBJECTS.subscription[customerId]);
  return JSON.parse(json);
}

export function operationRequest(id: OperationId, customerId: 'cus_a' | 'cus_b', objectOwner: 'cus_a' | 'cus_b' = customerId): OperationRequest {
  const definition = operations[id] as OperationDefinition;
  let path = definition.path;
  let ownsObject = false;
  if (path.includes(':id') && definition.auth === 'session') {
    const kind = ID_KINDS.find(([prefix]) => path.startsWith(prefix))?.[1];
    if (!kind) throw new Error(`No object kind for ${path}`);
    path = path.replace(':id', OBJECTS[kind][objectOwner]);
    ownsObject = true;
  }
  path = path.replace(':id', 'kv_1').replace(':offer_id', 'offer_discount_30');

  if (definition.query) {
    const query = localize(exampleFor(definition.query), customerId) as Record<string, unknown> | undefined;
    if (query && Object.keys(query).length > 0) {
      path += `?${new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)])).toString()}`;
    }
  }
  const mutation = isMutation(definition);
  const body = mutation ? localize(definition.body ? exampleFor(definition.body) : {}, customerId) : undefined;
  return { id, definition, method: definition.method, path, body, mutation, ownsObject };
}

/** Every operation the HTTP layer routes itself (webhooks go to the provider). */
export const ROUTED_OPERATIONS = (Object.keys(operations) as OperationId[]).filter((id) => id !== 'webhooks.stripe');
