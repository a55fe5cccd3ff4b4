// Guest sessions keyed by the client-chosen token (spec §6): the connections sharing a session (oldest
// first), its current conversation, read-only state, authentication, per-session rate windows and the
// inactivity expiry timer on the Clock. Expired sessions stay as tombstones so their token answers 4006.
// Each session is kept in the sandbox's state (not its connections or rate windows) and restored with it.
import { z } from 'zod';
import type { Clock, TimerHandle } from '../../protocol/clock';
import { createRateWindow, type RateWindow } from '../../protocol/rate-window';
import type { StateShelf } from '../state/sandbox-state';
import type { GuestLimits } from './guest-deployment';

export const GuestSessionRecordSchema = z.strictObject({
  id: z.string(),
  token: z.string(),
  deploymentId: z.string(),
  conversationId: z.string().optional(),
  conversationIds: z.array(z.string()),
  readOnly: z.boolean(),
  expired: z.boolean(),
  authenticatedAs: z.strictObject({ subject: z.string(), name: z.string().optional() }).optional(),
  customAttributes: z.record(z.string(), z.string()),
  expiresAtMs: z.number(),
});
export type GuestSessionRecord = z.output<typeof GuestSessionRecordSchema>;

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
  /** The session's kept fields changed (conversation, read-only, authentication, custom attributes). */
  changed(session: GuestSession): void;
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
  shelf: StateShelf<GuestSessionRecord>;
  onExpired: (session: GuestSession) => void;
}): GuestSessions {
  const { clock, limits, shelf } = deps;
  const byToken = new Map<string, GuestSession>();
  const byId = new Map<string, GuestSession>();
  const timers = new Map<string, TimerHandle>();

  const stopTimer = (session: GuestSession) => {
    const timer = timers.get(session.id);
    if (timer !== undefined) clock.clearTimeout(timer);
    timers.delete(session.id);
  };
  const startTimer = (session: GuestSession) => {
    timers.set(session.id, clock.setTimeout(() => api.expire(session), Math.max(0, session.expiresAtMs - clock.now())));
  };

  const add = (record: GuestSessionRecord): GuestSession => {
    const now = () => clock.now();
    const session: GuestSession = {
      ...record,
      conversationId: record.conversationId,
      authenticatedAs: record.authenticatedAs,
      connections: [],
      unsubscribe: undefined,
      messages: createRateWindow(now, limits.messagesPerSecond, 1000),
      configures: createRateWindow(now, limits.configuresPerSessionPerMinute, 60_000),
      history: createRateWindow(now, limits.historyPerSessionPerMinute, 60_000),
    };
    byToken.set(session.token, session);
    byId.set(session.id, session);
    return session;
  };

  const api: GuestSessions = {
    byToken: (token) => byToken.get(token),
    byId: (id) => byId.get(id),
    all: () => [...byId.values()],
    create(token, deploymentId) {
      const session = add({
        id: deps.newId(),
        token,
        deploymentId,
        conversationIds: [],
        readOnly: false,
        expired: false,
        customAttributes: {},
        expiresAtMs: 0,
      });
      api.touch(session);
      return session;
    },
    changed(session) {
      shelf.put(session.id, () => ({
        id: session.id,
        token: session.token,
        deploymentId: session.deploymentId,
        conversationId: session.conversationId,
        conversationIds: session.conversationIds,
        readOnly: session.readOnly,
        expired: session.expired,
        authenticatedAs: session.authenticatedAs,
        customAttributes: session.customAttributes,
        expiresAtMs: session.expiresAtMs,
      }));
    },
    touch(session) {
      if (session.expired) return;
      stopTimer(session);
      session.expiresAtMs = clock.now() + limits.sessionDurationSeconds * 1000;
      startTimer(session);
      api.changed(session);
    },
    expire(session) {
      if (session.expired) return;
      stopTimer(session);
      session.expired = true;
      session.unsubscribe?.();
      session.unsubscribe = undefined;
      api.changed(session);
      deps.onExpired(session);
    },
    remove(session) {
      stopTimer(session);
      session.unsubscribe?.();
      session.unsubscribe = undefined;
      byToken.delete(session.token);
      byId.delete(session.id);
      shelf.remove(session.id);
    },
    close() {
      for (const session of byId.values()) stopTimer(session);
    },
  };

  for (const record of shelf.restored.values()) {
    const session = add(record);
    if (!session.expired) startTimer(session);
  }
  return api;
}
