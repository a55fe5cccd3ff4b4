// The numeric `code` values of the Web Messaging Guest API (spec §6.5). 4xxx codes are Genesys-specific;
// the others are HTTP-like. Client-side codes of the mobile SDK (1001, 6000…) are not listed: no server sends them.

export const GuestErrorCode = {
  Ok: 200,
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  RequestTimeout: 408,
  TooManyRequests: 429,
  FeatureUnavailable: 4000,
  FileTypeInvalid: 4001,
  FileSizeInvalid: 4002,
  FileContentInvalid: 4003,
  FileNameInvalid: 4004,
  FileNameTooLong: 4005,
  SessionExpired: 4006,
  SessionNotFound: 4007,
  AttachmentExpired: 4008,
  AttachmentNotFound: 4009,
  AttachmentNotUploaded: 4010,
  MessageTooLong: 4011,
  CustomAttributesTooLarge: 4013,
  CannotDowngrade: 4017,
  MissingParameter: 4020,
  RequestRateTooHigh: 4029,
  UnexpectedError: 5000,
} as const;

export type GuestErrorCodeName = keyof typeof GuestErrorCode;
export type GuestErrorCodeValue = (typeof GuestErrorCode)[GuestErrorCodeName];
