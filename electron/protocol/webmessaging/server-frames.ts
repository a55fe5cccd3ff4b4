// Server → client frames of the Web Messaging Guest API (spec §2.2, §4): the envelope
// `{type, class, code, body, tracingId?}`, one body schema per class, a decoder (`parseServerFrame`)
// and one builder per class. Unknown classes decode to `{class: 'Unknown'}` with the original name, so a
// client can log and ignore them; unknown fields are kept. Most frames are read field by field without zod
// (server-frame-reader.ts, held to these schemas by a property test); the rest are checked here.
import { z } from 'zod';
import { ContentItemSchema, MessageEventSchema } from '../normalized/content';
import { GuestErrorCode } from './error-codes';
import { readServerFrame } from './server-frame-reader';

const StringMap = z.record(z.string(), z.string());

const ParticipantNameSchema = z
  .object({ firstName: z.string().optional(), lastName: z.string().optional(), nickname: z.string().optional(), image: z.string().optional() })
  .loose();

export const WebMessagingChannelSchema = z
  .object({
    time: z.string().optional(),
    messageId: z.string().optional(),
    type: z.string().optional(),
    from: ParticipantNameSchema.optional(),
    to: ParticipantNameSchema.optional(),
  })
  .loose();

/** A message as the guest sees it: live `StructuredMessage` bodies and history entities. */
export const WebMessagingMessageSchema = z
  .object({
    id: z.string(),
    type: z.string(), // Text | Structured | Event | Receipt
    text: z.string().optional(),
    direction: z.string(), // Inbound | Outbound
    originatingEntity: z.string().optional(), // Human | Bot
    channel: WebMessagingChannelSchema.optional(),
    content: z.array(ContentItemSchema).optional(),
    events: z.array(MessageEventSchema).optional(),
    metadata: StringMap.optional(),
    originatingMessageId: z.string().optional(),
    status: z.string().optional(),
  })
  .loose();

const FileTypeSchema = z.object({ type: z.string() }).loose();
export const AllowedMediaSchema = z
  .object({ inbound: z.object({ fileTypes: z.array(FileTypeSchema), maxFileSizeKB: z.number() }).loose().optional() })
  .loose();

export const SessionResponseSchema = z
  .object({
    connected: z.boolean(),
    newSession: z.boolean(),
    readOnly: z.boolean().optional(),
    clearedExistingSession: z.boolean().optional(),
    maxCustomDataBytes: z.number().optional(),
    allowedMedia: AllowedMediaSchema.optional(),
    blockedExtensions: z.array(z.string()).optional(),
    durationSeconds: z.number().optional(),
    expirationDate: z.number().optional(),
    autoStarted: z.boolean().optional(),
  })
  .loose();

export const PresignedUrlResponseSchema = z
  .object({
    attachmentId: z.string(),
    headers: StringMap,
    url: z.string(),
    fileName: z.string().optional(),
    fileSize: z.number().optional(),
    fileType: z.string().optional(),
  })
  .loose();

export const UploadSuccessEventSchema = z
  .object({ attachmentId: z.string(), downloadUrl: z.string(), timestamp: z.string().optional() })
  .loose();

const AttachmentErrorShape = {
  attachmentId: z.string().optional(),
  errorCode: z.number(),
  errorMessage: z.string(),
  timestamp: z.string().optional(),
};
export const UploadFailureEventSchema = z.object(AttachmentErrorShape).loose();
export const GenerateUrlErrorSchema = z.object(AttachmentErrorShape).loose();
export const AttachmentDeletedResponseSchema = z.object({ attachmentId: z.string() }).loose();
export const JwtResponseSchema = z.object({ jwt: z.string(), exp: z.number() }).loose();
export const EmptyEventSchema = z.object({}).loose();
export const ConnectionClosedEventSchema = z
  .object({ reason: z.string().optional(), reasonCode: z.string().optional() })
  .loose();
export const TooManyRequestsErrorMessageSchema = z
  .object({ retryAfter: z.number(), errorCode: z.number(), errorMessage: z.string() })
  .loose();
export const GetConfigurationResponseSchema = z
  .object({
    allowedMedia: AllowedMediaSchema.optional(),
    blockedExtensions: z.array(z.string()).optional(),
    maxCustomDataBytes: z.number().optional(),
    messageRoutingEnabled: z.boolean().optional(),
    sessionDurationSeconds: z.number().optional(),
  })
  .loose();

/** Body schema for each known `class`. */
export const SERVER_CLASS_BODIES = {
  string: z.string(),
  SessionResponse: SessionResponseSchema,
  StructuredMessage: WebMessagingMessageSchema,
  PresignedUrlResponse: PresignedUrlResponseSchema,
  UploadSuccessEvent: UploadSuccessEventSchema,
  UploadFailureEvent: UploadFailureEventSchema,
  GenerateUrlError: GenerateUrlErrorSchema,
  AttachmentDeletedResponse: AttachmentDeletedResponseSchema,
  JwtResponse: JwtResponseSchema,
  SessionExpiredEvent: EmptyEventSchema,
  SessionClearedEvent: EmptyEventSchema,
  ConnectionClosedEvent: ConnectionClosedEventSchema,
  LogoutEvent: EmptyEventSchema,
  TooManyRequestsErrorMessage: TooManyRequestsErrorMessageSchema,
  GetConfigurationResponse: GetConfigurationResponseSchema,
} as const;

export type ServerClass = keyof typeof SERVER_CLASS_BODIES;
export type ServerBody<C extends ServerClass> = z.infer<(typeof SERVER_CLASS_BODIES)[C]>;
export type FrameType = 'response' | 'message';

export type KnownServerFrame = {
  [C in ServerClass]: { type: FrameType; class: C; code: number; body: ServerBody<C>; tracingId?: string };
}[ServerClass];
export type UnknownServerFrame = { type: string; class: 'Unknown'; originalClass: string; code: number; body: unknown; tracingId?: string };
export type ServerFrame = KnownServerFrame | UnknownServerFrame;
export type ServerFrameOf<C extends ServerClass> = Extract<KnownServerFrame, { class: C }>;

/** The envelope every server frame has. */
export const ServerEnvelopeSchema = z
  .object({ type: z.string(), class: z.string(), code: z.number(), body: z.unknown(), tracingId: z.string().optional() })
  .loose();

export type ServerFrameError =
  | { kind: 'BadJson'; message: string }
  | { kind: 'BadEnvelope'; message: string }
  | { kind: 'BadBody'; message: string; class: ServerClass };

export type ParsedServerFrame = { ok: true; frame: ServerFrame } | { ok: false; error: ServerFrameError };

export function parseServerFrame(raw: string): ParsedServerFrame {
  const read = readServerFrame(raw);
  return read.ok === 'schemas' ? checkServerFrame(read.value) : read;
}

/** A parsed frame that the field-by-field reader left to the schemas. */
export function checkServerFrame(value: unknown): ParsedServerFrame {
  const envelope = ServerEnvelopeSchema.safeParse(value);
  if (!envelope.success) {
    return { ok: false, error: { kind: 'BadEnvelope', message: `Server frame lacks type/class/code: ${envelope.error.issues[0]?.message ?? ''}` } };
  }
  const { type, code, body, tracingId } = envelope.data;
  const cls = envelope.data.class;
  const tracing = tracingId !== undefined ? { tracingId } : {};
  if (!Object.hasOwn(SERVER_CLASS_BODIES, cls)) {
    return { ok: true, frame: { type, class: 'Unknown', originalClass: cls, code, body, ...tracing } };
  }
  const known = cls as ServerClass;
  const parsedBody = SERVER_CLASS_BODIES[known].safeParse(body);
  if (!parsedBody.success) {
    const issue = parsedBody.error.issues[0];
    return {
      ok: false,
      error: { kind: 'BadBody', class: known, message: `${known} body invalid at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? ''}` },
    };
  }
  return { ok: true, frame: { type: type as FrameType, class: known, code, body: parsedBody.data, ...tracing } as KnownServerFrame };
}

function frame<C extends ServerClass>(type: FrameType, cls: C, body: ServerBody<C>, tracingId?: string, code: number = GuestErrorCode.Ok): ServerFrameOf<C> {
  return { type, class: cls, code, body, ...(tracingId !== undefined ? { tracingId } : {}) } as ServerFrameOf<C>;
}

/** Builders: the frames the Genesys server sends, with the envelope `type`/`code` the SDK fixtures show. */
export const serverFrame = {
  error: (code: number, text: string, tracingId?: string) => frame('response', 'string', text, tracingId, code),
  sessionResponse: (body: ServerBody<'SessionResponse'>, tracingId?: string) => frame('response', 'SessionResponse', body, tracingId),
  /** A guest message reflected back (`Inbound`) or an agent/bot message (`Outbound`). */
  structuredMessage: (body: ServerBody<'StructuredMessage'>, tracingId?: string) => frame('message', 'StructuredMessage', body, tracingId),
  echoReply: (body: ServerBody<'StructuredMessage'>, tracingId?: string) => frame('response', 'StructuredMessage', body, tracingId),
  presignedUrl: (body: ServerBody<'PresignedUrlResponse'>, tracingId?: string) => frame('response', 'PresignedUrlResponse', body, tracingId),
  uploadSuccess: (body: ServerBody<'UploadSuccessEvent'>) => frame('message', 'UploadSuccessEvent', body),
  uploadFailure: (body: ServerBody<'UploadFailureEvent'>) => frame('message', 'UploadFailureEvent', body, undefined, GuestErrorCode.BadRequest),
  generateUrlError: (body: ServerBody<'GenerateUrlError'>, tracingId?: string) =>
    frame('response', 'GenerateUrlError', body, tracingId, GuestErrorCode.BadRequest),
  attachmentDeleted: (body: ServerBody<'AttachmentDeletedResponse'>, tracingId?: string) =>
    frame('message', 'AttachmentDeletedResponse', body, tracingId),
  jwt: (body: ServerBody<'JwtResponse'>, tracingId?: string) => frame('response', 'JwtResponse', body, tracingId),
  sessionExpired: () => frame('response', 'SessionExpiredEvent', {}),
  sessionCleared: () => frame('message', 'SessionClearedEvent', {}),
  connectionClosed: (reason?: string) => frame('message', 'ConnectionClosedEvent', reason ? { reason } : {}),
  logout: () => frame('message', 'LogoutEvent', {}),
  tooManyRequests: (body: ServerBody<'TooManyRequestsErrorMessage'>, tracingId?: string) =>
    frame('response', 'TooManyRequestsErrorMessage', body, tracingId, GuestErrorCode.TooManyRequests),
  configuration: (body: ServerBody<'GetConfigurationResponse'>, tracingId?: string) =>
    frame('response', 'GetConfigurationResponse', body, tracingId),
};

export type WebMessagingMessage = z.infer<typeof WebMessagingMessageSchema>;
export type SessionResponse = ServerBody<'SessionResponse'>;
