// One load run: N guests arriving at a ramp rate, each sending the message script with think time and
// waiting for the first agent reply to each message, for a number of messages or a duration. Guests go
// through the same GuestConnector as console conversations, so per-session message rates and the Open
// Messaging request budget hold; a too-many-requests reply slows a guest down instead of failing it.
// Stopping (or finishing) closes every session the run opened. Nobody reads a load guest's frames, so they
// are not asked for; each wait is one timer, cleared when the wait ends.
import type { LoadPlan } from '../../../shared/load-plan';
import type { Profile } from '../../../shared/contract';
import type { Clock, TimerHandle } from '../../protocol/clock';
import type { GuestConnection, GuestConnectionEvent } from '../channels/guest-connection';
import type { GuestConnector } from '../genesys/guest-connector';
import { LoadMetrics, type LoadSnapshot } from './load-metrics';

export type LoadRunState = 'running' | 'stopping' | 'finished' | 'stopped';

export interface LoadResult {
  id: string;
  plan: LoadPlan;
  profileName: string;
  startedAt: string;
  finishedAt: string;
  state: 'finished' | 'stopped';
  snapshot: LoadSnapshot;
}

export interface LoadRunOptions {
  id: string;
  plan: LoadPlan;
  profile: Profile;
  connector: GuestConnector;
  clock: Clock;
  newId: () => string;
  onProgress?: (snapshot: LoadSnapshot, state: LoadRunState) => void;
  progressIntervalMs?: number;
  /** How long a guest may take to become live before it counts as failed. */
  connectTimeoutMs?: number;
}

export class LoadRun {
  private stateValue: LoadRunState = 'running';
  private readonly metrics: LoadMetrics;
  private readonly startedAt: number;
  private readonly sleepers = new Set<() => void>();
  private readonly connections = new Set<GuestConnection>();
  private progressTimer: TimerHandle | undefined;

  constructor(private readonly options: LoadRunOptions) {
    this.startedAt = options.clock.now();
    this.metrics = new LoadMetrics(this.startedAt);
  }

  get state(): LoadRunState {
    return this.stateValue;
  }

  snapshot(): LoadSnapshot {
    return this.metrics.snapshot(this.options.clock.now());
  }

  /** Runs to the end (or until stopped) and resolves with the result, every session closed. */
  async run(): Promise<LoadResult> {
    const { plan, clock } = this.options;
    this.reportProgress();
    const deadline = plan.durationSec !== undefined ? this.startedAt + plan.durationSec * 1000 : Infinity;
    const guests: Promise<void>[] = [];
    for (let index = 0; index < plan.guests; index += 1) {
      if (this.stateValue !== 'running' || clock.now() >= deadline) break;
      guests.push(this.guest(index, deadline));
      if (index < plan.guests - 1) await this.wait(1000 / plan.rampPerSecond);
    }
    await Promise.all(guests);
    if (this.progressTimer) clock.clearTimeout(this.progressTimer);
    const state = this.stateValue === 'running' ? 'finished' : 'stopped';
    this.stateValue = state;
    const snapshot = this.snapshot();
    this.options.onProgress?.(snapshot, state);
    return {
      id: this.options.id,
      plan,
      profileName: this.options.profile.name,
      startedAt: new Date(this.startedAt).toISOString(),
      finishedAt: new Date(clock.now()).toISOString(),
      state,
      snapshot,
    };
  }

  /** Stop sending; every guest closes its session and `run()` resolves. */
  stop(): void {
    if (this.stateValue !== 'running') return;
    this.stateValue = 'stopping';
    for (const wake of [...this.sleepers]) wake();
  }

  private async guest(index: number, deadline: number): Promise<void> {
    const { plan, clock, connector, profile } = this.options;
    const metrics = this.metrics;
    /** The message awaiting its first reply; `sentAt` moves to when its frame actually left (after any rate-limit wait). */
    let waiting: { clientId: string; sentAt: number; answer: () => void } | undefined;
    let connecting: { live: () => void; failed: () => void } | undefined;
    const listener = (event: GuestConnectionEvent) => {
      switch (event.type) {
        case 'state':
          if (event.state === 'live') connecting?.live();
          if (event.state === 'failed' || event.state === 'expired') connecting?.failed();
          return;
        case 'receipt':
          if (event.status === 'sent') metrics.acknowledged += 1;
          else metrics.recordError('sendFailed');
          return;
        case 'outgoing':
          if (waiting?.clientId === event.clientId) waiting.sentAt = clock.now();
          return;
        case 'rateLimited':
          metrics.rateLimited += 1;
          return;
        case 'message': {
          if (event.message.direction !== 'Outbound') return;
          const now = clock.now();
          metrics.recordReceived(now);
          if (waiting) {
            metrics.recordAnswer(now, now - waiting.sentAt);
            const answer = waiting.answer;
            waiting = undefined;
            answer();
          }
          return;
        }
        case 'frame':
          // Channels that report only through frames (Open Messaging): its request and its 429 notes.
          if (event.direction === 'out' && waiting && event.text.includes(waiting.clientId)) waiting.sentAt = clock.now();
          if (event.direction === 'note' && /\b429\b|too many requests/i.test(event.text)) metrics.rateLimited += 1;
          return;
        default:
          return;
      }
    };
    const connection = connector.connection({
      profile,
      channel: plan.channel,
      guestId: this.options.newId(),
      persona: { name: `Load guest ${index + 1}`, customAttributes: {} },
      knownMessageIds: [],
      resumed: false,
      autoStart: false,
      frames: false,
      listener,
    });
    this.connections.add(connection);
    metrics.guestsStarted += 1;
    metrics.guestsActive += 1;
    metrics.recordActive(clock.now());
    try {
      let failed = false;
      const connected = await this.wait(this.options.connectTimeoutMs ?? 30_000, (settle) => {
        connecting = {
          live: settle,
          failed: () => {
            failed = true;
            settle();
          },
        };
        connection.connect();
        if (connection.state === 'live') settle();
      });
      connecting = undefined;
      if (!connected || failed) {
        if (failed) metrics.recordError('connectFailed');
        else if (this.stateValue === 'running') metrics.recordError('connectTimeout');
        return;
      }
      for (let sent = 0; plan.messagesPerGuest === undefined || sent < plan.messagesPerGuest; sent += 1) {
        if (this.stateValue !== 'running' || clock.now() >= deadline) break;
        const text = plan.messages[sent % plan.messages.length]!;
        const clientId = this.options.newId();
        const now = clock.now();
        const answered = this.wait(plan.replyTimeoutMs, (answer) => (waiting = { clientId, sentAt: now, answer }));
        connection.send({ type: 'text', clientId, text });
        metrics.recordSent(now);
        if (!(await answered)) {
          waiting = undefined;
          if (this.stateValue === 'running') metrics.recordError('noReply');
        }
        if (plan.thinkTimeMs > 0) await this.wait(plan.thinkTimeMs);
      }
    } finally {
      await connection.closeSession().catch(() => metrics.recordError('closeFailed'));
      this.connections.delete(connection);
      metrics.guestsActive -= 1;
      metrics.guestsDone += 1;
      metrics.recordActive(clock.now());
    }
  }

  /**
   * A pause on the run's clock: true when `arm`'s settle function is called first, false after `ms` or as soon
   * as the run stops. One timer, cleared whichever way it ends.
   */
  private wait(ms: number, arm?: (settle: () => void) => void): Promise<boolean> {
    if (this.stateValue !== 'running') return Promise.resolve(false);
    const { clock } = this.options;
    return new Promise((resolve) => {
      const end = (settled: boolean) => {
        clock.clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve(settled);
      };
      const wake = () => end(false);
      const timer = clock.setTimeout(wake, ms);
      this.sleepers.add(wake);
      arm?.(() => end(true));
    });
  }

  private reportProgress(): void {
    const onProgress = this.options.onProgress;
    if (!onProgress) return;
    this.progressTimer = this.options.clock.setTimeout(() => {
      if (this.stateValue === 'finished' || this.stateValue === 'stopped') return;
      onProgress(this.snapshot(), this.stateValue);
      this.reportProgress();
    }, this.options.progressIntervalMs ?? 1000);
  }
}
