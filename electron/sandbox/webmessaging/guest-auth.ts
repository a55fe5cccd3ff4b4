// Authenticated guests in the sandbox (spec §3.2, §5.9, §7.3). Instead of a real identity provider, the
// control API mints one-time authorization codes; `POST /api/v2/webdeployments/token/oauthcodegrantjwtexchange`
// trades a code for an auth JWT + refresh token; `configureAuthenticatedSession` presents the JWT.
// Unused codes and revoked JWTs are kept in the sandbox's state, so a restart neither loses a code nor
// makes a revoked token good again.
import { z } from 'zod';
import type { StateShelf } from '../state/sandbox-state';
import type { GuestJwtClaims, GuestJwtSigner, JwtCheck } from './guest-jwt';

export const AuthCodeGrantSchema = z.strictObject({ subject: z.string(), name: z.string().optional() });
export type AuthCodeGrant = z.output<typeof AuthCodeGrantSchema>;
/** A revoked JWT, by its `jti`. */
export const RevokedJwtSchema = z.strictObject({ exp: z.number() });

export type TokenExchange =
  | { ok: true; jwt: string; refreshToken: string }
  | { ok: false; kind: 'BadCode' | 'WrongDeployment' | 'BadRefreshToken'; message: string };

export interface GuestAuth {
  mintCode(grant: AuthCodeGrant): string;
  exchangeCode(code: string, deploymentId: string): TokenExchange;
  refresh(refreshToken: string): TokenExchange;
  verify(jwt: string): JwtCheck;
  /** Revokes an auth JWT; returns its claims so the caller can log the subject out. */
  revoke(jwt: string): JwtCheck;
}

export const AUTH_JWT_LIFETIME_SEC = 3600;
const REFRESH_LIFETIME_SEC = 30 * 24 * 3600;

export function createGuestAuth(deps: {
  signer: GuestJwtSigner;
  newId: () => string;
  deploymentId: string;
  codes: StateShelf<AuthCodeGrant>;
  revoked: StateShelf<z.output<typeof RevokedJwtSchema>>;
}): GuestAuth {
  const codes = new Map<string, AuthCodeGrant>(deps.codes.restored);
  const revoked = new Set<string>(deps.revoked.restored.keys());

  const issue = (grant: AuthCodeGrant): TokenExchange => {
    const base = { sub: grant.subject, deploymentId: deps.deploymentId, ...(grant.name ? { name: grant.name } : {}) };
    const { jwt } = deps.signer.sign({ ...base, purpose: 'auth', jti: deps.newId() }, AUTH_JWT_LIFETIME_SEC);
    const refresh = deps.signer.sign({ ...base, purpose: 'refresh', jti: deps.newId() }, REFRESH_LIFETIME_SEC);
    return { ok: true, jwt, refreshToken: refresh.jwt };
  };

  const checked = (jwt: string): JwtCheck => {
    const result = deps.signer.verify(jwt, 'auth');
    if (result.ok && revoked.has(result.claims.jti)) return { ok: false, kind: 'JwtInvalid', message: 'Token has been revoked.' };
    return result;
  };

  return {
    mintCode(grant) {
      const code = deps.newId();
      codes.set(code, grant);
      deps.codes.put(code, () => ({ subject: grant.subject, name: grant.name }));
      return code;
    },
    exchangeCode(code, deploymentId) {
      if (deploymentId !== deps.deploymentId) return { ok: false, kind: 'WrongDeployment', message: `Unknown deployment ${deploymentId}.` };
      const grant = codes.get(code);
      if (!grant) return { ok: false, kind: 'BadCode', message: 'Authorization code is unknown or was already used.' };
      codes.delete(code);
      deps.codes.remove(code);
      return issue(grant);
    },
    refresh(refreshToken) {
      const result = deps.signer.verify(refreshToken, 'refresh');
      if (!result.ok) return { ok: false, kind: 'BadRefreshToken', message: result.message };
      const claims: GuestJwtClaims = result.claims;
      return issue({ subject: claims.sub, ...(claims.name ? { name: claims.name } : {}) });
    },
    verify: checked,
    revoke(jwt) {
      const result = checked(jwt);
      if (result.ok) {
        revoked.add(result.claims.jti);
        deps.revoked.put(result.claims.jti, () => ({ exp: result.claims.exp }));
      }
      return result;
    },
  };
}
