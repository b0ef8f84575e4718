/**
 * A mock Keel API for element tests: msw handlers for every session operation
 * of the contract, answering with the contract's valid examples unless a test
 * overrides an operation.
 *
 * Exports:
 * - `API_BASE`: the base URL elements under test talk to (same origin as the test page).
 * - `mockApi(overrides)`: installs handlers for the current test; returns a log of the requests made.
 * - `testClient(options)`: a fresh client for `API_BASE` with a test session token.
 * - `example(name)`: a deep copy of a contract example, for building responses.
 * - `jsonError(status, code, param?)`: an error response in the contract's shape.
 */
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { createKeelClient, type KeelClient, type KeelClientOptions } from '../../../src/client/index.js';
import { examples, type ExampleName } from '../../../src/contract/examples.js';
import { operations, type OperationDefinition, type OperationId } from '../../../src/contract/index.js';
import { useHandlers } from './msw.js';

export const API_BASE = `${location.origin}/keel-api`;

/** Which example answers each operation by default. */
const DEFAULT_RESPONSES: Partial<Record<OperationId, ExampleName>> = {
  'session.retrieve': 'PortalSession',
  'invoices.list': 'InvoiceList',
  'invoices.retrieve': 'InvoiceDetail',
  'invoices.pay': 'Payment',
  'payments.retrieve': 'Payment',
  'payments.authenticate': 'Payment',
  'paymentMethods.list': 'PaymentMethodList',
  'paymentMethods.createSetup': 'SetupSession',
  'paymentMethods.completeSetup': 'SetupResult',
  'paymentMethods.setDefault': 'PaymentMethod',
  'paymentMethods.remove': 'DeletedPaymentMethod',
  'paymentOptions.list': 'PaymentOptions',
  'paymentOptions.bankTransfer': 'BankTransferInstructions',
  'paymentOptions.konbini': 'KonbiniVoucher',
  'paymentOptions.payByInvoice': 'PayByInvoiceApplication',
  'subscriptions.list': 'SubscriptionList',
  'subscriptions.retrieve': 'Subscription',
  'plans.list': 'PlanCatalog',
  'subscriptions.previewChange': 'SubscriptionChangePreview',
  'subscriptions.change': 'Subscription',
  'subscriptions.cancelScheduledChange': 'Subscription',
  'subscriptions.pause': 'Subscription',
  'subscriptions.resume': 'Subscription',
  'subscriptions.retentionOffers': 'RetentionOfferList',
  'subscriptions.acceptOffer': 'Subscription',
  'subscriptions.cancel': 'Subscription',
  'subscriptions.reactivate': 'Subscription',
  'billingDetails.retrieve': 'BillingDetails',
  'billingDetails.update': 'BillingDetails',
  'billingDetails.addTaxId': 'TaxId',
  'billingDetails.removeTaxId': 'DeletedTaxId',
  'dunning.retrieve': 'DunningState',
  'dunning.recordEvent': 'DunningState',
  'dunning.requestExtension': 'DunningState',
};

export interface RecordedRequest {
  operation: OperationId;
  method: string;
  url: URL;
  params: Record<string, string>;
  body: unknown;
  headers: Headers;
}

/** What a test returns for an operation: a JSON body, or a full Response. */
export type MockResult = JsonBodyType | Response;
export type MockResolver = (request: RecordedRequest) => MockResult | Promise<MockResult>;

export function example<Name extends ExampleName>(name: Name): (typeof examples)[Name]['valid'] {
  return structuredClone(examples[name].valid);
}

export function jsonError(status: number, code: string, param: string | null = null): Response {
  return HttpResponse.json({ error: { code, message: `Mock error ${code}.`, param, request_id: 'req_mock' } }, { status });
}

function defaultResolver(operation: OperationId): MockResolver {
  // The provider's clock reads as the browser's, so dates tests compute from Date.now() line up.
  if (operation === 'session.retrieve') return () => ({ ...example('PortalSession'), now: new Date().toISOString() });
  const name = DEFAULT_RESPONSES[operation];
  return () => (name ? (example(name) as JsonBodyType) : jsonError(404, 'route_not_found'));
}

/**
 * Installs handlers for every session operation. Overrides take a JSON body,
 * a Response, or a function of the recorded request.
 */
export async function mockApi(overrides: Partial<Record<OperationId, MockResult | MockResolver>> = {}): Promise<RecordedRequest[]> {
  const requests: RecordedRequest[] = [];
  const handlers = (Object.entries(operations) as [OperationId, OperationDefinition][])
    .filter(([, definition]) => definition.auth === 'session')
    .map(([operation, definition]) => {
      const override = overrides[operation];
      const resolver: MockResolver =
        typeof override === 'function' ? (override as MockResolver) : override !== undefined ? () => override : defaultResolver(operation);
      const method = definition.method.toLowerCase() as 'get' | 'post' | 'delete';
      return http[method](`${API_BASE}${definition.path}`, async ({ request, params }) => {
        const text = definition.method === 'GET' ? '' : await request.text();
        const recorded: RecordedRequest = {
          operation,
          method: definition.method,
          url: new URL(request.url),
          params: params as Record<string, string>,
          body: text ? JSON.parse(text) : undefined,
          headers: request.headers,
        };
        requests.push(recorded);
        const result = await resolver(recorded);
        return result instanceof Response ? result : HttpResponse.json(result);
      });
    });
  await useHandlers(...handlers);
  return requests;
}

export function testClient(options: Partial<KeelClientOptions> = {}): KeelClient {
  return createKeelClient({ apiBase: API_BASE, sessionToken: 'test-session-token', ...options });
}
