// The Guest API WebSocket (`/v1?deploymentId=…`, spec §1–§6): upgrade checks (deployment, Origin), frame
// decoding, the per-connection request rate and the request faults (429 bursts, 5xx), then each action's
// handler (guest-session-actions, guest-message-actions, guest-attachment-actions) over the sessions and
// their conversations (guest-session-bridge). Socket drops cut every connection on a Clock schedule.
// Sessions restored from the sandbox's state follow their conversations again from the start.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TimerHandle } from '../../protocol/clock';
import { GuestErrorCode, parseClientFrame, serverFrame, type ClientFrame } from '../../protocol/webmessaging';
import type { Faults } from '../faults';
import type { StateShelf } from '../state/sandbox-state';
import type { UploadOutcome } from './attachment-store';
import { createAttachmentActions } from './guest-attachment-actions';
import { guestConnection, rawText, refuseUpgrade } from './guest-connection';
import { createRateWindow, type RateWindow } from '../../protocol/rate-window';
import { deploymentNamed, originAllowed } from './guest-deployment';
import { createMessageActions } from './guest-message-actions';
import { createSessionActions } from './guest-session-actions';
import { createSessionBridge, type GuestActionDeps, type GuestActions, type Reply } from './guest-session-bridge';
import { createGuestSessions, type GuestConnection, type GuestSessionRecord, type GuestSessions } from './guest-sessions';

export const GUEST_SOCKET_PATH = '/v1';
const MAX_FRAME_BYTES = 256 * 1024;

export interface GuestGatewayDeps extends Omit<GuestActionDeps, 'bridge'> {
  faults: Faults;
  sessionShelf: StateShelf<GuestSessionRecord>;
  /** Holds a frame back until the state change it reports is written. */
  afterWrite: (action: () => void) => void;
}

export interface GuestGateway {
  readonly sessions: GuestSessions;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void;
  /** An upload PUT finished: tell the session's connections. */
  uploadFinished(outcome: Exclude<UploadOutcome, { kind: 'refused' }>): void;
  /** Expire one session (by token) or all; returns how many expired. */
  expireSessions(token?: string): number;
  /** Log out every session authenticated as this subject (auth token revoked). */
  logout(subject: string): void;
  /** Cut every WebSocket connection abruptly (fault injection). */
  dropConnections(): number;
  connectionCount(): number;
  close(): Promise<void>;
}

export function createGuestGateway(deps: GuestGatewayDeps): GuestGateway {
  const { clock, faults, deployment, hub } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const live = new Set<GuestConnection>();
  let nextConnectionId = 1;
  const isoNow = () => new Date(clock.now()).toISOString();

  const sessions = createGuestSessions({
    clock,
    newId: deps.newId,
    limits: deployment.limits,
    shelf: deps.sessionShelf,
    onExpired: (session) => {
      for (const connection of session.connections) connection.send(serverFrame.sessionExpired());
    },
  });
  const bridge = createSessionBridge({ hub, deployment, sessions });
  for (const session of sessions.all()) {
    const conversation = session.expired ? undefined : bridge.activeConversation(session);
    if (conversation) bridge.follow(session, conversation);
  }
  const actionDeps = { ...deps, bridge };
  const handlers: GuestActions<ClientFrame['action']> = {
    ...createSessionActions(actionDeps),
    ...createMessageActions(actionDeps),
    ...createAttachmentActions(actionDeps),
  };

  const tooManyRequests = (retryAfter: number, errorMessage: string, tracingId?: string) =>
    serverFrame.tooManyRequests({ retryAfter, errorCode: GuestErrorCode.RequestRateTooHigh, errorMessage }, tracingId);

  /** The answer to one text frame: a decoding error, a rate or fault refusal, or the action's own reply. */
  const answer = (connection: GuestConnection, text: string | null): Reply | undefined => {
    if (text === null) return bridge.error(GuestErrorCode.BadRequest, 'Binary frames are not supported; send JSON text frames.');
    const parsed = parseClientFrame(text);
    if (!parsed.ok) {
      const e = parsed.error;
      const tracingId = 'tracingId' in e ? e.tracingId : undefined;
      return bridge.error(e.kind === 'MissingParameter' ? GuestErrorCode.MissingParameter : GuestErrorCode.BadRequest, e.message, tracingId);
    }
    const frame = parsed.frame;
    const rate = connection.requests.hit();
    if (!rate.allowed) return tooManyRequests(rate.retryAfterSec, 'Request rate too high for this connection', frame.tracingId);
    const burst = faults.take429();
    if (burst) return tooManyRequests(burst.retryAfterSec, 'Request rate too high (sandbox fault: 429 burst)', frame.tracingId);
    if (faults.take5xx()) return bridge.error(GuestErrorCode.UnexpectedError, 'Request failed.', frame.tracingId);
    const handler = handlers[frame.action] as (c: GuestConnection, f: ClientFrame) => Reply | undefined;
    return handler(connection, frame);
  };

  /** New connections per deployment, each in its own sliding minute (spec §6.3). */
  const newConnections = new Map<string, RateWindow>();
  const admitConnection = (deploymentId: string) => {
    let window = newConnections.get(deploymentId);
    if (!window) newConnections.set(deploymentId, (window = createRateWindow(() => clock.now(), deployment.limits.newConnectionsPerDeploymentPerMinute, 60_000)));
    return window.hit();
  };

  const onConnection = (ws: WebSocket, deploymentId: string) => {
    const connection = guestConnection({ ws, id: nextConnectionId++, deploymentId, clock, faults, limits: deployment.limits, afterWrite: deps.afterWrite });
    live.add(connection);
    // An idle socket (nothing from the client, not even a ping) is closed when the deployment says so.
    const idleMs = deployment.limits.idleTimeoutSec === null ? null : deployment.limits.idleTimeoutSec * 1000;
    let idleTimer: TimerHandle | undefined;
    const stillThere = () => {
      if (idleMs === null) return;
      if (idleTimer !== undefined) clock.clearTimeout(idleTimer);
      idleTimer = clock.setTimeout(() => connection.close('Idle timeout'), idleMs);
    };
    stillThere();
    ws.on('ping', stillThere);
    ws.on('message', (data, isBinary) => {
      stillThere();
      const reply = answer(connection, isBinary ? null : rawText(data));
      if (reply) connection.send(reply);
    });
    ws.on('close', () => {
      if (idleTimer !== undefined) clock.clearTimeout(idleTimer);
      live.delete(connection);
      bridge.detach(connection);
    });
    ws.on('error', () => ws.terminate());
  };

  let dropTimer: TimerHandle | undefined;
  let dropEvery: number | null = null;
  const scheduleDrops = (every: number | null) => {
    dropEvery = every;
    if (dropTimer !== undefined) clock.clearTimeout(dropTimer);
    dropTimer = undefined;
    if (every === null || every <= 0) return;
    dropTimer = clock.setTimeout(() => {
      gateway.dropConnections();
      scheduleDrops(every);
    }, every * 1000);
  };
  const stopWatchingFaults = faults.onChange((settings) => {
    if (settings.dropSocketsEverySec !== dropEvery) scheduleDrops(settings.dropSocketsEverySec);
  });
  scheduleDrops(faults.get().dropSocketsEverySec);

  const gateway: GuestGateway = {
    sessions,
    handleUpgrade(req, socket, head, url) {
      const deploymentId = url.searchParams.get('deploymentId');
      if (!deploymentId) return refuseUpgrade(socket, 400, 'Bad Request', 'The deploymentId query parameter is required.');
      const named = deploymentNamed(deployment, deploymentId);
      if (!named) return refuseUpgrade(socket, 403, 'Forbidden', `Deployment ${deploymentId} does not exist or is not active.`);
      if (!originAllowed(named, req.headers.origin)) {
        return refuseUpgrade(socket, 403, 'Forbidden', `Origin ${req.headers.origin ?? '(none)'} is not an allowed domain of this deployment.`);
      }
      const admitted = admitConnection(deploymentId);
      if (!admitted.allowed) {
        const limit = deployment.limits.newConnectionsPerDeploymentPerMinute;
        return refuseUpgrade(socket, 429, 'Too Many Requests', `More than ${limit} new connections per minute to deployment ${deploymentId}; retry after ${admitted.retryAfterSec} s.`, admitted.retryAfterSec);
      }
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, deploymentId));
    },
    uploadFinished(outcome) {
      const session = outcome.file.sessionId !== undefined ? sessions.byId(outcome.file.sessionId) : undefined;
      if (!session) return;
      const timestamp = isoNow();
      bridge.fanOut(
        session,
        outcome.kind === 'uploaded'
          ? serverFrame.uploadSuccess({ attachmentId: outcome.file.id, downloadUrl: deps.attachments.downloadUrl(outcome.file.id), timestamp })
          : serverFrame.uploadFailure({ attachmentId: outcome.file.id, errorCode: outcome.errorCode, errorMessage: outcome.errorMessage, timestamp }),
      );
    },
    expireSessions(token) {
      const targets = sessions.all().filter((s) => !s.expired && (token === undefined || s.token === token));
      for (const session of targets) sessions.expire(session);
      return targets.length;
    },
    logout(subject) {
      for (const session of sessions.all().filter((s) => s.authenticatedAs?.subject === subject)) {
        for (const connection of [...session.connections]) bridge.closeConnection(connection, serverFrame.logout(), 'Logged out');
        sessions.remove(session);
      }
    },
    dropConnections() {
      const all = [...live];
      for (const connection of all) connection.terminate();
      return all.length;
    },
    connectionCount: () => live.size,
    async close() {
      stopWatchingFaults();
      if (dropTimer !== undefined) clock.clearTimeout(dropTimer);
      for (const connection of live) connection.terminate();
      sessions.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  return gateway;
}
