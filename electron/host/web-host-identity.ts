// The web host's address and access token for one data folder, kept in `web-host.json` (owner-only 0600, in the
// 0700 data folder) so that a console started again on that folder serves on the same port with the same
// token: a tab that was open reconnects by itself, with the token it keeps in its sessionStorage. The token
// never leaves this machine; a missing or damaged file, or the user's --new-token, makes a new one.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const WEB_HOST_FILE = 'web-host.json';

const WebHostIdentitySchema = z.object({
  port: z.number().int().min(1).max(65_535),
  /** As startWebHost makes them: 24 random bytes, base64url. */
  token: z.string().regex(/^[A-Za-z0-9_-]{32,}$/),
});
export type WebHostIdentity = z.infer<typeof WebHostIdentitySchema>;

/** A new random access token. */
export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The identity kept for this data folder; undefined when there is none or it cannot be read as one. */
export function readWebHostIdentity(dataDirectory: string): WebHostIdentity | undefined {
  const file = path.join(dataDirectory, WEB_HOST_FILE);
  let parsed: ReturnType<typeof WebHostIdentitySchema.safeParse>;
  try {
    parsed = WebHostIdentitySchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return undefined; // missing, unreadable or not JSON: a new token is made
  }
  if (!parsed.success) return undefined;
  if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  return parsed.data;
}

/** Keeps the identity, written to a private temporary file and renamed into place (a kill leaves the old or the new one). */
export function saveWebHostIdentity(dataDirectory: string, identity: WebHostIdentity): void {
  const file = path.join(dataDirectory, WEB_HOST_FILE);
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temporary, `${JSON.stringify(identity, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}
