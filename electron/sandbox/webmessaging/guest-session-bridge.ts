// Between guest sessions, their connections and their conversations: a connection attaches to a session
// (the oldest beyond the limit is closed), frames fan out to every connection of a session, a session opens
// or joins its conversation and follows the agent's output (read-only after a Disconnect), and the answers
// the actions share (SessionResponse, "session not found", "read-only"), and what every action is given.
// A session restored from the sandbox's state follows its conversation again with `follow`.
import type { Clock } from '../../protocol/clock';
import { GuestErrorCode, serverFrame, type ClientFrame, type ClientFrameOf } from '../../protocol/webmessaging';
import type { ConversationHub, SandboxConversation } from '../conversation-hub';
import type { SandboxOrg } from '../demo-org';
import type { AttachmentStore } from './attachment-store';
import type { GuestAuth } from './guest-auth';
import { sessionLimitsBody, type GuestDeployment } from './guest-deployment';
import type { GuestJwtSigner } from './guest-jwt';
import { outboundView } from './guest-message-view';
import type { GuestConnection, GuestSession, GuestSessions } from './guest-sessions';

/** Custom attribute that routes a new conversation to a named agent script (sandbox-only). */
export const AGENT_SCRIPT_ATTRIBUTE = 'sandbox.agentScript';

/** A direct answer to a request, sent on the requesting connection. */
export type Reply = object;

/** The handlers of some Guest API actions: each answers a frame on a connection (or answers nothing). */
export type GuestActions<A extends ClientFrame['action']> = { [K in A]: (connection: GuestConnection, frame: ClientFrameOf<K>) => Reply | undefined };

export interface GuestActionDeps {
  bridge: SessionBridge;
  hub: ConversationHub;
  clock: Clock;
  org: SandboxOrg;
  deployment: GuestDeployment;
  attachments: AttachmentStore;
  signer: GuestJwtSigner;
  auth: GuestAuth;
  newId: () => string;
}

export interface SessionBridge {
  readonly sessions: GuestSessions;
  error(code: number, text: string, tracingId?: string): Reply;
  fanOut(session: GuestSession, frame: object): void;
  /** Sends `frame`, then closes the connection politely; it no longer belongs to a session. */
  closeConnection(connection: GuestConnection, frame: object, reason: string): void;
  attach(connection: GuestConnection, session: GuestSession): void;
  detach(connection: GuestConnection): void;
  activeConversation(session: GuestSession): SandboxConversation | undefined;
  /** The session's active conversation, or a new one it follows from now on. */
  ensureConversation(session: GuestSession): SandboxConversation;
  /** Agent output of `conversation` goes to every connection of `session`. */
  follow(session: GuestSession, conversation: SandboxConversation): void;
  sessionResponse(session: GuestSession, fields: { connected: boolean; newSession: boolean }, tracingId?: string): Reply;
  /** The connection's session for a request other than configure, or the error frame. */
  sessionFor(connection: GuestConnection, frame: { token: string; tracingId?: string }): GuestSession | { error: Reply };
  readOnlyError(tracingId?: string): Reply;
}

export function createSessionBridge(deps: { hub: ConversationHub; deployment: GuestDeployment; sessions: GuestSessions }): SessionBridge {
  const { hub, deployment, sessions } = deps;
  const limits = deployment.limits;
  const error = (code: number, text: string, tracingId?: string) => serverFrame.error(code, text, tracingId);

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

  const activeConversation = (session: GuestSession): SandboxConversation | undefined => {
    const conversation = session.conversationId !== undefined ? hub.get(session.conversationId) : undefined;
    return conversation && conversation.state === 'active' ? conversation : undefined;
  };

  const follow = (session: GuestSession, conversation: SandboxConversation) => {
    session.unsubscribe?.();
    session.unsubscribe = conversation.subscribe((output) => {
      if (output.kind === 'event' && output.events.some((e) => e.eventType === 'Presence' && e.presence?.type === 'Disconnect')) {
        session.readOnly = output.metadata?.readOnly === 'true';
      }
      sessions.touch(session);
      fanOut(session, serverFrame.structuredMessage(outboundView(output)));
    });
  };

  return {
    sessions,
    error,
    fanOut,
    closeConnection,
    detach,
    attach(connection, session) {
      if (connection.session !== session) detach(connection);
      if (!session.connections.includes(connection)) session.connections.push(connection);
      connection.session = session;
      while (session.connections.length > limits.maxConnectionsPerSession) {
        const oldest = session.connections.shift()!;
        closeConnection(oldest, serverFrame.connectionClosed(), 'Session connection limit reached');
      }
    },
    activeConversation,
    ensureConversation(session) {
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
      sessions.changed(session);
      follow(session, conversation);
      return conversation;
    },
    follow,
    sessionResponse: (session, fields, tracingId) =>
      serverFrame.sessionResponse(
        {
          ...fields,
          readOnly: session.readOnly,
          clearedExistingSession: false,
          ...sessionLimitsBody(deployment),
          expirationDate: Math.floor(session.expiresAtMs / 1000),
        },
        tracingId,
      ),
    sessionFor(connection, frame) {
      const session = connection.session;
      if (!session || session.token !== frame.token) {
        return { error: error(GuestErrorCode.SessionNotFound, 'Session not found: send configureSession with this token on this connection first.', frame.tracingId) };
      }
      if (session.expired) return { error: error(GuestErrorCode.SessionExpired, 'Session has expired.', frame.tracingId) };
      return session;
    },
    readOnlyError: (tracingId) =>
      error(GuestErrorCode.Forbidden, 'Conversation is read-only because it was disconnected. Send configureSession with startNew:true to start a new conversation.', tracingId),
  };
}
