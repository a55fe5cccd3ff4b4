// Sending a file the Guest API way (spec §3.4, §5.6): ask for a presigned URL (onAttachment, with an
// attachment id of our own), PUT the bytes there, and wait for the server's UploadSuccessEvent or
// UploadFailureEvent. Resolves with the attachment id to put in the message; fails with a GuestError.
import { clientFrame } from '../../../protocol/webmessaging/client-frame-builders';
import type { ClientFrame } from '../../../protocol/webmessaging/client-frames';
import type { ServerFrame } from '../../../protocol/webmessaging/server-frames';
import { GuestError, guestErrorFromCode, unreachable } from './guest-errors';

/** How long the server may take to confirm an upload after the PUT. */
const CONFIRMATION_TIMEOUT_MS = 60_000;

export interface AttachmentUploadOptions {
  /** A request on the session's socket, answered by tracingId. */
  request(build: (token: string, tracingId: string) => ClientFrame, expected: string): Promise<ServerFrame>;
  /** The first frame that matches, or the error after the timeout. */
  waitFor(match: (frame: ServerFrame) => boolean, timeoutMs: number, timeout: () => GuestError): Promise<ServerFrame>;
  fetch: typeof fetch;
  newId: () => string;
}

export interface UploadedAttachment {
  attachment: { id: string };
  downloadUrl?: string;
}

export class AttachmentUpload {
  constructor(private readonly options: AttachmentUploadOptions) {}

  async upload(file: { fileName: string; mime: string; bytes: Uint8Array }): Promise<UploadedAttachment> {
    const attachmentId = this.options.newId();
    const presigned = await this.options.request(
      (token, tracingId) =>
        clientFrame.onAttachment({
          token,
          tracingId,
          attachmentId,
          fileName: file.fileName,
          fileType: file.mime,
          fileSize: file.bytes.byteLength,
          errorsAsJson: true,
        }),
      'PresignedUrlResponse',
    );
    if (presigned.class !== 'PresignedUrlResponse') throw new GuestError('ServerError', 'The server did not offer an upload address.');
    const offered = presigned.body;
    const confirmed = this.options.waitFor(
      (frame) => (frame.class === 'UploadSuccessEvent' || frame.class === 'UploadFailureEvent') && frame.body.attachmentId === offered.attachmentId,
      CONFIRMATION_TIMEOUT_MS,
      () => new GuestError('Timeout', 'The upload was not confirmed within a minute.'),
    );
    // Handled here as well, so a session stopped during the PUT is not an unhandled rejection.
    confirmed.catch(() => undefined);
    const response = await this.options
      .fetch(offered.url, {
        method: 'PUT',
        headers: { ...offered.headers, 'Content-Type': file.mime },
        body: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) as unknown as BodyInit,
      })
      .catch((error: unknown) => {
        throw unreachable('the upload address', error);
      });
    if (!response.ok) {
      throw response.status === 413
        ? new GuestError('TooLarge', `The upload was refused as too large (HTTP 413).`, { status: 413 })
        : new GuestError('FileRefused', `The upload was refused (HTTP ${response.status}).`, { status: response.status });
    }
    const outcome = await confirmed;
    if (outcome.class === 'UploadFailureEvent') throw guestErrorFromCode(outcome.body.errorCode, outcome.body.errorMessage);
    const downloadUrl = outcome.class === 'UploadSuccessEvent' ? outcome.body.downloadUrl : undefined;
    return { attachment: { id: offered.attachmentId }, ...(downloadUrl ? { downloadUrl } : {}) };
  }
}
