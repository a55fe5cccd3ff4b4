// Bearer tokens issued by the sandbox's `/oauth/token`: opaque strings mapped to the client that got
// them and their expiry on the injected Clock. `expireAll` is the control API's "expire tokens now".
import type { Clock } from '../../protocol/clock';

export type TokenCheck =
  | { ok: true; clientId: string }
  | { ok: false; problem: 'Unknown' | 'Expired' };

export interface AccessTokens {
  issue(clientId: string): { accessToken: string; expiresInSec: number };
  check(accessToken: string): TokenCheck;
  /** Every token issued so far is expired from now on. */
  expireAll(): void;
}

export function createAccessTokens(deps: { clock: Clock; newId: () => string; lifetimeSec: () => number }): AccessTokens {
  const tokens = new Map<string, { clientId: string; expiresAt: number }>();

  const dropExpired = (now: number): void => {
    for (const [token, entry] of tokens) if (entry.expiresAt <= now) tokens.delete(token);
  };

  return {
    issue(clientId) {
      const now = deps.clock.now();
      dropExpired(now);
      const expiresInSec = Math.max(1, Math.floor(deps.lifetimeSec()));
      const accessToken = `${deps.newId()}${deps.newId()}`.replaceAll('-', '');
      tokens.set(accessToken, { clientId, expiresAt: now + expiresInSec * 1000 });
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
      for (const entry of tokens.values()) entry.expiresAt = Math.min(entry.expiresAt, now);
    },
  };
}
