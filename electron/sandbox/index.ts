// `createSandbox`: a local Genesys Cloud look-alike on loopback. One HTTP server with the WebSocket
// upgrade on the same port serves the Guest API (`/v1`), the Web Messaging REST paths, the Platform API
// and OAuth (delegated to ./openmessaging/platform-api), and the control API. Every request and upgrade
// passes the front door first (Host, target, Origin); the server's limits bound slow and oversized
// requests. Clock, randomness, ids, scripts and limits are injectable so tests run exactly and fast.
// With a state folder the org persists (sandbox-persistence.ts): restored before the server listens, on
// the port it had when that port is free, its agents resumed once it listens. Nothing here imports the engine.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '../protocol/clock';
import { createGuardedServer, refuseRaw, type HttpServerLimits } from '../protocol/http/guarded-server';
import { CONTROL_PATH_PREFIX, type FaultSettings } from '../protocol/sandbox-control/control-api';
import type { LatencyProfile } from './agents/reply-pace';
import { createAgentAssets } from './agent-assets';
import { describeProblem, loadAgentCatalog, type AgentCatalog, type ScriptSources } from './agents/script-catalog';
import { createConversationHub } from './conversations';
import { createControl, createControlHttp, type ControlResult, type SandboxControl } from './control';
import { DEMO_ORG, RESTRICTED_DEPLOYMENT, type SandboxOrg } from './demo-org';
import { embeddedSandboxOrg } from './embedded-credentials';
import { createFaults } from './faults';
import { admit, sandboxErrorBody } from './front-door';
import { createPlatformApi } from './openmessaging/platform-api';
import { keepPort, keptPort, openSandboxPersistence, signingSecret } from './sandbox-persistence';
import { SandboxStartError } from './start-error';
import type { StateProblem } from './state/sandbox-state';
import { createAttachmentStore } from './webmessaging/attachment-store';
import { createGuestAuth } from './webmessaging/guest-auth';
import { ALLOWED_FILE_TYPES, BLOCKED_EXTENSIONS, DEFAULT_GUEST_LIMITS, type GuestLimits } from './webmessaging/guest-deployment';
import { GUEST_SOCKET_PATH, createGuestGateway } from './webmessaging/guest-gateway';
import { createGuestHttp } from './webmessaging/guest-http';
import { createGuestJwtSigner } from './webmessaging/guest-jwt';

export const DEFAULT_SCRIPTS_DIR = fileURLToPath(new URL('./scripts', import.meta.url));

/** The sandbox's HTTP limits. The request timeout outlasts the largest latency fault (60 s) plus a 10 MB upload;
 *  no connection cap, since a load run keeps up to 5,000 guest WebSockets open on this one server. */
export const SANDBOX_HTTP_LIMITS: HttpServerLimits = {
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 90_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: null,
};

export interface SandboxOptions {
  /** 0 (default) = any free port; with a state folder, the port it listened on last time when that one is free. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  clock?: Clock;
  /** Randomness for faults (5xx rate). Default Math.random. */
  random?: () => number;
  /** UUID source for conversations, messages, sessions. Default crypto.randomUUID. */
  newId?: () => string;
  /** Directory of agent YAML files. Default: the shipped electron/sandbox/scripts. `null` = no directory. */
  scriptsDir?: string | null;
  /** Inline agent scripts (YAML text or objects) by name; they override files of the same name. */
  scripts?: Record<string, string | object>;
  /** Agent for new conversations when none is chosen. Default "default". */
  defaultAgentScript?: string;
  /** Every agent answers at this pace (`instant` for tests and benches); unset or `script`, each at its script's
   *  own `latency` (the shipped agents: bot or human), as the console's built-in sandbox runs for demos. */
  replyLatency?: LatencyProfile | 'script';
  /** Guest API limits; unspecified ones keep the defaults of spec §6.4. */
  limits?: Partial<GuestLimits>;
  /** The deployment's `allowedMedia.inbound.fileTypes`. Default every type. */
  allowedFileTypes?: string[];
  /** The deployment's `blockedExtensions` (`.exe`). Default the usual executable and script extensions. */
  blockedExtensions?: string[];
  /** Platform API access token lifetime (passed to the Platform API). */
  tokenLifetimeSec?: number;
  /** Platform API request budget per OAuth client, per minute (default 300). */
  requestsPerMinute?: number;
  /** Delays between webhook delivery attempts (default 5, 10, 20, 50 s: five attempts over 85 s). */
  webhookRetryDelaysMs?: number[];
  /** Faults switched on from the start (the CLI flags). */
  faults?: Partial<FaultSettings>;
  /** Allowed Origin hosts for the Guest WebSocket of the demo deployment; default null = any (the console's own origins among them). */
  allowedOrigins?: string[] | null;
  /** The org's second, restricted deployment (its id and allowed Origins); default RESTRICTED_DEPLOYMENT; null = none. */
  restrictedDeployment?: { id: string; allowedOrigins: string[] } | null;
  /** Read custom attributes also from the request-level `channel` older clients (the Java SDK) send, instead of
   *  answering them with an error frame. Default false. */
  lenient?: boolean;
  /** Whether Presence Clear is allowed (deployment `conversationClear.enabled`). Default true. */
  conversationClear?: boolean;
  /** Whether the deployment asks clients to auto-start conversations (Presence Join). Default true, so the agent greets first. */
  autoStart?: boolean;
  /** Bearer token of the HTTP control API. Default: 32 random bytes, hex. */
  controlToken?: string;
  /** The org's ids and credentials. Default: the fixed demo org, or the embedded one with `credentialsDirectory`. */
  org?: SandboxOrg;
  /** The data folder of the console embedding this sandbox: its OAuth client and webhook secret are then random,
   *  made once and kept there (`sandbox-credentials.json`, 0600) instead of the demo org's published ones. */
  credentialsDirectory?: string;
  /** HTTP limits (header size, timeouts); unspecified ones keep SANDBOX_HTTP_LIMITS. */
  httpLimits?: Partial<HttpServerLimits>;
  /** A folder where the org persists (created 0700, files 0600): a sandbox started again on it carries on
   *  where the last one stopped, even if that one was killed. Without it the sandbox keeps nothing. */
  stateDirectory?: string;
}

export interface Sandbox {
  /** `http://127.0.0.1:<port>`: OAuth, Platform API, Web Messaging REST, control API. */
  readonly baseUrl: string;
  /** `ws://127.0.0.1:<port>`: the messaging endpoint; guests connect to `${wsUrl}/v1?deploymentId=…`. */
  readonly wsUrl: string;
  /** The full Guest API URL for the demo deployment. */
  readonly guestUrl: string;
  readonly org: SandboxOrg;
  readonly control: SandboxControl;
  /** Bearer token for `/sandbox/control/…`. */
  readonly controlToken: string;
  /** What could not be read back from the state folder (and was set aside), or written since. */
  readonly stateProblems: readonly StateProblem[];
  close(): Promise<void>;
}

export type { SandboxControl, ControlResult, FaultSettings, GuestLimits, SandboxOrg, StateProblem, LatencyProfile };
export { LATENCY_PROFILES, REPLY_LATENCY_VARIABLE, replyLatencyFromEnvironment } from './agents/reply-pace';
export { SandboxStartError };

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? (() => randomUUID());
  const newHexId = () => newId().replace(/-/g, '').toLowerCase();
  const org = options.org ?? (options.credentialsDirectory !== undefined ? embeddedOrg(options.credentialsDirectory) : DEMO_ORG);
  const host = options.host ?? '127.0.0.1';
  const sources: ScriptSources = {
    ...(options.scriptsDir !== null ? { dir: options.scriptsDir ?? DEFAULT_SCRIPTS_DIR } : {}),
    ...(options.scripts ? { inline: options.scripts } : {}),
  };
  const loaded = loadAgentCatalog(sources);
  if (!loaded.ok) {
    throw new SandboxStartError('ScriptsInvalid', `Agent scripts are invalid:\n${loaded.problems.map(describeProblem).join('\n')}`);
  }
  let catalog: AgentCatalog = loaded.catalog;
  let origin = '';
  let boundPort = 0;
  const baseUrl = () => `http://${origin}`;
  const wsUrl = () => `ws://${origin}`;

  const faults = createFaults(options.random ?? Math.random);
  if (options.faults) faults.set(options.faults);
  const state = openSandboxPersistence(options.stateDirectory);
  const afterWrite = (action: () => void) => state.afterWrite(action);
  const secret = signingSecret(state);
  const limits = { ...DEFAULT_GUEST_LIMITS, ...options.limits };
  const attachments = createAttachmentStore({
    baseUrl,
    newId,
    secret,
    shelf: state.shelf('attachment'),
    bytes: state.files,
    now: () => clock.now(),
    uploadUrlLifetimeSec: limits.uploadUrlLifetimeSec,
  });
  const assets = createAgentAssets(path.join(DEFAULT_SCRIPTS_DIR, 'assets'));
  const hub = createConversationHub({
    baseUrl,
    clock,
    newId,
    newHexId,
    agents: () => catalog,
    defaultAgentScript: options.defaultAgentScript ?? 'default',
    publishFile: (file) => attachments.publish(file),
    ...(options.replyLatency && options.replyLatency !== 'script' ? { replyLatency: options.replyLatency } : {}),
    ...(options.random ? { random: options.random } : {}),
    state,
  });
  const deployment = {
    id: org.deploymentId,
    allowedOrigins: options.allowedOrigins ?? null,
    restricted: options.restrictedDeployment === undefined ? { id: RESTRICTED_DEPLOYMENT.id, allowedOrigins: [...RESTRICTED_DEPLOYMENT.allowedOrigins] } : options.restrictedDeployment,
    lenient: options.lenient ?? false,
    allowedFileTypes: options.allowedFileTypes ?? ALLOWED_FILE_TYPES,
    blockedExtensions: options.blockedExtensions ?? BLOCKED_EXTENSIONS,
    conversationClear: options.conversationClear ?? true,
    autoStart: options.autoStart ?? true,
    limits,
  };
  const signer = createGuestJwtSigner(secret, () => clock.now());
  const auth = createGuestAuth({ signer, newId, deploymentId: deployment.id, codes: state.shelf('authCode'), revoked: state.shelf('revokedJwt') });
  const gateway = createGuestGateway({ hub, clock, faults, org, deployment, attachments, signer, auth, newId, sessionShelf: state.shelf('guestSession'), afterWrite });
  const guestHttp = createGuestHttp({ clock, faults, hub, deployment, attachments, gateway, signer, auth, newId, baseUrl, wsUrl, afterWrite });
  const platform = createPlatformApi({
    hub,
    clock,
    org,
    faults,
    baseUrl,
    newId,
    state,
    ...(options.tokenLifetimeSec !== undefined ? { tokenLifetimeSec: options.tokenLifetimeSec } : {}),
    ...(options.requestsPerMinute !== undefined ? { requestsPerMinute: options.requestsPerMinute } : {}),
    ...(options.webhookRetryDelaysMs !== undefined ? { webhookRetryDelaysMs: options.webhookRetryDelaysMs } : {}),
  });
  const control = createControl({
    hub,
    faults,
    gateway,
    auth,
    expireTokens: () => platform.expireTokens(),
    publishFile: (file) => attachments.publish(file),
    reloadScripts: (): ControlResult<{ scripts: string[] }> => {
      const reloaded = loadAgentCatalog(sources);
      if (!reloaded.ok) {
        const problems = reloaded.problems.map(describeProblem);
        return { ok: false, error: { kind: 'ScriptsInvalid', message: 'Scripts not reloaded: fix the problems listed.', problems } };
      }
      catalog = reloaded.catalog;
      return { ok: true, value: { scripts: [...catalog.keys()] } };
    },
  });
  const controlToken = options.controlToken ?? randomBytes(32).toString('hex');
  const controlHttp = createControlHttp(control, controlToken, afterWrite);

  const self = () => ({ origin, port: boundPort });
  const refusal = (status: number, message: string) => sandboxErrorBody(status, message, newId());

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const admission = admit(req, self());
    if (!admission.ok) {
      const answer = refusal(admission.status, admission.message);
      res.writeHead(admission.status, { 'Content-Type': answer.contentType, 'Content-Length': String(Buffer.byteLength(answer.body)), Connection: 'close' });
      return void res.end(answer.body);
    }
    const { url } = admission;
    if (url.pathname.startsWith(CONTROL_PATH_PREFIX)) return void (await controlHttp.handle(req, res, url));
    if (assets.handle(req.method, url.pathname, res)) return;
    if (await guestHttp.handle(req, res, url)) return;
    if ((url.pathname.startsWith('/oauth/') || url.pathname.startsWith('/api/v2/')) && (await platform.handle(req, res, url))) return;
    if (url.pathname === '/' && req.method === 'GET') {
      return sendJson(res, 200, { name: 'Guest Console sandbox', baseUrl: baseUrl(), wsUrl: wsUrl(), deploymentId: org.deploymentId });
    }
    sendJson(res, 404, { message: `No sandbox route ${req.method} ${url.pathname}.`, code: 'not.found', status: 404, details: [], errors: [] });
  };

  const server = createGuardedServer({ ...SANDBOX_HTTP_LIMITS, ...options.httpLimits }, refusal, (req, res) => {
    serve(req, res).catch((cause: unknown) => {
      if (!res.headersSent) {
        sendJson(res, 500, { message: `Sandbox error: ${(cause as Error).message}`, code: 'internal.server.error', status: 500, details: [], errors: [] });
      } else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets while it is refused must not raise an unhandled 'error' (that would end the process).
    socket.on('error', () => socket.destroy());
    const admission = admit(req, self());
    if (!admission.ok) return refuseRaw(socket, admission.status, refusal(admission.status, admission.message));
    if (admission.url.pathname !== GUEST_SOCKET_PATH) {
      return refuseRaw(socket, 404, refusal(404, `No WebSocket endpoint at ${admission.url.pathname}; guests connect to ${GUEST_SOCKET_PATH}?deploymentId=….`));
    }
    gateway.handleUpgrade(req, socket, head, admission.url);
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  const requested = options.port ?? 0;
  const previous = requested === 0 ? keptPort(state) : undefined;
  try {
    // The port URLs handed out before a restart point at; taken by someone else meanwhile, any free one.
    if (previous !== undefined) await listen(previous).catch(() => listen(0));
    else await listen(requested);
  } catch (cause) {
    state.close();
    throw new SandboxStartError('ListenFailed', `Sandbox could not listen on ${host}:${requested}: ${(cause as Error).message}`);
  }
  boundPort = (server.address() as AddressInfo).port;
  origin = `${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
  keepPort(state, boundPort);
  hub.resume((fileId) => (attachments.get(fileId) ? attachments.downloadUrl(fileId) : undefined));

  let closing: Promise<void> | undefined;
  return {
    baseUrl: baseUrl(),
    wsUrl: wsUrl(),
    guestUrl: `${wsUrl()}${GUEST_SOCKET_PATH}?deploymentId=${org.deploymentId}`,
    org,
    control,
    controlToken,
    stateProblems: state.problems,
    close() {
      closing ??= (async () => {
        // What happened so far is written; nothing the shutdown does (agents stopped, queues dropped) is kept.
        state.close();
        await gateway.close();
        await platform.close();
        hub.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}

function embeddedOrg(directory: string): SandboxOrg {
  try {
    return embeddedSandboxOrg(directory);
  } catch (cause) {
    throw new SandboxStartError(
      'CredentialsUnavailable',
      `The sandbox could not keep its credentials in ${directory} (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}). Check that the data folder exists and is writable.`,
    );
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(payload.length) });
  res.end(payload);
}
