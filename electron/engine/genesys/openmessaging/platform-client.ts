// One profile's way into the Platform API through purecloud-platform-client-v2: its own ApiClientClass
// (never the shared singleton), pointed at the profile's region with setEnvironment or at the sandbox with
// setGateway; a client-credentials login renewed before the token expires and once more after a 401; and
// one `call` that draws from the profile's RequestBudget, waits out a 429's Retry-After (pausing the
// whole profile), retries 5xx and timeouts with backoff, and reports each exchange for the inspector.
// Tokens and secrets never reach a frame or an error message. The SDK's own request timeout (axios,
// wall clock) bounds each attempt; everything else runs on the injected Clock. The SDK (several MB) is
// loaded on the first call, so a console or a Web Messaging run that never uses Open Messaging never loads it.
import type platformClient from 'purecloud-platform-client-v2';
import type { Profile } from '../../../../shared/contract';
import { SANDBOX_REGION_ID, type GenesysHosts } from '../../../../shared/regions';
import { genesysHosts } from '../endpoints';
import type { Clock } from '../../../protocol/clock';
import { classifyPlatformFailure, PlatformError, type FailureContext } from './platform-error';
import type { RequestBudget, RequestPriority } from './request-budget';

type SdkClient = InstanceType<typeof platformClient.ApiClientClass>;
export type ConversationsApi = InstanceType<typeof platformClient.ConversationsApi>;

/** What a call hands back with extended responses on. */
export interface ExtendedResponse {
  status: number;
  headers: Record<string, unknown>;
  body: unknown;
}

export interface PlatformCall {
  /** In words, for messages: "send the message". */
  action: string;
  /** For the inspector: "POST /api/v2/conversations/messages/{integrationId}/inbound/open/message". */
  label: string;
  body?: unknown;
  run: (api: ConversationsApi) => Promise<unknown>;
  priority: RequestPriority;
  /** Attempts for 5xx/timeouts/network errors (default from the client options). 1 = no retry. */
  attempts?: number;
  onFrame?: (direction: 'in' | 'out' | 'note', text: string) => void;
}

export interface PlatformClientOptions {
  profile: Pick<Profile, 'id' | 'name' | 'region'> & Partial<Pick<Profile, 'customHost'>> & { openMessaging: Pick<Profile['openMessaging'], 'clientId'> };
  clientSecret: () => string | undefined;
  sandbox: { baseUrl: string } | null;
  clock: Clock;
  budget: RequestBudget;
  random?: () => number;
  /** Per-attempt timeout of the SDK's HTTP client. Default 16 s (the SDK's own). */
  requestTimeoutMs?: number;
  /** Attempts for transient failures (5xx, timeouts, network). Default 4. */
  maxAttempts?: number;
  /** Consecutive 429s one call sits out before it gives up. Default 12. */
  maxRateLimitWaits?: number;
  /** Renew this long before the token expires (or at 90 % of a shorter lifetime). Default 5 min. */
  renewMarginMs?: number;
}

const FRAME_LIMIT = 4000;

export class PlatformClient {
  readonly place: string;
  private sdk: { client: SdkClient; api: ConversationsApi } | undefined;
  private loadingSdk: Promise<{ client: SdkClient; api: ConversationsApi }> | undefined;
  private renewAt = 0;
  private loggedIn = false;
  private login: Promise<void> | undefined;
  private readonly random: () => number;
  private readonly configProblem: PlatformError | undefined;
  /** The org's hosts (none for the sandbox); sign-in goes to `loginPlace`, the rest to `place`. */
  private readonly hosts: GenesysHosts | undefined;
  private readonly loginPlace: string;

  constructor(private readonly options: PlatformClientOptions) {
    this.random = options.random ?? Math.random;
    const region = options.profile.region;
    if (region === SANDBOX_REGION_ID && options.sandbox) {
      this.place = `the sandbox at ${new URL(options.sandbox.baseUrl).host}`;
      this.loginPlace = this.place;
    } else if (region === SANDBOX_REGION_ID) {
      this.place = this.loginPlace = region;
      this.configProblem = new PlatformError('NotConfigured', 'The built-in sandbox is not running in this console.');
    } else {
      try {
        this.hosts = genesysHosts(options.profile);
        this.place = this.hosts.place;
        this.loginPlace = new URL(this.hosts.loginUrl).host;
      } catch (error) {
        // Reported on first use, so building a guest never throws.
        this.place = this.loginPlace = region;
        this.configProblem = new PlatformError('NotConfigured', (error as Error).message);
      }
    }
  }

  /** This profile's own SDK client, pointed at its region or the sandbox; the SDK is loaded the first time. */
  private loadSdk(): Promise<{ client: SdkClient; api: ConversationsApi }> {
    this.loadingSdk ??= import('purecloud-platform-client-v2').then(({ default: sdk }) => {
      const client = new sdk.ApiClientClass();
      const hosts = this.hosts;
      if (this.options.profile.region === SANDBOX_REGION_ID && this.options.sandbox) {
        const url = new URL(this.options.sandbox.baseUrl);
        client.setGateway({ host: url.hostname, port: Number(url.port || 80), protocol: 'http', path_params_login: '', path_params_api: '' });
      } else if (hosts?.kind === 'baseUrl') {
        // One address serves sign-in and the API (a proxy), as the sandbox does.
        const url = new URL(hosts.apiUrl);
        const secure = url.protocol === 'https:';
        const path = url.pathname.replace(/^\/+|\/+$/g, '');
        client.setGateway({ host: url.hostname, port: Number(url.port || (secure ? 443 : 80)), protocol: secure ? 'https' : 'http', path_params_login: path, path_params_api: path });
      } else if (hosts) {
        client.setEnvironment(hosts.place);
      }
      (client as unknown as { timeout: number }).timeout = this.options.requestTimeoutMs ?? 16_000;
      client.setReturnExtendedResponses(true);
      this.sdk = { client, api: new sdk.ConversationsApi(client) };
      return this.sdk;
    });
    return this.loadingSdk;
  }

  /** Log in now if there is no valid token; rejects with BadCredentials / Unreachable / NotConfigured. */
  ensureLoggedIn(): Promise<void> {
    if (this.loggedIn && this.options.clock.now() < this.renewAt) return Promise.resolve();
    return this.relogin();
  }

  /** One Platform API call with the budget, token renewal, 429 waits and transient retries. */
  async call(request: PlatformCall): Promise<ExtendedResponse> {
    const context: FailureContext = { action: request.action, place: this.place };
    const attempts = request.attempts ?? this.options.maxAttempts ?? 4;
    let failures = 0;
    let rateLimitWaits = 0;
    let reloggedAfter401 = false;
    if (request.onFrame) request.onFrame('out', clip(`${request.label}${request.body === undefined ? '' : ` ${JSON.stringify(request.body)}`}`));
    for (;;) {
      await this.ensureLoggedIn();
      await this.options.budget.take(request.priority);
      try {
        // Logged in, so the SDK is loaded.
        const response = (await request.run(this.sdk!.api)) as ExtendedResponse;
        request.onFrame?.('in', clip(`${response.status} ${response.body === undefined || response.body === '' ? '' : JSON.stringify(response.body)}`));
        return response;
      } catch (raw) {
        const error = classifyPlatformFailure(raw, context, this.options.clock.now());
        request.onFrame?.('in', clip(`${error.details.status ?? error.failure} ${error.message}`));
        if (error.failure === 'BadCredentials' && error.details.status === 401 && !reloggedAfter401) {
          // The token may have been revoked or expired early: log in once more, then retry this call once.
          reloggedAfter401 = true;
          this.loggedIn = false;
          request.onFrame?.('note', 'the access token was refused; logging in again and retrying once');
          continue;
        }
        if (error.failure === 'RateLimited' && rateLimitWaits < (this.options.maxRateLimitWaits ?? 12)) {
          rateLimitWaits += 1;
          const wait = error.details.retryAfterMs ?? 1000;
          this.options.budget.pause(wait);
          request.onFrame?.('note', `too many requests: waiting ${Math.ceil(wait / 1000)} s (Retry-After) before trying again`);
          continue;
        }
        failures += 1;
        if (error.transient && failures < attempts) {
          const delay = this.backoff(failures);
          request.onFrame?.('note', `attempt ${failures} failed (${error.failure}); trying again in ${Math.round(delay)} ms`);
          await this.sleep(delay);
          continue;
        }
        throw error;
      }
    }
  }

  /**
   * For hints worth nothing later (typing): goes out only if the budget has room right now and the
   * token is valid; one attempt. Undefined when it was not sent.
   */
  callIfRoom(request: PlatformCall): Promise<ExtendedResponse> | undefined {
    if (!this.loggedIn || !this.sdk || this.options.clock.now() >= this.renewAt || !this.options.budget.tryTake()) return undefined;
    request.onFrame?.('out', clip(`${request.label}${request.body === undefined ? '' : ` ${JSON.stringify(request.body)}`}`));
    return request.run(this.sdk.api).then(
      (response) => response as ExtendedResponse,
      (raw: unknown) => {
        throw classifyPlatformFailure(raw, { action: request.action, place: this.place }, this.options.clock.now());
      },
    );
  }

  private relogin(): Promise<void> {
    this.login ??= this.performLogin().finally(() => {
      this.login = undefined;
    });
    return this.login;
  }

  private async performLogin(): Promise<void> {
    if (this.configProblem) throw this.configProblem;
    const clientId = this.options.profile.openMessaging.clientId;
    const secret = this.options.clientSecret();
    if (!clientId || !secret) {
      throw new PlatformError(
        'NotConfigured',
        `The profile "${this.options.profile.name}" has no ${clientId ? 'client secret' : 'OAuth client id'} for Open Messaging. Add it in Profiles.`,
      );
    }
    const context: FailureContext = { action: 'log in', place: this.loginPlace };
    const { client } = await this.loadSdk();
    let auth: { tokenExpiryTime?: number };
    try {
      auth = await client.loginClientCredentialsGrant(clientId, secret);
    } catch (raw) {
      this.loggedIn = false;
      throw classifyPlatformFailure(raw, context, this.options.clock.now());
    }
    // The SDK stamps the expiry on the wall clock; keep the lifetime it was given and count it on ours.
    const lifetime = Math.max(0, (auth.tokenExpiryTime ?? Date.now() + 3_600_000) - Date.now());
    const margin = Math.min(this.options.renewMarginMs ?? 300_000, lifetime * 0.1);
    this.renewAt = this.options.clock.now() + lifetime - margin;
    this.loggedIn = true;
  }

  private backoff(failures: number): number {
    const ceiling = Math.min(8_000, 500 * 2 ** (failures - 1));
    return ceiling / 2 + this.random() * (ceiling / 2);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.options.clock.setTimeout(resolve, ms));
  }
}

function clip(text: string): string {
  return text.length > FRAME_LIMIT ? `${text.slice(0, FRAME_LIMIT)}… (${text.length} chars)` : text;
}
