import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CAPABILITIES } from '../../../src/contract/capabilities.js';
import { createKeelServer } from '../../../src/server/index.js';
import { createLogger } from '../../../src/server/logger.js';
import { storeTargets } from '../store/harness.js';
import { SECRET } from './harness.js';

const CONCURRENT_REQUESTS = 50;
const CUSTOMER = 'cus_jp_expired';

for (const target of storeTargets()) {
  describe(`sandbox provider on ${target.name}`, { skip: target.skip }, () => {
    test('fifty concurrent pay-now once', async () => {
      const store = await target.open();
      const keel = createKeelServer({ secret: SECRET, provider: 'sandbox', store, rateLimit: false, logger: createLogger({ write: () => {} }) });
      try {
        await keel.ready();
        const { token } = await keel.createPortalSession({ customerId: CUSTOMER, capabilities: CAPABILITIES });
        const headers = { Authorization: `Bearer ${token}` };
        const dunning = (await (await keel.fetch(new Request('http://keel.test/v1/dunning', { headers }))).json()) as { invoice_id: string | null };
        const invoiceId = dunning.invoice_id;
        assert.ok(invoiceId, 'the seeded customer has an open invoice');

        const countAttempts = async () =>
          (await store.db.selectFrom('payment_attempts').select('id').where('invoice_id', '=', invoiceId).execute()).length;
        const attemptsBefore = await countAttempts();

        const responses = await Promise.all(
          Array.from({ length: CONCURRENT_REQUESTS }, () =>
            keel.fetch(
              new Request(`http://keel.test/v1/invoices/${invoiceId}/pay`, {
                method: 'POST',
                headers: { ...headers, 'Content-Type': 'application/json', 'Idempotency-Key': 'sandbox-concurrent-pay' },
                body: '{}',
              }),
            ),
          ),
        );
        const bodies = await Promise.all(responses.map((response) => response.text()));

        assert.equal(await countAttempts(), attemptsBefore + 1);
        assert.equal(new Set(responses.map((response) => response.status)).size, 1, `statuses: ${responses.map((response) => response.status).join(',')}`);
        assert.equal(new Set(bodies).size, 1);
      } finally {
        await keel.close();
        await store.close();
      }
    });
  });
}
