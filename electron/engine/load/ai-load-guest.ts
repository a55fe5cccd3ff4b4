// An AI guest of a load run: it connects like a scripted LoadGuest (the same connector, rate limits and connect
// timeout), then the model plays the plan's goal through playAiGuest on a seat over its connection — the agent's
// messages as the AI reads them, its own sends as text or as a real quick-reply / button answer. Its messages count
// in the run's figures like any guest's (ReplyWatch); its tokens come out of the run's one budget. Whatever stops it
// (the goal, the budget, a model error or timeout, the run stopping) is counted, and its session is closed.
import type { AiStopReason } from '../../../shared/ai-contract';
import type { LoadAiPlan } from '../../../shared/load-plan';
import { playAiGuest, type AiSeat, type TokenBudget } from '../ai/ai-guest';
import type { AiOption, AiTranscriptEntry } from '../ai/customer-prompt';
import type { ChatMessage, ChatReply } from '../ai/model-client';
import { transcriptEntry } from '../ai/thread-transcript';
import { toDisplayContent } from '../channels/display-content';
import type { GuestConnection, GuestConnectionEvent, GuestIntent } from '../channels/guest-connection';
import type { AiLoadMetrics } from './load-metrics';
import { ReplyWatch } from './reply-watch';
import type { Timeout } from './timeout-queue';
import type { LoadGuestOptions } from './load-guest';

/** The model as a load run uses it: no conversation to show the exchange in (load guests have no inspector). */
export interface LoadAiModel {
  ask: (messages: ChatMessage[], maxTokens: number) => Promise<ChatReply>;
  redact: (text: string) => string;
  /** How long one model request may take (the AI settings'), for the guest's time limit. */
  requestTimeoutMs: number;
}

/** What a scripted guest gets, and its place in the arrivals, the AI part of the plan, the model and the run's budget. */
export interface AiLoadGuestOptions extends LoadGuestOptions {
  /** Its place in the arrivals, 1-based: its persona is "Load guest N". */
  number: number;
  aiPlan: LoadAiPlan;
  aiMetrics: AiLoadMetrics;
  model: LoadAiModel;
  /** The run's budget, shared by all its AI guests. */
  budget: TokenBudget;
}

/** When nothing says how long the agent may take to type, the AI takes it as typing for this long. */
const TYPING_MS = 5000;

export class AiLoadGuest {
  readonly done: Promise<void>;
  private phase: 'connecting' | 'playing' | 'closing' = 'connecting';
  private readonly connection: GuestConnection;
  private readonly replies: ReplyWatch;
  private readonly stopping = new AbortController();
  private finished!: () => void;
  private connectTimeout: Timeout | undefined;
  private readonly transcript: AiTranscriptEntry[] = [];
  private readonly listeners = new Set<() => void>();
  /** Sends awaiting the platform's receipt. */
  private readonly deliveries = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  private ended = false;
  private typingUntil = 0;

  constructor(private readonly options: AiLoadGuestOptions) {
    this.done = new Promise((resolve) => (this.finished = resolve));
    this.replies = new ReplyWatch({ ...options, onNoReply: () => undefined });
    this.connection = options.connect(this.onEvent);
    options.metrics.recordGuestStarted(options.clock.now(), true);
    this.connectTimeout = options.connectTimeouts.start(this.connectTimedOut);
    this.connection.connect();
    if (this.connection.state === 'live') this.play();
  }

  /** The run stops: the AI stops at once and the session closes. */
  stop(): void {
    if (this.phase === 'connecting') this.close('takenOver');
    else this.stopping.abort();
  }

  private readonly onEvent = (event: GuestConnectionEvent): void => {
    switch (event.type) {
      case 'state':
        if (this.phase === 'connecting') {
          if (event.state === 'live') this.play();
          else if (event.state === 'failed' || event.state === 'expired') {
            this.options.metrics.recordError('connectFailed');
            this.close('conversationGone');
          }
          return;
        }
        if (this.seatState() === 'gone') this.failDeliveries(event.detail ?? `the connection is ${event.state}`);
        return this.changed();
      case 'receipt': {
        this.replies.onEvent(event);
        const waiter = this.deliveries.get(event.clientId);
        this.deliveries.delete(event.clientId);
        if (event.status === 'sent') waiter?.resolve();
        else waiter?.reject(new Error(event.reason));
        return;
      }
      case 'message': {
        this.replies.onEvent(event);
        const { message } = event;
        if (message.direction !== 'Outbound') return;
        const name = message.channel?.from?.nickname;
        const entry = transcriptEntry({ from: 'agent', ...(name ? { name } : {}), ...(message.text ? { text: message.text } : {}), content: toDisplayContent(message.content), itemId: message.id });
        if (entry.text || entry.options || entry.extras) this.transcript.push(entry);
        this.typingUntil = 0;
        return this.changed();
      }
      case 'typing':
        this.typingUntil = event.on ? this.options.clock.now() + (event.durationMs ?? TYPING_MS) : 0;
        return this.changed();
      case 'presence':
        if (event.change !== 'cleared') this.transcript.push({ from: 'system', text: `${event.agentName ?? 'An agent'} ${event.change === 'joined' ? 'joined' : 'left'} the conversation` });
        return this.changed();
      case 'ended':
        this.ended = true;
        this.transcript.push({ from: 'system', text: 'The agent ended the conversation' });
        this.failDeliveries('the agent ended the conversation');
        return this.changed();
      default:
        this.replies.onEvent(event);
        return;
    }
  };

  private readonly connectTimedOut = (): void => {
    this.connectTimeout = undefined;
    if (this.phase !== 'connecting') return;
    if (this.options.running()) this.options.metrics.recordError('connectTimeout');
    this.close('conversationGone');
  };

  private play(): void {
    if (this.phase !== 'connecting') return;
    this.phase = 'playing';
    this.cancelConnectTimeout();
    const { plan, aiPlan, clock, model, budget } = this.options;
    const settleMs = Math.max(250, plan.thinkTimeMs);
    const timing = { settleMs, replyWaitMs: plan.replyTimeoutMs, openingWaitMs: Math.max(settleMs, 2000) };
    // Without a duration, each turn may wait for a reply and for the model, once more for the last word.
    const timeLimitMs = Number.isFinite(this.options.deadline)
      ? Math.max(0, this.options.deadline - clock.now())
      : (aiPlan.maxTurns + 1) * (plan.replyTimeoutMs + model.requestTimeoutMs + settleMs);
    playAiGuest({
      seat: this.seat,
      persona: { name: `Load guest ${this.options.number}` },
      goal: aiPlan.goal,
      maxTurns: aiPlan.maxTurns,
      timeLimitMs,
      budget,
      ask: model.ask,
      redact: model.redact,
      clock,
      timing,
      signal: this.stopping.signal,
    })
      .then(
        (outcome) => outcome.reason,
        // The loop turns every failure it knows into a stop; anything else still ends this guest, counted.
        (): AiStopReason => (this.stopping.signal.aborted ? 'takenOver' : 'modelError'),
      )
      .then((reason) => this.close(reason));
  }

  private readonly seat: AiSeat = {
    transcript: () => this.transcript,
    state: () => this.seatState(),
    agentTyping: () => this.options.clock.now() < this.typingUntil,
    say: (text) => this.send({ type: 'text', text }, text),
    choose: (option: AiOption) => this.send({ type: 'choice', text: option.label, payload: option.payload, kind: option.kind, offeredIn: option.itemId }, option.label),
    onChange: (listener) => {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    },
  };

  private seatState(): ReturnType<AiSeat['state']> {
    if (this.ended) return 'ended';
    switch (this.connection.state) {
      case 'live':
        return 'live';
      case 'readOnly':
        return 'ended';
      case 'closed':
      case 'expired':
      case 'failed':
        return 'gone';
      default:
        return this.phase === 'closing' ? 'gone' : 'connecting';
    }
  }

  /** Sends as the console's composer would (an intent on the connection); resolves on the platform's receipt. */
  private send(intent: GuestIntent, shown: string): Promise<void> {
    if (this.seatState() !== 'live') return Promise.reject(new Error(`the conversation is ${this.seatState()}`));
    const clientId = this.options.newId();
    const delivered = new Promise<void>((resolve, reject) => this.deliveries.set(clientId, { resolve, reject }));
    this.transcript.push({ from: 'guest', text: shown });
    this.replies.sending(clientId);
    this.connection.send({ ...intent, clientId });
    return delivered;
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private failDeliveries(reason: string): void {
    for (const [, waiter] of this.deliveries) waiter.reject(new Error(reason));
    this.deliveries.clear();
  }

  private close(reason: AiStopReason): void {
    if (this.phase === 'closing') return;
    this.phase = 'closing';
    this.cancelConnectTimeout();
    this.replies.cancel();
    this.failDeliveries('the AI guest stopped');
    this.listeners.clear();
    const { metrics, aiMetrics, clock } = this.options;
    aiMetrics.recordStop(reason);
    if (reason === 'modelError') metrics.recordError('modelError');
    void this.connection
      .closeSession()
      .catch(() => metrics.recordError('closeFailed'))
      .then(() => {
        metrics.recordGuestDone(clock.now(), true);
        this.finished();
      });
  }

  private cancelConnectTimeout(): void {
    if (!this.connectTimeout) return;
    this.connectTimeout.expire = undefined;
    this.connectTimeout = undefined;
  }
}
