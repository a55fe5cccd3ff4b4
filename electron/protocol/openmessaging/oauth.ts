// OAuth client-credentials token exchange as `loginClientCredentialsGrant` performs it:
// `POST {login}/oauth/token`, Basic auth, form body `grant_type=client_credentials`.
import { z } from 'zod';

export const TokenResponseSchema = z
  .object({
    access_token: z.string().min(1),
    token_type: z.string(), // "bearer"
    expires_in: z.number(), // seconds
  })
  .loose();

/** OAuth error body (RFC 6749 `error`, plus Genesys' `description` twin of `error_description`). */
export const OAuthErrorSchema = z
  .object({
    error: z.string(), // invalid_client | invalid_request | unsupported_grant_type
    description: z.string().optional(),
    error_description: z.string().optional(),
  })
  .loose();

export type TokenResponse = z.infer<typeof TokenResponseSchema>;
export type OAuthError = z.infer<typeof OAuthErrorSchema>;
