// The sandbox's Genesys Cloud Platform API look-alike for Open Messaging: `POST /oauth/token` and the
// `/api/v2` routes the official SDK calls (integrations, inbound open messages, conversation reads).
// Every `/api/v2` request passes one gate, in this order: fault latency → Bearer token (401) →
// fault 429 burst → per-client request budget (429 + Retry-After) → fault 5xx → the route.
// The core server hands this `/oauth/*` and `/api/v2/*` except the Web Messaging prefixes. Integrations,
// tokens, remembered message ids and webhook queues are kept in the sandbox's state when it has one; an
// answer leaves once the change it reports is written.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../protocol/clock';
import { decodePathSegment } from '../../protocol/http/request-target';
import { BulkMessageIdsSchema, type TextMessageListing } from '../../protocol/openmessaging/conversation-read';
import { OpenIntegrationSchema } from '../../protocol/openmessaging/integration';
import { PLATFORM_REQUESTS_PER_CLIENT_PER_MINUTE } from '../../protocol/openmessaging/limits';
import type { ConversationHub } from '../conversation-hub';
import type { SandboxOrg } from '../demo-org';
import type { Faults } from '../faults';
import { memoryState, type SandboxState } from '../state/sandbox-state';
import { AccessTokenRecordSchema, createAccessTokens } from './access-tokens';
import { readConversation, readGenericConversation, readMessage } from './conversation-reader';
import { parseJson, readRawBody, writeReply } from './http-exchange';
import { AcceptedMessageSchema, createInboundEndpoints } from './inbound-endpoints';
import { createIntegrationRegistry } from './integration-registry';
import { exchangeClientCredentials } from './oauth-token-endpoint';
import { createOpenConversations } from './open-conversations';
import { PlatformFailure, PlatformFailures, failureReply, parseBody, type PlatformReply } from './platform-reply';
import { createRequestBudget } from './request-budget';
import { createWebhookDelivery, WebhookQueueSchema } from './webhook-delivery';

/** What the Platform API keeps in the sandbox's state, by record kind. */
export const PLATFORM_RECORD_KINDS = {
  integration: OpenIntegrationSchema,
  accessToken: AccessTokenRecordSchema,
  acceptedMessage: AcceptedMessageSchema,
  webhookQueue: WebhookQueueSchema,
};

/** Genesys' usual client-credentials token lifetime. */
export const DEFAULT_TOKEN_LIFETIME_SEC = 86_399;

export interface PlatformApiDeps {
  hub: ConversationHub;
  clock: Clock;
  org: SandboxOrg;
  faults: Faults;
  baseUrl: () => string;
  newId: () => string;
  /** Lifetime of new tokens; `faults.tokenLifetimeSec`, when set, overrides it. Default 86 399 s. */
  tokenLifetimeSec?: number;
  /** Per-OAuth-client request budget on `/api/v2` in any 60 s window. Default 300 (protocol/openmessaging/limits.ts). */
  requestsPerMinute?: number;
  /** Delays before webhook retries; attempts = length + 1. Default 5 s, 10 s, 20 s, 50 s. */
  webhookRetryDelaysMs?: readonly number[];
  /** Inbound text limit in UTF-8 bytes. Default 4096 (protocol/openmessaging/limits.ts). */
  maxInboundTextBytes?: number;
  /** Where the org's records are kept. Default: nowhere (memory only). */
  state?: SandboxState<typeof PLATFORM_RECORD_KINDS>;
}

export interface PlatformApi {
  /** Answers `/oauth/*` and `/api/v2/*` (except Web Messaging's prefixes); false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** Control API: every token issued so far is expired from now on (the next call gets 401). */
  expireTokens(): void;
  /** Stops webhook deliveries and retries and unsubscribes from conversations. */
  close(): Promise<void>;
}

const NOT_OURS = ['/api/v2/webmessaging/', '/api/v2/webdeployments/', '/api/v2/downloads/'];

interface RouteContext {
  params: Record<string, string>;
  url: URL;
  /** The parsed JSON body (`undefined` when empty), or the 400/413 failure. */
  json(): Promise<{ json: unknown } | PlatformFailure>;
}

type RouteResult = PlatformReply | PlatformFailure;

interface Route {
  method: string;
  /** Segments after `/api/v2/`; `:name` captures one segment. */
  path: string[];
  run(ctx: RouteContext): RouteResult | Promise<RouteResult>;
}

function matchPath(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    const segment = segments[i] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return null;
  }
  return params;
}

const ok = (body: unknown): PlatformReply => ({ status: 200, body });

function pagingParam(url: URL, name: string, fallback: number, max: number): number | PlatformFailure {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    return PlatformFailures.badRequest(`${name} must be an integer from 1 to ${max}.`);
  }
  return value;
}

export function createPlatformApi(deps: PlatformApiDeps): PlatformApi {
  const state = deps.state ?? memoryState();
  const tokens = createAccessTokens({
    clock: deps.clock,
    newId: deps.newId,
    lifetimeSec: () => deps.faults.get().tokenLifetimeSec ?? deps.tokenLifetimeSec ?? DEFAULT_TOKEN_LIFETIME_SEC,
    shelf: state.shelf('accessToken'),
  });
  const budget = createRequestBudget({ clock: deps.clock, perMinute: deps.requestsPerMinute ?? PLATFORM_REQUESTS_PER_CLIENT_PER_MINUTE });
  const integrations = createIntegrationRegistry({ clock: deps.clock, newId: deps.newId, org: deps.org, shelf: state.shelf('integration'), fresh: state.fresh });
  const delivery = createWebhookDelivery({
    clock: deps.clock,
    faults: deps.faults,
    target: (integrationId) => integrations.webhookTarget(integrationId),
    shelf: state.shelf('webhookQueue'),
    afterWrite: (action) => state.afterWrite(action),
    ...(deps.webhookRetryDelaysMs ? { retryDelaysMs: deps.webhookRetryDelaysMs } : {}),
  });
  const conversations = createOpenConversations({ hub: deps.hub, delivery });
  const inbound = createInboundEndpoints({
    clock: deps.clock,
    newId: deps.newId,
    integrations,
    conversations,
    accepted: state.shelf('acceptedMessage'),
    ...(deps.maxInboundTextBytes !== undefined ? { maxTextBytes: deps.maxInboundTextBytes } : {}),
  });

  const withJson = async (ctx: RouteContext, run: (json: unknown) => RouteResult): Promise<RouteResult> => {
    const body = await ctx.json();
    return body instanceof PlatformFailure ? body : run(body.json);
  };
  const entityOr = (value: object | PlatformFailure): RouteResult => (value instanceof PlatformFailure ? value : ok(value));

  const conversationOr404 = (id: string) =>
    deps.hub.get(id) ?? PlatformFailures.notFound(`Message conversation ${id} was not found.`);

  const routes: Route[] = [
    {
      method: 'GET',
      path: ['conversations', 'messaging', 'integrations', 'open'],
      run: ({ url }) => {
        const pageSize = pagingParam(url, 'pageSize', 25, 500);
        if (pageSize instanceof PlatformFailure) return pageSize;
        const pageNumber = pagingParam(url, 'pageNumber', 1, Number.MAX_SAFE_INTEGER);
        if (pageNumber instanceof PlatformFailure) return pageNumber;
        return ok(integrations.list(pageNumber, pageSize));
      },
    },
    {
      method: 'POST',
      path: ['conversations', 'messaging', 'integrations', 'open'],
      run: (ctx) => withJson(ctx, (json) => entityOr(integrations.create(json))),
    },
    {
      method: 'GET',
      path: ['conversations', 'messaging', 'integrations', 'open', ':integrationId'],
      run: ({ params }) => entityOr(integrations.get(params.integrationId ?? '')),
    },
    {
      method: 'PATCH',
      path: ['conversations', 'messaging', 'integrations', 'open', ':integrationId'],
      run: (ctx) => withJson(ctx, (json) => entityOr(integrations.update(ctx.params.integrationId ?? '', json))),
    },
    {
      method: 'DELETE',
      path: ['conversations', 'messaging', 'integrations', 'open', ':integrationId'],
      run: ({ params }) => {
        const removed = integrations.remove(params.integrationId ?? '');
        return removed instanceof PlatformFailure ? removed : { status: 204 };
      },
    },
    {
      method: 'POST',
      path: ['conversations', 'messages', ':integrationId', 'inbound', 'open', 'message'],
      run: (ctx) =>
        withJson(ctx, (json) =>
          entityOr(inbound.message(ctx.params.integrationId ?? '', json, ctx.url.searchParams.get('prefetchConversationId') === 'true')),
        ),
    },
    {
      method: 'POST',
      path: ['conversations', 'messages', ':integrationId', 'inbound', 'open', 'event'],
      run: (ctx) => withJson(ctx, (json) => entityOr(inbound.event(ctx.params.integrationId ?? '', json))),
    },
    {
      method: 'POST',
      path: ['conversations', 'messages', ':integrationId', 'inbound', 'open', 'receipt'],
      run: (ctx) => withJson(ctx, (json) => entityOr(inbound.receipt(ctx.params.integrationId ?? '', json))),
    },
    {
      method: 'POST',
      path: ['conversations', 'messages', ':integrationId', 'inbound', 'open', 'structured', 'response'],
      run: (ctx) => withJson(ctx, (json) => entityOr(inbound.structuredResponse(ctx.params.integrationId ?? '', json))),
    },
    {
      method: 'POST',
      path: ['conversations', 'messages', 'inbound', 'open'],
      run: (ctx) => withJson(ctx, (json) => entityOr(inbound.legacy(json))),
    },
    {
      method: 'GET',
      path: ['conversations', 'messages', ':conversationId'],
      run: ({ params }) => {
        const conversation = conversationOr404(params.conversationId ?? '');
        return conversation instanceof PlatformFailure ? conversation : ok(readConversation(conversation));
      },
    },
    {
      // `getConversation`: the generic conversation read, for a conversation of either channel.
      method: 'GET',
      path: ['conversations', ':conversationId'],
      run: ({ params }) => {
        const conversation = deps.hub.get(params.conversationId ?? '');
        return conversation ? ok(readGenericConversation(conversation)) : PlatformFailures.notFound(`Conversation ${params.conversationId ?? ''} was not found.`);
      },
    },
    {
      // `getConversationsMessageDetails`: one message by its id alone, with the conversation it belongs to
      // (`MessageData.conversationId`), which is how a tester maps a message it saw back to its conversation.
      method: 'GET',
      path: ['conversations', 'messages', ':messageId', 'details'],
      run: ({ params }) => {
        const id = params.messageId ?? '';
        for (const conversation of deps.hub.list()) {
          const found = conversation.messages.find((m) => m.id === id);
          if (found) return ok(readMessage(conversation, found));
        }
        return PlatformFailures.notFound(`Message ${id} was not found.`);
      },
    },
    {
      // `getRoutingQueue`: a queue the scripts route to, named back (`Queue`'s id, name and selfUri).
      method: 'GET',
      path: ['routing', 'queues', ':queueId'],
      run: ({ params }) => {
        const id = params.queueId ?? '';
        const queue = deps.hub
          .list()
          .flatMap((conversation) => conversation.participants.flatMap((p) => (p.queue ? [p.queue] : [])))
          .find((q) => q.id === id);
        return queue ? ok({ id: queue.id, name: queue.name, selfUri: `/api/v2/routing/queues/${queue.id}` }) : PlatformFailures.notFound(`Queue ${id} was not found.`);
      },
    },
    {
      method: 'POST',
      path: ['conversations', 'messages', ':conversationId', 'messages', 'bulk'],
      run: (ctx) =>
        withJson(ctx, (json) => {
          const conversation = conversationOr404(ctx.params.conversationId ?? '');
          if (conversation instanceof PlatformFailure) return conversation;
          const ids = parseBody(BulkMessageIdsSchema, json);
          if (ids instanceof PlatformFailure) return ids;
          const wanted = new Set(ids);
          const listing: TextMessageListing = {
            entities: conversation.messages.filter((m) => wanted.has(m.id)).map((m) => readMessage(conversation, m)),
          };
          return ok(listing);
        }),
    },
    {
      method: 'GET',
      path: ['conversations', 'messages', ':conversationId', 'messages', ':messageId'],
      run: ({ params }) => {
        const conversation = conversationOr404(params.conversationId ?? '');
        if (conversation instanceof PlatformFailure) return conversation;
        const found = conversation.messages.find((m) => m.id === params.messageId);
        return found
          ? ok(readMessage(conversation, found))
          : PlatformFailures.notFound(`Message ${params.messageId ?? ''} was not found in conversation ${conversation.id}.`);
      },
    },
  ];

  const route = async (req: IncomingMessage, url: URL, segments: string[]): Promise<RouteResult> => {
    let body: Promise<{ json: unknown } | PlatformFailure> | null = null;
    const json = (): Promise<{ json: unknown } | PlatformFailure> =>
      (body ??= readRawBody(req).then((raw) => (raw instanceof PlatformFailure ? raw : parseJson(raw))));
    let pathMatched = false;
    for (const candidate of routes) {
      const params = matchPath(candidate.path, segments);
      if (!params) continue;
      pathMatched = true;
      if (candidate.method === req.method) return candidate.run({ params, url, json });
    }
    return pathMatched
      ? PlatformFailures.methodNotAllowed(req.method ?? '')
      : PlatformFailures.notFound(`No resource at ${url.pathname} in the sandbox.`);
  };

  const gate = (req: IncomingMessage): PlatformFailure | null => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer) return PlatformFailures.tokenMissing();
    const check = tokens.check(bearer);
    if (!check.ok) {
      return PlatformFailures.tokenRejected(
        check.problem === 'Expired' ? 'The access token has expired; request a new one from /oauth/token.' : 'Invalid login credentials.',
      );
    }
    const burst = deps.faults.take429();
    if (burst) return PlatformFailures.rateLimited(burst.retryAfterSec);
    const allowance = budget.take(check.clientId);
    if (!allowance.ok) return PlatformFailures.rateLimited(allowance.retryAfterSec);
    if (deps.faults.take5xx()) return PlatformFailures.injectedServerFault();
    return null;
  };

  const addedLatency = (): Promise<void> => {
    const ms = deps.faults.get().latencyMs;
    return ms > 0 ? new Promise((resolve) => deps.clock.setTimeout(resolve, ms)) : Promise.resolve();
  };

  const answer = async (req: IncomingMessage, url: URL): Promise<PlatformReply | PlatformFailure> => {
    if (url.pathname === '/oauth/token') {
      if (req.method !== 'POST') return PlatformFailures.methodNotAllowed(req.method ?? '');
      const raw = await readRawBody(req);
      if (raw instanceof PlatformFailure) return raw;
      return exchangeClientCredentials({ authorization: req.headers.authorization, rawBody: raw, org: deps.org, tokens });
    }
    if (url.pathname.startsWith('/oauth/')) return PlatformFailures.notFound(`No OAuth resource at ${url.pathname} in the sandbox.`);
    const refused = gate(req);
    if (refused) return refused;
    const segments = url.pathname.slice('/api/v2/'.length).split('/').map(decodePathSegment);
    if (segments.some((segment) => segment === null)) return PlatformFailures.badRequest(`The path ${url.pathname} is not validly percent-encoded.`);
    return route(req, url, segments as string[]);
  };

  return {
    async handle(req, res, url) {
      const path = url.pathname;
      const ours = path.startsWith('/oauth/') || (path.startsWith('/api/v2/') && !NOT_OURS.some((p) => path.startsWith(p)));
      if (!ours) return false;
      const contextId = deps.newId();
      res.setHeader('ININ-Correlation-Id', contextId);
      let result: PlatformReply | PlatformFailure;
      try {
        await addedLatency();
        result = await answer(req, url);
      } catch (error) {
        result = new PlatformFailure(
          'ServerFault',
          500,
          'internal.server.error',
          `The sandbox failed to handle ${req.method ?? ''} ${path}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const reply = result instanceof PlatformFailure ? failureReply(result, contextId) : result;
      state.afterWrite(() => writeReply(res, reply));
      return true;
    },
    expireTokens: () => tokens.expireAll(),
    async close() {
      delivery.close();
      conversations.close();
    },
  };
}
