// Runs inside a temporary project that installed the packed tarball. It uses
// keel-portal only through its package exports, as a vendor's backend would,
// and prints one JSON line with the values the package test checks.
import { createKeelServer } from 'keel-portal/server';
import { PortalSession } from 'keel-portal/contract';
import ja from 'keel-portal/locales/ja' with { type: 'json' };

// The sandbox seeds this customer with an expired card and an open invoice.
const CUSTOMER = 'cus_jp_expired';

const keel = createKeelServer({
  secret: 'package-test-secret-0123456789-abcdefghijklmnop',
  provider: 'sandbox',
  // Without url or dataDir the store is PGlite in memory.
  store: {},
  rateLimit: false,
  logger: { level: 'error', write: () => {} },
});

try {
  await keel.ready();
  const { token } = await keel.createPortalSession({ customerId: CUSTOMER, capabilities: ['invoices.read'], locale: 'ja' });
  const response = await keel.fetch(
    new Request('http://127.0.0.1/v1/session', { headers: { Authorization: `Bearer ${token}` } }),
  );
  const body = await response.json();
  const parsed = PortalSession.safeParse(body);
  const rejected = PortalSession.safeParse({ ...body, currency: 42 });
  console.log(
    JSON.stringify({
      status: response.status,
      customerId: body?.customer?.id ?? null,
      sessionParses: parsed.success,
      sessionIssues: parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.')),
      badSessionRejected: !rejected.success,
      japaneseKeys: Object.keys(ja).length,
    }),
  );
} finally {
  await keel.close();
}
