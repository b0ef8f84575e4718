import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type * as z from 'zod/mini';
import { examples } from '../../../src/contract/examples.js';
import { Invoice, InvoiceDetail, UpdateBillingDetailsRequest, operations, type OperationDefinition } from '../../../src/contract/index.js';

function issuePaths(schema: z.ZodMiniType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('contract examples', () => {
  for (const [name, { schema, valid, invalid }] of Object.entries(examples)) {
    test(`${name} accepts its valid example`, () => {
      const result = schema.safeParse(valid);
      assert.equal(result.success, true, result.success ? '' : JSON.stringify(result.error.issues));
    });

    test(`${name} rejects ${invalid.because}`, () => {
      assert.equal(schema.safeParse(invalid.value).success, false);
    });
  }

  test('every operation schema has an example', () => {
    const covered = new Set<z.ZodMiniType>(Object.values(examples).map((entry) => entry.schema));
    const missing: string[] = [];
    for (const [id, definition] of Object.entries(operations) as [string, OperationDefinition][]) {
      if (definition.auth === 'stripe_signature') continue;
      for (const part of ['query', 'body', 'response'] as const) {
        const schema = definition[part];
        if (schema && schema !== 'pdf' && !covered.has(schema)) missing.push(`${id}.${part}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});

describe('contract nullability and paths', () => {
  test('invoice with null status, due date and method parses', () => {
    const parsed = Invoice.parse({ ...examples.Invoice.valid, status: null, due_date: null, default_payment_method: null });
    assert.equal(parsed.status, null);
    assert.equal(parsed.due_date, null);
    assert.equal(parsed.default_payment_method, null);
  });

  test('string amount deep in a line is reported by path', () => {
    const detail = structuredClone(examples.InvoiceDetail.valid) as Record<string, unknown> & { lines: Record<string, unknown>[] };
    detail.lines[1]!.amount = '8000';
    assert.deepEqual(issuePaths(InvoiceDetail, detail), ['lines.1.amount']);
  });

  test('unknown response fields are dropped', () => {
    // A newer server may add fields; an older client must still parse the response.
    const parsed = Invoice.parse({ ...examples.Invoice.valid, surprise: true }) as Record<string, unknown>;
    assert.equal('surprise' in parsed, false);
  });

  test('unknown request fields are rejected', () => {
    assert.deepEqual(issuePaths(UpdateBillingDetailsRequest, { email: 'a@example.com', nickname: 'x' }), ['']);
  });

  test('date-only fields reject impossible dates', () => {
    assert.notDeepEqual(issuePaths(Invoice, { ...examples.Invoice.valid, due_date: '2026-02-30' }), []);
  });

  test('amounts must be whole minor units', () => {
    assert.deepEqual(issuePaths(Invoice, { ...examples.Invoice.valid, total: 22219.5 }), ['total']);
  });
});

describe('operation table', () => {
  const entries = Object.entries(operations) as [string, OperationDefinition][];

  test('method and path pairs are unique', () => {
    const keys = entries.map(([, definition]) => `${definition.method} ${definition.path}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  test('session routes name a capability', () => {
    const unguarded = entries.filter(([id, d]) => d.auth === 'session' && d.capability === null && id !== 'session.retrieve');
    assert.deepEqual(unguarded.map(([id]) => id), []);
  });

  test('reads change nothing', () => {
    const reads = entries.filter(([, d]) => d.method === 'GET' && d.changes.length > 0);
    assert.deepEqual(reads.map(([id]) => id), []);
  });

  test('GET operations take no body', () => {
    const withBody = entries.filter(([, d]) => d.method === 'GET' && d.body);
    assert.deepEqual(withBody.map(([id]) => id), []);
  });
});
