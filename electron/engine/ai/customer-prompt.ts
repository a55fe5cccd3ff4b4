// What the model reads and what it may answer. The AI customer gets one system message (who it is, what it wants,
// how to answer) and one user message with the conversation so far as text — one request shape every
// OpenAI-compatible server accepts, whatever its chat template. Agent content becomes text it can act on: the
// options it may choose (quick replies, postback buttons of the agent's messages since its own last one) are
// numbered, links and attachments are named. It answers with one JSON object (say / choose / done / giveUp); a
// model that ignores the format and writes plain text is taken as saying that text. Everything sent is redacted
// by the caller's `redact` (the vault's values), so a secret in a thread never reaches the model.
import type { ChatMessage } from './model-client';

/** A guest's persona as the AI plays it. */
export interface AiPersona {
  name: string;
  tone?: string;
  /** BCP 47 tag; the AI writes in this language. */
  language?: string;
  /** What the customer knows: order numbers, addresses, account details to give when asked. */
  facts?: string;
}

export interface AiOption {
  label: string;
  payload: string;
  kind: 'QuickReply' | 'Button';
  /** The agent message that offered it (the seat's own id). */
  itemId: string;
}

/** One line of the conversation as the AI sees it. */
export interface AiTranscriptEntry {
  from: 'agent' | 'guest' | 'system';
  name?: string;
  text: string;
  /** Quick replies and postback buttons offered (agent messages). */
  options?: Omit<AiOption, 'itemId'>[];
  /** Link buttons, cards, attachments, in words. */
  extras?: string[];
  /** The seat's id of the message (options are chosen on it). */
  itemId?: string;
}

export type AiMove = { kind: 'say'; text: string } | { kind: 'choose'; option: AiOption; number: number } | { kind: 'done'; reason: string } | { kind: 'giveUp'; reason: string };

export interface CustomerPrompt {
  messages: ChatMessage[];
  /** The options numbered in the prompt, 1-based (index 0 is option 1). */
  options: AiOption[];
}

/** The newest lines the model reads: a long thread must not grow the prompt without bound. */
export const MAX_TRANSCRIPT_LINES = 60;

let languageNames: Intl.DisplayNames | undefined;

/** Made on first use: the ICU data behind it is not worth loading where no persona has a language (a load run). */
function languageName(tag: string): string {
  try {
    languageNames ??= new Intl.DisplayNames(['en'], { type: 'language' });
    return languageNames.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

export function customerPrompt(args: { persona: AiPersona; goal: string; transcript: readonly AiTranscriptEntry[]; turnsLeft: number; redact: (text: string) => string }): CustomerPrompt {
  const { persona, goal, redact } = args;
  const transcript = args.transcript.slice(-MAX_TRANSCRIPT_LINES);
  const lastGuest = transcript.findLastIndex((entry) => entry.from === 'guest');
  const options: AiOption[] = [];
  const lines = transcript.map((entry, index) => {
    if (entry.from === 'system') return `[${entry.text}]`;
    if (entry.from === 'guest') return `You: ${entry.text}`;
    const parts = [`Agent${entry.name ? ` (${entry.name})` : ''}: ${entry.text}`.trimEnd()];
    for (const extra of entry.extras ?? []) parts.push(`  (${extra})`);
    const offered = entry.options ?? [];
    if (offered.length > 0 && index > lastGuest && entry.itemId) {
      for (const option of offered) {
        options.push({ ...option, itemId: entry.itemId });
        parts.push(`  [${options.length}] ${option.label}`);
      }
    } else if (offered.length > 0) parts.push(`  (it offered: ${offered.map((option) => option.label).join(', ')})`);
    return parts.join('\n');
  });
  const who = [
    `You are ${persona.name}, a customer chatting with a company's customer service on its website or messaging app.`,
    persona.tone ? `Your tone: ${persona.tone}.` : 'Write like a real customer: short, natural messages, one thing at a time.',
    persona.language ? `Write in ${languageName(persona.language)}.` : undefined,
    persona.facts ? `What you know and may give when asked:\n${persona.facts}` : undefined,
    `Your goal: ${goal}`,
    'Never say you are an AI or a test. Do not invent facts you were not given; say you do not know.',
    '',
    'Answer with exactly one JSON object and nothing else:',
    '{"say": "<your next message to the agent>"}',
    '{"choose": <number>}  to pick one of the numbered options the agent offered (prefer this when an option fits)',
    '{"done": true, "reason": "<how the goal was reached>"}  when your goal has been reached',
    '{"giveUp": true, "reason": "<why it cannot be reached>"}  when the agent clearly cannot help',
  ]
    .filter((line): line is string => line !== undefined)
    .join('\n');
  const conversation = lines.length > 0 ? lines.join('\n') : '(nothing yet — you write first)';
  const optionWords = options.length > 0 ? `\n\nYou may choose one of the numbered options [1]–[${options.length}].` : '';
  const user = `The conversation so far:\n${conversation}${optionWords}\n\nMessages you may still send: ${args.turnsLeft}. Your next move, as one JSON object:`;
  return { messages: [{ role: 'system', content: redact(who) }, { role: 'user', content: redact(user) }], options };
}

/** The model's answer as a move; undefined when it holds nothing usable (empty, or a choice of no option). */
export function parseMove(text: string, options: readonly AiOption[]): { move: AiMove } | { problem: string } {
  const object = jsonObjectIn(text);
  if (!object) {
    const plain = text.trim();
    return plain ? { move: { kind: 'say', text: plain } } : { problem: 'the model answered with an empty message' };
  }
  const reason = typeof object.reason === 'string' && object.reason.trim() ? object.reason.trim() : undefined;
  if (object.done === true) return { move: { kind: 'done', reason: reason ?? 'the AI customer said its goal was reached' } };
  if (object.giveUp === true || object.give_up === true) return { move: { kind: 'giveUp', reason: reason ?? 'the AI customer gave up' } };
  if (object.choose !== undefined) {
    const number = typeof object.choose === 'number' ? object.choose : Number.parseInt(String(object.choose), 10);
    const option = options[number - 1];
    if (option) return { move: { kind: 'choose', option, number } };
    const byLabel = options.findIndex((candidate) => candidate.label.toLowerCase() === String(object.choose).trim().toLowerCase());
    if (byLabel >= 0) return { move: { kind: 'choose', option: options[byLabel]!, number: byLabel + 1 } };
    return { problem: `the model chose option ${JSON.stringify(object.choose)}, which the agent did not offer${options.length > 0 ? ` (1–${options.length})` : ' (no options are open)'}` };
  }
  if (typeof object.say === 'string' && object.say.trim()) return { move: { kind: 'say', text: object.say.trim() } };
  return { problem: `the model's answer has none of say, choose, done or giveUp: ${text.trim().slice(0, 200)}` };
}

export function judgePrompt(args: { criterion: string; transcript: readonly AiTranscriptEntry[]; redact: (text: string) => string }): ChatMessage[] {
  const lines = args.transcript.slice(-MAX_TRANSCRIPT_LINES).map((entry) =>
    entry.from === 'system' ? `[${entry.text}]` : entry.from === 'guest' ? `Customer: ${entry.text}` : `Agent${entry.name ? ` (${entry.name})` : ''}: ${entry.text}`,
  );
  const system = [
    'You judge a customer-service chat transcript against one criterion, strictly and only on what the transcript shows.',
    'Answer with exactly one JSON object and nothing else: {"met": true or false, "reasoning": "<one or two sentences>"}',
  ].join('\n');
  const user = `Criterion: ${args.criterion}\n\nTranscript:\n${lines.join('\n') || '(empty)'}\n\nYour verdict, as one JSON object:`;
  return [
    { role: 'system', content: args.redact(system) },
    { role: 'user', content: args.redact(user) },
  ];
}

export function parseVerdict(text: string): { met: boolean; reasoning: string } | { problem: string } {
  const object = jsonObjectIn(text);
  if (object && typeof object.met === 'boolean') return { met: object.met, reasoning: typeof object.reasoning === 'string' ? object.reasoning.trim() : '' };
  const plain = text.trim();
  if (/^(yes|true|met)\b/i.test(plain)) return { met: true, reasoning: plain };
  if (/^(no|false|not met)\b/i.test(plain)) return { met: false, reasoning: plain };
  return { problem: `the model's verdict is not {"met": true|false, "reasoning": …}: ${plain.slice(0, 200)}` };
}

/** The first JSON object in a text (models wrap it in ``` fences or a sentence); undefined when there is none. */
function jsonObjectIn(text: string): Record<string, unknown> | undefined {
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let index = start; index < text.length; index += 1) {
      const char = text[index];
      if (inString) {
        if (char === '\\') index += 1;
        else if (char === '"') inString = false;
      } else if (char === '"') inString = true;
      else if (char === '{') depth += 1;
      else if (char === '}' && --depth === 0) {
        try {
          const value: unknown = JSON.parse(text.slice(start, index + 1));
          if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
        } catch {
          // not JSON after all; try the next brace
        }
        break;
      }
    }
  }
  return undefined;
}
