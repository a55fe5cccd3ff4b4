// The Guest API actions on the session itself (spec §3.1, §3.7–§3.10, §5.5): configure (new, resumed,
// read-only, startNew, authenticated step-up, rate and downgrade checks), closeSession, getJwt, echo and
// getConfiguration. A configure with a token the sandbox kept across a restart resumes that same session.
import { GUEST_API_LIMITS, GuestErrorCode, serverFrame, type ClientFrameOf } from '../../protocol/webmessaging';
import { configurationBody } from './guest-deployment';
import type { GuestActionDeps, GuestActions, Reply } from './guest-session-bridge';
import type { GuestConnection } from './guest-sessions';

type SessionAction = 'configureSession' | 'configureAuthenticatedSession' | 'closeSession' | 'getJwt' | 'echo' | 'getConfiguration';

export function createSessionActions(deps: GuestActionDeps): GuestActions<SessionAction> {
  const { bridge, deployment } = deps;
  const { sessions, error } = bridge;
  const limits = deployment.limits;
  const wrongDeployment = (deploymentId: string, tracingId?: string) =>
    error(GuestErrorCode.Forbidden, `deploymentId ${deploymentId} does not match this connection's deployment.`, tracingId);

  const configure = (
    connection: GuestConnection,
    frame: ClientFrameOf<'configureSession'> | ClientFrameOf<'configureAuthenticatedSession'>,
  ): Reply => {
    const { tracingId } = frame;
    if (frame.deploymentId !== connection.deploymentId) return wrongDeployment(frame.deploymentId, tracingId);
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
        bridge.closeConnection(other, serverFrame.connectionClosed('signedIn'), 'Session upgraded to an authenticated session');
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
    bridge.attach(connection, session);
    sessions.touch(session);
    return bridge.sessionResponse(session, { connected: true, newSession }, tracingId);
  };

  return {
    configureSession: configure,
    configureAuthenticatedSession: configure,
    closeSession: (connection, frame) => {
      const session = bridge.sessionFor(connection, frame);
      if ('error' in session) return session.error;
      for (const other of session.connections.filter((c) => c !== connection)) {
        bridge.closeConnection(other, serverFrame.connectionClosed(), 'Session closed by another connection');
      }
      session.connections = [];
      connection.session = undefined;
      return bridge.sessionResponse(session, { connected: false, newSession: false }, frame.tracingId);
    },
    getJwt: (connection, frame) => {
      const session = bridge.sessionFor(connection, frame);
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
      const text =
        typeof frame.message === 'object' && frame.message !== null && typeof (frame.message as { text?: unknown }).text === 'string'
          ? (frame.message as { text: string }).text
          : 'ping';
      return serverFrame.echoReply(
        {
          id: deps.newId(),
          channel: { time: new Date(deps.clock.now()).toISOString(), type: 'Private' },
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
    getConfiguration: (connection, frame) => {
      if (frame.deploymentId !== connection.deploymentId) return wrongDeployment(frame.deploymentId, frame.tracingId);
      return serverFrame.configuration(configurationBody(deployment), frame.tracingId);
    },
  };
}
