// What the journal keeps about a conversation (its first line): the guest token the server knows the
// guest by, for reading the server's side as that guest.
import fs from 'node:fs';
import path from 'node:path';

export function guestTokenOf(dataDirectory: string, conversationId: string): string {
  const first = fs.readFileSync(path.join(dataDirectory, 'transcripts', `${conversationId}.ndjson`), 'utf8').split('\n')[0]!;
  return (JSON.parse(first) as { conversation: { guestToken: string } }).conversation.guestToken;
}
