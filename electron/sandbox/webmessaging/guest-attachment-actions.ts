// The Guest API's attachment actions (spec §3.4–§3.6, §5.6): `onAttachment` checks the file's name, type and
// size against the deployment and reserves a pre-signed upload URL; `getAttachment` answers a download URL
// for an uploaded file; `deleteAttachment` removes one that was not sent yet. Files are the session's own
// (or agent files, which anyone in the conversation may read but nobody may delete).
import { attachmentRefusal, GUEST_API_LIMITS, GuestErrorCode, serverFrame } from '../../protocol/webmessaging';
import type { StoredFile } from './attachment-store';
import { allowedMedia } from './guest-deployment';
import type { GuestActionDeps, GuestActions, Reply } from './guest-session-bridge';
import type { GuestSession } from './guest-sessions';

export function createAttachmentActions(deps: GuestActionDeps): GuestActions<'onAttachment' | 'getAttachment' | 'deleteAttachment'> {
  const { bridge, deployment, attachments } = deps;
  const { error } = bridge;

  const attachmentOf = (session: GuestSession, attachmentId: string, tracingId?: string): { file: StoredFile } | { error: Reply } => {
    const file = attachments.get(attachmentId);
    const visible = file && (file.sessionId === undefined || file.sessionId === session.id);
    if (!file || !visible) return { error: error(GuestErrorCode.AttachmentNotFound, `Attachment ${attachmentId} not found.`, tracingId) };
    return { file };
  };

  return {
    onAttachment: (connection, frame) => {
      const { tracingId } = frame;
      const session = bridge.sessionFor(connection, frame);
      if ('error' in session) return session.error;
      if (session.readOnly) return bridge.readOnlyError(tracingId);
      const fail = (errorCode: number, errorMessage: string) =>
        serverFrame.generateUrlError(
          { ...(frame.attachmentId ? { attachmentId: frame.attachmentId } : {}), errorCode, errorMessage, timestamp: new Date(deps.clock.now()).toISOString() },
          tracingId,
        );
      const name = frame.fileName.trim();
      if (name.length === 0) return fail(GuestErrorCode.FileNameInvalid, 'File name is invalid: it is empty.');
      const maxName = GUEST_API_LIMITS.maxFileNameLength;
      if (name.length >= maxName) return fail(GuestErrorCode.FileNameTooLong, `File name is longer than ${maxName - 1} characters.`);
      const refusal = attachmentRefusal(
        { fileName: name, mime: frame.fileType, size: frame.fileSize },
        { allowedMedia: allowedMedia(deployment), blockedExtensions: deployment.blockedExtensions },
      );
      if (refusal?.kind === 'ExtensionBlocked') return fail(refusal.code, `File type ${refusal.extension} is not allowed.`);
      if (refusal?.kind === 'TypeNotAccepted') return fail(refusal.code, `File type ${frame.fileType} is not allowed; allowed: ${refusal.accepted.join(', ')}.`);
      if (refusal?.kind === 'TooLarge') return fail(refusal.code, `File size ${frame.fileSize} is larger than ${refusal.maxFileSizeKB} KB.`);
      const slot = attachments.reserve({
        sessionId: session.id,
        ...(frame.attachmentId ? { attachmentId: frame.attachmentId } : {}),
        fileName: name,
        fileType: frame.fileType,
        orgId: deps.org.clientId,
      });
      return serverFrame.presignedUrl({ ...slot }, tracingId);
    },
    getAttachment: (connection, frame) => {
      const session = bridge.sessionFor(connection, frame);
      if ('error' in session) return session.error;
      const found = attachmentOf(session, frame.attachmentId, frame.tracingId);
      if ('error' in found) return found.error;
      const { file } = found;
      if (file.state !== 'uploaded') {
        return error(GuestErrorCode.AttachmentNotUploaded, `Attachment ${frame.attachmentId} was not successfully uploaded.`, frame.tracingId);
      }
      return serverFrame.presignedUrl(
        { attachmentId: file.id, headers: {}, url: attachments.downloadUrl(file.id), fileName: file.fileName, fileSize: file.bytes.length, fileType: file.mime },
        frame.tracingId,
      );
    },
    deleteAttachment: (connection, frame) => {
      const session = bridge.sessionFor(connection, frame);
      if ('error' in session) return session.error;
      const found = attachmentOf(session, frame.attachmentId, frame.tracingId);
      if ('error' in found) return found.error;
      if (found.file.sent || found.file.sessionId === undefined) {
        return error(GuestErrorCode.BadRequest, `Attachment ${frame.attachmentId} was already sent in a message and cannot be deleted.`, frame.tracingId);
      }
      attachments.delete(frame.attachmentId);
      return serverFrame.attachmentDeleted({ attachmentId: frame.attachmentId }, frame.tracingId);
    },
  };
}
