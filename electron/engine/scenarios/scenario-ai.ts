// A scenario's `ai` and `judge` steps: the AI customer (ai/ai-guest.ts) plays the guest on the run's conversation
// for a while — through the same ConversationService seat the console uses, so a chosen option is a real
// quick-reply answer — and the model judges the conversation against a criterion. One token budget per run
// (the AI settings' tokenBudget) is shared by all its AI steps; a step's own `budget` only narrows it. Without a
// model configured, an AI step fails saying how to add one; the steps before it have run as usual. Everything
// kept for reports passes the model's redaction.
import type { ThreadItem } from '../../../shared/contract';
import { AI_STOP_WORDS, type AiTokens } from '../../../shared/ai-contract';
import type { ScenarioAiResult } from '../../../shared/scenario-contract';
import type { Clock } from '../../protocol/clock';
import { ConsoleError } from '../console-error';
import type { EventBus } from '../event-bus';
import type { ConversationService } from '../conversations/conversation-service';
import { budgetSpent, isSuccessfulStop, playAiGuest, TokenBudget, type AiGuestOutcome, type AiGuestTiming } from '../ai/ai-guest';
import { HOW_TO_CONFIGURE_AI } from '../ai/ai-model';
import type { AiModel } from '../ai/ai-model';
import { conversationSeat } from '../ai/conversation-seat';
import { judgePrompt, parseVerdict, type AiPersona } from '../ai/customer-prompt';
import { threadTranscript } from '../ai/thread-transcript';
import { matchReply } from './reply-matching';
import type { AiPersonaChoice, AiStep, ReplyMatcher } from './scenario';

/** A saved persona as an `ai` step reads it (the console's Personas, or the CLI data folder's). */
export interface SavedAiPersona {
  name: string;
  language?: string;
  tone?: string;
  facts?: string;
}

export interface ScenarioAiOptions {
  /** The AI customer's model; undefined (or not configured): AI steps fail saying how to add one. */
  model?: AiModel;
  personas?: () => readonly SavedAiPersona[] | Promise<readonly SavedAiPersona[]>;
  conversations: ConversationService;
  bus: EventBus;
  clock: Clock;
  /** The AI guest's pacing (tests may shorten it). */
  timing?: Partial<AiGuestTiming>;
}

/** What the step needs from the run at the moment it plays. */
export interface AiStepScene {
  conversationId: string;
  /** The scenario's persona: who the AI plays when the step names none. */
  scenarioPersona: string;
  /** The custom attributes later messages carry (the scenario's `attributes` steps). */
  attributes: () => Record<string, string>;
  /** What the guest has received, in arrival order (the scenario's observer). */
  log: readonly ThreadItem[];
  /** `${…}` filled in. */
  fill: (text: string) => string;
  /** Keeps what `until`'s pattern captured, for the judge and later steps. */
  remember: (captures: Record<string, string>) => void;
  /** `until`'s conditions with their variables filled in. */
  until?: ReplyMatcher;
  /** The AI's part so far, while it plays (the console shows it live). */
  progress?: (ai: ScenarioAiResult) => void;
}

export type AiStepOutcome =
  | { passed: true; actual: string; ai: ScenarioAiResult; cursor?: number }
  | { passed: false; actual: string; ai?: ScenarioAiResult; cursor?: number };


const JUDGE_ANSWER_TOKENS = 300;
const NO_TOKENS: AiTokens = { prompt: 0, completion: 0, total: 0 };

/** One run's AI: its budget and the steps that spend it. */
export class ScenarioAi {
  private budget: TokenBudget | undefined;

  constructor(private readonly options: ScenarioAiOptions) {}

  /** What this run's AI steps spent; undefined when none asked the model. */
  tokens(): AiTokens | undefined {
    return this.budget && this.budget.used.total > 0 ? { ...this.budget.used } : undefined;
  }

  async play(step: AiStep, scene: AiStepScene): Promise<AiStepOutcome> {
    const ready = this.ready();
    if ('problem' in ready) return { passed: false, actual: ready.problem };
    const { model, budget } = ready;
    if (budget.remaining <= 0) return { passed: false, actual: `the run's token budget of ${budget.limit} was spent before this step (${budget.used.total} used); raise it in the AI settings` };
    const persona = await this.personaFor(step.persona, scene);
    if ('problem' in persona) return { passed: false, actual: persona.problem };
    const { conversations, bus, clock } = this.options;
    const seat = conversationSeat({ conversations, bus, conversationId: scene.conversationId, attributes: scene.attributes });
    // Where the log stood when the AI last sent: a later `expect` looks at replies after it, as after a `say`.
    let sentAt: number | undefined;
    const sending = <T>(send: () => Promise<T>) => {
      sentAt = scene.log.length;
      return send();
    };
    const stepBudget = new TokenBudget(Math.min(step.budget ?? Number.POSITIVE_INFINITY, budget.remaining));
    let untilMatch: { index: number; captures: Record<string, string> } | undefined;
    const firstEntry = seat.transcript().length;
    const report = () =>
      scene.progress?.({
        turns: seat
          .transcript()
          .slice(firstEntry)
          .flatMap((entry): ScenarioAiResult['turns'] => (entry.from === 'system' ? [] : [{ from: entry.from === 'guest' ? 'ai' : 'agent', text: model.redact(entry.text) }])),
        tokens: { ...stepBudget.used },
      });
    const until = scene.until;
    let outcome: AiGuestOutcome;
    try {
      outcome = await playAiGuest({
        seat: { ...seat, say: (text) => sending(() => seat.say(text)), choose: (option) => sending(() => seat.choose(option)) },
        persona: persona.persona,
        goal: scene.fill(step.goal),
        maxTurns: step.maxTurns,
        timeLimitMs: step.timeLimitMs,
        budget: stepBudget,
        ...(until
          ? {
              until: (entry) => {
                const index = scene.log.findIndex((item) => item.id === entry.itemId);
                const captures = index >= 0 ? matchReply(scene.log[index]!, until) : undefined;
                if (captures) untilMatch = { index, captures };
                return captures !== undefined;
              },
            }
          : {}),
        ask: (messages, maxTokens) => model.ask(messages, maxTokens, scene.conversationId),
        redact: model.redact,
        clock,
        ...(this.options.timing ? { timing: this.options.timing } : {}),
        onStatus: report,
      });
    } catch (error) {
      return { passed: false, actual: model.redact(`the AI customer could not play: ${(error as Error).message}`) };
    } finally {
      seat.close();
    }
    budget.spend(outcome.tokens);
    if (untilMatch) scene.remember(untilMatch.captures);
    const cursor = Math.max(sentAt ?? 0, untilMatch ? untilMatch.index + 1 : 0) || undefined;
    const ai: ScenarioAiResult = {
      turns: outcome.turns.map((turn) => ({ from: turn.from, text: model.redact(turn.text) })),
      stopReason: outcome.reason,
      detail: model.redact(outcome.detail),
      tokens: outcome.tokens,
    };
    const stopped = `${AI_STOP_WORDS[outcome.reason]}: ${ai.detail}`;
    const spent = `${outcome.sent} message${outcome.sent === 1 ? '' : 's'} sent, ${outcome.tokens.total} tokens`;
    if (!isSuccessfulStop(outcome.reason)) return { passed: false, actual: `${stopped} (${spent})`, ai, ...(cursor ? { cursor } : {}) };
    if (step.judge === undefined) return { passed: true, actual: `${stopped} (${spent})`, ai, ...(cursor ? { cursor } : {}) };
    const verdict = await this.judge(scene.fill(step.judge), scene.conversationId);
    const judged: ScenarioAiResult = { ...ai, tokens: sum(ai.tokens, verdict.tokens), ...(verdict.judge ? { judge: verdict.judge } : {}) };
    if (!verdict.judge?.met) return { passed: false, actual: `${stopped}; but ${verdict.words}`, ai: judged, ...(cursor ? { cursor } : {}) };
    return { passed: true, actual: `${stopped} (${spent}); ${verdict.words}`, ai: judged, ...(cursor ? { cursor } : {}) };
  }

  /** A `judge` step: the model's verdict on the whole conversation so far. */
  async judgeStep(criterion: string, scene: AiStepScene): Promise<AiStepOutcome> {
    const verdict = await this.judge(scene.fill(criterion), scene.conversationId);
    const ai: ScenarioAiResult = { turns: [], tokens: verdict.tokens, ...(verdict.judge ? { judge: verdict.judge } : {}) };
    return verdict.judge?.met ? { passed: true, actual: verdict.words, ai } : { passed: false, actual: verdict.words, ...(verdict.judge || verdict.tokens.total > 0 ? { ai } : {}) };
  }

  private async judge(criterion: string, conversationId: string): Promise<{ judge?: NonNullable<ScenarioAiResult['judge']>; tokens: AiTokens; words: string }> {
    const ready = this.ready();
    if ('problem' in ready) return { tokens: NO_TOKENS, words: ready.problem };
    const { model, budget } = ready;
    let transcript;
    try {
      transcript = threadTranscript(this.options.conversations.thread(conversationId).items);
    } catch (error) {
      return { tokens: NO_TOKENS, words: `the judge could not read the conversation: ${(error as Error).message}` };
    }
    const messages = judgePrompt({ criterion, transcript, redact: model.redact });
    const room = budget.room(messages, JUDGE_ANSWER_TOKENS);
    if (!room) return { tokens: NO_TOKENS, words: `the judge was not asked: ${budgetSpent(budget, messages)}` };
    let reply;
    try {
      reply = await model.ask(messages, room.answer, conversationId);
    } catch (error) {
      return { tokens: NO_TOKENS, words: model.redact(`the judge could not answer: ${(error as Error).message}`) };
    }
    budget.spend(reply.tokens);
    const verdict = parseVerdict(reply.text);
    if ('problem' in verdict) return { tokens: reply.tokens, words: model.redact(`the judge's answer could not be read: ${verdict.problem}`) };
    const judge = { criterion: model.redact(criterion), met: verdict.met, reasoning: model.redact(verdict.reasoning) };
    return { judge, tokens: reply.tokens, words: `the judge found ${JSON.stringify(judge.criterion)} ${judge.met ? 'met' : 'not met'}: ${judge.reasoning || '(no reasoning given)'}` };
  }

  /** The model and the run's budget, or why AI steps cannot run. */
  private ready(): { model: AiModel; budget: TokenBudget } | { problem: string } {
    const { model } = this.options;
    if (!model) return { problem: HOW_TO_CONFIGURE_AI };
    try {
      this.budget ??= new TokenBudget(model.settings().tokenBudget);
    } catch (error) {
      if (error instanceof ConsoleError) return { problem: error.message };
      throw error;
    }
    return { model, budget: this.budget };
  }

  private async personaFor(choice: AiPersonaChoice | undefined, scene: AiStepScene): Promise<{ persona: AiPersona } | { problem: string }> {
    if (choice === undefined) return { persona: { name: scene.scenarioPersona } };
    if (!('saved' in choice)) return { persona: { ...choice, ...(choice.facts ? { facts: scene.fill(choice.facts) } : {}) } };
    const saved = (await this.options.personas?.()) ?? [];
    const found = saved.find((persona) => persona.name.toLowerCase() === choice.saved.toLowerCase());
    if (!found) {
      const names = saved.map((persona) => persona.name).join(', ');
      return { problem: `there is no saved persona named "${choice.saved}" (saved: ${names || 'none'}); save it in Personas, or write it out: persona: { name, tone, language, facts }` };
    }
    const { name, language, tone, facts } = found;
    return { persona: { name, ...(language ? { language } : {}), ...(tone ? { tone } : {}), ...(facts ? { facts } : {}) } };
  }
}

function sum(a: AiTokens, b: AiTokens): AiTokens {
  return { prompt: a.prompt + b.prompt, completion: a.completion + b.completion, total: a.total + b.total };
}
