// Guest sessions keyed by the client-chosen token (spec §6): the connections sharing a session (oldest
// first), its current conversation, read-only state, authentication, per-session rate windows and the
// inactivity expiry timer on the Clock. Expired sessions stay as tombstones so their token answers 4006.
import type { Clock, TimerHandle } from '../../protocol/clock';
import type { GuestLimits } from './guest-deployment';
import { createRateWindow, type RateWindow } from '../../protocol/rate-window';

export interface GuestConnection {
  readonly id: number;
  readonly deploymentId: string;
  session: GuestSession | undefined;
  readonly requests: RateWindow;
  readonly echoes: RateWindow;
  send(frame: object): void;
  /** Polite close (1000) after the frames already queued. */
  close(reason: string): void;
  /** Abrupt drop, as a network failure looks to the client. */
  terminate(): void;
}

export interface GuestSession {
  readonly id: string;
  readonly token: string;
  readonly deploymentId: string;
  connections: GuestConnection[];
  conversationId: string | undefined;
  /** Every conversation this session has had, oldest first (history spans them). */
  conversationIds: string[];
  unsubscribe: (() => void) | undefined;
  readOnly: boolean;
  expired: boolean;
  authenticatedAs: { subject: string; name?: string } | undefined;
  customAttributes: Record<string, string>;
  expiresAtMs: number;
  readonly messages: RateWindow;
  readonly configures: RateWindow;
  readonly history: RateWindow;
}

export interface GuestSessions {
  byToken(token: string): GuestSession | undefined;
  byId(id: string): GuestSession | undefined;
  all(): GuestSession[];
  create(token: string, deploymentId: string): GuestSession;
  /** Activity: the inactivity TTL starts again. */
  touch(session: GuestSession): void;
  expire(session: GuestSession): void;
  /** Forget a session entirely (cleared): its token starts a new session next time. */
  remove(session: GuestSession): void;
  close(): void;
}

export function createGuestSessions(deps: {
  clock: Clock;
  newId: () => string;
  limits: GuestLimits;
  onExpired: (session: GuestSession) => void;
}): GuestSessions {
  const { clock, limits } = deps;
  const byToken = new Map<string, GuestSession>();
  const byId = new Map<string, GuestSession>();
  const timers = new Map<string, TimerHandle>();

  const stopTimer = (session: GuestSession) => {
    const timer = timers.get(session.id);
    if (timer !== undefined) clock.clearTimeout(timer);
    timers.delete(session.id);
  };

  const api: GuestSessions = {
    byToken: (token) => byToken.get(token),
    byId: (id) => byId.get(id),
    all: () => [...byId.values()],
    create(token, deploymentId) {
      const now = () => clock.now();
      const session: GuestSession = {
        id: deps.newId(),
        token,
        deploymentId,
        connections: [],
        conversationId: undefined,
        conversationIds: [],
        unsubscribe: undefined,
        readOnly: false,
        expired: false,
        authenticatedAs: undefined,
        customAttributes: {},
        expiresAtMs: 0,
        messages: createRateWindow(now, limits.messagesPerSecond, 1000),
        configures: createRateWindow(now, limits.configuresPerSessionPerMinute, 60_000),
        history: createRateWindow(now, limits.historyPerSessionPerMinute, 60_000),
      };
      byToken.set(token, session);
      byId.set(session.id, session);
      api.touch(session);
      return session;
    },
    touch(session) {
      if (session.expired) return;
      stopTimer(session);
      const ttlMs = limits.sessionDurationSeconds * 1000;
      session.expiresAtMs = clock.now() + ttlMs;
      timers.set(session.id, clock.setTimeout(() => api.expire(session), ttlMs));
    },
    expire(session) {
      if (session.expired) return;
      stopTimer(session);
      session.expired = true;
      session.unsubscribe?.();
      session.unsubscribe = undefined;
      deps.onExpired(session);
    },
    remove(session) {
      stopTimer(session);
      session.unsubscribe?.();
      session.unsubscribe = undefined;
      byToken.delete(session.token);
      byId.delete(session.id);
    },
    close() {
      for (const session of byId.values()) stopTimer(session);
    },
  };
  return api;
}
