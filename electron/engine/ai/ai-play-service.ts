// "Let the AI play this guest": the console's plays, one per conversation at a time. Each runs the AI guest's loop
// on the conversation's seat with its own token budget, shows what it is doing as an `ai.play` view (waiting,
// thinking, the draft it is about to send, paused), lets the operator pause, review each draft, or take over, and
// writes a line into the thread when it starts and when it stops, with the reason in words. A play never outlives
// its conversation: closed, removed or the console closing stops it (conversationGone).
import type { ParsedRequestOf } from '../../../shared/contract';
import { AI_STOP_WORDS, type AiDraft, type AiPlayView, type AiStopReason } from '../../../shared/ai-contract';
import type { SavedPersona } from '../../../shared/personas-contract';
import type { Clock, TimerHandle } from '../../protocol/clock';
import { ConsoleError } from '../console-error';
import type { EventBus } from '../event-bus';
import type { ConversationService } from '../conversations/conversation-service';
import { playAiGuest, TokenBudget, type AiGuestTiming } from './ai-guest';
import type { AiModel } from './ai-model';
import { conversationSeat } from './conversation-seat';
import type { AiPersona } from './customer-prompt';

type Verdict = 'send' | 'discard' | 'stop';
export type AiPlayAction = ParsedRequestOf<'ai.play.control'>['action'];

/** Without review, a draft shows this long before it goes: time to read "About to send" and press Pause. */
export const DRAFT_PREVIEW_MS = 1200;


export interface AiPlayServiceOptions {
  conversations: ConversationService;
  /** The saved personas (a play may be given one, or plays the conversation's own by name). */
  personas: () => SavedPersona[];
  bus: EventBus;
  clock: Clock;
  model: AiModel;
  timing?: Partial<AiGuestTiming>;
  draftPreviewMs?: number;
}

interface Play {
  view: AiPlayView;
  abort: AbortController;
  paused: boolean;
  /** What the loop last said it is doing, shown again after a resume. */
  phase: 'waiting' | 'thinking' | 'draft';
  /** A draft waiting at the gate for Send, the preview's end or a resume. */
  pending?: { resolve: (verdict: Verdict) => void; timer?: TimerHandle };
  /** Why the service stopped the play itself (the conversation went, the console closed), over the loop's takenOver. */
  forced?: { reason: AiStopReason; detail: string };
  budget: TokenBudget;
  done: Promise<void>;
}

export class AiPlayService {
  private readonly plays = new Map<string, Play>();
  private readonly unsubscribe: () => void;

  constructor(private readonly options: AiPlayServiceOptions) {
    this.unsubscribe = options.bus.subscribe((event) => {
      if (event === 'conversations.changed') this.followConversations();
    });
  }

  list(): AiPlayView[] {
    return [...this.plays.values()].map((play) => ({ ...play.view }));
  }

  get(conversationId: string): AiPlayView | null {
    const play = this.plays.get(conversationId);
    return play ? { ...play.view } : null;
  }

  start(request: ParsedRequestOf<'ai.play.start'>): AiPlayView {
    const { conversations, clock, model } = this.options;
    const { conversationId } = request;
    const summary = conversations.summary(conversationId);
    const running = this.plays.get(conversationId);
    if (running && running.view.status !== 'stopped') {
      throw new ConsoleError('Conflict', 'The AI is already playing this conversation. Take over, or wait until it stops, to start again.');
    }
    if (summary.state === 'readOnly' || summary.state === 'ended' || summary.state === 'failed') {
      throw new ConsoleError('Conflict', `The AI can only play a live conversation: ${summary.cannotSendReason ?? `this one is ${summary.state}`}.`);
    }
    // Throws Unavailable, saying how to add a model, when none is configured.
    const settings = model.settings();
    const persona = this.persona(request.personaId, summary.personaName);
    const budget = new TokenBudget(settings.tokenBudget);
    const play: Play = {
      view: {
        conversationId,
        status: 'waiting',
        goal: request.goal,
        personaName: persona.name,
        turn: 0,
        maxTurns: request.maxTurns,
        review: request.review,
        tokens: { ...budget.used },
        tokenBudget: budget.limit,
        startedAt: new Date(clock.now()).toISOString(),
      },
      abort: new AbortController(),
      paused: false,
      phase: 'waiting',
      budget,
      done: Promise.resolve(),
    };
    this.plays.set(conversationId, play);
    conversations.noteAiGuest(conversationId, 'aiStarted', `The AI guest is playing ${persona.name}${request.review ? ', asking before each message' : ''}. Goal: ${request.goal}`);
    const seat = conversationSeat({ conversations, bus: this.options.bus, conversationId });
    play.done = playAiGuest({
      seat,
      persona,
      goal: request.goal,
      maxTurns: request.maxTurns,
      timeLimitMs: request.timeLimitSec * 1000,
      budget,
      ask: (messages, maxTokens) => model.ask(messages, maxTokens, conversationId),
      redact: model.redact,
      clock,
      ...(this.options.timing ? { timing: this.options.timing } : {}),
      gate: (draft) => this.gate(play, draft),
      signal: play.abort.signal,
      onStatus: ({ phase, turn }) => {
        play.phase = phase === 'sending' ? 'draft' : phase;
        this.show(play, { turn, ...(phase === 'sending' ? {} : { draft: undefined }) });
      },
    })
      .then(
        (outcome) => this.finish(play, outcome.reason, outcome.detail, outcome.sent),
        (error: unknown) => this.finish(play, 'modelError', `the AI guest failed: ${error instanceof Error ? error.message : String(error)}`, play.view.turn),
      )
      .finally(() => seat.close());
    this.emit(play);
    return { ...play.view };
  }

  control(conversationId: string, action: AiPlayAction): AiPlayView {
    const play = this.plays.get(conversationId);
    if (!play || play.view.status === 'stopped') throw new ConsoleError('Conflict', 'The AI is not playing this conversation now.');
    switch (action) {
      case 'pause':
        play.paused = true;
        if (play.pending?.timer !== undefined) this.options.clock.clearTimeout(play.pending.timer);
        this.show(play, {});
        break;
      case 'resume':
        play.paused = false;
        if (play.pending) play.pending.resolve('send');
        else this.show(play, {});
        break;
      case 'takeOver':
        play.abort.abort();
        play.pending?.resolve('stop');
        break;
      case 'send':
      case 'discard':
        if (!play.pending) throw new ConsoleError('Conflict', 'There is no draft to send or skip yet; the AI is still waiting or thinking.');
        play.pending.resolve(action);
        break;
    }
    return { ...play.view };
  }

  /** Stops every play (the console is closing), with the reason written into each thread. */
  async close(): Promise<void> {
    this.unsubscribe();
    for (const play of this.plays.values()) this.stopFromOutside(play, 'conversationGone', 'the console closed');
    await Promise.all([...this.plays.values()].map((play) => play.done));
  }

  /** A saved persona by id; else the saved persona of the conversation's name; else just that name. */
  private persona(personaId: string | undefined, conversationPersona: string): AiPersona {
    const saved = this.options.personas();
    const found = personaId ? saved.find((persona) => persona.id === personaId) : saved.find((persona) => persona.name.toLowerCase() === conversationPersona.toLowerCase());
    if (personaId && !found) throw new ConsoleError('NotFound', 'That saved persona was removed; choose another in the list.');
    if (!found) return { name: conversationPersona };
    return { name: found.name, ...(found.tone ? { tone: found.tone } : {}), ...(found.language ? { language: found.language } : {}), ...(found.facts ? { facts: found.facts } : {}) };
  }

  /** Review mode waits for Send or Skip; paused holds the draft until Resume; otherwise it shows for a moment and goes. */
  private gate(play: Play, draft: AiDraft): Promise<Verdict> {
    return new Promise((resolve) => {
      const pending: NonNullable<Play['pending']> = {
        resolve: (verdict) => {
          if (pending.timer !== undefined) this.options.clock.clearTimeout(pending.timer);
          if (play.pending === pending) play.pending = undefined;
          if (verdict === 'discard') {
            play.phase = 'thinking';
            this.show(play, { draft: undefined });
          }
          resolve(verdict);
        },
      };
      play.pending = pending;
      play.phase = 'draft';
      if (!play.paused && !play.view.review) pending.timer = this.options.clock.setTimeout(() => pending.resolve('send'), this.options.draftPreviewMs ?? DRAFT_PREVIEW_MS);
      this.show(play, { draft });
    });
  }

  private show(play: Play, change: Partial<AiPlayView>): void {
    if (play.view.status === 'stopped') return;
    const next: AiPlayView = { ...play.view, ...change, tokens: { ...play.budget.used }, status: play.paused ? 'paused' : play.phase };
    if (next.draft === undefined) delete next.draft;
    play.view = next;
    this.emit(play);
  }

  private finish(play: Play, loopReason: AiStopReason, loopDetail: string, sent: number): void {
    const { reason, detail } = play.forced ?? { reason: loopReason, detail: loopDetail };
    play.view = { ...play.view, status: 'stopped', turn: sent, tokens: { ...play.budget.used }, stop: { reason, detail } };
    delete play.view.draft;
    play.pending = undefined;
    const words = AI_STOP_WORDS[reason];
    const sameWords = detail === '' || detail.toLowerCase() === words || (reason === 'takenOver' && detail === 'the operator took over');
    this.options.conversations.noteAiGuest(play.view.conversationId, 'aiStopped', `The AI guest stopped: ${words}${sameWords ? '' : ` — ${detail.replace(/[.!?]+$/, '')}`}.`);
    this.emit(play);
  }

  /** A conversation closed, failed or removed stops its play at once, even mid-request or at a draft. */
  private followConversations(): void {
    const shown = new Map(this.options.conversations.list().map((summary) => [summary.id, summary]));
    for (const [conversationId, play] of this.plays) {
      const summary = shown.get(conversationId);
      if (!summary) {
        this.stopFromOutside(play, 'conversationGone', 'the conversation was removed from the console');
        if (play.view.status === 'stopped') this.plays.delete(conversationId);
        else void play.done.then(() => this.plays.delete(conversationId));
      } else if (summary.state === 'ended' || summary.state === 'failed') {
        this.stopFromOutside(play, 'conversationGone', summary.state === 'ended' ? 'the conversation was closed' : `the conversation failed: ${summary.stateDetail ?? 'no reason given'}`);
      } else if (summary.state === 'readOnly' && play.pending) {
        this.stopFromOutside(play, 'agentEnded', 'the agent ended the conversation');
      }
    }
  }

  private stopFromOutside(play: Play, reason: AiStopReason, detail: string): void {
    if (play.view.status === 'stopped' || play.forced) return;
    play.forced = { reason, detail };
    play.abort.abort();
    play.pending?.resolve('stop');
  }

  private emit(play: Play): void {
    this.options.bus.emit('ai.play', { ...play.view });
  }
}
