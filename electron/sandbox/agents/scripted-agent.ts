// Runs one scripted agent of a conversation: picks the actions for each customer message (first matching
// rule, or fallback) and plays them in order, waiting on the injected Clock; messages that arrive while a
// reply is still playing queue behind it. The opening (onJoin) plays at once, without waiting, so nothing the
// guest sends can come before it. No reply is stamped before the message it answers. After a transfer or a
// disconnect the agent has left and answers nothing more. Continuations run synchronously inside timer
// callbacks, so a fake clock that is advanced past several waits plays every step in one go. Where the agent
// is in its replies is plain data (`progress()`) it can resume from: steps due meanwhile play at once, in order.
import type { Clock, TimerHandle } from '../../protocol/clock';
import { mediaTypeOf, type ContentItem } from '../../protocol/normalized/content';
import type { AgentOutput, CustomerInput } from '../conversation-hub';
import type { AgentAction, AgentScript, Trigger } from './agent-script';
import { pacedReply, type LatencyProfile } from './reply-pace';

export interface AgentPersona {
  name: string;
  originatingEntity: 'Bot' | 'Human';
  image?: string;
}

export interface PublishedFile {
  id: string;
  url: string;
}

/** Where the agent's actions land; the conversation's agent roster implements it. */
export interface AgentStage {
  emit(output: AgentOutput): void;
  /** The script hands the conversation over to the human agent `to`; this agent leaves. */
  transfer(to: string): void;
  /** Participant data the script sets on the customer (Set Participant Data). */
  setParticipantData(data: Record<string, string>): void;
  /** The script routes the conversation to the ACD queue named `queue` (Transfer to ACD). */
  route(queue: string): void;
  disconnect(): void;
}

export interface ScriptedAgentDeps {
  script: AgentScript;
  clock: Clock;
  newHexId: () => string;
  publishFile: (file: { filename: string; mime: string; bytes: Buffer }) => PublishedFile;
  stage: AgentStage;
  /** How fast it answers (reply-pace.ts). Default instant. */
  pace?: LatencyProfile;
  /** Jitter for the pace. Default Math.random. */
  random?: () => number;
  /** Where an earlier run of this agent was (the sandbox's state, after a restart). */
  resume?: AgentProgress;
}

export interface ScriptedAgent {
  readonly persona: AgentPersona;
  /** Plays the opening (onJoin) at once: the guest's Presence Join has started the conversation. */
  open(join: Extract<CustomerInput, { kind: 'event' }>, customAttributes: Record<string, string>): void;
  /** Answers a customer message (other input is not answered: the opening comes through `open`). */
  handle(input: CustomerInput, customAttributes: Record<string, string>): void;
  /** Stops playing and drops queued inputs (the agent left, or the conversation ended). */
  stop(): void;
  progress(): AgentProgress;
}

export interface TemplateScope {
  text: string;
  payload: string;
  match: string[];
  attr: Record<string, string>;
  /** When the input being answered was stamped (ms): no reply to it is stamped earlier. */
  inputTime: number;
}

interface Job {
  actions: AgentAction[];
  scope: TemplateScope;
  /** False for the opening: its typing shows, but nothing waits. */
  paced: boolean;
}

/** A reply: its step `next` is due at `dueAt` (null: it has not started). */
export type ReplyProgress = Job & { next: number; dueAt: number | null };

/** A question (`ask`) waiting for its answer, and how many answers were not one of its replies so far. */
export interface AskProgress {
  question: Extract<AgentAction, { kind: 'ask' }>['body'];
  failed: number;
}

/** Whether the agent has left, the question it waits an answer to, the reply it is playing (first) and the ones queued behind it. */
export interface AgentProgress {
  stopped: boolean;
  asking?: AskProgress;
  replies: ReplyProgress[];
}

/** The `duration` of a Typing Off event (the SDK fixtures' value). */
const TYPING_OFF_MS = 1_000;

export function createScriptedAgent(deps: ScriptedAgentDeps): ScriptedAgent {
  const { script, clock, stage } = deps;
  const persona: AgentPersona = { ...script.persona };
  const queue: Job[] = [];
  let playing = false;
  let stopped = deps.resume?.stopped ?? false;
  /** The question waiting for its answer, and how many answers to it were not one of its replies. */
  let asking: AskProgress | undefined = deps.resume?.asking;
  let pendingTimer: TimerHandle | undefined;
  /** The reply waiting for its next step. */
  let waiting: ReplyProgress | undefined;

  const now = () => new Date(clock.now()).toISOString();
  const fill = (template: string, scope: TemplateScope, speaker: AgentPersona = persona) =>
    template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_all, key: string) => {
      const [head, ...rest] = key.split('.');
      const tail = rest.join('.');
      if (head === 'text') return scope.text;
      if (head === 'payload') return scope.payload;
      if (head === 'agent') return speaker.name;
      if (head === 'match') return scope.match[Number(tail)] ?? '';
      if (head === 'attr') return scope.attr[tail] ?? '';
      return '';
    });

  /** A message stamped now, or `backdateMs` earlier but still after the input it answers (an out-of-order reply). */
  const message = (
    type: 'Text' | 'Structured',
    text: string | undefined,
    content: ContentItem[],
    scope: TemplateScope,
    backdateMs = 0,
    speaker: AgentPersona = persona,
  ): AgentOutput => ({
    kind: 'message',
    id: deps.newHexId(),
    time: new Date(backdateMs > 0 ? Math.max(clock.now() - backdateMs, scope.inputTime + 1) : clock.now()).toISOString(),
    type,
    ...(text !== undefined ? { text } : {}),
    content,
    originatingEntity: speaker.originatingEntity,
    from: { nickname: speaker.name, ...(speaker.image ? { image: speaker.image } : {}) },
  });

  const offer = (body: { text: string; replies: Array<{ text: string; payload: string }> }, scope: TemplateScope): AgentOutput =>
    message(
      'Structured',
      fill(body.text, scope),
      body.replies.map((r) => ({ contentType: 'QuickReply', quickReply: { text: r.text, payload: r.payload, action: 'Message' } })),
      scope,
    );

  const card = (c: { title: string; description?: string; image?: string; actions: Array<{ text: string; payload?: string; url?: string }> }, scope: TemplateScope) => ({
    title: fill(c.title, scope),
    ...(c.description !== undefined ? { description: fill(c.description, scope) } : {}),
    ...(c.image !== undefined ? { image: c.image } : {}),
    actions: c.actions.map((a) =>
      a.url !== undefined ? { type: 'Link', text: a.text, url: a.url } : { type: 'Postback', text: a.text, payload: a.payload ?? a.text },
    ),
  });

  /** Plays one action; returns how long to wait before the next one. */
  const play = (action: AgentAction, scope: TemplateScope): number => {
    switch (action.kind) {
      case 'say':
        stage.emit(message('Text', fill(action.body.text, scope), [], scope, action.body.backdateMs));
        return 0;
      case 'quickReplies':
        stage.emit(offer(action.body, scope));
        return 0;
      case 'ask':
        stage.emit(offer(action.body, scope));
        asking = { question: action.body, failed: asking && sameQuestion(asking.question, action.body) ? asking.failed : 0 };
        return 0;
      case 'card': {
        const { text, ...definition } = action.body;
        stage.emit(message('Structured', text !== undefined ? fill(text, scope) : undefined, [{ contentType: 'Card', card: card(definition, scope) }], scope));
        return 0;
      }
      case 'carousel':
        stage.emit(
          message(
            'Structured',
            action.body.text !== undefined ? fill(action.body.text, scope) : undefined,
            [{ contentType: 'Carousel', carousel: { cards: action.body.cards.map((c) => card(c, scope)) } }],
            scope,
          ),
        );
        return 0;
      case 'attachment': {
        const { filename, mime, text, body, file } = action.body;
        const bytes = file !== undefined ? (script.files.get(file) ?? Buffer.alloc(0)) : Buffer.from(body ?? '', 'utf8');
        const published = deps.publishFile({ filename, mime, bytes });
        stage.emit(
          message(
            'Text',
            text !== undefined ? fill(text, scope) : undefined,
            [{ contentType: 'Attachment', attachment: { id: published.id, url: published.url, filename, mime, mediaType: mediaTypeOf(mime), fileSize: bytes.length } }],
            scope,
          ),
        );
        return 0;
      }
      case 'typing':
        stage.emit({ kind: 'event', id: deps.newHexId(), time: now(), events: [{ eventType: 'Typing', typing: { type: 'On', duration: action.body } }] });
        return action.body;
      case 'wait':
        return action.body;
      case 'transfer': {
        const human = script.humans.find((h) => h.name === action.body.to);
        const to: AgentPersona = { name: action.body.to, originatingEntity: 'Human', ...(human?.image ? { image: human.image } : {}) };
        leave();
        stage.transfer(to.name);
        if (action.body.say !== undefined) stage.emit(message('Text', fill(action.body.say, scope, to), [], scope, 0, to));
        return 0;
      }
      case 'setParticipantData':
        stage.setParticipantData(Object.fromEntries(Object.entries(action.body).map(([key, value]) => [key, fill(value, scope)])));
        return 0;
      case 'route':
        stage.route(fill(action.body.queue, scope));
        if (action.body.say !== undefined) stage.emit(message('Text', fill(action.body.say, scope), [], scope));
        return 0;
      case 'disconnect':
        if (action.body.say !== undefined) stage.emit(message('Text', fill(action.body.say, scope), [], scope));
        leave();
        stage.disconnect();
        return 0;
    }
  };

  /** Nothing more plays: what is queued is dropped, and the step in progress is the last. */
  const leave = () => {
    stopped = true;
    queue.length = 0;
  };

  /** The typing a `typing` step showed is over (Genesys sends Typing Off, spec §4.2). */
  const typingOff = () =>
    stage.emit({ kind: 'event', id: deps.newHexId(), time: now(), events: [{ eventType: 'Typing', typing: { type: 'Off', duration: TYPING_OFF_MS } }] });

  /** Waits count from when their step was due, so a resumed reply keeps its schedule. A typing step is followed
   *  by Typing Off when its time is up: before the next step plays, or on its own after the last one. */
  const run = (job: Job, index: number, startedAt = clock.now()): void => {
    if (index > 0 && job.actions[index - 1]?.kind === 'typing' && !stopped) typingOff();
    for (let i = index; i < job.actions.length; i++) {
      if (stopped) return;
      const action = job.actions[i]!;
      if (i > index && job.actions[i - 1]?.kind === 'typing') typingOff();
      const waitMs = play(action, job.scope);
      if (waitMs > 0 && job.paced && (i + 1 < job.actions.length || action.kind === 'typing')) {
        wake({ ...job, next: i + 1, dueAt: startedAt + waitMs });
        return;
      }
    }
    waiting = undefined;
    playing = false;
    next();
  };

  const wake = (reply: ReplyProgress) => {
    const dueAt = reply.dueAt ?? clock.now();
    waiting = reply;
    pendingTimer = clock.setTimeout(() => {
      pendingTimer = undefined;
      run(reply, reply.next, dueAt);
    }, Math.max(0, dueAt - clock.now()));
  };

  const next = () => {
    if (playing || stopped) return;
    const job = queue.shift();
    if (!job) return;
    playing = true;
    run(job, 0);
  };

  /** The customer's answer to the open question: one of its replies goes on to the rules with that reply's payload;
   *  anything else is asked again until the retries are used up, then the rules get the question's `giveUp` payload. */
  const answer = (open: AskProgress, input: Extract<CustomerInput, { kind: 'message' }>, attr: Record<string, string>): Job | undefined => {
    const { question } = open;
    const button = input.content.find((c) => c.contentType === 'ButtonResponse')?.buttonResponse;
    const typed = input.text.trim().toLowerCase();
    const chosen = question.replies.find((r) => (button ? r.payload === button.payload : r.text.trim().toLowerCase() === typed || r.payload.toLowerCase() === typed));
    const inputTime = Date.parse(input.time);
    if (chosen) {
      asking = undefined;
      return choose(script, { ...input, content: [{ contentType: 'ButtonResponse', buttonResponse: { text: chosen.text, payload: chosen.payload, type: 'QuickReply' } }] }, attr);
    }
    if (open.failed < question.retries) {
      asking = { question, failed: open.failed + 1 };
      const scope: TemplateScope = { text: input.text, payload: '', match: [], attr, inputTime };
      return { actions: [{ kind: 'say', body: { text: question.retry, backdateMs: 0 } }, { kind: 'ask', body: question }], scope, paced: true };
    }
    asking = undefined;
    return choose(script, { ...input, text: '', content: [{ contentType: 'ButtonResponse', buttonResponse: { text: input.text, payload: question.giveUp, type: 'QuickReply' } }] }, attr);
  };

  const [resumed, ...queued] = stopped ? [] : (deps.resume?.replies ?? []);
  queue.push(...queued);
  if (resumed) {
    playing = true;
    wake(resumed);
  }

  return {
    persona,
    open(join, customAttributes) {
      if (stopped || script.onJoin.length === 0) return;
      queue.unshift({ actions: script.onJoin, scope: { text: '', payload: '', match: [], attr: customAttributes, inputTime: Date.parse(join.time) }, paced: false });
      next();
    },
    handle(input, customAttributes) {
      if (stopped || input.kind !== 'message') return;
      const chosen = asking ? answer(asking, input, customAttributes) : choose(script, input, customAttributes);
      if (!chosen) return;
      queue.push({ ...chosen, actions: pacedReply(deps.pace ?? 'instant', chosen.actions, deps.random ?? Math.random) });
      next();
    },
    stop() {
      leave();
      if (pendingTimer !== undefined) clock.clearTimeout(pendingTimer);
      pendingTimer = undefined;
    },
    progress: () => ({
      stopped,
      ...(asking && !stopped ? { asking } : {}),
      replies: stopped ? [] : [...(waiting ? [waiting] : []), ...queue.map((job) => ({ ...job, next: 0, dueAt: null }))],
    }),
  };
}

function choose(script: AgentScript, input: Extract<CustomerInput, { kind: 'message' }>, attr: Record<string, string>): Job | undefined {
  const button = input.content.find((c) => c.contentType === 'ButtonResponse')?.buttonResponse;
  const base: TemplateScope = { text: input.text || button?.text || '', payload: button?.payload ?? '', match: [], attr, inputTime: Date.parse(input.time) };
  for (const rule of script.rules) {
    const match = matches(rule.when, input, base);
    if (match) return { actions: rule.do, scope: { ...base, match }, paced: true };
  }
  return script.fallback.length ? { actions: script.fallback, scope: base, paced: true } : undefined;
}

/** The regex groups (or `[text]`) when the trigger matches, else undefined. All given conditions must hold. */
function matches(trigger: Trigger, input: Extract<CustomerInput, { kind: 'message' }>, scope: TemplateScope): string[] | undefined {
  const text = scope.text.trim().toLowerCase();
  let groups: string[] = [scope.text];
  if (trigger.text && !trigger.text.some((t) => t.trim().toLowerCase() === text)) return undefined;
  if (trigger.contains && !trigger.contains.some((t) => text.includes(t.toLowerCase()))) return undefined;
  if (trigger.payload && !trigger.payload.includes(scope.payload)) return undefined;
  if (trigger.attachment !== undefined && trigger.attachment !== input.content.some((c) => c.contentType === 'Attachment')) return undefined;
  if (trigger.regex !== undefined) {
    const found = new RegExp(trigger.regex, 'i').exec(scope.text.trim());
    if (!found) return undefined;
    groups = found.map((g) => g ?? '');
  }
  return groups;
}

/** The same question asked again (a resumed reply holds a copy of it, not the same object). */
function sameQuestion(a: AskProgress['question'], b: AskProgress['question']): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
