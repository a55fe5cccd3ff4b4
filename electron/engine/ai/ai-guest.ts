// The AI guest's loop, the same in the console, a scenario step and a load run: wait until the agent has had its
// say (its messages settled, not typing) or until it owes a reply for too long, ask the model for the customer's
// next move from the whole transcript, then send it — text, or a chosen option as a real quick-reply / button
// answer. It stops when the AI says its goal is reached (or gives up, with its reason), the `until` condition
// holds on an agent reply, the agent ends the conversation, or a limit is hit: turns, time, tokens. A model error
// or timeout stops it too, with the error — never a hang. Where the guest lives is a seat (AiSeat): the console's
// conversations or a load guest's connection; the console gates each draft (pause, review, take over).
import type { AiDraft, AiStopReason, AiTokens } from '../../../shared/ai-contract';
import type { Clock } from '../../protocol/clock';
import { customerPrompt, parseMove, type AiMove, type AiOption, type AiPersona, type AiTranscriptEntry } from './customer-prompt';
import { estimateTokens, ModelError, type ChatMessage, type ChatReply } from './model-client';

/** Where the AI guest sits: it reads the conversation, sends, and hears about every change. */
export interface AiSeat {
  transcript(): AiTranscriptEntry[];
  /** live: may send; ended: the agent ended it (read-only); gone: closed, failed or removed. */
  state(): 'connecting' | 'live' | 'ended' | 'gone';
  agentTyping(): boolean;
  /** Resolves when the platform accepted the message; rejects with a reason a person can read. */
  say(text: string): Promise<void>;
  choose(option: AiOption): Promise<void>;
  /** Calls back on any change (a message, typing, the state); returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

/**
 * Tokens spent against a limit; one budget may be shared by several AI guests (a load run, a scenario's steps). A
 * request in flight holds what it will likely cost (`reserve`), so guests asking at the same moment cannot all pass
 * the check on the same remainder: the budget is exceeded at most by how far the server's count differs from the
 * estimate.
 */
export class TokenBudget {
  readonly used: AiTokens = { prompt: 0, completion: 0, total: 0 };
  private reserved = 0;

  constructor(readonly limit: number) {}

  get remaining(): number {
    return Math.max(0, this.limit - this.used.total - this.reserved);
  }

  /** What a request of these messages will likely cost: its prompt (estimated; the server counts it) and room for an
   *  answer of at most `maxAnswer`; undefined when not even a short answer fits. */
  room(messages: readonly ChatMessage[], maxAnswer: number): { prompt: number; answer: number } | undefined {
    const prompt = estimateTokens(messages.map((message) => message.content).join('\n'));
    const answer = Math.min(maxAnswer, this.remaining - prompt);
    return answer >= MIN_ANSWER_TOKENS ? { prompt, answer } : undefined;
  }

  /** Holds `tokens` for a request in flight; the function returned gives them back (once). */
  reserve(tokens: number): () => void {
    this.reserved += tokens;
    let held = true;
    return () => {
      if (held) this.reserved -= tokens;
      held = false;
    };
  }

  spend(tokens: AiTokens): void {
    this.used.prompt += tokens.prompt;
    this.used.completion += tokens.completion;
    this.used.total += tokens.total;
  }
}

export interface AiGuestTiming {
  /** The agent has had its say when nothing changed for this long and it is not typing. */
  settleMs: number;
  /** How long the AI waits for the agent to answer its message before it writes again. */
  replyWaitMs: number;
  /** At the start, how long it waits for a greeting before it writes first. */
  openingWaitMs: number;
}

export const DEFAULT_AI_GUEST_TIMING: AiGuestTiming = { settleMs: 1500, replyWaitMs: 30_000, openingWaitMs: 4000 };

/** The longest answer asked of the model: one customer message or a verdict. */
const MAX_ANSWER_TOKENS = 300;
/** Less room than this for an answer, and the budget counts as spent: no customer message fits. */
const MIN_ANSWER_TOKENS = 32;

export interface AiGuestOptions {
  seat: AiSeat;
  persona: AiPersona;
  goal: string;
  maxTurns: number;
  timeLimitMs: number;
  budget: TokenBudget;
  /** An agent reply that ends the AI's part as soon as it arrives (a scenario's `until`). */
  until?: (entry: AiTranscriptEntry) => boolean;
  ask: (messages: ChatMessage[], maxTokens: number) => Promise<ChatReply>;
  redact: (text: string) => string;
  clock: Clock;
  timing?: Partial<AiGuestTiming>;
  /** Before each send: 'send' it, 'discard' it (think again) or 'stop' (the operator took over). Default: send. */
  gate?: (draft: AiDraft) => Promise<'send' | 'discard' | 'stop'>;
  /** Stop from outside (take over, the run stops); the loop ends with `takenOver`. */
  signal?: AbortSignal;
  onStatus?: (status: { phase: 'waiting' | 'thinking' | 'sending'; turn: number }) => void;
}

export interface AiGuestTurn {
  from: 'ai' | 'agent';
  text: string;
}

export interface AiGuestOutcome {
  reason: AiStopReason;
  detail: string;
  /** What the AI sent and the agent answered while it played, in order. */
  turns: AiGuestTurn[];
  /** Messages the AI sent. */
  sent: number;
  /** Tokens this guest spent (the budget may hold others' too). */
  tokens: AiTokens;
}

class Stopped extends Error {
  constructor(
    readonly reason: AiStopReason,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export async function playAiGuest(options: AiGuestOptions): Promise<AiGuestOutcome> {
  return new AiGuest(options).play();
}

class AiGuest {
  private readonly timing: AiGuestTiming;
  private readonly startedAt: number;
  private readonly deadline: number;
  private readonly tokens: AiTokens = { prompt: 0, completion: 0, total: 0 };
  /** Transcript length when the AI started: what came before is context, not this play's turns. */
  private readonly firstEntry: number;
  private sent = 0;
  private lastChangeAt: number;
  private lastSentAt: number | undefined;

  constructor(private readonly options: AiGuestOptions) {
    this.timing = { ...DEFAULT_AI_GUEST_TIMING, ...options.timing };
    this.startedAt = options.clock.now();
    this.lastChangeAt = this.startedAt;
    this.deadline = this.startedAt + options.timeLimitMs;
    this.firstEntry = options.seat.transcript().length;
  }

  async play(): Promise<AiGuestOutcome> {
    const unsubscribe = this.options.seat.onChange(() => {
      this.lastChangeAt = this.options.clock.now();
    });
    try {
      for (;;) {
        await this.agentsTurn();
        const move = await this.nextMove();
        if (move.kind === 'done') throw new Stopped('goal', move.reason);
        if (move.kind === 'giveUp') throw new Stopped('gaveUp', move.reason);
        if (this.sent >= this.options.maxTurns) {
          throw new Stopped('maxTurns', `${this.sent} message${this.sent === 1 ? '' : 's'} sent (the limit) without the goal reached; next it would have sent: ${describeMove(move)}`);
        }
        await this.send(move);
      }
    } catch (error) {
      if (error instanceof Stopped) return this.outcome(error.reason, error.detail);
      throw error;
    } finally {
      unsubscribe();
    }
  }

  /** Waits until it is the customer's turn; throws Stopped when the play ends meanwhile. */
  private async agentsTurn(): Promise<void> {
    const { seat, clock } = this.options;
    this.options.onStatus?.({ phase: 'waiting', turn: this.sent });
    for (;;) {
      const transcript = seat.transcript();
      this.checkStops(transcript);
      const lastGuest = transcript.findLastIndex((entry) => entry.from === 'guest');
      const answered = transcript.slice(lastGuest + 1).some((entry) => entry.from === 'agent');
      const now = clock.now();
      const quietFor = now - this.lastChangeAt;
      if (seat.state() === 'live' && answered && !seat.agentTyping() && quietFor >= this.timing.settleMs) return;
      // No answer yet: at the start the AI writes first after a while; after its message it writes again after a long one.
      const owedSince = this.lastSentAt ?? this.startedAt;
      const patience = this.lastSentAt === undefined ? this.timing.openingWaitMs : this.timing.replyWaitMs;
      if (seat.state() === 'live' && !answered && now - owedSince >= patience && quietFor >= this.timing.settleMs && !seat.agentTyping()) return;
      const settleLeft = this.timing.settleMs - quietFor;
      const patienceLeft = owedSince + patience - now;
      await this.changeOr(Math.max(50, Math.min(settleLeft > 0 ? settleLeft : Infinity, patienceLeft > 0 ? patienceLeft : this.timing.settleMs, this.deadline - now)));
    }
  }

  /** Throws Stopped for what ends the play whatever the AI would say next. */
  private checkStops(transcript: readonly AiTranscriptEntry[] = this.options.seat.transcript()): void {
    const { seat, clock, signal, until } = this.options;
    if (signal?.aborted) throw new Stopped('takenOver', 'the operator took over');
    if (until) {
      const matched = transcript.slice(this.firstEntry).find((entry) => entry.from === 'agent' && until(entry));
      if (matched) throw new Stopped('until', `the agent replied ${JSON.stringify(matched.text.slice(0, 200))}`);
    }
    const state = seat.state();
    if (state === 'ended') throw new Stopped('agentEnded', 'the agent ended the conversation');
    if (state === 'gone') throw new Stopped('conversationGone', 'the conversation was closed or failed');
    if (clock.now() >= this.deadline) throw new Stopped('timeLimit', `the time limit of ${Math.round(this.options.timeLimitMs / 1000)} s was reached`);
  }

  private async nextMove(): Promise<AiMove> {
    const { budget, seat, ask } = this.options;
    const prompt = customerPrompt({ persona: this.options.persona, goal: this.options.goal, transcript: seat.transcript(), turnsLeft: Math.max(0, this.options.maxTurns - this.sent), redact: this.options.redact });
    const room = budget.room(prompt.messages, MAX_ANSWER_TOKENS);
    if (!room) throw new Stopped('budget', budgetSpent(budget, prompt.messages));
    this.options.onStatus?.({ phase: 'thinking', turn: this.sent });
    const release = budget.reserve(room.prompt + room.answer);
    let reply: ChatReply;
    try {
      reply = await this.race(ask(prompt.messages, room.answer));
      budget.spend(reply.tokens);
    } catch (error) {
      if (error instanceof Stopped) throw error;
      throw new Stopped('modelError', error instanceof ModelError ? error.message : `the model request failed: ${(error as Error).message}`);
    } finally {
      release();
    }
    for (const key of ['prompt', 'completion', 'total'] as const) this.tokens[key] += reply.tokens[key];
    const parsed = parseMove(reply.text, prompt.options);
    if ('problem' in parsed) throw new Stopped('modelError', parsed.problem);
    return parsed.move;
  }

  private async send(move: Extract<AiMove, { kind: 'say' | 'choose' }>): Promise<void> {
    const { seat, gate } = this.options;
    // The draft is for people to see (and approve): redacted, as the model's text may quote anything. What is sent is
    // the model's text itself, which the console refuses if it holds a secret.
    const draft: AiDraft = move.kind === 'say' ? { kind: 'text', text: this.options.redact(move.text) } : { kind: 'choice', text: this.options.redact(move.option.label), option: move.number };
    const verdict = gate ? await this.race(gate(draft)) : 'send';
    if (verdict === 'stop') throw new Stopped('takenOver', 'the operator took over');
    if (verdict === 'discard') return;
    this.checkStops();
    this.options.onStatus?.({ phase: 'sending', turn: this.sent });
    try {
      await this.race(move.kind === 'say' ? seat.say(move.text) : seat.choose(move.option));
    } catch (error) {
      if (error instanceof Stopped) throw error;
      if (seat.state() === 'ended') throw new Stopped('agentEnded', 'the agent ended the conversation');
      if (seat.state() === 'gone') throw new Stopped('conversationGone', `the message was not delivered: ${(error as Error).message}`);
      // Still live: what the model wrote was refused (too long, a secret in it…) or the platform did not take it.
      throw new Stopped('modelError', `the AI's message ${describeMove(move)} could not be sent: ${(error as Error).message}`);
    }
    this.sent += 1;
    this.lastSentAt = this.options.clock.now();
    this.lastChangeAt = this.lastSentAt;
  }

  /** A promise, cut short by a stop from outside or the time limit. */
  private race<T>(promise: Promise<T>): Promise<T> {
    const { clock, signal } = this.options;
    if (signal?.aborted) return Promise.reject(new Stopped('takenOver', 'the operator took over'));
    return new Promise<T>((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        finish();
        reject(new Stopped('timeLimit', `the time limit of ${Math.round(this.options.timeLimitMs / 1000)} s was reached`));
      }, Math.max(0, this.deadline - clock.now()));
      const finish = () => {
        clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        finish();
        reject(new Stopped('takenOver', 'the operator took over'));
      };
      signal?.addEventListener('abort', onAbort);
      promise.then(
        (value) => {
          finish();
          resolve(value);
        },
        (error: unknown) => {
          finish();
          reject(error);
        },
      );
    });
  }

  /** Resolves on the seat's next change, a stop from outside, or after `ms`. */
  private changeOr(ms: number): Promise<void> {
    const { seat, clock, signal } = this.options;
    return new Promise((resolve) => {
      const done = () => {
        clock.clearTimeout(timer);
        unsubscribe();
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = clock.setTimeout(done, ms);
      const unsubscribe = seat.onChange(done);
      signal?.addEventListener('abort', done);
    });
  }

  private outcome(reason: AiStopReason, detail: string): AiGuestOutcome {
    const turns: AiGuestTurn[] = this.options.seat
      .transcript()
      .slice(this.firstEntry)
      .flatMap((entry): AiGuestTurn[] => (entry.from === 'guest' ? [{ from: 'ai', text: entry.text }] : entry.from === 'agent' ? [{ from: 'agent', text: entry.text }] : []))
      .map((turn) => ({ ...turn, text: this.options.redact(turn.text) }));
    // The detail may quote the model (what it would have sent, an answer it could not parse): redacted as the prompt is.
    return { reason, detail: this.options.redact(detail), turns, sent: this.sent, tokens: { ...this.tokens } };
  }
}

function describeMove(move: AiMove): string {
  if (move.kind === 'say') return JSON.stringify(move.text.slice(0, 200));
  if (move.kind === 'choose') return `the option "${move.option.label}"`;
  return move.reason;
}

/** Why a request does not fit the budget, in words. */
export function budgetSpent(budget: TokenBudget, messages: readonly ChatMessage[]): string {
  const need = estimateTokens(messages.map((message) => message.content).join('\n')) + MIN_ANSWER_TOKENS;
  return `the token budget of ${budget.limit} is spent: ${budget.used.total} used, and the next request needs about ${need}`;
}

/** Whether a stop means the AI's part succeeded (a scenario step passes). */
export function isSuccessfulStop(reason: AiStopReason): boolean {
  return reason === 'goal' || reason === 'until' || reason === 'agentEnded';
}
