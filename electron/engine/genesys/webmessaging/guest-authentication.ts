// Authenticated Web Messaging guests (spec §3.2, §5.9, §7.3): trade the customer's OAuth authorization code
// for a Genesys auth JWT, and refresh it with the refresh token after a 401. Code used once, tokens in memory
// only (after a restart the guest signs in again); failures are GuestErrors (SignInRefused, Unreachable …).
import { GuestError, unreachable } from './guest-errors';

export interface AuthorizationGrant {
  code: string;
  redirectUri: string;
  codeVerifier?: string;
}

export class GuestAuthentication {
  private tokens: Promise<{ jwt: string; refreshToken?: string }> | undefined;

  constructor(
    private readonly options: { apiBaseUrl: string; deploymentId: string; grant: AuthorizationGrant; fetch: typeof fetch; origin?: string },
  ) {}

  /** The auth JWT, exchanging the authorization code on first use. */
  async jwt(): Promise<string> {
    this.tokens ??= this.post('/api/v2/webdeployments/token/oauthcodegrantjwtexchange', {
      deploymentId: this.options.deploymentId,
      oauth: {
        code: this.options.grant.code,
        redirectUri: this.options.grant.redirectUri,
        ...(this.options.grant.codeVerifier ? { codeVerifier: this.options.grant.codeVerifier } : {}),
      },
    });
    return (await this.tokens).jwt;
  }

  /** A fresh JWT after the server refused the current one. */
  async refresh(): Promise<string> {
    const current = await this.tokens;
    if (!current?.refreshToken) throw new GuestError('SignInRefused', 'The sign-in expired and cannot be refreshed; start a new authenticated conversation.');
    this.tokens = this.post('/api/v2/webdeployments/token/refresh', { refreshToken: current.refreshToken });
    return (await this.tokens).jwt;
  }

  private async post(path: string, body: unknown): Promise<{ jwt: string; refreshToken?: string }> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.options.origin) headers.Origin = this.options.origin;
    const url = new URL(path, this.options.apiBaseUrl);
    const response = await this.options.fetch(url, { method: 'POST', headers, body: JSON.stringify(body) }).catch((error: unknown) => {
      throw unreachable(url.host, error);
    });
    if (!response.ok) {
      const status = response.status;
      const detail = await response.json().then((json: { message?: string }) => json.message ?? '', () => '');
      throw status === 400 || status === 401
        ? new GuestError('SignInRefused', `Genesys refused the sign-in (HTTP ${status}${detail ? `: ${detail}` : ''}). Get a new authorization code and try again.`, { status })
        : new GuestError(status >= 500 ? 'ServerError' : 'Rejected', `The sign-in exchange failed (HTTP ${status}).`, { status });
    }
    const { TokensSchema } = await import('./guest-rest-schemas');
    const tokens = TokensSchema.parse(await response.json());
    return { jwt: tokens.jwt, ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}) };
  }
}
