// How the sandbox keeps its state: every kind of record its parts keep (with the schema each is checked
// against when read back), opening the state folder — or keeping nothing, without one — and the two things
// the sandbox itself keeps there: the secret that signs its JWTs and upload URLs (so tokens and URLs handed
// out before a restart stay good) and the port it listened on (so URLs keep pointing at it).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CONVERSATION_RECORD_KINDS } from './conversation-records';
import { PLATFORM_RECORD_KINDS } from './openmessaging/platform-api';
import { SandboxStartError } from './start-error';
import { memoryState, type SandboxState } from './state/sandbox-state';
import { StateFolderError } from './state/state-folder';
import { openStateJournal } from './state/state-journal';
import { StoredFileRecordSchema } from './webmessaging/attachment-store';
import { AuthCodeGrantSchema, RevokedJwtSchema } from './webmessaging/guest-auth';
import { GuestSessionRecordSchema } from './webmessaging/guest-sessions';

export const SANDBOX_RECORD_KINDS = {
  ...CONVERSATION_RECORD_KINDS,
  ...PLATFORM_RECORD_KINDS,
  guestSession: GuestSessionRecordSchema,
  attachment: StoredFileRecordSchema,
  authCode: AuthCodeGrantSchema,
  revokedJwt: RevokedJwtSchema,
  /** The sandbox's own, under the key `sandbox`: its signing secret (base64) and the port it listened on. */
  signingSecret: z.strictObject({ secret: z.string().min(43) }),
  listener: z.strictObject({ port: z.number().int().min(1).max(65535) }),
};
const OWN = 'sandbox';

export type SandboxPersistence = SandboxState<typeof SANDBOX_RECORD_KINDS>;

/** The state kept in `directory`, or none (memory only). Throws a `SandboxStartError` when the folder is in use or unusable. */
export function openSandboxPersistence(directory: string | undefined): SandboxPersistence {
  if (directory === undefined) return memoryState();
  try {
    return openStateJournal(directory, SANDBOX_RECORD_KINDS);
  } catch (cause) {
    if (!(cause instanceof StateFolderError)) throw cause;
    throw new SandboxStartError(cause.kind === 'InUse' ? 'StateInUse' : 'StateUnavailable', cause.message);
  }
}

/** The signing secret kept in the state, made (and kept) when there is none. */
export function signingSecret(state: SandboxPersistence): Buffer {
  const shelf = state.shelf('signingSecret');
  const kept = shelf.restored.get(OWN);
  const secret = kept ? Buffer.from(kept.secret, 'base64') : randomBytes(32);
  shelf.put(OWN, () => ({ secret: secret.toString('base64') }));
  return secret;
}

/** The port the sandbox listened on last time, when the state has one. */
export function keptPort(state: SandboxPersistence): number | undefined {
  return state.shelf('listener').restored.get(OWN)?.port;
}

export function keepPort(state: SandboxPersistence, port: number): void {
  state.shelf('listener').put(OWN, () => ({ port }));
}
