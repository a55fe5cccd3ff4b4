// The web host's contract socket, both ends' one definition of it: where it lives, how the page proves it
// holds the access token (in the socket's first frame — never a cookie, which is not scoped to a port and
// would go to every other server on 127.0.0.1), and the envelope every later frame travels in, as schemas.
import { z } from 'zod';
import { ContractErrorSchema } from './contract';

export const CONTRACT_SOCKET_PATH = '/contract';

/** The close code when the first frame was not the right token (4000–4999 belong to applications). */
export const CLOSE_ACCESS_REFUSED = 4401;

/** The page's first frame on every new socket. */
const AccessFrameSchema = z.object({ type: z.literal('access'), token: z.string() });
export type AccessFrame = z.infer<typeof AccessFrameSchema>;

/** The host's answer once the token matched; requests, replies and events follow. */
const ReadyFrameSchema = z.object({ type: z.literal('ready') });
export type ReadyFrame = z.infer<typeof ReadyFrameSchema>;

const FrameIdSchema = z.union([z.string(), z.number()]);
export type FrameId = z.infer<typeof FrameIdSchema>;

/** Page → host: one contract request; the reply carries the same id. */
const RequestFrameSchema = z.object({ type: z.literal('request'), id: FrameIdSchema, channel: z.string(), payload: z.unknown() });
export type RequestFrame = z.infer<typeof RequestFrameSchema>;

const ResultSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: ContractErrorSchema }),
]);

/** Host → page: a request's result; `id` is null when the frame it answers had no usable id. */
const ReplyFrameSchema = z.object({ type: z.literal('reply'), id: FrameIdSchema.nullable(), result: ResultSchema });
export type ReplyFrame = z.infer<typeof ReplyFrameSchema>;

/** Host → page: a contract event. */
const EventFrameSchema = z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() });
export type EventFrame = z.infer<typeof EventFrameSchema>;

const HostFrameSchema = z.discriminatedUnion('type', [ReadyFrameSchema, ReplyFrameSchema, EventFrameSchema]);
export type HostFrame = z.infer<typeof HostFrameSchema>;

const json = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** The token of a first frame, or null when it is not an access frame. */
export function accessTokenOf(text: string): string | null {
  const frame = AccessFrameSchema.safeParse(json(text));
  return frame.success ? frame.data.token : null;
}

/** A frame the page sent after access: a request, or why it is not one (with its id, when it had a usable one). */
export function parseRequestFrame(text: string): { ok: true; frame: RequestFrame } | { ok: false; id: FrameId | null; message: string } {
  const value = json(text);
  if (value === undefined) return { ok: false, id: null, message: 'The frame was not a JSON text frame.' };
  const frame = RequestFrameSchema.safeParse(value);
  if (frame.success) return { ok: true, frame: frame.data };
  const id = FrameIdSchema.safeParse((value as { id?: unknown } | null)?.id);
  return { ok: false, id: id.success ? id.data : null, message: 'A frame must be {"type":"request","id":…,"channel":…,"payload":…}.' };
}

/** A frame the host sent, or undefined for anything else (which the page ignores). */
export function parseHostFrame(text: string): HostFrame | undefined {
  const frame = HostFrameSchema.safeParse(json(text));
  return frame.success ? frame.data : undefined;
}
