// One load run: N guests arriving at a ramp rate, each sending the message script with think time and
// waiting for the first agent reply to each message, for a number of messages or a duration. Guests go
// through the same GuestConnector as console conversations, so per-session message rates and the Open
// Messaging request budget hold; a too-many-requests reply slows a guest down instead of failing it.
// Stopping (or finishing) closes every session the run opened. Each guest is a LoadGuest; the run ramps them
// up, shares one timer among all connect timeouts and one among all reply timeouts, and reports progress.
// Nobody reads a load guest's frames, so they are not asked for. Web Messaging guests arrive within the
// deployment's new-connection limit (connection-ramp.ts), however fast the plan asks them to. A share of the
// guests may be AI guests (AiLoadGuest, spread evenly: isAiGuest), sharing one token budget for the run.
import { DEFAULT_AI_TOKEN_BUDGET } from '../../../shared/ai-defaults';
import { aiGuestCount, isAiGuest, type LoadAiPlan, type LoadPlan } from '../../../shared/load-plan';
import type { Profile } from '../../../shared/contract';
import type { Clock, TimerHandle } from '../../protocol/clock';
import type { GuestConnectionEvent } from '../channels/guest-connection';
import { TokenBudget } from '../ai/ai-guest';
import type { ChatMessage } from '../ai/model-client';
import { HOW_TO_CONFIGURE_AI } from '../ai/ai-model';
import { ConsoleError } from '../console-error';
import type { GuestConnector } from '../genesys/guest-connector';
import { createRateWindow } from '../../protocol/rate-window';
import { AiLoadGuest, type LoadAiModel } from './ai-load-guest';
import { CONNECTION_WINDOW_MS, NEW_CONNECTIONS_PER_MINUTE } from './connection-ramp';
import { LoadGuest } from './load-guest';
import { AiLoadMetrics, LoadMetrics, type LoadSnapshot } from './load-metrics';
import { TimeoutQueue } from './timeout-queue';

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
  /** New Web Messaging connections per minute the deployment accepts (default 1000, the documented value). */
  connectionsPerMinute?: number;
  /** The model for the plan's AI guests (required when it has any), and its prices for the cost estimate. */
  ai?: LoadAiModel & { pricePerMillionPrompt?: number; pricePerMillionCompletion?: number };
}

export class LoadRun {
  private stateValue: LoadRunState = 'running';
  private readonly metrics: LoadMetrics;
  private readonly startedAt: number;
  private readonly guests = new Set<LoadGuest | AiLoadGuest>();
  /** The AI guests' share of the run: its plan, figures, model and the one budget they spend. */
  private readonly ai: { aiPlan: LoadAiPlan; aiMetrics: AiLoadMetrics; model: LoadAiModel; budget: TokenBudget } | undefined;
  private rampTimer: { handle: TimerHandle; wake: () => void } | undefined;
  private progressTimer: TimerHandle | undefined;

  constructor(private readonly options: LoadRunOptions) {
    this.startedAt = options.clock.now();
    const aiPlan = options.plan.ai;
    const aiGuests = aiGuestCount(options.plan);
    if (!aiPlan || aiGuests === 0) {
      this.metrics = new LoadMetrics(this.startedAt);
      return;
    }
    const model = options.ai;
    if (!model) throw new ConsoleError('Unavailable', HOW_TO_CONFIGURE_AI);
    const budget = new TokenBudget(aiPlan.tokenBudget ?? DEFAULT_AI_TOKEN_BUDGET);
    const aiMetrics = new AiLoadMetrics(aiGuests, budget, model);
    const metrics = new LoadMetrics(this.startedAt, aiMetrics);
    this.metrics = metrics;
    const ask = async (messages: ChatMessage[], maxTokens: number) => {
      const reply = await model.ask(messages, maxTokens);
      metrics.recordTokens(options.clock.now(), reply.tokens.total);
      return reply;
    };
    this.ai = { aiPlan, aiMetrics, model: { ...model, ask }, budget };
  }

  get state(): LoadRunState {
    return this.stateValue;
  }

  snapshot(): LoadSnapshot {
    return this.metrics.snapshot(this.options.clock.now());
  }

  /** Runs to the end (or until stopped) and resolves with the result, every session closed and no timer left. */
  async run(): Promise<LoadResult> {
    const { plan, clock, connector, profile } = this.options;
    this.reportProgress();
    const deadline = plan.durationSec !== undefined ? this.startedAt + plan.durationSec * 1000 : Infinity;
    const connectTimeouts = new TimeoutQueue(clock, this.options.connectTimeoutMs ?? 30_000);
    const replyTimeouts = new TimeoutQueue(clock, plan.replyTimeoutMs);
    const running = () => this.stateValue === 'running';
    const done: Promise<void>[] = [];
    const arrivals =
      plan.channel === 'webmessaging' ? createRateWindow(() => clock.now(), this.options.connectionsPerMinute ?? NEW_CONNECTIONS_PER_MINUTE, CONNECTION_WINDOW_MS) : null;
    for (let index = 0; index < plan.guests; index += 1) {
      if (!running() || clock.now() >= deadline) break;
      const wait = arrivals?.waitMs() ?? 0;
      if (wait > 0) await this.rampPause(wait);
      if (!running() || clock.now() >= deadline) break;
      arrivals?.hit();
      const ai = this.ai && isAiGuest(index, this.ai.aiPlan.share) ? this.ai : undefined;
      const connect = (listener: (event: GuestConnectionEvent) => void) =>
        connector.connection({
          profile,
          channel: plan.channel,
          guestId: this.options.newId(),
          persona: { name: `Load guest ${index + 1}`, customAttributes: {} },
          knownMessageIds: [],
          resumed: false,
          // An AI guest meets the deployment as a person would (a bot flow may greet first); a scripted one just sends.
          ...(ai ? {} : { autoStart: false }),
          frames: false,
          listener,
        });
      const shared = { plan, clock, deadline, connectTimeouts, replyTimeouts, newId: this.options.newId, running, connect };
      const guest = ai ? new AiLoadGuest({ ...shared, ...ai, metrics: this.metrics, number: index + 1 }) : new LoadGuest({ ...shared, metrics: this.metrics });
      this.guests.add(guest);
      done.push(guest.done.then(() => void this.guests.delete(guest)));
      if (index < plan.guests - 1) await this.rampPause(1000 / plan.rampPerSecond);
    }
    await Promise.all(done);
    connectTimeouts.stop();
    replyTimeouts.stop();
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
    this.rampTimer?.wake();
    for (const guest of [...this.guests]) guest.stop();
  }

  /** The pause between two arrivals, cut short by a stop. */
  private rampPause(ms: number): Promise<void> {
    const { clock } = this.options;
    if (this.stateValue !== 'running') return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        if (this.rampTimer) clock.clearTimeout(this.rampTimer.handle);
        this.rampTimer = undefined;
        resolve();
      };
      this.rampTimer = { handle: clock.setTimeout(wake, ms), wake };
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
