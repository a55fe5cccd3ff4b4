// The Guest API's limits (spec §6.4) and how each is measured, written once: the engine checks a guest's
// message against them before sending, the sandbox refuses what breaks them. The deployment's own figures
// (`maxCustomDataBytes`, `allowedMedia`, `blockedExtensions` in SessionResponse) replace the defaults here.
import { GuestErrorCode } from './error-codes';

/** The figures of spec §6.4 (and §9's simulator checklist); the sandbox's defaults, the engine's fallbacks. */
export const GUEST_API_LIMITS = {
  /** onMessage per session: 2 in any second (the Dec 2023 forum notice; §10 notes a secondary 5/s). */
  messagesPerSessionPerSecond: 2,
  /** Any request per connection per minute. */
  requestsPerConnectionPerMinute: 60,
  configuresPerSessionPerMinute: 60,
  /** echo (health check) per connection per minute. */
  echoesPerConnectionPerMinute: 2,
  historyPerSessionPerMinute: 10,
  maxConnectionsPerSession: 3,
  /** Inbound guest text, counted in UTF-8 bytes (error 4011); bytes also satisfy a character reading. */
  maxTextBytes: 4096,
  /** Custom attributes budget when the deployment states none (error 4013). */
  maxCustomDataBytes: 2048,
  /** The fixtures' `allowedMedia.inbound.maxFileSizeKB`. */
  maxFileSizeKB: 10240,
  /** A file name must be shorter than this (error 4005). */
  maxFileNameLength: 1024,
  maxTokenLength: 2048,
  /** New WebSocket connections per deployment per minute: 1000, configurable per org (secondary [S15]; "configurable"
   *  per a Genesys maintainer [S12]). A load run ramps within it. */
  newConnectionsPerDeploymentPerMinute: 1000,
  /** `X-Amz-Expires` of a pre-signed upload URL, in seconds (the value every observed URL carries). */
  uploadUrlLifetimeSec: 600,
} as const;

/** The per-session message rate as a window: `messagesPerSessionPerSecond` requests in any `windowMs`. */
export const MESSAGE_RATE_WINDOW_MS = 1000;

/**
 * A KB of `maxFileSizeKB` is 1000 bytes. The spec gives no unit, but the official mobile SDK checks the size
 * with KB = 1000 bytes (§5.6); it is also the stricter reading, so a file the engine lets through is never
 * one that a 1024-byte server would refuse.
 */
export const BYTES_PER_KB = 1000;

export const maxFileBytes = (maxFileSizeKB: number): number => maxFileSizeKB * BYTES_PER_KB;

export const textBytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The size of `customAttributes` as Genesys counts it: UTF-8 bytes of every key plus every value. */
export function customAttributesBytes(attributes: Readonly<Record<string, string>>): number {
  return Object.entries(attributes).reduce((sum, [key, value]) => sum + textBytes(key) + textBytes(value), 0);
}

/** Whether `allowedMedia.inbound.fileTypes` accepts a MIME type: named exactly, or by a wildcard (`image/*`, all types). */
export function mediaTypeAccepted(fileTypes: readonly { type: string }[], mime: string): boolean {
  const wanted = mime.toLowerCase();
  return fileTypes.some(({ type }) => {
    const accepted = type.toLowerCase();
    return accepted === '*/*' || accepted === wanted || (accepted.endsWith('/*') && wanted.startsWith(accepted.slice(0, -1)));
  });
}

/** A file name's extension as `blockedExtensions` lists them (`.exe`), lower case; '' without a dot. */
export function fileExtension(fileName: string): string {
  const name = fileName.trim();
  return name.includes('.') ? name.slice(name.lastIndexOf('.')).toLowerCase() : '';
}

/** What a session allows to be attached (SessionResponse / GetConfigurationResponse). */
export interface AttachmentRules {
  allowedMedia?: { inbound?: { fileTypes: readonly { type: string }[]; maxFileSizeKB: number } } | undefined;
  blockedExtensions?: readonly string[] | undefined;
}

export type AttachmentRefusal =
  | { kind: 'ExtensionBlocked'; code: typeof GuestErrorCode.FileTypeInvalid; extension: string }
  | { kind: 'TypeNotAccepted'; code: typeof GuestErrorCode.FileTypeInvalid; accepted: string[] }
  | { kind: 'TooLarge'; code: typeof GuestErrorCode.FileSizeInvalid; maxFileSizeKB: number };

/**
 * Why a file may not be attached under these rules, or undefined when it may. `size` is optional because an
 * onAttachment frame need not state it (the upload is then measured on arrival, against `maxFileBytes`).
 */
export function attachmentRefusal(file: { fileName: string; mime: string; size?: number | undefined }, rules: AttachmentRules): AttachmentRefusal | undefined {
  const extension = fileExtension(file.fileName);
  if (extension && rules.blockedExtensions?.some((blocked) => blocked.toLowerCase() === extension)) {
    return { kind: 'ExtensionBlocked', code: GuestErrorCode.FileTypeInvalid, extension };
  }
  const inbound = rules.allowedMedia?.inbound;
  if (!inbound) return undefined;
  if (!mediaTypeAccepted(inbound.fileTypes, file.mime)) {
    return { kind: 'TypeNotAccepted', code: GuestErrorCode.FileTypeInvalid, accepted: inbound.fileTypes.map(({ type }) => type) };
  }
  if (file.size !== undefined && file.size > maxFileBytes(inbound.maxFileSizeKB)) {
    return { kind: 'TooLarge', code: GuestErrorCode.FileSizeInvalid, maxFileSizeKB: inbound.maxFileSizeKB };
  }
  return undefined;
}
