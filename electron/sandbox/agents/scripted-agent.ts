// Runs one conversation's scripted agent: picks the actions for each customer input (onJoin, first
// matching rule, or fallback) and plays them in order, waiting on the injected Clock. Inputs that arrive
// while a reply is still playing queue behind it. Continuations run synchronously inside timer callbacks,
// so a fake clock that is advanced past several waits plays every step in one go.
import type { Clock, TimerHandle } from '../../protocol/clock';
import { mediaTypeOf, type ContentItem } from '../../protocol/normalized/content';
import type { AgentOutput, CustomerInput } from '../conversation-hub';
import type { AgentAction, AgentScript, Trigger } from './agent-script';

export interface AgentPersona {
  name: string;
  originatingEntity: 'Bot' | 'Human';
  image?: string;
}

export interface PublishedFile {
  id: string;
  url: string;
}

/** Where the agent's actions land; the conversation implements it. */
export interface AgentStage {
  emit(output: AgentOutput): void;
  transfer(to: AgentPersona): void;
  disconnect(): void;
}

export interface ScriptedAgentDeps {
  script: AgentScript;
  clock: Clock;
  newHexId: () => string;
  publishFile: (file: { filename: string; mime: string; bytes: Buffer }) => PublishedFile;
  stage: AgentStage;
}

export interface ScriptedAgent {
  readonly persona: AgentPersona;
  handle(input: CustomerInput, customAttributes: Record<string, string>): void;
  /** Stops playing and drops queued inputs (conversation ended). */
  stop(): void;
}

interface TemplateScope {
  text: string;
  payload: string;
  match: string[];
  attr: Record<string, string>;
}

export function createScriptedAgent(deps: ScriptedAgentDeps): ScriptedAgent {
  const { script, clock, stage } = deps;
  let persona: AgentPersona = { ...script.persona };
  const queue: Array<{ actions: AgentAction[]; scope: TemplateScope }> = [];
  let playing = false;
  let stopped = false;
  let pendingTimer: TimerHandle | undefined;

  const now = () => new Date(clock.now()).toISOString();
  const fill = (template: string, scope: TemplateScope) =>
    template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_all, key: string) => {
      const [head, ...rest] = key.split('.');
      const tail = rest.join('.');
      if (head === 'text') return scope.text;
      if (head === 'payload') return scope.payload;
      if (head === 'agent') return persona.name;
      if (head === 'match') return scope.match[Number(tail)] ?? '';
      if (head === 'attr') return scope.attr[tail] ?? '';
      return '';
    });

  const message = (type: 'Text' | 'Structured', text: string | undefined, content: ContentItem[], backdateMs = 0): AgentOutput => ({
    kind: 'message',
    id: deps.newHexId(),
    time: new Date(clock.now() - backdateMs).toISOString(),
    type,
    ...(text !== undefined ? { text } : {}),
    content,
    originatingEntity: persona.originatingEntity,
    from: { nickname: persona.name, ...(persona.image ? { image: persona.image } : {}) },
  });

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
        stage.emit(message('Text', fill(action.body.text, scope), [], action.body.backdateMs));
        return 0;
      case 'quickReplies':
        stage.emit(
          message(
            'Structured',
            fill(action.body.text, scope),
            action.body.replies.map((r) => ({ contentType: 'QuickReply', quickReply: { text: r.text, payload: r.payload, action: 'Message' } })),
          ),
        );
        return 0;
      case 'card': {
        const { text, ...definition } = action.body;
        stage.emit(message('Structured', text !== undefined ? fill(text, scope) : undefined, [{ contentType: 'Card', card: card(definition, scope) }]));
        return 0;
      }
      case 'carousel':
        stage.emit(
          message('Structured', action.body.text !== undefined ? fill(action.body.text, scope) : undefined, [
            { contentType: 'Carousel', carousel: { cards: action.body.cards.map((c) => card(c, scope)) } },
          ]),
        );
        return 0;
      case 'attachment': {
        const { filename, mime, text, body, file } = action.body;
        const bytes = file !== undefined ? (script.files.get(file) ?? Buffer.alloc(0)) : Buffer.from(body ?? '', 'utf8');
        const published = deps.publishFile({ filename, mime, bytes });
        stage.emit(
          message('Text', text !== undefined ? fill(text, scope) : undefined, [
            {
              contentType: 'Attachment',
              attachment: { id: published.id, url: published.url, filename, mime, mediaType: mediaTypeOf(mime), fileSize: bytes.length },
            },
          ]),
        );
        return 0;
      }
      case 'typing':
        stage.emit({ kind: 'event', id: deps.newHexId(), time: now(), events: [{ eventType: 'Typing', typing: { type: 'On', duration: action.body } }] });
        return action.body;
      case 'wait':
        return action.body;
      case 'transfer':
        persona = { name: action.body.to, originatingEntity: 'Human' };
        stage.transfer(persona);
        if (action.body.say !== undefined) stage.emit(message('Text', fill(action.body.say, scope), []));
        return 0;
      case 'disconnect':
        if (action.body.say !== undefined) stage.emit(message('Text', fill(action.body.say, scope), []));
        stopped = true;
        queue.length = 0;
        stage.disconnect();
        return 0;
    }
  };

  const run = (actions: AgentAction[], index: number, scope: TemplateScope): void => {
    for (let i = index; i < actions.length; i++) {
      if (stopped) return;
      const waitMs = play(actions[i]!, scope);
      if (waitMs > 0 && i + 1 < actions.length) {
        pendingTimer = clock.setTimeout(() => {
          pendingTimer = undefined;
          run(actions, i + 1, scope);
        }, waitMs);
        return;
      }
    }
    playing = false;
    next();
  };

  const next = () => {
    if (playing || stopped) return;
    const job = queue.shift();
    if (!job) return;
    playing = true;
    run(job.actions, 0, job.scope);
  };

  return {
    get persona() {
      return persona;
    },
    handle(input, customAttributes) {
      if (stopped) return;
      const chosen = choose(script, input, customAttributes);
      if (!chosen) return;
      queue.push(chosen);
      next();
    },
    stop() {
      stopped = true;
      queue.length = 0;
      if (pendingTimer !== undefined) clock.clearTimeout(pendingTimer);
      pendingTimer = undefined;
    },
  };
}

function choose(
  script: AgentScript,
  input: CustomerInput,
  attr: Record<string, string>,
): { actions: AgentAction[]; scope: TemplateScope } | undefined {
  if (input.kind === 'event') {
    const joined = input.events.some((e) => e.eventType === 'Presence' && e.presence?.type === 'Join');
    return joined && script.onJoin.length ? { actions: script.onJoin, scope: { text: '', payload: '', match: [], attr } } : undefined;
  }
  if (input.kind !== 'message') return undefined;
  const button = input.content.find((c) => c.contentType === 'ButtonResponse')?.buttonResponse;
  const base: TemplateScope = { text: input.text || button?.text || '', payload: button?.payload ?? '', match: [], attr };
  for (const rule of script.rules) {
    const match = matches(rule.when, input, base);
    if (match) return { actions: rule.do, scope: { ...base, match } };
  }
  return script.fallback.length ? { actions: script.fallback, scope: base } : undefined;
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
