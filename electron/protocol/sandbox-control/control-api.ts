// The sandbox control API's wire, written once as zod schemas: each route, the body it takes and the JSON
// it answers, and the error body. The sandbox's control.ts validates what arrives with them; the engine's
// operator desk builds its requests and reads the answers with them (it never imports the sandbox).
import { z } from 'zod';

export const CONTROL_PATH_PREFIX = '/sandbox/control/';

/** Request bodies are JSON up to 8 MiB: an operator's 5 MB file, base64, with room to spare. */
export const MAX_CONTROL_BODY_BYTES = 8 * 1024 * 1024;

// ---- faults ---------------------------------------------------------------------------------------

const faultFields = {
  latencyMs: z.number().int().min(0).max(60_000),
  http5xxRate: z.number().min(0).max(1),
  burst429: z.strictObject({ count: z.number().int().min(0), retryAfterSec: z.number().int().min(1) }).nullable(),
  dropSocketsEverySec: z.number().positive().nullable(),
  /** The next N webhook deliveries fail; -1 = all. */
  failWebhookDeliveries: z.number().int().min(-1),
  /** Overrides the Platform API token lifetime for tokens issued from now on. */
  tokenLifetimeSec: z.number().int().positive().nullable(),
  /** Hostile mode: after this fraction (0..1) of frames and webhook deliveries, junk follows. */
  hostileRate: z.number().min(0).max(1),
};

export const FaultSettingsSchema = z.object(faultFields);
export type FaultSettings = z.infer<typeof FaultSettingsSchema>;

/** A change to some fault settings; every other setting stays as it is. */
export const FaultPatchSchema = z.strictObject(faultFields).partial();

// ---- conversations -------------------------------------------------------------------------------

export const ControlParticipantSchema = z.object({
  id: z.string(),
  purpose: z.enum(['customer', 'agent', 'workflow', 'acd']),
  name: z.string(),
  state: z.enum(['alerting', 'connected', 'disconnected']),
  connectedTime: z.string().optional(),
  endTime: z.string().optional(),
  /** Ids of the messages this participant sent, as the guest's channel shows them. */
  messageIds: z.array(z.string()),
});

export const ConversationSummarySchema = z.object({
  id: z.string(),
  channel: z.string(),
  customerId: z.string(),
  endpointId: z.string(),
  state: z.enum(['active', 'ended']),
  agentScript: z.string().optional(),
  messageCount: z.number().int(),
  participants: z.array(ControlParticipantSchema),
  lastMessageTime: z.string().optional(),
  /** What the customer's channel said of them (Open Messaging's sender: names, email). */
  customer: z
    .object({ nickname: z.string().optional(), firstName: z.string().optional(), lastName: z.string().optional(), email: z.string().optional(), image: z.string().optional() })
    .optional(),
  /** The custom attributes the customer's messages carried, merged (the latest value of each). */
  customAttributes: z.record(z.string(), z.string()).optional(),
});
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;

const OperatorCardSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().optional(),
  image: z.string().url().optional(),
  actions: z
    .array(z.strictObject({ text: z.string().min(1), payload: z.string().min(1).optional(), url: z.string().url().optional() }))
    .default([]),
});

export const OperatorReplySchema = z
  .strictObject({
    text: z.string().min(1).optional(),
    quickReplies: z.array(z.strictObject({ text: z.string().min(1), payload: z.string().min(1) })).min(1).optional(),
    card: OperatorCardSchema.optional(),
    /** A file the agent sends: bytes as base64, published under an unguessable sandbox URL. */
    attachment: z.strictObject({ filename: z.string().min(1), mime: z.string().min(1), data: z.string() }).optional(),
    nickname: z.string().min(1).default('Operator'),
  })
  .refine((r) => r.text !== undefined || r.quickReplies !== undefined || r.card !== undefined || r.attachment !== undefined, {
    message: 'a reply needs text, quickReplies, a card or an attachment',
  });
export type OperatorReply = z.input<typeof OperatorReplySchema>;

export const OperatorTypingSchema = z.strictObject({
  nickname: z.string().min(1).default('Operator'),
  durationMs: z.number().int().min(500).max(60_000).default(5000),
});
export type OperatorTyping = z.input<typeof OperatorTypingSchema>;

export const OperatorTransferSchema = z.strictObject({ to: z.string().trim().min(1).max(80) });
export type OperatorTransfer = z.input<typeof OperatorTransferSchema>;

/** The operator joins as a human agent: the agent answering until now (the bot) leaves and stays silent. */
export const OperatorJoinSchema = z.strictObject({ nickname: z.string().min(1).default('Operator') });
export type OperatorJoin = z.input<typeof OperatorJoinSchema>;

// ---- sessions, sign-in --------------------------------------------------------------------------

/** One guest session by its token, or every session when none is given. */
export const ExpireSessionsSchema = z.strictObject({ token: z.string().min(1).optional() });

export const AuthCodeGrantSchema = z.strictObject({ subject: z.string().min(1), name: z.string().optional() });
export type AuthCodeGrant = z.infer<typeof AuthCodeGrantSchema>;

// ---- errors -------------------------------------------------------------------------------------

export const ControlErrorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ConversationNotFound'), message: z.string() }),
  z.object({ kind: z.literal('ConversationEnded'), message: z.string() }),
  z.object({ kind: z.literal('InvalidRequest'), message: z.string() }),
  z.object({ kind: z.literal('ScriptsInvalid'), message: z.string(), problems: z.array(z.string()) }),
  z.object({ kind: z.literal('Unauthorized'), message: z.string() }),
  /** No such route. */
  z.object({ kind: z.literal('NotFound'), message: z.string() }),
]);
export type ControlError = z.infer<typeof ControlErrorSchema>;

/** The HTTP status each error kind answers with. */
export const CONTROL_ERROR_STATUS: Record<ControlError['kind'], number> = {
  ConversationNotFound: 404,
  ConversationEnded: 409,
  InvalidRequest: 400,
  ScriptsInvalid: 422,
  Unauthorized: 401,
  NotFound: 404,
};

export const ControlErrorBodySchema = z.object({ error: ControlErrorSchema });

// ---- the routes ---------------------------------------------------------------------------------

const noBody = z.undefined();
/** An action without arguments: whatever body comes with it is not read. */
const ignoredBody = z.unknown();

/** Ending a conversation: the wrap-up code the agent chose, if any (it lands on the agent participant's `wrapup`). */
export const EndConversationSchema = z
  .object({ wrapup: z.strictObject({ code: z.string().trim().min(1, 'Name the wrap-up code').max(200), notes: z.string().max(2000).optional() }).optional() })
  .loose()
  .optional();
export type EndConversation = z.infer<typeof EndConversationSchema>;

/**
 * Every JSON route as `"<METHOD> <path>"` (`:id` a conversation id) with the body it takes and what it
 * answers on success. `GET events` (server-sent events of conversation activity) is not JSON and not here.
 */
export const controlRoutes = {
  'GET faults': { request: noBody, response: FaultSettingsSchema },
  'PATCH faults': { request: FaultPatchSchema, response: FaultSettingsSchema },
  'PUT faults': { request: FaultPatchSchema, response: FaultSettingsSchema },
  'DELETE faults': { request: noBody, response: FaultSettingsSchema },
  'GET conversations': { request: noBody, response: z.object({ entities: z.array(ConversationSummarySchema) }) },
  'GET conversations/:id': { request: noBody, response: ConversationSummarySchema },
  'POST conversations/:id/messages': { request: OperatorReplySchema, response: z.object({ messageCount: z.number().int() }) },
  'POST conversations/:id/typing': { request: OperatorTypingSchema, response: z.object({ typing: z.literal(true) }) },
  'POST conversations/:id/join': { request: OperatorJoinSchema, response: ConversationSummarySchema },
  'POST conversations/:id/transfer': { request: OperatorTransferSchema, response: ConversationSummarySchema },
  /** The human agents leave and the conversation's scripted agent answers again. */
  'POST conversations/:id/hand-back': { request: ignoredBody, response: ConversationSummarySchema },
  'POST conversations/:id/end': { request: EndConversationSchema, response: ConversationSummarySchema },
  'POST tokens/expire': { request: ignoredBody, response: z.object({ expired: z.literal(true) }) },
  'POST sessions/expire': { request: ExpireSessionsSchema.optional(), response: z.object({ expired: z.number().int() }) },
  'POST sockets/drop': { request: ignoredBody, response: z.object({ dropped: z.number().int() }) },
  'POST scripts/reload': { request: ignoredBody, response: z.object({ scripts: z.array(z.string()) }) },
  'POST auth-codes': { request: AuthCodeGrantSchema, response: z.object({ code: z.string() }) },
} as const;

export type ControlRoute = keyof typeof controlRoutes;
export type ControlRequest<R extends ControlRoute> = z.input<(typeof controlRoutes)[R]['request']>;
export type ControlResponse<R extends ControlRoute> = z.infer<(typeof controlRoutes)[R]['response']>;

/** The path under CONTROL_PATH_PREFIX for a route (`conversations/:id/end` with the id filled in). */
export function controlPath(route: ControlRoute, conversationId?: string): string {
  const path = route.slice(route.indexOf(' ') + 1);
  return conversationId === undefined ? path : path.replace(':id', encodeURIComponent(conversationId));
}

export const controlMethod = (route: ControlRoute): string => route.slice(0, route.indexOf(' '));
