// Files the sandbox holds: guest uploads (reserved by `onAttachment`, filled by an HTTP PUT to a
// pre-signed URL) and files agents send. Each is downloadable at `${baseUrl}/api/v2/downloads/<id>`.
// Upload URLs are signed with a per-sandbox secret, like S3 pre-signed URLs; download URLs do not expire.
import { createHmac, timingSafeEqual } from 'node:crypto';

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
  upload(args: { id: string; signature: string | null; tagging: string | undefined; bytes: Buffer; maxBytes: number }): UploadOutcome;
  get(id: string): StoredFile | undefined;
  delete(id: string): void;
  downloadUrl(id: string): string;
  /** Drops every file a session reserved or uploaded (conversation cleared). */
  dropSession(sessionId: string): void;
}

export const UPLOAD_PATH_PREFIX = '/uploads/v1/';
export const DOWNLOAD_PATH_PREFIX = '/api/v2/downloads/';

export function createAttachmentStore(deps: { baseUrl: () => string; newId: () => string; secret: Buffer }): AttachmentStore {
  const files = new Map<string, StoredFile>();
  const sign = (id: string) => createHmac('sha256', deps.secret).update(`upload:${id}`).digest('hex');
  const downloadUrl = (id: string) => `${deps.baseUrl()}${DOWNLOAD_PATH_PREFIX}${id}`;

  return {
    publish({ filename, mime, bytes }) {
      const id = deps.newId();
      files.set(id, { id, fileName: filename, mime, bytes, state: 'uploaded', sent: true });
      return { id, url: downloadUrl(id) };
    },
    reserve({ sessionId, attachmentId, fileName, fileType, orgId }) {
      const id = attachmentId && !files.has(attachmentId) ? attachmentId : deps.newId();
      const tagging = `organizationId=${orgId}&originPlatform=PureCloud&role=guest&owner=${sessionId}`;
      files.set(id, { id, fileName, mime: fileType, bytes: Buffer.alloc(0), state: 'reserved', sessionId, sent: false, tagging });
      return {
        attachmentId: id,
        url: `${deps.baseUrl()}${UPLOAD_PATH_PREFIX}${id}?X-Amz-Expires=600&X-Amz-Signature=${sign(id)}`,
        headers: { 'x-amz-tagging': tagging },
      };
    },
    upload({ id, signature, tagging, bytes, maxBytes }) {
      const file = files.get(id);
      const expected = Buffer.from(sign(id));
      const given = Buffer.from(signature ?? '');
      if (!file || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { kind: 'refused', status: 403, message: 'SignatureDoesNotMatch: the upload URL is not valid.' };
      }
      if (tagging !== file.tagging) {
        return { kind: 'refused', status: 403, message: 'SignatureDoesNotMatch: the x-amz-tagging header from PresignedUrlResponse is missing or changed.' };
      }
      if (file.state !== 'reserved') return { kind: 'refused', status: 409, message: 'This attachment was already uploaded.' };
      if (bytes.length === 0) {
        file.state = 'failed';
        return { kind: 'rejected', file, errorCode: 4003, errorMessage: 'File content is invalid: the file is empty.' };
      }
      if (bytes.length > maxBytes) {
        file.state = 'failed';
        return { kind: 'rejected', file, errorCode: 4002, errorMessage: `File size ${bytes.length} is larger than ${maxBytes} bytes.` };
      }
      file.bytes = bytes;
      file.state = 'uploaded';
      return { kind: 'uploaded', file };
    },
    get: (id) => files.get(id),
    delete: (id) => {
      files.delete(id);
    },
    downloadUrl,
    dropSession(sessionId) {
      for (const [id, file] of files) if (file.sessionId === sessionId) files.delete(id);
    },
  };
}
