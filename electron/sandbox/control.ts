// The sandbox control API: faults, operator-as-agent replies (joining, transferring, handing back to the
// scripted agent), ending conversations, listing them,
// expiring tokens and sessions, dropping sockets, reloading scripts, minting authenticated-guest codes,
// and a feed of conversation activity. The same operations exist in-process (`sandbox.control`) and over
// HTTP under `/sandbox/control/…`, where every request needs `Authorization: Bearer <control token>`;
// no CORS headers are sent and the front door refuses any request with an Origin header, so a web page
// cannot drive it. Every route's body and answer is a schema in protocol/sandbox-control/control-api.ts.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { decodePathSegments } from '../protocol/http/request-target';
import { mediaTypeOf, type ContentItem } from '../protocol/normalized/content';
import {
  CONTROL_ERROR_STATUS,
  CONTROL_PATH_PREFIX,
  controlRoutes,
  FaultPatchSchema,
  MAX_CONTROL_BODY_BYTES,
  OperatorJoinSchema,
  OperatorReplySchema,
  OperatorTransferSchema,
  OperatorTypingSchema,
  type AuthCodeGrant,
  type ControlError,
  type ControlResponse,
  type ControlRoute,
  type ConversationSummary,
  type FaultSettings,
  type OperatorJoin,
  type OperatorReply,
  type OperatorTransfer,
  type OperatorTyping,
} from '../protocol/sandbox-control/control-api';
import type { AgentOutput } from './conversation-hub';
import type { HubActivity, SandboxConversationHub } from './conversations';
import type { Faults } from './faults';
import type { GuestAuth } from './webmessaging/guest-auth';
import type { GuestGateway } from './webmessaging/guest-gateway';

export type ControlResult<T> = { ok: true; value: T } | { ok: false; error: ControlError };

export type ControlFeedEvent = HubActivity | { kind: 'faults'; faults: FaultSettings };

export interface SandboxControl {
  readonly faults: {
    get(): FaultSettings;
    set(patch: z.input<typeof FaultPatchSchema>): ControlResult<FaultSettings>;
    reset(): FaultSettings;
  };
  listConversations(): ConversationSummary[];
  operatorReply(conversationId: string, reply: OperatorReply): ControlResult<{ messageCount: number }>;
  operatorTyping(conversationId: string, typing: OperatorTyping): ControlResult<{ typing: true }>;
  /** The operator joins as the human agent `nickname`; the agent answering until now (the bot) leaves and stays silent. */
  operatorJoin(conversationId: string, join: OperatorJoin): ControlResult<ConversationSummary>;
  /** The current agent leaves; a human agent named `to` joins (a scripted agent stops answering). */
  operatorTransfer(conversationId: string, transfer: OperatorTransfer): ControlResult<ConversationSummary>;
  /** The human agents leave and the conversation's scripted agent answers again. */
  handBack(conversationId: string): ControlResult<ConversationSummary>;
  /** Ends it; `wrapup` (the code the agent chose) lands on the agent participant. */
  endConversation(conversationId: string, wrapup?: { code: string; notes?: string }): ControlResult<ConversationSummary>;
  /** Every Platform API access token issued so far stops working. */
  expireTokens(): void;
  /** Expire one guest session (by token) or all of them; returns how many. */
  expireSessions(token?: string): number;
  /** Cut every Guest WebSocket connection now. */
  dropSockets(): number;
  /** Guest WebSocket connections open right now (observes; changes nothing). */
  openConnections(): number;
  reloadScripts(): ControlResult<{ scripts: string[] }>;
  /** A one-time code for `POST /api/v2/webdeployments/token/oauthcodegrantjwtexchange`. */
  mintAuthCode(grant: AuthCodeGrant): { code: string };
  /** Conversation activity and fault changes, as they happen. Returns an unsubscribe. */
  watch(listener: (event: ControlFeedEvent) => void): () => void;
}

export interface ControlDeps {
  hub: SandboxConversationHub;
  faults: Faults;
  gateway: GuestGateway;
  auth: GuestAuth;
  expireTokens: () => void;
  reloadScripts: () => ControlResult<{ scripts: string[] }>;
  publishFile: (file: { filename: string; mime: string; bytes: Buffer }) => { id: string; url: string };
}

export function createControl(deps: ControlDeps): SandboxControl {
  const { hub, faults } = deps;
  const summary = (id: string): ConversationSummary | undefined => {
    const c = hub.get(id);
    if (!c) return undefined;
    return {
      id: c.id,
      channel: c.channel,
      customerId: c.customerId,
      endpointId: c.integrationOrDeploymentId,
      state: c.state,
      agentScript: hub.agentScriptOf(c.id),
      messageCount: c.messages.length,
      participants: c.participants.map((p) => ({ ...p, messageIds: [...p.messageIds] })),
      lastMessageTime: c.messages.at(-1)?.time,
      ...(c.customer ? { customer: { ...c.customer } } : {}),
      customAttributes: { ...c.customAttributes },
    };
  };
  const live = (id: string): ControlResult<ConversationSummary> => {
    const found = summary(id);
    if (!found) return { ok: false, error: { kind: 'ConversationNotFound', message: `No conversation ${id} in this sandbox.` } };
    if (found.state === 'ended') return { ok: false, error: { kind: 'ConversationEnded', message: `Conversation ${id} has already ended.` } };
    return { ok: true, value: found };
  };

  return {
    faults: {
      get: () => faults.get(),
      set: (patch) => {
        const parsed = FaultPatchSchema.safeParse(patch);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return { ok: false, error: { kind: 'InvalidRequest', message: `Invalid fault setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}` } };
        }
        const clean: Partial<FaultSettings> = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
        return { ok: true, value: faults.set(clean) };
      },
      reset: () => {
        faults.reset();
        return faults.get();
      },
    },
    listConversations: () => hub.list().map((c) => summary(c.id)!),
    operatorReply(conversationId, reply) {
      const target = live(conversationId);
      if (!target.ok) return target;
      const parsed = OperatorReplySchema.safeParse(reply);
      if (!parsed.success) return { ok: false, error: { kind: 'InvalidRequest', message: `Invalid reply: ${parsed.error.issues[0]?.message ?? ''}` } };
      const { text, quickReplies, card, attachment, nickname } = parsed.data;
      const content: ContentItem[] = (quickReplies ?? []).map((q) => ({ contentType: 'QuickReply', quickReply: { ...q, action: 'Message' } }));
      if (card) {
        const actions = card.actions.map((a) =>
          a.url !== undefined ? { type: 'Link', text: a.text, url: a.url } : { type: 'Postback', text: a.text, payload: a.payload ?? a.text },
        );
        content.push({ contentType: 'Card', card: { ...card, actions } });
      }
      if (attachment) {
        const bytes = Buffer.from(attachment.data, 'base64');
        const published = deps.publishFile({ filename: attachment.filename, mime: attachment.mime, bytes });
        content.push({
          contentType: 'Attachment',
          attachment: {
            id: published.id,
            url: published.url,
            filename: attachment.filename,
            mime: attachment.mime,
            mediaType: mediaTypeOf(attachment.mime),
            fileSize: bytes.length,
          },
        });
      }
      const output: Omit<Extract<AgentOutput, { kind: 'message' }>, 'id' | 'time'> = {
        kind: 'message',
        type: quickReplies || card ? 'Structured' : 'Text',
        ...(text !== undefined ? { text } : {}),
        content,
        originatingEntity: 'Human',
        from: { nickname },
      };
      hub.operatorSend(conversationId, output);
      return { ok: true, value: { messageCount: hub.get(conversationId)?.messages.length ?? 0 } };
    },
    operatorTyping(conversationId, typing) {
      const target = live(conversationId);
      if (!target.ok) return target;
      const parsed = OperatorTypingSchema.safeParse(typing);
      if (!parsed.success) return { ok: false, error: { kind: 'InvalidRequest', message: `Invalid typing: ${parsed.error.issues[0]?.message ?? ''}` } };
      hub.operatorTyping(conversationId, parsed.data.nickname, parsed.data.durationMs);
      return { ok: true, value: { typing: true } };
    },
    operatorJoin(conversationId, join) {
      const target = live(conversationId);
      if (!target.ok) return target;
      const parsed = OperatorJoinSchema.safeParse(join);
      if (!parsed.success) return { ok: false, error: { kind: 'InvalidRequest', message: `Invalid join: ${parsed.error.issues[0]?.message ?? ''}` } };
      hub.operatorJoin(conversationId, parsed.data.nickname);
      return { ok: true, value: summary(conversationId)! };
    },
    operatorTransfer(conversationId, transfer) {
      const target = live(conversationId);
      if (!target.ok) return target;
      const parsed = OperatorTransferSchema.safeParse(transfer);
      if (!parsed.success) return { ok: false, error: { kind: 'InvalidRequest', message: `Invalid transfer: ${parsed.error.issues[0]?.message ?? ''}` } };
      hub.operatorTransfer(conversationId, parsed.data.to);
      return { ok: true, value: summary(conversationId)! };
    },
    handBack(conversationId) {
      const target = live(conversationId);
      if (!target.ok) return target;
      hub.handBack(conversationId);
      return { ok: true, value: summary(conversationId)! };
    },
    endConversation(conversationId, wrapup) {
      const target = live(conversationId);
      if (!target.ok) return target;
      hub.end(conversationId, wrapup);
      return { ok: true, value: summary(conversationId)! };
    },
    expireTokens: () => deps.expireTokens(),
    expireSessions: (token) => deps.gateway.expireSessions(token),
    dropSockets: () => deps.gateway.dropConnections(),
    openConnections: () => deps.gateway.connectionCount(),
    reloadScripts: () => deps.reloadScripts(),
    mintAuthCode: (grant) => ({ code: deps.auth.mintCode(grant) }),
    watch(listener) {
      const stopHub = hub.watch(listener);
      const stopFaults = faults.onChange((settings) => listener({ kind: 'faults', faults: settings }));
      return () => {
        stopHub();
        stopFaults();
      };
    },
  };
}

/** The HTTP face of the control API: each route's body is validated with its schema from protocol/. Answers and
 *  feed events leave once the state change they report is written (`afterWrite`). */
export function createControlHttp(control: SandboxControl, controlToken: string, afterWrite: (action: () => void) => void) {
  const expected = Buffer.from(`Bearer ${controlToken}`);
  const authorized = (req: IncomingMessage) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const payload = Buffer.from(JSON.stringify(body));
    afterWrite(() => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(payload.length), 'Cache-Control': 'no-store' });
      res.end(payload);
    });
  };
  const sendResult = <T>(res: ServerResponse, result: ControlResult<T>) => {
    if (result.ok) return send(res, 200, result.value);
    return send(res, CONTROL_ERROR_STATUS[result.error.kind], { error: result.error });
  };
  const invalid = (message: string): ControlResult<never> => ({ ok: false, error: { kind: 'InvalidRequest', message } });
  const ok = <T>(value: T): ControlResult<T> => ({ ok: true, value });

  type Body<R extends ControlRoute> = z.output<(typeof controlRoutes)[R]['request']>;
  const routes: { [R in ControlRoute]: (id: string, body: Body<R>) => ControlResult<ControlResponse<R>> } = {
    'GET faults': () => ok(control.faults.get()),
    'PATCH faults': (_id, patch) => control.faults.set(patch),
    'PUT faults': (_id, patch) => control.faults.set(patch),
    'DELETE faults': () => ok(control.faults.reset()),
    'GET conversations': () => ok({ entities: control.listConversations() }),
    'GET conversations/:id': (id) => {
      const found = control.listConversations().find((c) => c.id === id);
      return found ? ok(found) : { ok: false, error: { kind: 'ConversationNotFound', message: `No conversation ${id} in this sandbox.` } };
    },
    'POST conversations/:id/messages': (id, reply) => control.operatorReply(id, reply),
    'POST conversations/:id/typing': (id, typing) => control.operatorTyping(id, typing),
    'POST conversations/:id/join': (id, join) => control.operatorJoin(id, join),
    'POST conversations/:id/transfer': (id, transfer) => control.operatorTransfer(id, transfer),
    'POST conversations/:id/hand-back': (id) => control.handBack(id),
    'POST conversations/:id/end': (id, end) => control.endConversation(id, end?.wrapup),
    'POST tokens/expire': () => {
      control.expireTokens();
      return ok({ expired: true as const });
    },
    'POST sessions/expire': (_id, body) => ok({ expired: control.expireSessions(body?.token) }),
    'POST sockets/drop': () => ok({ dropped: control.dropSockets() }),
    'POST scripts/reload': () => control.reloadScripts(),
    'POST auth-codes': (_id, grant) => ok(control.mintAuthCode(grant)),
  };
  const isRoute = (route: string): route is ControlRoute => Object.hasOwn(controlRoutes, route);

  const feed = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': sandbox control feed\n\n');
    const stop = control.watch((event) => {
      const text = `event: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`;
      afterWrite(() => res.write(text));
    });
    req.on('close', stop);
  };

  return {
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
      if (!url.pathname.startsWith(CONTROL_PATH_PREFIX)) return false;
      if (!authorized(req)) {
        sendResult(res, { ok: false, error: { kind: 'Unauthorized', message: 'The control API needs Authorization: Bearer <control token> (printed when the sandbox starts).' } });
        return true;
      }
      const parts = decodePathSegments(url.pathname.slice(CONTROL_PATH_PREFIX.length));
      if (!parts) {
        sendResult(res, invalid(`The path ${url.pathname} is not validly percent-encoded.`));
        return true;
      }
      const method = req.method ?? 'GET';
      const route = `${method} ${parts.map((p, i) => (parts[0] === 'conversations' && i === 1 ? ':id' : p)).join('/')}`;
      if (route === 'GET events') {
        feed(req, res);
        return true;
      }
      if (!isRoute(route)) {
        sendResult(res, { ok: false, error: { kind: 'NotFound', message: `No control route ${method} ${url.pathname}.` } });
        return true;
      }
      const body = method === 'GET' || method === 'DELETE' ? undefined : await readJson(req);
      if (body === INVALID_JSON) {
        sendResult(res, invalid('The request body must be JSON.'));
        return true;
      }
      if (body === TOO_LARGE) {
        send(res, 413, { error: { kind: 'InvalidRequest', message: `The request body is larger than ${MAX_CONTROL_BODY_BYTES} bytes.` } });
        return true;
      }
      const parsed = controlRoutes[route].request.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        sendResult(res, invalid(`Invalid request body for ${route}: ${where}${issue?.message ?? ''}`));
        return true;
      }
      const handler = routes[route] as (id: string, body: unknown) => ControlResult<unknown>;
      sendResult(res, handler(parts[1] ?? '', parsed.data));
      return true;
    },
  };
}

const INVALID_JSON = Symbol('invalid json');
const TOO_LARGE = Symbol('too large');

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_CONTROL_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_CONTROL_BODY_BYTES) return TOO_LARGE;
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID_JSON;
  }
}
