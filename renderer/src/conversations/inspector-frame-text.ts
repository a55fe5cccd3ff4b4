// How a raw frame reads in the inspector: what kind of frame it is (action, class, unusual status code,
// message type for Guest API JSON; the first line otherwise), the message text it carries if any, and the
// full text, pretty-printed when it is JSON. The AI customer's model exchanges (header lines, then the JSON body)
// read as the request line and the model's answer.

const SNIPPET_LENGTH = 60;

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SNIPPET_LENGTH ? `${line.slice(0, SNIPPET_LENGTH)}…` : line;
}

export interface FrameDescription {
  kind: string;
  words?: string;
  pretty: string;
}

export function describeFrame(text: string, direction?: string): FrameDescription {
  if (direction === 'modelRequest' || direction === 'modelReply') return describeModelExchange(text, direction);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: snippet(text.split('\n')[0] ?? ''), pretty: text };
  }
  const pretty = JSON.stringify(parsed, null, 2);
  const frame = asObject(parsed);
  if (!frame) return { kind: snippet(text), pretty };
  const message = asObject(frame.message) ?? asObject(frame.body);
  // A 200 is the common case; any other status code is worth seeing in the summary.
  const parts = [frame.action, frame.class ?? frame.type, frame.code === 200 ? undefined : frame.code, message?.type]
    .filter((part) => typeof part === 'string' || typeof part === 'number')
    .map(String);
  const words = typeof message?.text === 'string' && message.text !== '' ? message.text : chosenText(message);
  return { kind: [...new Set(parts)].join(' · ') || snippet(text), words: words ? `“${snippet(words)}”` : undefined, pretty };
}

/** A quick-reply or button answer carries its words in the content, not in `text`. */
function chosenText(message: Json | undefined): string | undefined {
  const first = Array.isArray(message?.content) ? asObject(message.content[0]) : undefined;
  const answer = asObject(first?.buttonResponse);
  return typeof answer?.text === 'string' ? answer.text : undefined;
}

/** A model request: its request line and what it asks (model, messages); a reply: its status and the model's answer. */
function describeModelExchange(text: string, direction: 'modelRequest' | 'modelReply'): FrameDescription {
  const kind = snippet(text.split('\n')[0] ?? '');
  const start = text.indexOf('{');
  let body: Json | undefined;
  try {
    body = start >= 0 ? asObject(JSON.parse(text.slice(start))) : undefined;
  } catch {
    body = undefined;
  }
  if (direction === 'modelRequest') {
    const messages = Array.isArray(body?.messages) ? body.messages.length : undefined;
    const model = typeof body?.model === 'string' ? body.model : undefined;
    const words = [model, messages === undefined ? undefined : `${messages} message${messages === 1 ? '' : 's'}`].filter(Boolean).join(', ');
    return { kind, ...(words ? { words } : {}), pretty: text };
  }
  const choices = Array.isArray(body?.choices) ? body.choices : [];
  const content = asObject(asObject(choices[0])?.message)?.content;
  return { kind, ...(typeof content === 'string' && content.trim() ? { words: `“${snippet(content)}”` } : {}), pretty: text };
}
