// Reading a Platform API request body (size-limited, JSON) and writing a `PlatformReply` to the socket.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PlatformFailures, type PlatformFailure, type PlatformReply } from './platform-reply';

export const MAX_BODY_BYTES = 1024 * 1024;

/** The raw body bytes, or a 413 failure once it passes `limitBytes` (the rest is drained, not kept). */
export function readRawBody(req: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<Buffer | PlatformFailure> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? PlatformFailures.payloadTooLarge(limitBytes) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parse a JSON body; an empty body is `{ json: undefined }`; malformed JSON is a 400 failure. */
export function parseJson(raw: Buffer): { json: unknown } | PlatformFailure {
  if (raw.length === 0) return { json: undefined };
  try {
    return { json: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    return PlatformFailures.badRequest('The request could not be understood by the server due to malformed syntax (invalid JSON).');
  }
}

export function writeReply(res: ServerResponse, reply: PlatformReply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  headers['Content-Type'] = 'application/json; charset=utf-8';
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}
