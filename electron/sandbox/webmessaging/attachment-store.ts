// Files the sandbox holds: guest uploads (reserved by `onAttachment`, filled by an HTTP PUT to a
// pre-signed URL) and files agents send. Each is downloadable at `${baseUrl}/api/v2/downloads/<id>`.
// Upload URLs are signed with the sandbox's secret, like S3 pre-signed URLs, and expire as theirs do: the URL
// carries when it was made (`X-Amz-Date`) and for how long it is good (`X-Amz-Expires`), both under the
// signature; a PUT after that is refused with 403 (S3's "Request has expired"). Download URLs do not expire.
// Each file (its bytes in the state's file shelf) is kept in the sandbox's state and restored with it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { FileShelf, StateShelf } from '../state/sandbox-state';

export const StoredFileRecordSchema = z.strictObject({
  id: z.string(),
  fileName: z.string(),
  mime: z.string(),
  state: z.enum(['reserved', 'uploaded', 'failed']),
  sessionId: z.string().optional(),
  sent: z.boolean(),
  tagging: z.string().optional(),
});
export type StoredFileRecord = z.output<typeof StoredFileRecordSchema>;

export interface StoredFile {
  id: string;
  fileName: string;
  mime: string;
  state: 'reserved' | 'uploaded' | 'failed';
  bytes: Buffer;
  /** Guest session that reserved it; undefined for agent files. */
  sessionId?: string;
  /** Sent in a message: it can no longer be deleted. */
  sent: boolean;
  /** The `x-amz-tagging` header value the upload must carry. */
  tagging?: string;
}

export interface UploadSlot {
  attachmentId: string;
  url: string;
  headers: Record<string, string>;
}

export type UploadOutcome =
  | { kind: 'uploaded'; file: StoredFile }
  | { kind: 'rejected'; file: StoredFile; errorCode: number; errorMessage: string }
  | { kind: 'refused'; status: number; message: string };

export interface AttachmentStore {
  publish(file: { filename: string; mime: string; bytes: Buffer }): { id: string; url: string };
  reserve(args: { sessionId: string; attachmentId?: string; fileName: string; fileType: string; orgId: string }): UploadSlot;
  /** An HTTP PUT arrived for `/uploads/v1/<id>`. */
  upload(args: {
    id: string;
    signature: string | null;
    /** `X-Amz-Date` and `X-Amz-Expires` from the URL (null: a URL from before they were signed). */
    date: string | null;
    expires: string | null;
    tagging: string | undefined;
    bytes: Buffer;
    maxBytes: number;
  }): UploadOutcome;
  get(id: string): StoredFile | undefined;
  /** The file went out in a message: it can no longer be deleted. */
  markSent(id: string): void;
  delete(id: string): void;
  downloadUrl(id: string): string;
  /** Drops every file a session reserved or uploaded (conversation cleared). */
  dropSession(sessionId: string): void;
}

export const UPLOAD_PATH_PREFIX = '/uploads/v1/';
export const DOWNLOAD_PATH_PREFIX = '/api/v2/downloads/';

export function createAttachmentStore(deps: {
  baseUrl: () => string;
  newId: () => string;
  secret: Buffer;
  shelf: StateShelf<StoredFileRecord>;
  bytes: FileShelf;
  /** The sandbox's clock (ms). */
  now: () => number;
  /** How long an upload URL is good for. */
  uploadUrlLifetimeSec: number;
}): AttachmentStore {
  const files = new Map<string, StoredFile>();
  /** A URL made before upload URLs expired (kept in an older state) was signed without a date; it is still honoured. */
  const sign = (id: string, date?: string, expires?: string) =>
    createHmac('sha256', deps.secret)
      .update(date === undefined ? `upload:${id}` : `upload:${id}:${date}:${expires ?? ''}`)
      .digest('hex');
  const downloadUrl = (id: string) => `${deps.baseUrl()}${DOWNLOAD_PATH_PREFIX}${id}`;
  const keep = (file: StoredFile, withBytes = false) => {
    files.set(file.id, file);
    deps.shelf.put(file.id, () => ({
      id: file.id,
      fileName: file.fileName,
      mime: file.mime,
      state: file.state,
      sessionId: file.sessionId,
      sent: file.sent,
      tagging: file.tagging,
    }));
    if (withBytes) deps.bytes.put(file.id, file.bytes);
  };
  const forget = (id: string) => {
    files.delete(id);
    deps.shelf.remove(id);
    deps.bytes.remove(id);
  };

  for (const record of deps.shelf.restored.values()) {
    const bytes = deps.bytes.restored.get(record.id);
    // An uploaded file whose bytes could not be read back (reported when the state was opened) is gone.
    if (record.state === 'uploaded' && !bytes) continue;
    files.set(record.id, { ...record, bytes: bytes ?? Buffer.alloc(0) });
  }

  return {
    publish({ filename, mime, bytes }) {
      const id = deps.newId();
      keep({ id, fileName: filename, mime, bytes, state: 'uploaded', sent: true }, true);
      return { id, url: downloadUrl(id) };
    },
    reserve({ sessionId, attachmentId, fileName, fileType, orgId }) {
      const id = attachmentId && !files.has(attachmentId) ? attachmentId : deps.newId();
      const tagging = `organizationId=${orgId}&originPlatform=PureCloud&role=guest&owner=${sessionId}`;
      keep({ id, fileName, mime: fileType, bytes: Buffer.alloc(0), state: 'reserved', sessionId, sent: false, tagging });
      return {
        attachmentId: id,
        url: (() => {
          const date = amzDate(deps.now());
          const expires = String(deps.uploadUrlLifetimeSec);
          return `${deps.baseUrl()}${UPLOAD_PATH_PREFIX}${id}?X-Amz-Date=${date}&X-Amz-Expires=${expires}&X-Amz-Signature=${sign(id, date, expires)}`;
        })(),
        headers: { 'x-amz-tagging': tagging },
      };
    },
    upload({ id, signature, date, expires, tagging, bytes, maxBytes }) {
      const file = files.get(id);
      const expected = Buffer.from(date === null ? sign(id) : sign(id, date, expires ?? ''));
      const given = Buffer.from(signature ?? '');
      if (!file || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { kind: 'refused', status: 403, message: 'SignatureDoesNotMatch: the upload URL is not valid.' };
      }
      const madeAt = date === null ? null : parseAmzDate(date);
      if (madeAt !== null && deps.now() > madeAt + Number(expires) * 1000) {
        return { kind: 'refused', status: 403, message: 'AccessDenied: Request has expired. Ask for a new upload URL (onAttachment).' };
      }
      if (tagging !== file.tagging) {
        return { kind: 'refused', status: 403, message: 'SignatureDoesNotMatch: the x-amz-tagging header from PresignedUrlResponse is missing or changed.' };
      }
      if (file.state !== 'reserved') return { kind: 'refused', status: 409, message: 'This attachment was already uploaded.' };
      if (bytes.length === 0) {
        file.state = 'failed';
        keep(file);
        return { kind: 'rejected', file, errorCode: 4003, errorMessage: 'File content is invalid: the file is empty.' };
      }
      if (bytes.length > maxBytes) {
        file.state = 'failed';
        keep(file);
        return { kind: 'rejected', file, errorCode: 4002, errorMessage: `File size ${bytes.length} is larger than ${maxBytes} bytes.` };
      }
      file.bytes = bytes;
      file.state = 'uploaded';
      keep(file, true);
      return { kind: 'uploaded', file };
    },
    get: (id) => files.get(id),
    markSent(id) {
      const file = files.get(id);
      if (!file || file.sent) return;
      file.sent = true;
      keep(file);
    },
    delete: forget,
    downloadUrl,
    dropSession(sessionId) {
      for (const [id, file] of files) if (file.sessionId === sessionId) forget(id);
    },
  };
}

/** S3's `X-Amz-Date` form: `20261202T051500Z`. */
function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function parseAmzDate(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : null;
}
