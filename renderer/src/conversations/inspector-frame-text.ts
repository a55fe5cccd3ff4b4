// How a raw frame reads in the inspector: a one-line summary (action, class, status code and any message
// text for Guest API JSON; the first line otherwise) and the full text, pretty-printed when it is JSON.

const SNIPPET_LENGTH = 60;

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SNIPPET_LENGTH ? `${line.slice(0, SNIPPET_LENGTH)}…` : line;
}

export function describeFrame(text: string): { summary: string; pretty: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { summary: snippet(text.split('\n')[0] ?? ''), pretty: text };
  }
  const pretty = JSON.stringify(parsed, null, 2);
  const frame = asObject(parsed);
  if (!frame) return { summary: snippet(text), pretty };
  const message = asObject(frame.message) ?? asObject(frame.body);
  // A 200 is the common case; any other status code is worth seeing in the summary.
  const parts = [frame.action, frame.class ?? frame.type, frame.code === 200 ? undefined : frame.code, message?.type]
    .filter((part) => typeof part === 'string' || typeof part === 'number')
    .map(String);
  const words = typeof message?.text === 'string' && message.text !== '' ? `“${snippet(message.text)}”` : null;
  const summary = [...new Set(parts)].join(' · ') + (words ? `  ${words}` : '');
  return { summary: summary || snippet(text), pretty };
}
