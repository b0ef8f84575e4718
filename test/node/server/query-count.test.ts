/**
 * SQL statement counts of hot routes on the sandbox provider, counted by a
 * Kysely plugin on the store. A count that grows with the page size means a
 * query runs once per row again. The rate limiter is off because its
 * cleanup of old windows adds a statement whenever a new minute starts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Kysely, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { CAPABILITIES } from '../../../src/contract/capabilities.js';
import { createKeelServer, type KeelServer } from '../../../src/server/index.js';
import { createLogger } from '../../../src/server/logger.js';
import { PGliteDialect, migrateToLatest, type Database, type Store } from '../../../src/server/store/index.js';

const SECRET = 'query-count-secret-0123456789-abcdefghijklmnop';
/** 150 seeded invoices, so every page size below returns a full page. */
const CUSTOMER = 'cus_many_invoices';
/** Sandbox row lock, customer, invoice page, last attempts of the page. */
const MAX_LIST_STATEMENTS = 4;

/** Counts every statement built through Kysely; BEGIN and COMMIT bypass plugins and are not counted. */
class StatementCounter implements KyselyPlugin {
  count = 0;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count += 1;
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const counter = new StatementCounter();
let keel: KeelServer;
let token: string;

before(async () => {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(), plugins: [counter] });
  await migrateToLatest(db);
  const store: Store = { kind: 'pglite', db, transaction: (fn) => db.transaction().execute(fn), close: () => db.destroy() };
  keel = createKeelServer({ secret: SECRET, provider: 'sandbox', store, rateLimit: false, logger: createLogger({ write: () => {} }) });
  await keel.ready();
  token = (await keel.createPortalSession({ customerId: CUSTOMER, capabilities: CAPABILITIES })).token;
});

after(async () => {
  await keel.close();
  await keel.store().then((store) => store.close());
});

async function countListStatements(limit: number): Promise<{ statements: number; invoices: number }> {
  const start = counter.count;
  const response = await keel.fetch(new Request(`http://127.0.0.1/v1/invoices?limit=${limit}`, { headers: { Authorization: `Bearer ${token}` } }));
  assert.equal(response.status, 200);
  const body = (await response.json()) as { data: unknown[] };
  return { statements: counter.count - start, invoices: body.data.length };
}

test('invoice list statements bounded', async () => {
  const small = await countListStatements(5);
  const large = await countListStatements(25);
  assert.equal(small.invoices, 5);
  assert.equal(large.invoices, 25);
  assert.ok(large.statements <= MAX_LIST_STATEMENTS, `listing 25 invoices ran ${large.statements} statements, expected at most ${MAX_LIST_STATEMENTS}`);
  assert.equal(large.statements, small.statements, 'the statement count must not grow with the page size');
});
