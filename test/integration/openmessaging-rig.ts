// The Open Messaging engine's test rig: a sandbox and the engine on ONE fake clock, real loopback
// sockets between them, and a counting proxy in front of the sandbox that records every Platform API
// request with its clock time (how the tests check the request budget independently of the engine).
// `drive` moves the clock in steps and lets real I/O finish between steps.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProfileSchema, type Persona, type Profile } from '../../shared/contract';
import { createOpenMessagingGuests, type OpenMessagingGuestsOptions } from '../../electron/engine/genesys/openmessaging/open-messaging-channel';
import type { OpenMessagingGuests } from '../../electron/engine/genesys/openmessaging/open-messaging-guests';
import type { GuestConnection, GuestConnectionEvent, GuestMessage } from '../../electron/engine/channels/guest-connection';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../electron/sandbox';
import { createFakeClock, type FakeClock } from './sandbox/openmessaging-harness';

export interface CountedRequest {
  at: number;
  method: string;
  path: string;
  status: number;
}

export interface CountingProxy {
  baseUrl: string;
  requests: CountedRequest[];
  inFlight(): number;
  close(): Promise<void>;
}

/** Forwards every request to `target`, recording method, path, status and the clock time it arrived. */
export async function startCountingProxy(target: string, clock: FakeClock | { now(): number }): Promise<CountingProxy> {
  const to = new URL(target);
  const requests: CountedRequest[] = [];
  let open = 0;
  const server: Server = createServer((req, res) => {
    open += 1;
    const at = clock.now();
    const upstream = httpRequest(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } },
      (answer) => {
        requests.push({ at, method: req.method ?? '', path: (req.url ?? '').split('?')[0] ?? '', status: answer.statusCode ?? 0 });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => {
          open -= 1;
        });
      },
    );
    upstream.on('error', () => {
      open -= 1;
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    inFlight: () => open,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Platform API requests (not OAuth) in the busiest `windowMs` of clock time. */
export function busiestWindow(requests: CountedRequest[], windowMs: number): number {
  const times = requests.filter((r) => r.path.startsWith('/api/v2/')).map((r) => r.at).sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while (times[end]! - times[start]! >= windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

export interface GuestProbe {
  guest: GuestConnection;
  events: GuestConnectionEvent[];
  messages(): GuestMessage[];
  agentTexts(): string[];
  acknowledged(): string[];
  failed(): { clientId: string; reason: string }[];
  states(): string[];
  frames(): string[];
  conversationId(): string | undefined;
}

export interface OpenMessagingRig {
  clock: FakeClock;
  sandbox: Sandbox;
  proxy: CountingProxy;
  guests: OpenMessagingGuests;
  secrets: Map<string, string>;
  profile(overrides?: Partial<Profile['openMessaging']>): Profile;
  startGuest(args?: { customerId?: string; persona?: Partial<Persona>; profile?: Profile; knownMessageIds?: string[]; platformConversationId?: string }): GuestProbe;
  /** Advance the clock in `stepMs` steps (letting I/O finish between) until `done()` or `maxMs` of clock time. */
  drive(done: () => boolean, options?: { stepMs?: number; maxMs?: number }): Promise<void>;
  /** Point the demo integration's webhook at the engine's receiver for this profile (through the SDK). */
  registerWebhook(profile: Profile): Promise<string>;
  close(): Promise<void>;
}

let customerSeq = 0;

export async function startOpenMessagingRig(
  options: { sandbox?: SandboxOptions; engine?: Partial<OpenMessagingGuestsOptions> } = {},
): Promise<OpenMessagingRig> {
  const clock = createFakeClock();
  const sandbox = await createSandbox({ replyLatency: 'instant', port: 0, clock, defaultAgentScript: 'echo', ...options.sandbox });
  const proxy = await startCountingProxy(sandbox.baseUrl, clock);
  const secrets = new Map<string, string>([
    ['sandbox/clientSecret', sandbox.org.clientSecret],
    ['sandbox/webhookSecret', sandbox.org.webhookSecret],
  ]);
  const guests = createOpenMessagingGuests({
    clock,
    secrets: (profileId, kind) => secrets.get(`${profileId}/${kind}`),
    sandbox: { baseUrl: proxy.baseUrl },
    random: () => 0.5,
    ...options.engine,
  });

  const settle = async () => {
    for (let round = 0; round < 50; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (proxy.inFlight() === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (proxy.inFlight() === 0) return;
      }
    }
  };

  const rig: OpenMessagingRig = {
    clock,
    sandbox,
    proxy,
    guests,
    secrets,
    profile: (overrides = {}) =>
      ProfileSchema.parse({
        id: 'sandbox',
        name: 'Sandbox',
        builtIn: true,
        region: 'sandbox',
        openMessaging: {
          integrationId: sandbox.org.integrationId,
          clientId: sandbox.org.clientId,
          receiveMode: 'webhook',
          webhookHost: '127.0.0.1',
          webhookPort: 0,
          ...overrides,
        },
      }),
    startGuest(args = {}) {
      const events: GuestConnectionEvent[] = [];
      customerSeq += 1;
      const guest = guests.createGuest({
        profile: args.profile ?? rig.profile(),
        customerId: args.customerId ?? `customer-${customerSeq}`,
        persona: { name: 'Ada Lovelace', customAttributes: {}, ...args.persona },
        knownMessageIds: args.knownMessageIds ?? [],
        ...(args.platformConversationId ? { platformConversationId: args.platformConversationId } : {}),
        listener: (event) => events.push(event),
      });
      const of = <T extends GuestConnectionEvent['type']>(type: T) => events.filter((e): e is Extract<GuestConnectionEvent, { type: T }> => e.type === type);
      const probe: GuestProbe = {
        guest,
        events,
        messages: () => of('message').map((e) => e.message),
        agentTexts: () =>
          of('message')
            .map((e) => e.message)
            .filter((m) => m.direction === 'Outbound' && (m.type === 'Text' || m.type === 'Structured'))
            .map((m) => m.text ?? ''),
        acknowledged: () => of('receipt').flatMap((e) => (e.status === 'sent' ? [e.clientId] : [])),
        failed: () => of('receipt').flatMap((e) => (e.status === 'failed' ? [{ clientId: e.clientId, reason: e.reason }] : [])),
        states: () => of('state').map((e) => e.state),
        frames: () => of('frame').map((e) => `${e.direction} ${e.text}`),
        conversationId: () => of('platformConversation').at(-1)?.conversationId,
      };
      guest.connect();
      return probe;
    },
    async drive(done, { stepMs = 100, maxMs = 120_000 } = {}) {
      const until = clock.now() + maxMs;
      await settle();
      while (!done()) {
        if (clock.now() >= until) throw new Error(`drive: condition not met within ${maxMs} ms of clock time`);
        clock.advance(stepMs);
        await settle();
      }
    },
    async registerWebhook(profile) {
      const url = await guests.webhookUrl(profile);
      await guests.saveIntegration(profile, { id: profile.openMessaging.integrationId, name: sandbox.org.integrationName, webhookUrl: url });
      return url;
    },
    async close() {
      await guests.close();
      await proxy.close();
      await sandbox.close();
    },
  };
  return rig;
}
