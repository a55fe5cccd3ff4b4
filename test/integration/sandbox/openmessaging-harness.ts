// Test harness for the Open Messaging side of the sandbox: the Platform API handler behind a plain
// node:http server on 127.0.0.1:0, a real conversation hub with the shipped agent scripts, a fake
// Clock, and a webhook receiver that records every delivery with its raw body and headers.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, randomUUID, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Clock, TimerHandle } from '../../../electron/protocol/clock';
import { createConversationHub, type SandboxConversationHub } from '../../../electron/sandbox/conversations';
import { loadAgentCatalog } from '../../../electron/sandbox/agents/script-catalog';
import { DEMO_ORG } from '../../../electron/sandbox/demo-org';
import { createFaults, type Faults } from '../../../electron/sandbox/faults';
import { createPlatformApi, type PlatformApi, type PlatformApiDeps } from '../../../electron/sandbox/openmessaging/platform-api';

export interface FakeClock extends Clock {
  /** Move time forward, firing due timers in time order. */
  advance(ms: number): void;
  pendingTimers(): number;
}

export function createFakeClock(start = Date.parse('2026-11-24T10:00:00.000Z')): FakeClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id as unknown as TimerHandle;
    },
    clearTimeout(handle) {
      timers.delete(handle as unknown as number);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
    pendingTimers: () => timers.size,
  };
}

export interface PlatformHarness {
  baseUrl: string;
  port: number;
  clock: FakeClock;
  faults: Faults;
  hub: SandboxConversationHub;
  api: PlatformApi;
  close(): Promise<void>;
}

const SCRIPTS_DIR = fileURLToPath(new URL('../../../electron/sandbox/scripts', import.meta.url));

export async function startPlatformHarness(
  options: Partial<Pick<PlatformApiDeps, 'tokenLifetimeSec' | 'requestsPerMinute' | 'webhookRetryDelaysMs' | 'maxInboundTextBytes'>> & {
    agentScript?: string;
  } = {},
): Promise<PlatformHarness> {
  const clock = createFakeClock();
  const faults = createFaults(() => 0);
  const catalog = loadAgentCatalog({ dir: SCRIPTS_DIR });
  if (!catalog.ok) throw new Error(`agent scripts failed to load: ${JSON.stringify(catalog.problems)}`);
  const hub = createConversationHub({
    clock,
    newId: randomUUID,
    newHexId: () => randomBytes(16).toString('hex'),
    agents: () => catalog.catalog,
    defaultAgentScript: options.agentScript ?? 'echo',
    publishFile: () => ({ id: randomUUID(), url: 'http://127.0.0.1/file' }),
    replyLatency: 'instant',
  });
  let baseUrl = '';
  const { agentScript: _ignored, ...apiOptions } = options;
  const api = createPlatformApi({ hub, clock, org: DEMO_ORG, faults, baseUrl: () => baseUrl, newId: randomUUID, ...apiOptions });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    void api.handle(req, res, url).then((handled) => {
      if (!handled) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not handled by the platform API');
      }
    });
  });
  const port = await listen(server);
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    port,
    clock,
    faults,
    hub,
    api,
    async close() {
      await api.close();
      hub.close();
      await closeServer(server);
    },
  };
}

export interface ReceivedDelivery {
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
  json: { id?: string; type?: string; text?: string; [key: string]: unknown };
}

export interface WebhookReceiver {
  url: string;
  deliveries: ReceivedDelivery[];
  /** The status to answer the next deliveries with (default 200). */
  answerWith(status: number): void;
  /** Resolves once `count` deliveries in total have arrived. */
  waitFor(count: number): Promise<ReceivedDelivery[]>;
  close(): Promise<void>;
}

/**
 * The documented webhook signature, written here independently of the sandbox's code:
 * `sha256=` + base64(HMAC-SHA256(key = secret, message = raw body bytes)).
 */
export function expectedSignature(secret: string, rawBody: Buffer): string {
  return 'sha256=' + createHmac('sha256', secret).update(rawBody).digest('base64');
}

export function signedBy(secret: string, delivery: ReceivedDelivery): boolean {
  return delivery.headers['x-hub-signature-256'] === expectedSignature(secret, delivery.rawBody);
}

/** Let the sandbox's own I/O run until `check` holds (no wall-clock waits). */
export async function settle(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setImmediate(r));
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const deliveries: ReceivedDelivery[] = [];
  const waiters: Array<{ count: number; resolve: (d: ReceivedDelivery[]) => void }> = [];
  let status = 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      deliveries.push({ rawBody, headers: req.headers, json: JSON.parse(rawBody.toString('utf8')) as ReceivedDelivery['json'] });
      res.writeHead(status);
      res.end();
      for (const waiter of [...waiters]) {
        if (deliveries.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve([...deliveries]);
        }
      }
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    deliveries,
    answerWith: (next) => {
      status = next;
    },
    waitFor: (count) =>
      deliveries.length >= count ? Promise.resolve([...deliveries]) : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () => closeServer(server),
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** A response body as JSON; tests assert on its fields, so it is loosely typed on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = any;

/** What the SDK rejects with: the login's axios error, the ErrorBody, or `{status, headers, body}` with extended responses. */
export type SdkFailure = LooseJson;

/** The rejection of an SDK call that must fail. */
export async function rejection(promise: Promise<unknown>): Promise<SdkFailure> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the SDK call to fail');
}

/** A plain fetch against the harness: JSON in, status + headers + JSON out. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: LooseJson }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  const res = await fetch(baseUrl + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

export async function login(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${DEMO_ORG.clientId}:${DEMO_ORG.clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const json = (await res.json()) as { access_token: string };
  return json.access_token;
}
