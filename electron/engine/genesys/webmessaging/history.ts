// The guest's history REST call (spec §7.1): GET /api/v2/webmessaging/messages with the session JWT, newest
// first, paged until a page holds only known messages; returned oldest first. Failures are GuestErrors
// (RateLimited with the Retry-After wait, Unreachable, or the status the endpoint answered).
import type { WebMessagingMessage } from '../../../protocol/webmessaging/server-frames';
import { GuestError, unreachable } from './guest-errors';

export interface HistoryRequest {
  apiBaseUrl: string;
  jwt: string;
  origin?: string;
  fetch: typeof fetch;
  isKnown: (messageId: string) => boolean;
  pageSize?: number;
  maxPages?: number;
}

export async function fetchHistory(request: HistoryRequest): Promise<WebMessagingMessage[]> {
  const { HistoryPageSchema } = await import('./guest-rest-schemas');
  const pageSize = request.pageSize ?? 100;
  const collected: WebMessagingMessage[] = [];
  for (let pageNumber = 1; pageNumber <= (request.maxPages ?? 20); pageNumber += 1) {
    const url = new URL('/api/v2/webmessaging/messages', request.apiBaseUrl);
    url.searchParams.set('pageSize', String(pageSize));
    url.searchParams.set('pageNumber', String(pageNumber));
    const headers: Record<string, string> = { Authorization: `Bearer ${request.jwt}` };
    if (request.origin) headers.Origin = request.origin;
    const response = await request.fetch(url, { headers }).catch((error: unknown) => {
      throw unreachable(url.host, error);
    });
    if (response.status === 429) {
      const seconds = Number(response.headers.get('Retry-After'));
      const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
      throw new GuestError('RateLimited', 'the history endpoint answered 429 (too many requests)', { status: 429, ...(retryAfterMs ? { retryAfterMs } : {}) });
    }
    if (!response.ok) {
      const failure = response.status >= 500 ? 'ServerError' : response.status === 401 || response.status === 403 ? 'SignInRefused' : 'Rejected';
      throw new GuestError(failure, `the history endpoint answered HTTP ${response.status}`, { status: response.status });
    }
    const page = HistoryPageSchema.parse(await response.json());
    collected.push(...page.entities);
    const allKnown = page.entities.every((message) => request.isKnown(message.id));
    const lastPage = page.entities.length < pageSize || (page.pageCount !== undefined && pageNumber >= page.pageCount);
    if (allKnown || lastPage) break;
  }
  return collected.reverse();
}
