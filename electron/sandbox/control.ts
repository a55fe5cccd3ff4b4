// The sandbox control API: faults, operator-as-agent replies, ending conversations, listing them,
// expiring tokens and sessions, dropping sockets, reloading scripts, minting authenticated-guest codes,
// and a feed of conversation activity. The same operations exist in-process (`sandbox.control`) and over
// HTTP under `/sandbox/control/…`, where every request needs `Authorization: Bearer <control token>`;
// no CORS headers are sent and the front door refuses any request with an Origin header, so a web page
// cannot drive it. Bodies are JSON up to 8 MiB (an operator's 5 MB file, base64).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { decodePathSegments } from '../protocol/http/request-target';
import type { ContentItem } from '../protocol/normalized/content';
import type { AgentOutput, Participant } from './conversation-hub';
import type { HubActivity, SandboxConversationHub } from './conversations';
import type { FaultSettings, Faults } from './faults';
import type { GuestAuth } from './webmessaging/guest-auth';
import type { GuestGateway } from './webmessaging/guest-gateway';

export const CONTROL_PATH_PREFIX = '/sandbox/control/';
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export type ControlError =
  | { kind: 'ConversationNotFound'; message: string }
  | { kind: 'ConversationEnded'; message: string }
  | { kind: 'InvalidRequest'; message: string }
  | { kind: 'ScriptsInvalid'; message: string; problems: string[] };

export type ControlResult<T> = { ok: true; value: T } | { ok: false; error: ControlError };

export interface ConversationSummary {
  id: string;
  channel: string;
  customerId: string;
  endpointId: string;
  state: 'active' | 'ended';
  agentScript: string | undefined;
  messageCount: number;
  participants: Participant[];
  lastMessageTime: string | undefined;
}

const OperatorCardSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().optional(),
  image: z.string().url().optional(),
  actions: z
    .array(z.strictObject({ text: z.string().min(1), payload: z.string().min(1).optional(), url: z.string().url().optional() }))
    .default([]),
});

export const OperatorReplySchema = z.strictObject({
  text: z.string().min(1).optional(),
  quickReplies: z.array(z.strictObject({ text: z.string().min(1), payload: z.string().min(1) })).min(1).optional(),
  card: OperatorCardSchema.optional(),
  /** A file the agent sends: bytes as base64, published under an unguessable sandbox URL. */
  attachment: z.strictObject({ filename: z.string().min(1), mime: z.string().min(1), data: z.string() }).optional(),
  nickname: z.string().min(1).default('Operator'),
}).refine((r) => r.text !== undefined || r.quickReplies !== undefined || r.card !== undefined || r.attachment !== undefined, {
  message: 'a reply needs text, quickReplies, a card or an attachment',
});

export const OperatorTypingSchema = z.strictObject({
  nickname: z.string().min(1).default('Operator'),
  durationMs: z.number().int().min(500).max(60_000).default(5000),
});

export const OperatorTransferSchema = z.strictObject({ to: z.string().trim().min(1).max(80) });
export type OperatorReply = z.input<typeof OperatorReplySchema>;

export const FaultPatchSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  http5xxRate: z.number().min(0).max(1).optional(),
  burst429: z.strictObject({ count: z.number().int().min(0), retryAfterSec: z.number().int().min(1) }).nullable().optional(),
  dropSocketsEverySec: z.number().positive().nullable().optional(),
  failWebhookDeliveries: z.number().int().min(-1).optional(),
  tokenLifetimeSec: z.number().int().positive().nullable().optional(),
  hostileRate: z.number().min(0).max(1).optional(),
});

export type ControlFeedEvent = HubActivity | { kind: 'faults'; faults: FaultSettings };

export interface SandboxControl {
  readonly faults: {
    get(): FaultSettings;
    set(patch: Partial<FaultSettings>): ControlResult<FaultSettings>;
    reset(): FaultSettings;
  };
  listConversations(): ConversationSummary[];
  operatorReply(conversationId: string, reply: OperatorReply): ControlResult<{ messageCount: number }>;
  operatorTyping(conversationId: string, typing: z.input<typeof OperatorTypingSchema>): ControlResult<{ typing: true }>;
  /** The current agent leaves; a human agent named `to` joins (a scripted agent stops answering). */
  operatorTransfer(conversationId: string, transfer: z.input<typeof OperatorTransferSchema>): ControlResult<ConversationSummary>;
  endConversation(conversationId: string): ControlResult<ConversationSummary>;
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
  mintAuthCode(grant: { subject: string; name?: string }): { code: string };
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
        const clean = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as Partial<FaultSettings>;
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
        const mediaType = attachment.mime.startsWith('image/') ? 'Image' : attachment.mime.startsWith('video/') ? 'Video' : attachment.mime.startsWith('audio/') ? 'Audio' : 'File';
        content.push({
          contentType: 'Attachment',
          attachment: { id: published.id, url: published.url, filename: attachment.filename, mime: attachment.mime, mediaType, fileSize: bytes.length },
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
    operatorTransfer(conversationId, transfer) {
      const target = live(conversationId);
      if (!target.ok) return target;
      const parsed = OperatorTransferSchema.safeParse(transfer);
      if (!parsed.success) return { ok: false, error: { kind: 'InvalidRequest', message: `Invalid transfer: ${parsed.error.issues[0]?.message ?? ''}` } };
      hub.operatorTransfer(conversationId, parsed.data.to);
      return { ok: true, value: summary(conversationId)! };
    },
    endConversation(conversationId) {
      const target = live(conversationId);
      if (!target.ok) return target;
      hub.end(conversationId);
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

/** The HTTP face of the control API. */
export function createControlHttp(control: SandboxControl, controlToken: string) {
  const expected = Buffer.from(`Bearer ${controlToken}`);
  const authorized = (req: IncomingMessage) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const payload = Buffer.from(JSON.stringify(body));
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(payload.length), 'Cache-Control': 'no-store' });
    res.end(payload);
  };
  const sendResult = <T>(res: ServerResponse, result: ControlResult<T>) => {
    if (result.ok) return send(res, 200, result.value);
    const status = { ConversationNotFound: 404, ConversationEnded: 409, InvalidRequest: 400, ScriptsInvalid: 422 }[result.error.kind];
    return send(res, status, { error: result.error });
  };
  const invalid = (message: string): ControlResult<never> => ({ ok: false, error: { kind: 'InvalidRequest', message } });

  const feed = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': sandbox control feed\n\n');
    const stop = control.watch((event) => res.write(`event: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`));
    req.on('close', stop);
  };

  return {
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
      if (!url.pathname.startsWith(CONTROL_PATH_PREFIX)) return false;
      if (!authorized(req)) {
        send(res, 401, { error: { kind: 'Unauthorized', message: 'The control API needs Authorization: Bearer <control token> (printed when the sandbox starts).' } });
        return true;
      }
      const parts = decodePathSegments(url.pathname.slice(CONTROL_PATH_PREFIX.length));
      if (!parts) {
        sendResult(res, invalid(`The path ${url.pathname} is not validly percent-encoded.`));
        return true;
      }
      const method = req.method ?? 'GET';
      const body = method === 'GET' || method === 'DELETE' ? undefined : await readJson(req);
      if (body === INVALID_JSON) {
        sendResult(res, invalid('The request body must be JSON.'));
        return true;
      }
      if (body === TOO_LARGE) {
        send(res, 413, { error: { kind: 'InvalidRequest', message: `The request body is larger than ${MAX_BODY_BYTES} bytes.` } });
        return true;
      }
      const route = `${method} ${parts.map((p, i) => (parts[0] === 'conversations' && i === 1 ? ':id' : p)).join('/')}`;
      const id = parts[1] ?? '';
      switch (route) {
        case 'GET faults':
          send(res, 200, control.faults.get());
          break;
        case 'PATCH faults':
        case 'PUT faults':
          sendResult(res, control.faults.set((body ?? {}) as Partial<FaultSettings>));
          break;
        case 'DELETE faults':
          send(res, 200, control.faults.reset());
          break;
        case 'GET conversations':
          send(res, 200, { entities: control.listConversations() });
          break;
        case 'GET conversations/:id': {
          const found = control.listConversations().find((c) => c.id === id);
          if (found) send(res, 200, found);
          else sendResult(res, { ok: false, error: { kind: 'ConversationNotFound', message: `No conversation ${id} in this sandbox.` } });
          break;
        }
        case 'POST conversations/:id/messages':
          sendResult(res, control.operatorReply(id, (body ?? {}) as OperatorReply));
          break;
        case 'POST conversations/:id/typing':
          sendResult(res, control.operatorTyping(id, (body ?? {}) as z.input<typeof OperatorTypingSchema>));
          break;
        case 'POST conversations/:id/transfer':
          sendResult(res, control.operatorTransfer(id, (body ?? {}) as z.input<typeof OperatorTransferSchema>));
          break;
        case 'POST conversations/:id/end':
          sendResult(res, control.endConversation(id));
          break;
        case 'POST tokens/expire':
          control.expireTokens();
          send(res, 200, { expired: true });
          break;
        case 'POST sessions/expire': {
          const token = typeof (body as { token?: unknown } | undefined)?.token === 'string' ? (body as { token: string }).token : undefined;
          send(res, 200, { expired: control.expireSessions(token) });
          break;
        }
        case 'POST sockets/drop':
          send(res, 200, { dropped: control.dropSockets() });
          break;
        case 'POST scripts/reload':
          sendResult(res, control.reloadScripts());
          break;
        case 'POST auth-codes': {
          const grant = z.strictObject({ subject: z.string().min(1), name: z.string().optional() }).safeParse(body);
          if (grant.success) send(res, 200, control.mintAuthCode(grant.data));
          else sendResult(res, invalid('Body needs {"subject": "<user id>", "name"?: "<display name>"}.'));
          break;
        }
        case 'GET events':
          feed(req, res);
          break;
        default:
          send(res, 404, { error: { kind: 'NotFound', message: `No control route ${method} ${url.pathname}.` } });
      }
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
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) return TOO_LARGE;
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID_JSON;
  }
}
