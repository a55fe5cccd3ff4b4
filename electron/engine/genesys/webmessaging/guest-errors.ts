// Guest API error codes (spec §6.5) in words a tester can act on.
import { GuestErrorCode } from '../../../protocol/webmessaging';

const MEANINGS: Record<number, string> = {
  [GuestErrorCode.BadRequest]: 'Genesys rejected the request as malformed.',
  [GuestErrorCode.Unauthorized]: 'The session is not authorised; sign the guest in again.',
  [GuestErrorCode.Forbidden]: 'The deployment does not allow this (check its Messenger configuration).',
  [GuestErrorCode.NotFound]: 'Genesys could not find what this request refers to.',
  [GuestErrorCode.RequestTimeout]: 'Genesys timed out; try again.',
  [GuestErrorCode.TooManyRequests]: 'Too many requests; the console will wait and send again.',
  [GuestErrorCode.FeatureUnavailable]: 'This feature is not enabled for the deployment.',
  [GuestErrorCode.FileTypeInvalid]: 'The deployment does not accept this file type.',
  [GuestErrorCode.FileSizeInvalid]: 'The file is larger than the deployment allows (or empty).',
  [GuestErrorCode.FileContentInvalid]: 'Genesys rejected the file content.',
  [GuestErrorCode.FileNameInvalid]: 'The file name is not allowed.',
  [GuestErrorCode.FileNameTooLong]: 'The file name is too long.',
  [GuestErrorCode.SessionExpired]: 'The guest session has expired; start a new conversation.',
  [GuestErrorCode.SessionNotFound]: 'Genesys no longer knows this guest session; start a new conversation.',
  [GuestErrorCode.AttachmentExpired]: 'The attachment link expired.',
  [GuestErrorCode.AttachmentNotFound]: 'The attachment was not found.',
  [GuestErrorCode.AttachmentNotUploaded]: 'The attachment was not uploaded successfully; attach it again.',
  [GuestErrorCode.MessageTooLong]: 'The message is longer than Genesys accepts.',
  [GuestErrorCode.CustomAttributesTooLarge]: 'The custom attributes are larger than the deployment allows.',
  [GuestErrorCode.CannotDowngrade]: 'This session is authenticated and cannot continue as an anonymous guest.',
  [GuestErrorCode.MissingParameter]: 'A required field was missing from the request.',
  [GuestErrorCode.RequestRateTooHigh]: 'Too many requests; the console will wait and send again.',
  [GuestErrorCode.UnexpectedError]: 'Genesys hit an unexpected error; try again.',
};

export function describeGuestError(code: number, serverText?: string): string {
  const meaning = MEANINGS[code] ?? `Genesys answered with error ${code}.`;
  return serverText && serverText.trim() !== '' ? `${meaning} (${code}: ${serverText.trim().slice(0, 300)})` : `${meaning} (${code})`;
}
