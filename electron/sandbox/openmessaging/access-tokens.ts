// Bearer tokens issued by the sandbox's `/oauth/token`: opaque strings mapped to the client that got
// them and their expiry on the injected Clock. `expireAll` is the control API's "expire tokens now".
// Tokens are kept in the sandbox's state, so a client's token outlives a restart of the sandbox.
import { z } from 'zod';
import type { Clock } from '../../protocol/clock';
import type { StateShelf } from '../state/sandbox-state';

export const AccessTokenRecordSchema = z.strictObject({ clientId: z.string(), expiresAt: z.number() });
type AccessTokenRecord = z.output<typeof AccessTokenRecordSchema>;

export type TokenCheck =
  | { ok: true; clientId: string }
  | { ok: false; problem: 'Unknown' | 'Expired' };

export interface AccessTokens {
  issue(clientId: string): { accessToken: string; expiresInSec: number };
  check(accessToken: string): TokenCheck;
  /** Every token issued so far is expired from now on. */
  expireAll(): void;
}

export function createAccessTokens(deps: {
  clock: Clock;
  newId: () => string;
  lifetimeSec: () => number;
  shelf: StateShelf<AccessTokenRecord>;
}): AccessTokens {
  const tokens = new Map<string, AccessTokenRecord>([...deps.shelf.restored].map(([token, entry]) => [token, { ...entry }]));

  const dropExpired = (now: number): void => {
    for (const [token, entry] of tokens) {
      if (entry.expiresAt > now) continue;
      tokens.delete(token);
      deps.shelf.remove(token);
    }
  };

  return {
    issue(clientId) {
      const now = deps.clock.now();
      dropExpired(now);
      const expiresInSec = Math.max(1, Math.floor(deps.lifetimeSec()));
      const accessToken = `${deps.newId()}${deps.newId()}`.replaceAll('-', '');
      const entry = { clientId, expiresAt: now + expiresInSec * 1000 };
      tokens.set(accessToken, entry);
      deps.shelf.put(accessToken, () => entry);
      return { accessToken, expiresInSec };
    },
    check(accessToken) {
      const entry = tokens.get(accessToken);
      if (!entry) return { ok: false, problem: 'Unknown' };
      if (entry.expiresAt <= deps.clock.now()) return { ok: false, problem: 'Expired' };
      return { ok: true, clientId: entry.clientId };
    },
    expireAll() {
      const now = deps.clock.now();
      for (const [token, entry] of tokens) {
        entry.expiresAt = Math.min(entry.expiresAt, now);
        deps.shelf.put(token, () => entry);
      }
    },
  };
}
