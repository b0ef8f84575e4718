import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';

import {
  KeelResponseValidationError,
  createKeelClient,
  type KeelChange,
  type KeelClientOptions,
} from '../../../src/client/index.js';
import { examples } from '../../../src/contract/examples.js';
import type { ApiErrorEnvelope, InvoiceDetail, InvoiceList, Payment, PortalSession } from '../../../src/contract/index.js';
import { startWorker, useHandlers } from '../support/msw.js';

const apiBase = `${location.origin}/keel`;

function newClient(options: Partial<KeelClientOptions> = {}) {
  // No waiting between retries, so the retry tests run at full speed.
  return createKeelClient({ apiBase, sessionToken: 'tok_browser', sleep: async () => {}, ...options });
}

function errorBody(code: string): ApiErrorEnvelope {
  return { error: { code, message: `failed with ${code}`, param: null, request_id: 'req_msw' } };
}

describe('keel client through msw', () => {
  before(async () => {
    await startWorker();
  });

  it('lists invoices with nulls', async () => {
    const withNulls = examples.InvoiceWithNulls.valid;
    await useHandlers(
      http.get<never, never, InvoiceList>(`${apiBase}/v1/invoices`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('limit')).to.equal('1');
        return HttpResponse.json({ object: 'list', data: [withNulls], has_more: false, next_cursor: null });
      }),
    );

    const page = await newClient().invoices.list({ limit: 1 });

    expect(page.data[0]?.status).to.equal(null);
    expect(page.data[0]?.due_date).to.equal(null);
    expect(page.data[0]?.default_payment_method).to.equal(null);
  });

  it('rejects string line amount', async () => {
    const valid = examples.InvoiceDetail.valid;
    const [firstLine, ...otherLines] = valid.lines;
    const broken = { ...valid, lines: [{ ...firstLine, amount: String(firstLine?.amount) }, ...otherLines] };
    await useHandlers(http.get(`${apiBase}/v1/invoices/:id`, () => HttpResponse.json(broken)));

    let failure: unknown;
    try {
      await newClient().invoices.retrieve('in_jp_1');
    } catch (error) {
      failure = error;
    }

    expect(failure).to.be.instanceOf(KeelResponseValidationError);
    expect((failure as KeelResponseValidationError).path).to.equal('lines[0].amount');
  });

  it('retrieves invoice detail', async () => {
    await useHandlers(
      http.get<{ id: string }, never, InvoiceDetail>(`${apiBase}/v1/invoices/:id`, ({ params }) =>
        HttpResponse.json({ ...examples.InvoiceDetail.valid, id: params.id }),
      ),
    );

    const invoice = await newClient().invoices.retrieve('in_from_path');

    expect(invoice.id).to.equal('in_from_path');
    expect(invoice.tax_breakdown.map((entry) => entry.rate_percent)).to.deep.equal([10, 8]);
  });

  it('pays, retries and notifies', async () => {
    const keys: Array<string | null> = [];
    await useHandlers(
      http.post<{ id: string }, never, Payment | ApiErrorEnvelope>(`${apiBase}/v1/invoices/:id/pay`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        if (keys.length === 1) return HttpResponse.json(errorBody('provider_error'), { status: 503 });
        return HttpResponse.json({ ...examples.Payment.valid, status: 'succeeded', next_action: null });
      }),
    );
    const changes: KeelChange[] = [];
    const client = newClient({ onChange: (change) => changes.push(change) });

    const payment = await client.invoices.pay('in_jp_1');

    expect(payment.status).to.equal('succeeded');
    expect(keys.length).to.equal(2);
    expect(keys[1]).to.equal(keys[0]);
    expect(changes.map((change) => change.operation)).to.deep.equal(['invoices.pay']);
    expect(changes[0]?.resources).to.include('dunning');
  });

  it('refreshes an expired session', async () => {
    const seenTokens: Array<string | null> = [];
    await useHandlers(
      http.get<never, never, PortalSession | ApiErrorEnvelope>(`${apiBase}/v1/session`, ({ request }) => {
        const authorization = request.headers.get('authorization');
        seenTokens.push(authorization);
        if (authorization !== 'Bearer tok_fresh') {
          return HttpResponse.json(errorBody('session_expired'), { status: 401 });
        }
        return HttpResponse.json(examples.PortalSession.valid);
      }),
    );
    let refreshes = 0;
    const client = newClient({
      getSessionToken: async () => {
        refreshes += 1;
        return 'tok_fresh';
      },
    });

    const session = await client.session.retrieve();

    expect(session.customer.id).to.equal('cus_jp_expired');
    expect(refreshes).to.equal(1);
    expect(seenTokens).to.deep.equal(['Bearer tok_browser', 'Bearer tok_fresh']);
  });

  it('downloads the invoice PDF', async () => {
    await useHandlers(
      http.get(`${apiBase}/v1/invoices/:id/pdf`, () =>
        new HttpResponse(new Blob(['%PDF-1.7\n'], { type: 'application/pdf' }), {
          headers: { 'content-type': 'application/pdf' },
        }),
      ),
    );

    const pdf = await newClient().invoices.pdf('in_jp_1');

    expect(pdf.type).to.equal('application/pdf');
    expect(await pdf.text()).to.equal('%PDF-1.7\n');
  });

  it('times out a stalled request', async () => {
    await useHandlers(
      http.get(`${apiBase}/v1/dunning`, async ({ request }) => {
        // Holds the response until the client gives up and aborts.
        await new Promise((resolve) => request.signal.addEventListener('abort', resolve, { once: true }));
        return HttpResponse.json(examples.DunningState.valid);
      }),
    );

    let failure: unknown;
    try {
      await newClient({ retry: false }).dunning.retrieve({ timeoutMs: 50 });
    } catch (error) {
      failure = error;
    }

    expect((failure as Error).name).to.equal('KeelTimeoutError');
  });
});
