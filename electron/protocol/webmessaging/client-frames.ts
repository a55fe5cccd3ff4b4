// Client → server frames of the Web Messaging Guest API (spec §2.1, §3): zod schemas, one decoder
// (`parseClientFrame`) and one builder per action (client-frame-builders.ts). Decoding is lenient: unknown fields are kept,
// an unknown action or a malformed frame comes back as a `ClientFrameError` value, never a throw.
import { z } from 'zod';
import { ContentItemSchema, MessageEventSchema } from '../normalized/content';

const StringMap = z.record(z.string(), z.string());

export const ChannelMetadataSchema = z
  .object({ metadata: z.object({ customAttributes: StringMap.optional() }).loose().optional() })
  .loose();

/** The `message` object of `onMessage` (IncomingNormalizedMessage). */
export const GuestMessageSchema = z
  .object({
    type: z.string(), // Text | Structured | Event
    text: z.string().optional(),
    content: z.array(ContentItemSchema).optional(),
    events: z.array(MessageEventSchema).optional(),
    metadata: StringMap.optional(),
    channel: ChannelMetadataSchema.optional(),
  })
  .loose();

const request = <A extends string, S extends z.ZodRawShape>(action: A, shape: S) =>
  z
    .object({ action: z.literal(action), token: z.string(), tracingId: z.string().optional(), ...shape })
    .loose();

export const ConfigureSessionSchema = request('configureSession', {
  deploymentId: z.string(),
  startNew: z.boolean().optional(),
  journeyContext: z.unknown().optional(),
  resumeToken: z.string().optional(),
});
export const ConfigureAuthenticatedSessionSchema = request('configureAuthenticatedSession', {
  deploymentId: z.string(),
  startNew: z.boolean().optional(),
  journeyContext: z.unknown().optional(),
  data: z.object({ code: z.string() }).loose(),
});
export const OnMessageSchema = request('onMessage', {
  message: GuestMessageSchema,
  /** Java SDK only: request-level channel carrying custom attributes (spec §10). */
  channel: ChannelMetadataSchema.optional(),
  time: z.string().optional(),
});
export const OnAttachmentSchema = request('onAttachment', {
  attachmentId: z.string().optional(),
  fileName: z.string(),
  fileType: z.string(),
  fileSize: z.number().optional(),
  fileMd5: z.string().optional(),
  errorsAsJson: z.boolean().optional(),
});
export const GetAttachmentSchema = request('getAttachment', { attachmentId: z.string() });
export const DeleteAttachmentSchema = request('deleteAttachment', { attachmentId: z.string() });
export const GetJwtSchema = request('getJwt', {});
/** Some community clients send `echo` without a token (spec §3.8), so it is optional here. */
export const EchoSchema = z
  .object({
    action: z.literal('echo'),
    token: z.string().optional(),
    tracingId: z.string().optional(),
    message: z.unknown().optional(),
  })
  .loose();
export const CloseSessionSchema = request('closeSession', { closeAllConnections: z.boolean().optional() });
export const GetConfigurationSchema = request('getConfiguration', { deploymentId: z.string() });

export const ClientFrameSchema = z.discriminatedUnion('action', [
  ConfigureSessionSchema,
  ConfigureAuthenticatedSessionSchema,
  OnMessageSchema,
  OnAttachmentSchema,
  GetAttachmentSchema,
  DeleteAttachmentSchema,
  GetJwtSchema,
  EchoSchema,
  CloseSessionSchema,
  GetConfigurationSchema,
]);

export type GuestMessage = z.infer<typeof GuestMessageSchema>;
export type ClientFrame = z.infer<typeof ClientFrameSchema>;
export type ClientAction = ClientFrame['action'];
export type ClientFrameOf<A extends ClientAction> = Extract<ClientFrame, { action: A }>;

export const CLIENT_ACTIONS: readonly ClientAction[] = ClientFrameSchema.options.map(
  (option) => option.shape.action.value,
);

export type ClientFrameError =
  | { kind: 'BadJson'; message: string }
  | { kind: 'NotAnObject'; message: string }
  | { kind: 'UnknownAction'; message: string; action: string; tracingId?: string }
  | { kind: 'MissingParameter'; message: string; action: ClientAction; field: string; tracingId?: string }
  | { kind: 'InvalidFrame'; message: string; action: ClientAction; tracingId?: string };

export type ParsedClientFrame = { ok: true; frame: ClientFrame } | { ok: false; error: ClientFrameError };

export function parseClientFrame(raw: string): ParsedClientFrame {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (cause) {
    return { ok: false, error: { kind: 'BadJson', message: `Frame is not valid JSON: ${(cause as Error).message}` } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: { kind: 'NotAnObject', message: 'Frame must be a JSON object with an "action" field.' } };
  }
  const record = value as Record<string, unknown>;
  const tracingId = typeof record.tracingId === 'string' ? record.tracingId : undefined;
  const action = record.action;
  if (typeof action !== 'string' || !(CLIENT_ACTIONS as readonly string[]).includes(action)) {
    const named = typeof action === 'string' ? action : String(action);
    return {
      ok: false,
      error: { kind: 'UnknownAction', message: `Unknown action "${named}".`, action: named, ...(tracingId ? { tracingId } : {}) },
    };
  }
  const parsed = ClientFrameSchema.safeParse(value);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const known = action as ClientAction;
  const missing = parsed.error.issues.find((issue) => valueAt(record, issue.path) === undefined);
  if (missing) {
    const field = missing.path.join('.');
    return {
      ok: false,
      error: { kind: 'MissingParameter', message: `Missing parameter "${field}" for ${known}.`, action: known, field, ...(tracingId ? { tracingId } : {}) },
    };
  }
  const first = parsed.error.issues[0];
  return {
    ok: false,
    error: {
      kind: 'InvalidFrame',
      message: `Invalid ${known} request at "${first?.path.join('.') ?? ''}": ${first?.message ?? 'invalid'}.`,
      action: known,
      ...(tracingId ? { tracingId } : {}),
    },
  };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export { clientFrame } from './client-frame-builders';
