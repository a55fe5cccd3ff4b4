// The Guest API WebSocket (`/v1?deploymentId=…`, spec §1–§6): upgrade checks (deployment, Origin), frame
// decoding, limits and error codes, sessions and their connections, and the bridge between a session and
// its sandbox conversation (guest input in, agent output fanned out to every connection of the session).
// Faults apply here too: latency delays every frame, 429 bursts and 5xx answer requests, socket drops cut
// every connection on a Clock schedule, and the hostile mode adds junk after some frames.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { Clock, TimerHandle } from '../../protocol/clock';
import { mediaTypeOf, type ContentItem } from '../../protocol/normalized/content';
import { createRateWindow } from '../../protocol/rate-window';
import {
  attachmentRefusal,
  customAttributesBytes,
  GUEST_API_LIMITS,
  GuestErrorCode,
  parseClientFrame,
  serverFrame,
  textBytes,
  type ClientFrame,
  type ClientFrameOf,
  type WebMessagingMessage,
} from '../../protocol/webmessaging';
import type { ConversationHub, SandboxConversation } from '../conversation-hub';
import type { SandboxOrg } from '../demo-org';
import type { Faults } from '../faults';
import { hostileGuestFrames } from '../hostile/hostile-guest-frames';
import type { AttachmentStore, UploadOutcome } from './attachment-store';
import type { GuestAuth } from './guest-auth';
import { allowedMedia, configurationBody, originAllowed, sessionLimitsBody, type GuestDeployment } from './guest-deployment';
import type { GuestJwtSigner } from './guest-jwt';
import { outboundView } from './guest-message-view';
import { createGuestSessions, type GuestConnection, type GuestSession, type GuestSessions } from './guest-sessions';

export const GUEST_SOCKET_PATH = '/v1';
/** Custom attribute that routes a new conversation to a named agent script (sandbox-only). */
export const AGENT_SCRIPT_ATTRIBUTE = 'sandbox.agentScript';
const MAX_FRAME_BYTES = 256 * 1024;

export interface GuestGatewayDeps {
  hub: ConversationHub;
  clock: Clock;
  faults: Faults;
  org: SandboxOrg;
  deployment: GuestDeployment;
  attachments: AttachmentStore;
  signer: GuestJwtSigner;
  auth: GuestAuth;
  newId: () => string;
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

type Reply = object;

export function createGuestGateway(deps: GuestGatewayDeps): GuestGateway {
  const { clock, faults, deployment, hub } = deps;
  const limits = deployment.limits;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const live = new Set<GuestConnection>();
  let nextConnectionId = 1;
  const isoNow = () => new Date(clock.now()).toISOString();
  const error = (code: number, text: string, tracingId?: string) => serverFrame.error(code, text, tracingId);

  const sessions = createGuestSessions({
    clock,
    newId: deps.newId,
    limits,
    onExpired: (session) => {
      for (const connection of session.connections) connection.send(serverFrame.sessionExpired());
    },
  });

  const fanOut = (session: GuestSession, frame: object) => {
    for (const connection of session.connections) connection.send(frame);
  };

  const closeConnection = (connection: GuestConnection, frame: object, reason: string) => {
    connection.session = undefined;
    connection.send(frame);
    connection.close(reason);
  };

  const detach = (connection: GuestConnection) => {
    const session = connection.session;
    if (!session) return;
    session.connections = session.connections.filter((c) => c !== connection);
    connection.session = undefined;
  };

  const attach = (connection: GuestConnection, session: GuestSession) => {
    if (connection.session !== session) detach(connection);
    if (!session.connections.includes(connection)) session.connections.push(connection);
    connection.session = session;
    while (session.connections.length > limits.maxConnectionsPerSession) {
      const oldest = session.connections.shift()!;
      closeConnection(oldest, serverFrame.connectionClosed(), 'Session connection limit reached');
    }
  };

  const activeConversation = (session: GuestSession): SandboxConversation | undefined => {
    const conversation = session.conversationId !== undefined ? hub.get(session.conversationId) : undefined;
    return conversation && conversation.state === 'active' ? conversation : undefined;
  };

  const ensureConversation = (session: GuestSession): SandboxConversation => {
    const existing = activeConversation(session);
    if (existing) return existing;
    const agentScript = session.customAttributes[AGENT_SCRIPT_ATTRIBUTE];
    const conversation = hub.openOrJoin({
      channel: 'webmessaging',
      endpointId: session.deploymentId,
      customerId: session.id,
      ...(session.authenticatedAs?.name ? { customer: { nickname: session.authenticatedAs.name } } : {}),
      ...(agentScript ? { agentScript } : {}),
    });
    session.conversationId = conversation.id;
    if (!session.conversationIds.includes(conversation.id)) session.conversationIds.push(conversation.id);
    session.unsubscribe?.();
    session.unsubscribe = conversation.subscribe((output) => {
      if (output.kind === 'event' && output.events.some((e) => e.eventType === 'Presence' && e.presence?.type === 'Disconnect')) {
        session.readOnly = output.metadata?.readOnly === 'true';
      }
      sessions.touch(session);
      fanOut(session, serverFrame.structuredMessage(outboundView(output)));
    });
    return conversation;
  };

  const sessionResponse = (session: GuestSession, fields: { connected: boolean; newSession: boolean }, tracingId?: string) =>
    serverFrame.sessionResponse(
      {
        ...fields,
        readOnly: session.readOnly,
        clearedExistingSession: false,
        ...sessionLimitsBody(deployment),
        expirationDate: Math.floor(session.expiresAtMs / 1000),
      },
      tracingId,
    );

  /** The connection's session for a non-configure request, or the error frame. */
  const sessionFor = (connection: GuestConnection, frame: { token: string; tracingId?: string }): GuestSession | { error: Reply } => {
    const session = connection.session;
    if (!session || session.token !== frame.token) {
      return { error: error(GuestErrorCode.SessionNotFound, 'Session not found: send configureSession with this token on this connection first.', frame.tracingId) };
    }
    if (session.expired) return { error: error(GuestErrorCode.SessionExpired, 'Session has expired.', frame.tracingId) };
    return session;
  };

  const readOnlyError = (tracingId?: string) =>
    error(GuestErrorCode.Forbidden, 'Conversation is read-only because it was disconnected. Send configureSession with startNew:true to start a new conversation.', tracingId);

  const configure = (
    connection: GuestConnection,
    frame: ClientFrameOf<'configureSession'> | ClientFrameOf<'configureAuthenticatedSession'>,
  ): Reply => {
    const { tracingId } = frame;
    if (frame.deploymentId !== connection.deploymentId) {
      return error(GuestErrorCode.Forbidden, `deploymentId ${frame.deploymentId} does not match this connection's deployment.`, tracingId);
    }
    if (frame.token.length === 0 || frame.token.length > GUEST_API_LIMITS.maxTokenLength) {
      return error(GuestErrorCode.BadRequest, `token must be 1 to ${GUEST_API_LIMITS.maxTokenLength} characters.`, tracingId);
    }
    let identity: { subject: string; name?: string } | undefined;
    if (frame.action === 'configureAuthenticatedSession') {
      const check = deps.auth.verify(frame.data.code);
      if (!check.ok) {
        return check.kind === 'JwtExpired'
          ? error(GuestErrorCode.Unauthorized, 'Authentication token has expired; refresh it and configure again.', tracingId)
          : error(GuestErrorCode.Forbidden, `Session authentication failed: ${check.message}`, tracingId);
      }
      identity = { subject: check.claims.sub, ...(check.claims.name ? { name: check.claims.name } : {}) };
    }
    let session = sessions.byToken(frame.token);
    if (session?.expired) return error(GuestErrorCode.SessionExpired, 'Session has expired; start again with a new token.', tracingId);
    if (session) {
      const rate = session.configures.hit();
      if (!rate.allowed) {
        return serverFrame.tooManyRequests(
          { retryAfter: rate.retryAfterSec, errorCode: GuestErrorCode.TooManyRequests, errorMessage: 'ConfigureSession rate too high for this session' },
          tracingId,
        );
      }
      if (!identity && session.authenticatedAs) {
        return error(GuestErrorCode.CannotDowngrade, 'Cannot downgrade an authenticated session to an unauthenticated one.', tracingId);
      }
    }
    const newSession = !session;
    session ??= sessions.create(frame.token, frame.deploymentId);
    if (identity && !session.authenticatedAs && !newSession) {
      for (const other of session.connections.filter((c) => c !== connection)) {
        closeConnection(other, serverFrame.connectionClosed('signedIn'), 'Session upgraded to an authenticated session');
      }
      session.connections = session.connections.filter((c) => c === connection);
    }
    if (identity) session.authenticatedAs = identity;
    if (frame.startNew && session.readOnly) {
      session.readOnly = false;
      session.conversationId = undefined;
      session.unsubscribe?.();
      session.unsubscribe = undefined;
    }
    attach(connection, session);
    sessions.touch(session);
    return sessionResponse(session, { connected: true, newSession }, tracingId);
  };

  const customAttributesOf = (frame: ClientFrameOf<'onMessage'>): Record<string, string> => ({
    ...(frame.channel?.metadata?.customAttributes ?? {}),
    ...(frame.message.channel?.metadata?.customAttributes ?? {}),
  });

  const onMessage = (connection: GuestConnection, frame: ClientFrameOf<'onMessage'>): Reply | undefined => {
    const { tracingId, message } = frame;
    const session = sessionFor(connection, frame);
    if ('error' in session) return session.error;
    const rate = session.messages.hit();
    if (!rate.allowed) {
      return serverFrame.tooManyRequests(
        { retryAfter: rate.retryAfterSec, errorCode: GuestErrorCode.RequestRateTooHigh, errorMessage: 'Message rate too high for this session' },
        tracingId,
      );
    }
    const attributes = customAttributesOf(frame);
    if (customAttributesBytes(attributes) > limits.maxCustomDataBytes) {
      return error(
        GuestErrorCode.CustomAttributesTooLarge,
        `Custom Attributes in channel metadata is larger than ${limits.maxCustomDataBytes} bytes`,
        tracingId,
      );
    }
    Object.assign(session.customAttributes, attributes);
    const id = deps.newId();
    const time = isoNow();
    const echo = (view: Partial<WebMessagingMessage>) =>
      fanOut(
        session,
        serverFrame.structuredMessage(
          {
            id,
            channel: { time, messageId: id, type: 'Private' },
            type: message.type,
            direction: 'Inbound',
            ...view,
            ...(message.metadata ? { metadata: message.metadata } : {}),
          },
          tracingId,
        ),
      );

    if (message.type === 'Event') {
      const events = message.events ?? [];
      if (events.length === 0) return error(GuestErrorCode.MissingParameter, 'Missing parameter "message.events" for an Event message.', tracingId);
      if (events.some((e) => e.eventType === 'Presence' && e.presence?.type === 'Clear')) return clear(session, tracingId);
      if (session.readOnly) return readOnlyError(tracingId);
      const conversation = events.every((e) => e.eventType === 'Typing') ? activeConversation(session) : ensureConversation(session);
      echo({ events });
      conversation?.receive({ kind: 'event', id, time, events });
      sessions.touch(session);
      return undefined;
    }

    if (session.readOnly) return readOnlyError(tracingId);
    const text = message.text ?? '';
    const length = textBytes(text);
    if (length > limits.maxTextBytes) {
      return error(GuestErrorCode.MessageTooLong, `Message length ${length} is larger than ${limits.maxTextBytes}`, tracingId);
    }
    const content: ContentItem[] = [];
    for (const item of message.content ?? []) {
      if (item.contentType !== 'Attachment') {
        content.push(item);
        continue;
      }
      const attachmentId = item.attachment?.id;
      if (!attachmentId) return error(GuestErrorCode.MissingParameter, 'Missing parameter "attachment.id" in Attachment content.', tracingId);
      const file = deps.attachments.get(attachmentId);
      if (!file || file.sessionId !== session.id) return error(GuestErrorCode.AttachmentNotFound, `Attachment ${attachmentId} not found.`, tracingId);
      if (file.state !== 'uploaded') {
        return error(GuestErrorCode.AttachmentNotUploaded, `Attachment ${attachmentId} was not successfully uploaded.`, tracingId);
      }
      file.sent = true;
      content.push({
        contentType: 'Attachment',
        attachment: {
          id: file.id,
          url: deps.attachments.downloadUrl(file.id),
          filename: file.fileName,
          mime: file.mime,
          mediaType: mediaTypeOf(file.mime),
          fileSize: file.bytes.length,
        },
      });
    }
    if (text.length === 0 && content.length === 0) {
      return error(GuestErrorCode.MissingParameter, 'Missing parameter "message.text": a message needs text or content.', tracingId);
    }
    const conversation = ensureConversation(session);
    echo({ ...(text ? { text } : {}), ...(content.length ? { content } : {}) });
    conversation.receive({
      kind: 'message',
      id,
      time,
      text,
      content,
      customAttributes: attributes,
      ...(message.metadata ? { metadata: message.metadata } : {}),
    });
    sessions.touch(session);
    return undefined;
  };

  const clear = (session: GuestSession, tracingId?: string): Reply | undefined => {
    if (!deployment.conversationClear) {
      return error(GuestErrorCode.Forbidden, 'Presence events Conversation Clear are not supported', tracingId);
    }
    const connections = [...session.connections];
    session.unsubscribe?.();
    session.unsubscribe = undefined;
    if (session.conversationId !== undefined) hub.end(session.conversationId);
    deps.attachments.dropSession(session.id);
    sessions.remove(session);
    for (const connection of connections) {
      connection.session = undefined;
      connection.send(serverFrame.sessionCleared());
      closeConnection(connection, serverFrame.connectionClosed(), 'Conversation cleared');
    }
    return undefined;
  };

  const onAttachment = (connection: GuestConnection, frame: ClientFrameOf<'onAttachment'>): Reply => {
    const { tracingId } = frame;
    const session = sessionFor(connection, frame);
    if ('error' in session) return session.error;
    if (session.readOnly) return readOnlyError(tracingId);
    const fail = (errorCode: number, errorMessage: string) =>
      serverFrame.generateUrlError(
        { ...(frame.attachmentId ? { attachmentId: frame.attachmentId } : {}), errorCode, errorMessage, timestamp: isoNow() },
        tracingId,
      );
    const name = frame.fileName.trim();
    if (name.length === 0) return fail(GuestErrorCode.FileNameInvalid, 'File name is invalid: it is empty.');
    const maxName = GUEST_API_LIMITS.maxFileNameLength;
    if (name.length >= maxName) return fail(GuestErrorCode.FileNameTooLong, `File name is longer than ${maxName - 1} characters.`);
    const refusal = attachmentRefusal(
      { fileName: name, mime: frame.fileType, size: frame.fileSize },
      { allowedMedia: allowedMedia(deployment), blockedExtensions: deployment.blockedExtensions },
    );
    if (refusal?.kind === 'ExtensionBlocked') return fail(refusal.code, `File type ${refusal.extension} is not allowed.`);
    if (refusal?.kind === 'TypeNotAccepted') return fail(refusal.code, `File type ${frame.fileType} is not allowed; allowed: ${refusal.accepted.join(', ')}.`);
    if (refusal?.kind === 'TooLarge') return fail(refusal.code, `File size ${frame.fileSize} is larger than ${refusal.maxFileSizeKB} KB.`);
    const slot = deps.attachments.reserve({
      sessionId: session.id,
      ...(frame.attachmentId ? { attachmentId: frame.attachmentId } : {}),
      fileName: name,
      fileType: frame.fileType,
      orgId: deps.org.clientId,
    });
    return serverFrame.presignedUrl({ ...slot }, tracingId);
  };

  const attachmentOf = (session: GuestSession, attachmentId: string, tracingId?: string) => {
    const file = deps.attachments.get(attachmentId);
    const visible = file && (file.sessionId === undefined || file.sessionId === session.id);
    if (!file || !visible) return { error: error(GuestErrorCode.AttachmentNotFound, `Attachment ${attachmentId} not found.`, tracingId) };
    return { file };
  };

  const handlers: { [A in ClientFrame['action']]: (c: GuestConnection, f: ClientFrameOf<A>) => Reply | undefined } = {
    configureSession: configure,
    configureAuthenticatedSession: configure,
    onMessage,
    onAttachment,
    getAttachment: (connection, frame) => {
      const session = sessionFor(connection, frame);
      if ('error' in session) return session.error;
      const found = attachmentOf(session, frame.attachmentId, frame.tracingId);
      if ('error' in found) return found.error;
      if (found.file.state !== 'uploaded') {
        return error(GuestErrorCode.AttachmentNotUploaded, `Attachment ${frame.attachmentId} was not successfully uploaded.`, frame.tracingId);
      }
      const { file } = found;
      return serverFrame.presignedUrl(
        { attachmentId: file.id, headers: {}, url: deps.attachments.downloadUrl(file.id), fileName: file.fileName, fileSize: file.bytes.length, fileType: file.mime },
        frame.tracingId,
      );
    },
    deleteAttachment: (connection, frame) => {
      const session = sessionFor(connection, frame);
      if ('error' in session) return session.error;
      const found = attachmentOf(session, frame.attachmentId, frame.tracingId);
      if ('error' in found) return found.error;
      if (found.file.sent || found.file.sessionId === undefined) {
        return error(GuestErrorCode.BadRequest, `Attachment ${frame.attachmentId} was already sent in a message and cannot be deleted.`, frame.tracingId);
      }
      deps.attachments.delete(frame.attachmentId);
      return serverFrame.attachmentDeleted({ attachmentId: frame.attachmentId }, frame.tracingId);
    },
    getJwt: (connection, frame) => {
      const session = sessionFor(connection, frame);
      if ('error' in session) return session.error;
      const signed = deps.signer.sign({ sub: session.id, purpose: 'session', deploymentId: session.deploymentId, jti: deps.newId() }, limits.jwtLifetimeSec);
      return serverFrame.jwt(signed, frame.tracingId);
    },
    echo: (connection, frame) => {
      const rate = connection.echoes.hit();
      if (!rate.allowed) {
        return serverFrame.tooManyRequests(
          { retryAfter: rate.retryAfterSec, errorCode: GuestErrorCode.RequestRateTooHigh, errorMessage: 'Health check rate too high for this connection' },
          frame.tracingId,
        );
      }
      const session = connection.session;
      const text = typeof frame.message === 'object' && frame.message !== null && typeof (frame.message as { text?: unknown }).text === 'string'
        ? (frame.message as { text: string }).text
        : 'ping';
      return serverFrame.echoReply(
        {
          id: deps.newId(),
          channel: { time: isoNow(), type: 'Private' },
          text,
          type: 'Text',
          direction: 'Inbound',
          ...(session && !session.expired
            ? { metadata: { durationSeconds: String(limits.sessionDurationSeconds), expirationDate: String(Math.floor(session.expiresAtMs / 1000)) } }
            : {}),
        },
        frame.tracingId,
      );
    },
    closeSession: (connection, frame) => {
      const session = sessionFor(connection, frame);
      if ('error' in session) return session.error;
      for (const other of session.connections.filter((c) => c !== connection)) {
        closeConnection(other, serverFrame.connectionClosed(), 'Session closed by another connection');
      }
      session.connections = [];
      connection.session = undefined;
      return sessionResponse(session, { connected: false, newSession: false }, frame.tracingId);
    },
    getConfiguration: (connection, frame) => {
      if (frame.deploymentId !== connection.deploymentId) {
        return error(GuestErrorCode.Forbidden, `deploymentId ${frame.deploymentId} does not match this connection's deployment.`, frame.tracingId);
      }
      return serverFrame.configuration(configurationBody(deployment), frame.tracingId);
    },
  };

  const handleText = (connection: GuestConnection, text: string | null) => {
    if (text === null) {
      connection.send(error(GuestErrorCode.BadRequest, 'Binary frames are not supported; send JSON text frames.'));
      return;
    }
    const parsed = parseClientFrame(text);
    if (!parsed.ok) {
      const e = parsed.error;
      const tracingId = 'tracingId' in e ? e.tracingId : undefined;
      connection.send(error(e.kind === 'MissingParameter' ? GuestErrorCode.MissingParameter : GuestErrorCode.BadRequest, e.message, tracingId));
      return;
    }
    const frame = parsed.frame;
    const rate = connection.requests.hit();
    if (!rate.allowed) {
      connection.send(
        serverFrame.tooManyRequests(
          { retryAfter: rate.retryAfterSec, errorCode: GuestErrorCode.RequestRateTooHigh, errorMessage: 'Request rate too high for this connection' },
          frame.tracingId,
        ),
      );
      return;
    }
    const burst = faults.take429();
    if (burst) {
      connection.send(
        serverFrame.tooManyRequests(
          { retryAfter: burst.retryAfterSec, errorCode: GuestErrorCode.RequestRateTooHigh, errorMessage: 'Request rate too high (sandbox fault: 429 burst)' },
          frame.tracingId,
        ),
      );
      return;
    }
    if (faults.take5xx()) {
      connection.send(error(GuestErrorCode.UnexpectedError, 'Request failed.', frame.tracingId));
      return;
    }
    const handler = handlers[frame.action] as (c: GuestConnection, f: ClientFrame) => Reply | undefined;
    const reply = handler(connection, frame);
    if (reply) connection.send(reply);
  };

  const onConnection = (ws: WebSocket, deploymentId: string) => {
    const now = () => clock.now();
    /** Every frame and the close go through the same latency, so their order is kept. */
    const later = (action: () => void) => {
      const latency = faults.get().latencyMs;
      if (latency > 0) clock.setTimeout(action, latency);
      else action();
    };
    const connection: GuestConnection = {
      id: nextConnectionId++,
      deploymentId,
      session: undefined,
      requests: createRateWindow(now, limits.requestsPerConnectionPerMinute, 60_000),
      echoes: createRateWindow(now, limits.echoesPerConnectionPerMinute, 60_000),
      send: (frame) => {
        const text = JSON.stringify(frame);
        const junk = hostileGuestFrames(faults, text);
        later(() => {
          if (ws.readyState === WebSocket.OPEN) ws.send(text);
          for (const extra of junk) {
            if (ws.readyState === WebSocket.OPEN) ws.send(extra.kind === 'text' ? extra.text : extra.bytes, { binary: extra.kind === 'binary' });
          }
        });
      },
      close: (reason) => later(() => ws.close(1000, reason)),
      terminate: () => ws.terminate(),
    };
    live.add(connection);
    ws.on('message', (data, isBinary) => handleText(connection, isBinary ? null : rawText(data)));
    ws.on('close', () => {
      live.delete(connection);
      detach(connection);
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
      if (deploymentId !== deployment.id) return refuseUpgrade(socket, 403, 'Forbidden', `Deployment ${deploymentId} does not exist or is not active.`);
      if (!originAllowed(deployment, req.headers.origin)) {
        return refuseUpgrade(socket, 403, 'Forbidden', `Origin ${req.headers.origin ?? '(none)'} is not an allowed domain of this deployment.`);
      }
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, deploymentId));
    },
    uploadFinished(outcome) {
      const session = outcome.file.sessionId !== undefined ? sessions.byId(outcome.file.sessionId) : undefined;
      if (!session) return;
      const timestamp = isoNow();
      fanOut(
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
        for (const connection of [...session.connections]) closeConnection(connection, serverFrame.logout(), 'Logged out');
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

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function refuseUpgrade(socket: Duplex, status: number, statusText: string, message: string): void {
  const body = JSON.stringify({ message, code: status === 403 ? 'forbidden' : 'bad.request', status });
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
