// The one contract between the renderer and the Node side (Electron IPC or the web host's WebSocket).
// Every request (with its reply) and every event is a zod schema; TypeScript types derive from them.
// The Node side validates every payload on receipt; replies are `Result` values, never thrown errors.
import { z } from 'zod';
import { operatorRequests } from './operator-contract';
import { participantsRequests } from './participants-contract';
import { personasEvents, personasRequests } from './personas-contract';
import { aiEvents, aiRequests } from './ai-contract';
import { presentationEvents, presentationRequests } from './presentation-contract';
import { profileFilesRequests } from './profile-files-contract';
import { transcriptsRequests } from './transcripts-contract';
import { CustomAttributesSchema, PersonaSchema } from './persona';
import { CUSTOM_REGION_ID, REGIONS, SANDBOX_REGION_ID } from './regions';
import { loadEvents, loadRequests } from './load-contract';
import { scenarioEvents, scenarioRequests } from './scenario-contract';

// ---- errors -------------------------------------------------------------------------------

export const ERROR_KINDS = [
  'InvalidRequest', // the payload did not match the contract
  'UnknownChannel', // no such request
  'NotFound',
  'Conflict',
  'Forbidden',
  'Unavailable',
  'Internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const ContractErrorSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  message: z.string(),
  /** Field-level problems for forms: path → message. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ContractError = z.infer<typeof ContractErrorSchema>;

export type Result<T> = { ok: true; data: T } | { ok: false; error: ContractError };

// ---- profiles -----------------------------------------------------------------------------

const regionIds = [SANDBOX_REGION_ID, CUSTOM_REGION_ID, ...REGIONS.map((region) => region.id)] as [string, ...string[]];

export const SecretKindSchema = z.enum(['clientSecret', 'webhookSecret']);
export type SecretKind = z.infer<typeof SecretKindSchema>;

const trimmed = (max: number) => z.string().trim().max(max);

export const WebMessagingSettingsSchema = z.object({
  deploymentId: trimmed(200).default(''),
  /** Sent as the Origin header on the Guest WebSocket, for deployments with an allowed-domains list. */
  origin: trimmed(500).default(''),
});

export const OpenMessagingSettingsSchema = z.object({
  integrationId: trimmed(200).default(''),
  clientId: trimmed(200).default(''),
  receiveMode: z.enum(['webhook', 'poll']).default('webhook'),
  webhookHost: trimmed(200).default('127.0.0.1'),
  webhookPort: z.number().int().min(0).max(65535).default(0),
});

export const ProfileSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1, 'Give the profile a name').max(80),
  /** The built-in sandbox profile cannot be removed and always points at the local sandbox. */
  builtIn: z.boolean().default(false),
  region: z.enum(regionIds),
  /** With the custom region: the org's domain (hosts derived as a region's) or a base URL serving them all. */
  customHost: trimmed(500).default(''),
  webMessaging: WebMessagingSettingsSchema.prefault({}),
  openMessaging: OpenMessagingSettingsSchema.prefault({}),
});
export type Profile = z.infer<typeof ProfileSchema>;

/** A profile as the user edits it: no id means "create". Built-in is never set from the page. */
export const ProfileInputSchema = ProfileSchema.omit({ id: true, builtIn: true }).extend({
  id: z.string().min(1).max(100).optional(),
});
export type ProfileInput = z.input<typeof ProfileInputSchema>;

/** Where secrets live. `os`: the OS vault; `memory`: this session only; `environment`: env vars or a file. */
export const SecretProtectionSchema = z.enum(['os', 'memory', 'environment']);

export const SecretStatusSchema = z.object({
  profileId: z.string(),
  clientSecret: z.enum(['set', 'not set']),
  webhookSecret: z.enum(['set', 'not set']),
  protection: SecretProtectionSchema,
  /** Plain words for the UI when secrets are not kept in the OS vault. */
  protectionNote: z.string(),
});
export type SecretStatus = z.infer<typeof SecretStatusSchema>;

// ---- app ----------------------------------------------------------------------------------

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'web']),
  platform: z.string(),
  versions: z.record(z.string(), z.string()),
  dataDirectory: z.string(),
  sandbox: z
    .object({ baseUrl: z.string(), wsUrl: z.string(), deploymentId: z.string(), integrationId: z.string() })
    .nullable(),
  secretProtection: SecretProtectionSchema,
  /** Problems found while loading settings (e.g. a corrupt file set aside), in words a user can act on. */
  notices: z.array(z.string()),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

// ---- conversations ------------------------------------------------------------------------

export const ChannelSchema = z.enum(['webmessaging', 'openmessaging']);
export type Channel = z.infer<typeof ChannelSchema>;

/** What the thread shows; the engine maps each channel's wire content onto it. */
export const DisplayCardActionSchema = z.object({
  type: z.enum(['Link', 'Postback']),
  text: z.string(),
  url: z.string().optional(),
  payload: z.string().optional(),
});
export const DisplayCardSchema = z.object({
  title: z.string(),
  description: z.string().optional(),
  image: z.string().optional(),
  actions: z.array(DisplayCardActionSchema),
});
export const DisplayAttachmentSchema = z.object({
  id: z.string().optional(),
  name: z.string(),
  mime: z.string().optional(),
  mediaType: z.string(),
  url: z.string().optional(),
  size: z.number().optional(),
});
export const DisplayContentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('quickReplies'), replies: z.array(z.object({ text: z.string(), payload: z.string() })) }),
  z.object({ type: z.literal('card'), card: DisplayCardSchema }),
  z.object({ type: z.literal('carousel'), cards: z.array(DisplayCardSchema) }),
  z.object({ type: z.literal('attachment'), attachment: DisplayAttachmentSchema }),
  z.object({ type: z.literal('buttonResponse'), text: z.string(), payload: z.string() }),
  z.object({ type: z.literal('unsupported'), contentType: z.string() }),
]);
export type DisplayContent = z.infer<typeof DisplayContentSchema>;
export type DisplayCard = z.infer<typeof DisplayCardSchema>;

export const LIFECYCLE_EVENTS = [
  'started',
  'resumed',
  'agentJoined',
  'agentLeft',
  'ended',
  'readOnly',
  'startedNew',
  'cleared',
  'closed',
  'expired',
  'reconnected',
  'error',
  /** The server no longer has the conversation (its session expired, the org or sandbox was reset). */
  'endedOnServer',
  /** "Let the AI play this guest": the AI customer started, and stopped (with the reason in the line's text). */
  'aiStarted',
  'aiStopped',
] as const;

export const ThreadItemSchema = z.object({
  /** Stable key: the client's id for guest messages, the server's id for agent messages. */
  id: z.string(),
  serverId: z.string().optional(),
  from: z.enum(['guest', 'agent', 'system']),
  senderName: z.string().optional(),
  originatingEntity: z.enum(['Human', 'Bot']).optional(),
  /** ISO time; the thread is ordered by it. */
  time: z.string(),
  text: z.string().optional(),
  content: z.array(DisplayContentSchema),
  /** Guest messages only. */
  delivery: z.enum(['sending', 'sent', 'failed']).optional(),
  failure: z.string().optional(),
  /** System items only. */
  event: z.enum(LIFECYCLE_EVENTS).optional(),
});
export type ThreadItem = z.infer<typeof ThreadItemSchema>;

export const ConversationStateSchema = z.enum(['connecting', 'live', 'reconnecting', 'readOnly', 'ended', 'failed']);
export type ConversationState = z.infer<typeof ConversationStateSchema>;

export const ConversationSummarySchema = z.object({
  id: z.string(),
  profileId: z.string(),
  profileName: z.string(),
  channel: ChannelSchema,
  personaName: z.string(),
  state: ConversationStateSchema,
  /** Why the state is what it is, in plain words (e.g. the last error). */
  stateDetail: z.string().optional(),
  unread: z.number().int().min(0),
  lastText: z.string().optional(),
  updatedAt: z.string(),
  agentTyping: z.boolean(),
  /** When the composer must be disabled, why. */
  cannotSendReason: z.string().optional(),
  /** The platform's conversation id once known, to look it up in the org. */
  platformConversationId: z.string().optional(),
  /** Read-only because the server no longer has the conversation (not because the agent ended it). */
  endedOnServer: z.boolean().optional(),
  /** The custom attributes the guest sends with every message (the persona's), to compare with participant data. */
  customAttributes: z.record(z.string(), z.string()).optional(),
  /** What the deployment accepts as the guest's files, once the session said (Web Messaging only). */
  fileLimits: z
    .object({
      maxFileSizeKB: z.number().optional(),
      /** MIME types, wildcards allowed (`image/*`). */
      fileTypes: z.array(z.string()).optional(),
      blockedExtensions: z.array(z.string()).optional(),
    })
    .optional(),
});
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;

export const InspectorFrameSchema = z.object({
  seq: z.number().int(),
  time: z.string(),
  /** in/out: the platform's frames; note: the console's words; modelRequest/modelReply: the AI customer's model exchanges. */
  direction: z.enum(['in', 'out', 'note', 'modelRequest', 'modelReply']),
  /** Redacted: tokens, JWTs and secrets are replaced before a frame leaves the engine. */
  text: z.string(),
});
export type InspectorFrame = z.infer<typeof InspectorFrameSchema>;

export { PersonaSchema, type Persona } from './persona';

const conversationRef = z.object({ conversationId: z.string().min(1) }).strict();

/** How many files one guest message may carry (the composer stages up to this many). */
export const MAX_FILES_PER_MESSAGE = 10;

/** A file the guest sends: its name, type and bytes (base64, up to ~26 MB). */
const OutgoingFileSchema = z.object({
  fileName: z.string().min(1).max(1023),
  mime: z.string().min(1).max(200),
  data: z.string().max(Math.ceil((26 * 1024 * 1024 * 4) / 3)),
});

// ---- open messaging setup -----------------------------------------------------------------

export const IntegrationSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  webhookUrl: z.string(),
  status: z.string().optional(),
  createStatus: z.string().optional(),
});
export type IntegrationSummary = z.infer<typeof IntegrationSummarySchema>;

export const WebhookAttemptSchema = z.object({
  time: z.string(),
  status: z.number(),
  outcome: z.enum(['delivered', 'duplicate', 'noGuest', 'rejected']),
  detail: z.string(),
});

export const WebhookCheckSchema = z.object({
  correctlySigned: z.object({ status: z.number(), accepted: z.boolean() }),
  wronglySigned: z.object({ status: z.number(), accepted: z.boolean() }),
});
export type WebhookCheck = z.infer<typeof WebhookCheckSchema>;

export const OpenMessagingSetupSchema = z.object({
  /** The local receiver's address; Genesys needs it reachable as public HTTPS (a tunnel) for a real org. */
  webhookUrl: z.string(),
  integrations: z.array(IntegrationSummarySchema),
  attempts: z.array(WebhookAttemptSchema),
});
export type OpenMessagingSetup = z.infer<typeof OpenMessagingSetupSchema>;

const profileRef = z.object({ profileId: z.string().min(1) }).strict();

// ---- the map ------------------------------------------------------------------------------

const empty = z.object({}).strict();

export const requests = {
  'app.info': { request: empty, response: AppInfoSchema },
  'profiles.list': { request: empty, response: z.array(ProfileSchema) },
  'profiles.save': { request: ProfileInputSchema, response: ProfileSchema },
  'profiles.remove': { request: z.object({ id: z.string().min(1) }).strict(), response: z.object({ id: z.string() }) },
  'profiles.setSecret': {
    request: z
      .object({
        profileId: z.string().min(1),
        kind: SecretKindSchema,
        /** Empty string clears the secret. */
        value: z.string().max(4096),
      })
      .strict(),
    response: SecretStatusSchema,
  },
  'profiles.secretStatus': { request: z.object({ profileId: z.string().min(1) }).strict(), response: SecretStatusSchema },

  'conversations.list': { request: empty, response: z.array(ConversationSummarySchema) },
  'conversations.start': {
    request: z
      .object({
        profileId: z.string().min(1),
        channel: ChannelSchema,
        persona: PersonaSchema.prefault({}),
        /** Web Messaging authenticated guest: an OAuth authorization code from the customer's identity provider. */
        authentication: z
          .object({ code: z.string().min(1).max(4096), redirectUri: z.string().max(2048), codeVerifier: z.string().max(256).optional() })
          .strict()
          .optional(),
      })
      .strict(),
    response: ConversationSummarySchema,
  },
  'conversations.thread': {
    request: conversationRef,
    response: z.object({ conversation: ConversationSummarySchema, items: z.array(ThreadItemSchema) }),
  },
  'conversations.markRead': { request: conversationRef, response: ConversationSummarySchema },
  /** Start a new conversation on a read-only session (same guest, same token). */
  'conversations.startNew': { request: conversationRef, response: ConversationSummarySchema },
  /** End the guest session (closeSession); the thread stays readable. */
  'conversations.close': { request: conversationRef, response: ConversationSummarySchema },
  /** Remove the conversation from the console (and its transcript file). */
  'conversations.remove': { request: conversationRef, response: z.object({ conversationId: z.string() }) },
  'conversations.typing': { request: conversationRef, response: z.object({ sent: z.boolean() }) },
  'messages.send': {
    request: z
      .object({
        conversationId: z.string().min(1),
        text: z.string().min(1, 'Type a message first'),
        customAttributes: CustomAttributesSchema.optional(),
      })
      .strict(),
    response: ThreadItemSchema,
  },
  'messages.retry': { request: z.object({ conversationId: z.string().min(1), itemId: z.string().min(1) }).strict(), response: ThreadItemSchema },
  /** Answer a quick reply or a card button that an agent message offered. */
  'messages.choose': {
    request: z
      .object({
        conversationId: z.string().min(1),
        itemId: z.string().min(1),
        text: z.string(),
        payload: z.string(),
        kind: z.enum(['QuickReply', 'Button']),
      })
      .strict(),
    response: ThreadItemSchema,
  },
  /** One guest message with files and an optional caption: one file, or several (`files`), in order. */
  'attachments.send': {
    request: z.union([
      OutgoingFileSchema.extend({ conversationId: z.string().min(1), text: z.string().optional() }).strict(),
      z
        .object({
          conversationId: z.string().min(1),
          files: z.array(OutgoingFileSchema.strict()).min(1).max(MAX_FILES_PER_MESSAGE),
          text: z.string().optional(),
        })
        .strict(),
    ]),
    response: ThreadItemSchema,
  },
  'inspector.frames': { request: conversationRef, response: z.array(InspectorFrameSchema) },

  /** The profile's webhook receiver, its integrations and the receiver's latest delivery attempts. */
  'openMessaging.setup': { request: profileRef, response: OpenMessagingSetupSchema },
  /** Create (no id) or update an integration — only after the user confirmed. */
  'openMessaging.saveIntegration': {
    request: z
      .object({
        profileId: z.string().min(1),
        id: z.string().min(1).optional(),
        name: z.string().trim().min(1, 'Give the integration a name').max(200),
        webhookUrl: z.string().url('Enter the full webhook URL, e.g. https://my-tunnel.example.com/webhook'),
      })
      .strict(),
    response: IntegrationSummarySchema,
  },
  /** Send a correctly signed and a wrongly signed sample to the profile's receiver. */
  'openMessaging.checkWebhook': { request: profileRef, response: WebhookCheckSchema },
  ...scenarioRequests,
  ...loadRequests,
  ...personasRequests,
  ...presentationRequests,
  ...profileFilesRequests,
  ...transcriptsRequests,
  ...operatorRequests,
  ...participantsRequests,
  ...aiRequests,
} as const;

export const events = {
  'profiles.changed': z.object({ profiles: z.array(ProfileSchema) }),
  'conversations.changed': z.object({ conversations: z.array(ConversationSummarySchema) }),
  /** Items added or updated in one thread (upserts by id). */
  'conversation.items': z.object({ conversationId: z.string(), items: z.array(ThreadItemSchema) }),
  'inspector.frame': z.object({ conversationId: z.string(), frame: InspectorFrameSchema }),
  ...scenarioEvents,
  ...loadEvents,
  ...personasEvents,
  ...presentationEvents,
  ...aiEvents,
} as const;

export type RequestChannel = keyof typeof requests;
export type EventChannel = keyof typeof events;
export type RequestOf<C extends RequestChannel> = z.input<(typeof requests)[C]['request']>;
export type ParsedRequestOf<C extends RequestChannel> = z.output<(typeof requests)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requests)[C]['response']>;
export type EventOf<E extends EventChannel> = z.output<(typeof events)[E]>;

export const REQUEST_CHANNELS = Object.keys(requests) as RequestChannel[];
export const EVENT_CHANNELS = Object.keys(events) as EventChannel[];

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.hasOwn(requests, value);
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

/** The typed API the renderer calls, whatever the transport. */
export type GuestConsoleApi = {
  [C in RequestChannel]: (payload: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
} & {
  on<E extends EventChannel>(event: E, listener: (payload: EventOf<E>) => void): () => void;
};

/** What a transport must provide; the api object is built from it. */
export interface ContractTransport {
  invoke(channel: RequestChannel, payload: unknown): Promise<Result<unknown>>;
  on(event: EventChannel, listener: (payload: unknown) => void): () => void;
}

export function createApi(transport: ContractTransport): GuestConsoleApi {
  const api: Record<string, unknown> = {
    on: (event: EventChannel, listener: (payload: unknown) => void) => transport.on(event, listener),
  };
  for (const channel of REQUEST_CHANNELS) {
    api[channel] = (payload: unknown) => transport.invoke(channel, payload);
  }
  return api as GuestConsoleApi;
}

/** Field problems from a zod error, as the UI shows them next to the fields. */
export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}
