// Files a guest "uploads" on Open Messaging. The channel has no upload API: Genesys fetches an
// attachment from the URL in the inbound message. So the bytes are kept here, in memory, under an
// unguessable token, and the profile's webhook receiver serves them. Works with the sandbox; with a
// real org the receiver must be publicly reachable (the same tunnel the webhook needs) or Genesys
// cannot fetch the file. Bounded: the oldest files go first past `maxBytes`.
import { randomBytes } from 'node:crypto';

export const FILES_PATH = '/openmessaging/files/';

interface HostedFile {
  fileName: string;
  mime: string;
  bytes: Uint8Array;
}

export class HostedFiles {
  private readonly files = new Map<string, HostedFile>();
  private total = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  /** Keep the file; returns the path to serve it at (token and file name). */
  add(file: HostedFile): string {
    if (file.bytes.byteLength > this.maxBytes) {
      throw new Error(`The file is larger than the ${Math.round(this.maxBytes / 1024 / 1024)} MB the console keeps for Open Messaging attachments.`);
    }
    const token = randomBytes(24).toString('base64url');
    this.files.set(token, file);
    this.total += file.bytes.byteLength;
    for (const [oldest, kept] of this.files) {
      if (this.total <= this.maxBytes) break;
      this.files.delete(oldest);
      this.total -= kept.bytes.byteLength;
    }
    return `${FILES_PATH}${token}/${encodeURIComponent(file.fileName)}`;
  }

  /** The file at a served path, if the token is known. */
  find(pathname: string): HostedFile | undefined {
    if (!pathname.startsWith(FILES_PATH)) return undefined;
    const token = pathname.slice(FILES_PATH.length).split('/')[0] ?? '';
    return this.files.get(token);
  }
}
