// Server frames read field by field, without zod: the envelope, and the bodies of the classes a guest gets all
// the time — plain text messages, session responses, errors, 429s, closes, JWTs — each check accepting exactly
// what its schema in server-frames.ts accepts (a property test compares them) and keeping the parsed JSON as
// the frame. Anything else (content or events in a message, attachment frames, a broken frame) is left to the
// schemas with the parsed value, so a guest that never meets one never loads them.
import type { KnownServerFrame, ParsedServerFrame, ServerClass, ServerFrame, SessionResponse, WebMessagingMessage } from './server-frames';

/** Every class server-frames.ts has a body schema for (a test holds them equal). */
export const SERVER_CLASSES: readonly ServerClass[] = [
  'string',
  'SessionResponse',
  'StructuredMessage',
  'PresignedUrlResponse',
  'UploadSuccessEvent',
  'UploadFailureEvent',
  'GenerateUrlError',
  'AttachmentDeletedResponse',
  'JwtResponse',
  'SessionExpiredEvent',
  'SessionClearedEvent',
  'ConnectionClosedEvent',
  'LogoutEvent',
  'TooManyRequestsErrorMessage',
  'GetConfigurationResponse',
];
const KNOWN_CLASSES = new Set<string>(SERVER_CLASSES);

/** A frame read, or one to finish with the schemas (`checkServerFrame` in server-frames.ts). */
export type ReadServerFrame = ParsedServerFrame | { ok: 'schemas'; value: unknown };

export function readServerFrame(raw: string): ReadServerFrame {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (cause) {
    return { ok: false, error: { kind: 'BadJson', message: `Server frame is not valid JSON: ${(cause as Error).message}` } };
  }
  // A "__proto__" key is an own property after JSON.parse but not after the schemas copy the object: such a frame
  // (never a real one) goes through the schemas, so both readings agree.
  if (!isEnvelope(value) || raw.includes('"__proto__"')) return { ok: 'schemas', value };
  const { type, code, body, tracingId } = value;
  const cls = value.class;
  if (!KNOWN_CLASSES.has(cls)) {
    const frame: ServerFrame = { type, class: 'Unknown', originalClass: cls, code, body, ...(tracingId !== undefined ? { tracingId } : {}) };
    return { ok: true, frame };
  }
  const check = BODY_CHECKS[cls as ServerClass];
  return check?.(body) ? { ok: true, frame: value as KnownServerFrame } : { ok: 'schemas', value };
}

interface Envelope {
  type: string;
  class: string;
  code: number;
  body: unknown;
  tracingId?: string;
}
type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalString = (value: unknown) => value === undefined || typeof value === 'string';
const isNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
const optionalNumber = (value: unknown) => value === undefined || isNumber(value);
const optionalBoolean = (value: unknown) => value === undefined || typeof value === 'boolean';
/** Absent or `[]`: nothing in it to check. */
const noItems = (value: unknown) => value === undefined || (Array.isArray(value) && value.length === 0);

function isEnvelope(value: unknown): value is Envelope {
  return (
    isObject(value) &&
    typeof value.type === 'string' &&
    typeof value.class === 'string' &&
    typeof value.code === 'number' &&
    Number.isFinite(value.code) &&
    Object.hasOwn(value, 'body') &&
    optionalString(value.tracingId)
  );
}

function hasOptionalStrings(value: Fields, keys: readonly string[]): boolean {
  for (const key of keys) if (!optionalString(value[key])) return false;
  return true;
}

const NAME_FIELDS = ['firstName', 'lastName', 'nickname', 'image'];
const isParticipantName = (value: unknown) => value === undefined || (isObject(value) && hasOptionalStrings(value, NAME_FIELDS));

function isStringMap(value: unknown): boolean {
  if (!isObject(value)) return false;
  for (const key in value) if (Object.hasOwn(value, key) && typeof value[key] !== 'string') return false;
  return true;
}

const MESSAGE_STRING_FIELDS = ['text', 'originatingEntity', 'originatingMessageId', 'status'];
const CHANNEL_STRING_FIELDS = ['time', 'messageId', 'type'];

/** A `StructuredMessage` body without content or events, valid as WebMessagingMessageSchema has it. */
function isPlainMessage(body: unknown): body is WebMessagingMessage {
  if (!isObject(body) || !noItems(body.content) || !noItems(body.events)) return false;
  if (typeof body.id !== 'string' || typeof body.type !== 'string' || typeof body.direction !== 'string') return false;
  if (!hasOptionalStrings(body, MESSAGE_STRING_FIELDS)) return false;
  if (body.metadata !== undefined && !isStringMap(body.metadata)) return false;
  const channel = body.channel;
  if (channel === undefined) return true;
  return isObject(channel) && hasOptionalStrings(channel, CHANNEL_STRING_FIELDS) && isParticipantName(channel.from) && isParticipantName(channel.to);
}

/** A `SessionResponse` body, valid as SessionResponseSchema has it. */
function isSessionResponse(body: unknown): body is SessionResponse {
  if (!isObject(body) || typeof body.connected !== 'boolean' || typeof body.newSession !== 'boolean') return false;
  if (!optionalBoolean(body.readOnly) || !optionalBoolean(body.clearedExistingSession) || !optionalBoolean(body.autoStarted)) return false;
  if (!optionalNumber(body.maxCustomDataBytes) || !optionalNumber(body.durationSeconds) || !optionalNumber(body.expirationDate)) return false;
  const blocked = body.blockedExtensions;
  if (blocked !== undefined && !(Array.isArray(blocked) && blocked.every((extension) => typeof extension === 'string'))) return false;
  const media = body.allowedMedia;
  if (media === undefined) return true;
  if (!isObject(media)) return false;
  const inbound = media.inbound;
  if (inbound === undefined) return true;
  return (
    isObject(inbound) &&
    isNumber(inbound.maxFileSizeKB) &&
    Array.isArray(inbound.fileTypes) &&
    inbound.fileTypes.every((fileType) => isObject(fileType) && typeof fileType.type === 'string')
  );
}

const BODY_CHECKS: Partial<Record<ServerClass, (body: unknown) => boolean>> = {
  string: (body) => typeof body === 'string',
  StructuredMessage: isPlainMessage,
  SessionResponse: isSessionResponse,
  TooManyRequestsErrorMessage: (body) => isObject(body) && isNumber(body.retryAfter) && isNumber(body.errorCode) && typeof body.errorMessage === 'string',
  JwtResponse: (body) => isObject(body) && typeof body.jwt === 'string' && isNumber(body.exp),
  ConnectionClosedEvent: (body) => isObject(body) && optionalString(body.reason) && optionalString(body.reasonCode),
  SessionExpiredEvent: isObject,
  SessionClearedEvent: isObject,
  LogoutEvent: isObject,
};
