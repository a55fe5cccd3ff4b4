// The sandbox's JSON Web Tokens (HS256, signed with a per-sandbox random secret): the guest-session JWT
// returned by `getJwt` (bearer for the history endpoint) and the authenticated-guest JWT returned by the
// code exchange (§7.3) that `configureAuthenticatedSession` presents. Expiry is checked on the Clock.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type GuestJwtPurpose = 'session' | 'auth' | 'refresh';

export interface GuestJwtClaims {
  /** Session id (purpose session) or authenticated subject (auth/refresh). */
  sub: string;
  purpose: GuestJwtPurpose;
  deploymentId: string;
  exp: number; // epoch seconds
  iat: number;
  jti: string;
  name?: string;
}

export type JwtCheck = { ok: true; claims: GuestJwtClaims } | { ok: false; kind: 'JwtInvalid' | 'JwtExpired'; message: string };

export interface GuestJwtSigner {
  sign(claims: Omit<GuestJwtClaims, 'iat' | 'exp'>, lifetimeSec: number): { jwt: string; exp: number };
  verify(jwt: string, purpose: GuestJwtPurpose): JwtCheck;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export function createGuestJwtSigner(secret: Buffer, now: () => number): GuestJwtSigner {
  const signature = (input: string) => createHmac('sha256', secret).update(input).digest();
  return {
    sign(claims, lifetimeSec) {
      const iat = Math.floor(now() / 1000);
      const exp = iat + lifetimeSec;
      const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ ...claims, iat, exp }))}`;
      return { jwt: `${head}.${signature(head).toString('base64url')}`, exp };
    },
    verify(jwt, purpose) {
      const parts = jwt.split('.');
      if (parts.length !== 3) return { ok: false, kind: 'JwtInvalid', message: 'Token is not a JWT.' };
      const [header, payload, sig] = parts as [string, string, string];
      const expected = signature(`${header}.${payload}`);
      const given = Buffer.from(sig, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, kind: 'JwtInvalid', message: 'Token signature is not valid for this sandbox.' };
      }
      let claims: GuestJwtClaims;
      try {
        claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as GuestJwtClaims;
      } catch {
        return { ok: false, kind: 'JwtInvalid', message: 'Token payload is not JSON.' };
      }
      if (claims.purpose !== purpose) return { ok: false, kind: 'JwtInvalid', message: `Token is a ${claims.purpose} token, not a ${purpose} token.` };
      if (claims.exp * 1000 <= now()) return { ok: false, kind: 'JwtExpired', message: 'Token has expired.' };
      return { ok: true, claims };
    },
  };
}
