/**
 * A scripted `fetch` for client tests. Each test builds its own, so no mock
 * state is shared between tests.
 */

export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  body: string | null;
}

export type Reply = Response | Error | 'hang';

/** A fetch that answers from a script, one reply per call, and records each request. */
export function scriptedFetch(replies: Reply[] | ((call: RecordedCall, index: number) => Reply | Promise<Reply>)) {
  const calls: RecordedCall[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const call: RecordedCall = {
      url,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : null,
    };
    calls.push(call);
    const index = calls.length - 1;
    const reply = typeof replies === 'function' ? await replies(call, index) : replies[index];
    if (reply === undefined) throw new Error(`unexpected request ${index + 1} to ${url}`);
    if (reply === 'hang') {
      return new Promise<Response>((_resolve, reject) => {
        if (init.signal?.aborted) reject(init.signal.reason);
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
      });
    }
    if (reply instanceof Error) throw reply;
    return reply;
  };
  return { fetch, calls };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function errorEnvelope(status: number, code: string, headers: Record<string, string> = {}): Response {
  return json({ error: { code, message: `failed with ${code}`, param: null, request_id: `req_${status}` } }, status, headers);
}
