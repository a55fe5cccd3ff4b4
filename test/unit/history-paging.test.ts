import { describe, expect, it } from 'vitest';
import { fetchHistory } from '../../electron/engine/genesys/webmessaging/history';

function pagedServer(ids: string[]) {
  const calls: string[] = [];
  const fetch = (async (input: URL) => {
    calls.push(input.search);
    const size = Number(input.searchParams.get('pageSize'));
    const page = Number(input.searchParams.get('pageNumber'));
    const newestFirst = [...ids].reverse();
    const entities = newestFirst.slice((page - 1) * size, page * size).map((id) => ({ id, type: 'Text', direction: 'Outbound', text: id }));
    return new Response(JSON.stringify({ entities, pageSize: size, pageNumber: page, total: ids.length }), { status: 200 });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('history paging', () => {
  it('reads newest-first pages until one is fully known, and returns oldest first', async () => {
    const ids = Array.from({ length: 12 }, (_, index) => `m${index + 1}`);
    const server = pagedServer(ids);
    const known = new Set(ids.slice(0, 4));
    const messages = await fetchHistory({ apiBaseUrl: 'http://sandbox', jwt: 'j', fetch: server.fetch, isKnown: (id) => known.has(id), pageSize: 4 });
    expect(server.calls).toHaveLength(3);
    expect(messages.map((message) => message.id)).toEqual(ids);
  });

  it('stops at a short last page', async () => {
    const server = pagedServer(['a', 'b']);
    const messages = await fetchHistory({ apiBaseUrl: 'http://sandbox', jwt: 'j', fetch: server.fetch, isKnown: () => false, pageSize: 4 });
    expect(server.calls).toHaveLength(1);
    expect(messages.map((message) => message.id)).toEqual(['a', 'b']);
  });

  it('fails clearly on a 429, as RateLimited with the wait the server asked for', async () => {
    const fetch = (async () => new Response('{}', { status: 429 })) as unknown as typeof globalThis.fetch;
    await expect(fetchHistory({ apiBaseUrl: 'http://sandbox', jwt: 'j', fetch, isKnown: () => false })).rejects.toThrow(/429/);
    const waitFive = (async () => new Response('{}', { status: 429, headers: { 'Retry-After': '5' } })) as unknown as typeof globalThis.fetch;
    await expect(fetchHistory({ apiBaseUrl: 'http://sandbox', jwt: 'j', fetch: waitFive, isKnown: () => false })).rejects.toMatchObject({
      failure: 'RateLimited',
      details: { retryAfterMs: 5000 },
    });
  });

  it('names the kind of any other failure: the status answered, or why the host could not be reached', async () => {
    const answering = (status: number) => (async () => new Response('{}', { status })) as unknown as typeof globalThis.fetch;
    const read = (fetch: typeof globalThis.fetch) => fetchHistory({ apiBaseUrl: 'http://sandbox', jwt: 'j', fetch, isKnown: () => false });
    await expect(read(answering(503))).rejects.toMatchObject({ failure: 'ServerError', message: 'the history endpoint answered HTTP 503' });
    await expect(read(answering(401))).rejects.toMatchObject({ failure: 'SignInRefused' });
    const refused = (async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
    }) as unknown as typeof globalThis.fetch;
    await expect(read(refused)).rejects.toMatchObject({ failure: 'Unreachable', message: expect.stringContaining('sandbox: the connection was refused (ECONNREFUSED)') });
  });
});
