// Plays one scenario on one channel: starts a guest through the engine's ConversationService (so the
// console and the CLI run the same code on either channel), performs each act, waits for each expectation
// within its own timeout, and reports every step as it passes or fails. The first failure ends the run; its
// message shows the step, expected and actual, the last replies seen and the conversation ids. `ai` and `judge`
// steps are scenario-ai.ts's; after an `ai` step, later expectations look at replies after the AI's last message
// (and after the reply that met its `until`), as after a `say`.
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Channel, ThreadItem } from '../../../shared/contract';
import type { ScenarioAiResult, ScenarioRunResult, ScenarioStepResult } from '../../../shared/scenario-contract';
import { NO_OAUTH_CLIENT_REASON, type ParticipantsRead } from '../../../shared/participants-contract';
import type { Clock } from '../../protocol/clock';
import { ConsoleError } from '../console-error';
import type { EventBus } from '../event-bus';
import type { ConversationService } from '../conversations/conversation-service';
import { attachmentFile } from './attachment-file';
import { ConversationObserver } from '../conversations/conversation-observer';
import { describeExpectation, describeItem, evaluate, seconds, type Evaluation } from './reply-matching';
import { matchersOf, type Act, type Expectation, type ParticipantMatcher, type ReplyMatcher, type Scenario, type Step, type ValueMatcher } from './scenario';
import { checkParticipants } from './participant-expectation';
import type { ScenarioEnvironment } from './scenario-environment';
import { compilePattern } from './scenario-pattern';
import { interpolate } from './scenario-variables';
import { ScenarioAi, type AiStepOutcome, type SavedAiPersona } from './scenario-ai';
import type { AiModel } from '../ai/ai-model';
import type { AiGuestTiming } from '../ai/ai-guest';

/** How often a guest who is typing says so again (Genesys shows a typing hint for a few seconds). */
const TYPING_REPEAT_MS = 3_000;
/** A guest may take this long at least to connect, whatever the scenario's timeout. */
const MIN_CONNECT_MS = 15_000;
const LAST_REPLIES_SHOWN = 5;
/** How often a `participant` expectation reads the conversation again: participant data lands asynchronously, and
 *  each read is one or two Platform API requests from the profile's budget. */
const PARTICIPANT_READ_EVERY_MS = 1_000;

export interface ScenarioRunnerOptions {
  conversations: ConversationService;
  /** The Platform API read of a console conversation's participant data (`participant` expectations). */
  participants: (conversationId: string) => Promise<ParticipantsRead>;
  bus: EventBus;
  clock: Clock;
  newId?: () => string;
  /** The AI customer's model for `ai` and `judge` steps; without one (or not configured) they fail saying how to add one. */
  ai?: AiModel;
  /** The saved personas an `ai` step may name. */
  personas?: () => readonly SavedAiPersona[] | Promise<readonly SavedAiPersona[]>;
  /** The AI guest's pacing (tests may shorten it). */
  aiTiming?: Partial<AiGuestTiming>;
}

export interface RunRequest {
  scenario: Scenario;
  /** Where the scenario came from, for reports. */
  file: string;
  channel: Channel;
  profile: { id: string; name: string };
  /** What `${env.X}` may read in this run: the same policy the scenario was parsed with. */
  environment: ScenarioEnvironment;
  /** Called with a fresh copy of the result whenever a step starts, passes or fails. */
  onUpdate?: (result: ScenarioRunResult) => void;
}

class StepFailed extends Error {
  constructor(
    readonly actual: string,
    /** What an `ai` or `judge` step did before it failed. */
    readonly ai?: ScenarioAiResult,
  ) {
    super(actual);
  }
}

export class ScenarioRunner {
  constructor(private readonly options: ScenarioRunnerOptions) {}

  /** A result with every step pending, before the run starts. */
  queued(request: RunRequest, id = (this.options.newId ?? randomUUID)()): ScenarioRunResult {
    return {
      id,
      file: request.file,
      scenario: request.scenario.name,
      channel: request.channel,
      profileName: request.profile.name,
      status: 'queued',
      steps: request.scenario.steps.map((step, index) => ({ index, line: step.line, kind: step.type, label: labelOf(step), status: 'pending' as const })),
    };
  }

  async run(request: RunRequest, queued = this.queued(request)): Promise<ScenarioRunResult> {
    const { clock, conversations } = this.options;
    const result: ScenarioRunResult = { ...queued, status: 'running', startedAt: new Date(clock.now()).toISOString(), steps: queued.steps.map((step) => ({ ...step })) };
    const startedAt = clock.now();
    const publish = () => request.onUpdate?.(structuredClone(result));
    publish();
    const observer = new ConversationObserver(this.options.bus, clock);
    const play = new Play(this.options, request, observer);
    try {
      const { scenario } = request;
      const summary = await conversations.start({
        profileId: request.profile.id,
        channel: request.channel,
        persona: { ...scenario.persona, customAttributes: { ...scenario.persona.customAttributes } },
      });
      observer.attach(summary);
      result.conversationId = summary.id;
      publish();
      await play.connected();
      for (const [index, step] of scenario.steps.entries()) {
        const stepResult = result.steps[index]!;
        const stepStarted = clock.now();
        stepResult.status = 'running';
        publish();
        try {
          const outcome = await play.step(step, (ai) => {
            stepResult.ai = ai;
            publish();
          });
          Object.assign(stepResult, { status: 'passed', ...outcome, durationMs: clock.now() - stepStarted });
          if (observer.platformConversationId) result.platformConversationId = observer.platformConversationId;
          publish();
        } catch (error) {
          const actual = error instanceof StepFailed || error instanceof ConsoleError ? error.message : `the step could not run: ${(error as Error).message}`;
          Object.assign(stepResult, {
            status: 'failed',
            actual,
            ...(step.type === 'expect' ? { expected: play.expectedOf(step) } : {}),
            ...(error instanceof StepFailed && error.ai ? { ai: error.ai } : {}),
            durationMs: clock.now() - stepStarted,
          });
          for (const later of result.steps.slice(index + 1)) later.status = 'skipped';
          result.status = 'failed';
          result.failure = failureMessage(result, stepResult, observer);
          break;
        }
      }
      if (result.status === 'running') result.status = 'passed';
    } catch (error) {
      result.status = 'error';
      result.failure = `"${request.scenario.name}" on ${request.channel} could not run: ${(error as Error).message}`;
      for (const step of result.steps) if (step.status === 'pending') step.status = 'skipped';
    } finally {
      play.stop();
      observer.close();
    }
    const aiTokens = play.aiTokens();
    if (aiTokens) result.aiTokens = aiTokens;
    if (observer.platformConversationId) result.platformConversationId = observer.platformConversationId;
    if (result.conversationId && request.scenario.steps.some((step) => step.type === 'expect' && step.expectation.kind === 'participant')) {
      const final = await this.options.participants(result.conversationId).catch(() => undefined);
      if (final?.available) result.participants = final.participants;
    }
    result.durationMs = clock.now() - startedAt;
    publish();
    return result;
  }
}

/** One run's moving parts: the observer's cursor, captured variables, attributes to send, the typing timer. */
class Play {
  private cursor = 0;
  private readonly variables = new Map<string, string>();
  private attributes: Record<string, string> = {};
  private typingTimer: ReturnType<Clock['setTimeout']> | undefined;
  private readonly ai: ScenarioAi;

  constructor(
    private readonly options: ScenarioRunnerOptions,
    private readonly request: RunRequest,
    private readonly observer: ConversationObserver,
  ) {
    const { conversations, bus, clock } = options;
    this.ai = new ScenarioAi({ conversations, bus, clock, ...(options.ai ? { model: options.ai } : {}), ...(options.personas ? { personas: options.personas } : {}), ...(options.aiTiming ? { timing: options.aiTiming } : {}) });
  }

  aiTokens() {
    return this.ai.tokens();
  }

  private get conversationId(): string {
    return this.observer.conversationId!;
  }

  async connected(): Promise<void> {
    const outcome = await this.observer.waitUntil(
      () => (this.observer.state === 'live' ? 'live' : this.observer.state === 'failed' || this.observer.state === 'ended' ? 'failed' : undefined),
      Math.max(MIN_CONNECT_MS, this.request.scenario.timeoutMs),
    );
    if (outcome !== 'live') {
      throw new Error(`the guest did not connect (${this.observer.stateDetail ?? `still ${this.observer.state}`}). Check the profile in Profiles.`);
    }
  }

  stop(): void {
    this.setTyping(false);
  }

  expectedOf(step: Extract<Step, { type: 'expect' }>): string {
    try {
      return describeExpectation(this.filled(step.expectation));
    } catch {
      return describeExpectation(step.expectation);
    }
  }

  /** Run one step; resolve with what to show as expected/actual, or throw StepFailed. */
  async step(step: Step, progress?: (ai: ScenarioAiResult) => void): Promise<{ expected?: string; actual?: string; ai?: ScenarioAiResult }> {
    if (step.type === 'act') return this.act(step.act);
    if (step.type === 'ai' || step.type === 'judge') return this.aiStep(step, progress);
    const expectation = this.filled(step.expectation);
    const expected = describeExpectation(expectation);
    if (expectation.kind === 'participant') return { expected, actual: await this.participantData(expectation.matcher, step.timeoutMs) };
    for (const matcher of matchersOf(expectation)) {
      const compiled = matcher.matches && compilePattern(matcher.matches.source, matcher.matches.flags);
      if (compiled && !compiled.ok) throw new StepFailed(`the pattern with its variables filled in cannot run: ${compiled.message}`);
    }
    const check = () => {
      const evaluation = evaluate(expectation, { log: this.observer.log, cursor: this.cursor, state: this.observer.state });
      return evaluation.status === 'waiting' ? undefined : evaluation;
    };
    const window = expectation.kind === 'noReply' ? expectation.withinMs : step.timeoutMs;
    const evaluation: Evaluation | undefined = await this.observer.waitUntil(check, window);
    if (!evaluation) {
      if (expectation.kind === 'noReply') return { expected, actual: `no reply for ${seconds(window)}` };
      throw new StepFailed(`nothing matching within ${seconds(window)}; ${this.sinceCursor()}`);
    }
    if (evaluation.status === 'failed') throw new StepFailed(evaluation.actual);
    this.cursor = evaluation.cursor;
    for (const [name, value] of Object.entries(evaluation.captures)) this.variables.set(name, value);
    return { expected, actual: evaluation.actual };
  }

  /** An `ai` or `judge` step; the cursor moves past what the AI said (and the `until` reply). */
  private async aiStep(step: Extract<Step, { type: 'ai' | 'judge' }>, progress?: (ai: ScenarioAiResult) => void): Promise<{ actual: string; ai: ScenarioAiResult }> {
    const until = step.type === 'ai' && step.ai.until ? this.filledMatcher(step.ai.until) : undefined;
    const compiled = until?.matches && compilePattern(until.matches.source, until.matches.flags);
    if (compiled && !compiled.ok) throw new StepFailed(`the \`until\` pattern with its variables filled in cannot run: ${compiled.message}`);
    this.setTyping(false);
    const scene = {
      conversationId: this.conversationId,
      scenarioPersona: this.request.scenario.persona.name,
      attributes: () => this.attributes,
      log: this.observer.log,
      fill: (text: string) => this.fill(text),
      remember: (captures: Record<string, string>) => {
        for (const [name, value] of Object.entries(captures)) this.variables.set(name, value);
      },
      ...(until ? { until } : {}),
      ...(progress ? { progress } : {}),
    };
    const outcome: AiStepOutcome = step.type === 'ai' ? await this.ai.play(step.ai, scene) : await this.ai.judgeStep(step.criterion, scene);
    if (outcome.cursor !== undefined) this.cursor = Math.max(this.cursor, outcome.cursor);
    if (!outcome.passed) throw new StepFailed(outcome.actual, outcome.ai);
    return { actual: outcome.actual, ai: outcome.ai };
  }

  /** Reads the participant data until it holds or the time is up; a profile without an OAuth client fails at once. */
  private async participantData(matcher: ParticipantMatcher, timeoutMs: number): Promise<string> {
    const { clock } = this.options;
    const deadline = clock.now() + timeoutMs;
    for (;;) {
      const read = await this.options.participants(this.conversationId).catch((error: Error): ParticipantsRead => ({ available: false, reason: error.message }));
      const check = checkParticipants(matcher, read);
      if (check.status === 'passed') return check.actual;
      if (!read.available && read.reason === NO_OAUTH_CLIENT_REASON) throw new StepFailed(read.reason);
      const left = deadline - clock.now();
      if (left <= 0) throw new StepFailed(`not within ${seconds(timeoutMs)}; the platform holds: ${check.actual}`);
      await new Promise<void>((resolve) => clock.setTimeout(resolve, Math.min(PARTICIPANT_READ_EVERY_MS, left)));
    }
  }

  private async act(act: Act): Promise<{ actual?: string }> {
    const { conversations, clock } = this.options;
    const conversationId = this.conversationId;
    switch (act.kind) {
      case 'say': {
        const text = this.fill(act.text);
        const customAttributes = { ...this.attributes, ...this.fillAll(act.attributes) };
        this.setTyping(false);
        this.cursor = this.observer.log.length;
        const item = conversations.send({ conversationId, text, ...(Object.keys(customAttributes).length > 0 ? { customAttributes } : {}) });
        return this.delivered(item);
      }
      case 'choose': {
        const label = this.fill(act.label);
        const offer = await this.observer.waitUntil(() => findOffer(this.observer.log, label), this.request.scenario.timeoutMs);
        if (!offer) throw new StepFailed(`no reply offered "${label}" within ${seconds(this.request.scenario.timeoutMs)}; ${this.lastReplies()}`);
        if (offer.kind === 'Link') throw new StepFailed(`"${label}" is a link button (${offer.payload}); only quick replies and postback buttons can be chosen`);
        this.setTyping(false);
        this.cursor = this.observer.log.length;
        return this.delivered(conversations.choose({ conversationId, itemId: offer.item.id, text: label, payload: offer.payload, kind: offer.kind }));
      }
      case 'attachment': {
        const data = 'file' in act.source ? fs.readFileSync(this.attachmentPath(act.source)) : Buffer.from(act.source.content, 'utf8');
        this.cursor = this.observer.log.length;
        const text = act.text === undefined ? undefined : this.fill(act.text);
        return this.delivered(
          conversations.sendAttachment({ conversationId, fileName: act.fileName, mime: act.mime, data: data.toString('base64'), ...(text ? { text } : {}) }),
        );
      }
      case 'typing':
        this.setTyping(act.on);
        return {};
      case 'attributes':
        this.attributes = { ...this.attributes, ...this.fillAll(act.attributes) };
        return {};
      case 'wait':
        await new Promise<void>((resolve) => clock.setTimeout(resolve, act.ms));
        return {};
      case 'reconnect':
        await conversations.reconnect(conversationId, act.offlineMs);
        await this.connected();
        return { actual: 'reconnected' };
      case 'startNew': {
        const readOnly = await this.observer.waitUntil(() => (this.observer.state === 'readOnly' ? true : undefined), this.request.scenario.timeoutMs);
        if (!readOnly) throw new StepFailed(`a new conversation can start only after the agent ended this one; it is ${this.observer.state}`);
        this.cursor = this.observer.log.length;
        conversations.startNew(conversationId);
        await this.connected();
        return { actual: 'a new conversation started' };
      }
      case 'close':
        this.setTyping(false);
        await conversations.closeConversation(conversationId);
        return { actual: 'closed' };
    }
  }

  /** Wait until Genesys accepted the guest's message. */
  private async delivered(item: ThreadItem): Promise<{ actual: string }> {
    const outcome = await this.observer.waitUntil(() => {
      const current = this.observer.guestItems.get(item.id);
      return current?.delivery === 'sent' || current?.delivery === 'failed' ? current : undefined;
    }, this.request.scenario.timeoutMs);
    if (!outcome) throw new StepFailed(`Genesys did not accept the message within ${seconds(this.request.scenario.timeoutMs)}`);
    if (outcome.delivery === 'failed') throw new StepFailed(`the message was not delivered: ${outcome.failure ?? 'no reason given'}`);
    return { actual: 'delivered' };
  }

  private setTyping(on: boolean): void {
    if (this.typingTimer) this.options.clock.clearTimeout(this.typingTimer);
    this.typingTimer = undefined;
    if (!on) return;
    const tick = () => {
      try {
        this.options.conversations.typing(this.conversationId);
      } catch {
        return; // the conversation is gone; nothing to type into
      }
      this.typingTimer = this.options.clock.setTimeout(tick, TYPING_REPEAT_MS);
    };
    tick();
  }

  /** Checked again just before reading: the file may have become a link out of the folder since parsing. */
  private attachmentPath(source: { folder: string; file: string }): string {
    const found = attachmentFile(source.folder, source.file);
    if (!found.ok) throw new StepFailed(found.message);
    return found.path;
  }

  private fill(text: string, forRegex = false): string {
    return interpolate(text, { variables: this.variables, environment: this.request.environment }, { forRegex });
  }

  private fillAll(values: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, this.fill(value)]));
  }

  private filledMatcher(m: ReplyMatcher): ReplyMatcher {
    const out: ReplyMatcher = {};
    if (m.equals !== undefined) out.equals = this.fill(m.equals);
    if (m.contains !== undefined) out.contains = this.fill(m.contains);
    if (m.matches) out.matches = { ...m.matches, source: this.fill(m.matches.source, true) };
    if (m.from !== undefined) out.from = this.fill(m.from);
    if (m.card !== undefined) out.card = this.fill(m.card);
    for (const key of ['quickReplies', 'buttons', 'carousel'] as const) {
      const labels = m[key];
      if (labels) out[key] = labels.map((label) => this.fill(label));
    }
    if (m.attachment) out.attachment = { ...m.attachment };
    return out;
  }

  private filled(expectation: Expectation): Expectation {
    const matcher = (m: ReplyMatcher) => this.filledMatcher(m);
    if (expectation.kind === 'reply') return { kind: 'reply', matcher: matcher(expectation.matcher) };
    if (expectation.kind === 'anyOf' || expectation.kind === 'unordered') return { kind: expectation.kind, matchers: expectation.matchers.map(matcher) };
    if (expectation.kind === 'participant') {
      const value = (v: ValueMatcher): ValueMatcher =>
        'equals' in v ? { equals: this.fill(v.equals) } : 'contains' in v ? { contains: this.fill(v.contains) } : { matches: { ...v.matches, source: this.fill(v.matches.source, true) } };
      const { attributes, queue, wrapup, purpose } = expectation.matcher;
      return {
        kind: 'participant',
        matcher: {
          purpose,
          ...(attributes ? { attributes: Object.fromEntries(Object.entries(attributes).map(([key, v]) => [key, value(v)])) } : {}),
          ...(queue ? { queue: value(queue) } : {}),
          ...(wrapup ? { wrapup: value(wrapup) } : {}),
        },
      };
    }
    return expectation;
  }

  private sinceCursor(): string {
    const since = this.observer.log.slice(this.cursor).filter((item) => item.from === 'agent');
    return since.length === 0 ? 'no reply arrived since the previous step' : `received since the previous step: ${since.map(describeItem).join(' / ')}`;
  }

  lastReplies(): string {
    const replies = this.observer.log.filter((item) => item.from === 'agent').slice(-LAST_REPLIES_SHOWN);
    return replies.length === 0 ? 'no replies so far' : `last replies: ${replies.map(describeItem).join(' / ')}`;
  }
}

/** The newest agent message offering `label` as a quick reply or a card button. */
function findOffer(log: readonly ThreadItem[], label: string): { item: ThreadItem; kind: 'QuickReply' | 'Button' | 'Link'; payload: string } | undefined {
  for (const item of [...log].reverse()) {
    if (item.from !== 'agent') continue;
    for (const content of item.content) {
      if (content.type === 'quickReplies') {
        const reply = content.replies.find((candidate) => candidate.text === label);
        if (reply) return { item, kind: 'QuickReply', payload: reply.payload };
      }
      const cards = content.type === 'card' ? [content.card] : content.type === 'carousel' ? content.cards : [];
      for (const card of cards) {
        const action = card.actions.find((candidate) => candidate.text === label);
        if (action) return { item, kind: action.type === 'Link' ? 'Link' : 'Button', payload: action.type === 'Link' ? (action.url ?? '') : (action.payload ?? label) };
      }
    }
  }
  return undefined;
}

export function labelOf(step: Step): string {
  if (step.type === 'expect') return `expect ${describeExpectation(step.expectation)}`;
  if (step.type === 'judge') return `judge ${JSON.stringify(step.criterion)}`;
  if (step.type === 'ai') {
    const { goal, persona, until, judge } = step.ai;
    const who = persona === undefined ? '' : ` as ${'saved' in persona ? persona.saved : persona.name}`;
    return `ai${who} ${JSON.stringify(goal)}${until ? ` until ${describeExpectation({ kind: 'reply', matcher: until })}` : ''}${judge ? `, judged on ${JSON.stringify(judge)}` : ''}`;
  }
  const act = step.act;
  switch (act.kind) {
    case 'say':
      return `say ${JSON.stringify(act.text)}${Object.keys(act.attributes).length > 0 ? ` with ${Object.keys(act.attributes).join(', ')}` : ''}`;
    case 'choose':
      return `choose ${JSON.stringify(act.label)}`;
    case 'attachment':
      return `send the file ${act.fileName} (${act.mime})`;
    case 'typing':
      return `typing ${act.on ? 'on' : 'off'}`;
    case 'attributes':
      return `set attributes ${Object.entries(act.attributes).map(([key, value]) => `${key}=${value}`).join(', ')}`;
    case 'wait':
      return `wait ${seconds(act.ms)}`;
    case 'reconnect':
      return act.offlineMs > 0 ? `disconnect for ${seconds(act.offlineMs)} and reconnect` : 'disconnect and reconnect';
    case 'startNew':
      return 'start a new conversation';
    case 'close':
      return 'close the conversation';
  }
}

function failureMessage(result: ScenarioRunResult, step: ScenarioStepResult, observer: ConversationObserver): string {
  const replies = observer.log.filter((item) => item.from === 'agent' || item.event === 'agentJoined' || item.event === 'agentLeft' || item.event === 'readOnly').slice(-LAST_REPLIES_SHOWN);
  return [
    `"${result.scenario}" on ${result.channel} failed at step ${step.index + 1} (line ${step.line}): ${step.label}`,
    ...(step.expected ? [`  expected: ${step.expected}`] : []),
    `  actual:   ${step.actual ?? ''}`,
    '  last replies seen:',
    ...(replies.length > 0 ? replies.map((item) => `    ${describeItem(item)}`) : ['    (none)']),
    `  conversation: ${result.conversationId ?? '(not started)'}; platform conversation id: ${observer.platformConversationId ?? (result.channel === 'webmessaging' ? '(the Guest API does not report it)' : '(not known yet)')}`,
  ].join('\n');
}
