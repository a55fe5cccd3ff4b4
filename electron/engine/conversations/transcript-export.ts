// A conversation's transcript as a file a person can read or a tool can parse: JSON, Markdown, or one
// self-contained HTML page (inline styles, no scripts, no remote loads). Every text and link passes the
// same redaction as the inspector (every vault secret, tokens by pattern), so a secret never leaves in an
// export. What the agent wrote is data, never markup: HTML and Markdown escape every value they interpolate.
import type { ConversationSummary, DisplayContent, ThreadItem } from '../../../shared/contract';
import type { ExportedFile, TranscriptFormat } from '../../../shared/transcripts-contract';

export interface TranscriptSource {
  conversation: ConversationSummary;
  items: ThreadItem[];
  /** Hides secrets and tokens in a text (the engine's redactor, as for the inspector). */
  redact: (text: string) => string;
  exportedAt: Date;
}

/** One piece of content in words; a file also has its address. */
interface Detail {
  text: string;
  url?: string;
}

interface Line {
  time: string;
  from: ThreadItem['from'];
  name: string;
  text: string;
  details: Detail[];
  delivery?: string;
}

const SPEAKER = { guest: 'Customer', agent: 'Agent', system: 'Console' } as const;

export function exportTranscript(source: TranscriptSource, format: TranscriptFormat): ExportedFile {
  const clean = source.redact;
  const { conversation } = source;
  const lines: Line[] = source.items.map((item) => ({
    time: item.time,
    from: item.from,
    name: clean(item.senderName ?? (item.from === 'guest' ? conversation.personaName : SPEAKER[item.from])),
    text: clean(item.text ?? ''),
    details: item.content.map((content) => {
      const { text, url } = describeContent(content);
      return { text: clean(text), ...(url ? { url: clean(url) } : {}) };
    }),
    ...(item.delivery ? { delivery: item.delivery === 'failed' ? `failed: ${clean(item.failure ?? '')}` : item.delivery } : {}),
  }));
  const header = {
    persona: clean(conversation.personaName),
    profile: clean(conversation.profileName),
    channel: conversation.channel === 'webmessaging' ? 'Web Messaging' : 'Open Messaging',
    state: conversation.state,
    platformConversationId: conversation.platformConversationId ? clean(conversation.platformConversationId) : null,
    exportedAt: source.exportedAt.toISOString(),
  };
  const base = `transcript-${slug(conversation.personaName)}-${source.exportedAt.toISOString().slice(0, 10)}`;
  switch (format) {
    case 'json':
      return {
        fileName: `${base}.json`,
        mime: 'application/json',
        content: `${JSON.stringify({ format: 'guest-console-transcript', version: 1, conversation: header, messages: lines.map(plainDetails) }, null, 2)}\n`,
      };
    case 'markdown':
      return { fileName: `${base}.md`, mime: 'text/markdown', content: markdown(header, lines) };
    case 'html':
      return { fileName: `${base}.html`, mime: 'text/html', content: html(header, lines) };
  }
}

function describeContent(content: DisplayContent): Detail {
  switch (content.type) {
    case 'quickReplies':
      return { text: `Quick replies: ${content.replies.map((reply) => reply.text).join(' · ')}` };
    case 'card':
      return { text: `Card: ${content.card.title}${content.card.description ? ` — ${content.card.description}` : ''}${cardActions(content.card.actions)}` };
    case 'carousel':
      return { text: `Carousel: ${content.cards.map((card) => card.title).join(' · ')}` };
    case 'attachment':
      return { text: `File: ${content.attachment.name}`, ...(content.attachment.url ? { url: content.attachment.url } : {}) };
    case 'buttonResponse':
      return { text: `Chose: ${content.text} (${content.payload})` };
    case 'unsupported':
      return { text: `Unsupported content (${content.contentType})` };
  }
}

/** JSON and HTML show a detail as one string, a file's address in angle brackets. */
function detailText(detail: Detail): string {
  return detail.url ? `${detail.text} <${detail.url}>` : detail.text;
}

function plainDetails(line: Line): Omit<Line, 'details'> & { details: string[] } {
  return { ...line, details: line.details.map(detailText) };
}

function cardActions(actions: { text: string }[]): string {
  return actions.length > 0 ? ` [${actions.map((action) => action.text).join(' | ')}]` : '';
}

function readableTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'guest';
}

type Header = Record<string, string | null>;

// ---- Markdown: every value is text, nothing is interpolated raw (not even into a code span, where no
// escape works). `<`, `>` and `&` become entities (no raw HTML, no entity tricks); punctuation that starts
// emphasis, code or fences, links, tables, strikethrough or math is backslash-escaped, and so is what
// starts a block at the beginning of a line (headings, lists, rules, setext underlines). A value meant for
// one line (a name, a state, a reason) has its line breaks folded into spaces; control characters go.

const MARKDOWN_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function markdownLine(text: string): string {
  return text
    .replace(CONTROL, '')
    .replace(/[&<>]/g, (char) => MARKDOWN_ENTITIES[char] ?? char)
    .replace(/[\\`*_[\]|~!$]/g, '\\$&')
    .replace(/^(\s*)(#|[-+=]|\d+(?=[.)]))/, (_match, indent: string, start: string) => (/^\d/.test(start) ? `${indent}${start}\\` : `${indent}\\${start}`));
}

function markdownInline(text: string): string {
  return markdownLine(text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' '));
}

function markdownLines(text: string): string[] {
  return text.split(/\r\n|[\r\n\u2028\u2029]/).map(markdownLine);
}

/**
 * A file as a link when its address is http(s): the label escaped like any text, in the address the
 * characters that could end the link percent-encoded and `&` written as an entity. Any other address is text.
 */
function markdownDetail(detail: Detail): string {
  const label = markdownInline(detail.text);
  if (!detail.url) return label;
  let url: URL | undefined;
  try {
    url = new URL(detail.url);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return `${label} ${markdownInline(`<${detail.url}>`)}`;
  const destination = url.href
    .replace(/[()\\<>\s"'`]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
    .replace(/&/g, '&amp;');
  return `[${label}](${destination})`;
}

function markdown(header: Header, lines: Line[]): string {
  const out = [
    `# Transcript: ${markdownInline(header.persona ?? '')}`,
    '',
    `- Profile: ${markdownInline(header.profile ?? '')}`,
    `- Channel: ${markdownInline(header.channel ?? '')}`,
    `- State: ${markdownInline(header.state ?? '')}`,
    ...(header.platformConversationId ? [`- Conversation ID: ${markdownInline(header.platformConversationId)}`] : []),
    `- Exported: ${markdownInline(readableTime(header.exportedAt ?? ''))}`,
    '',
  ];
  for (const line of lines) {
    const time = markdownInline(readableTime(line.time));
    if (line.from === 'system') {
      out.push(`*${time} — ${markdownInline(line.text)}*`, '');
      continue;
    }
    out.push(`**${markdownInline(line.name)}** · ${time}${line.delivery && line.delivery !== 'sent' ? ` · ${markdownInline(line.delivery)}` : ''}`);
    if (line.text) out.push('', ...markdownLines(line.text).map((text) => `> ${text}`));
    for (const detail of line.details) out.push(`> - ${markdownDetail(detail)}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}

function html(header: Header, lines: Line[]): string {
  const rows = lines
    .map((line) => {
      if (line.from === 'system') return `<li class="system"><time>${readableTime(line.time)}</time> ${escapeHtml(line.text)}</li>`;
      const details = line.details.map((detail) => `<div class="detail">${escapeHtml(detailText(detail))}</div>`).join('');
      const delivery = line.delivery && line.delivery !== 'sent' ? ` · ${escapeHtml(line.delivery)}` : '';
      return `<li class="${line.from}"><div class="meta"><strong>${escapeHtml(line.name)}</strong> · <time>${readableTime(line.time)}</time>${delivery}</div>${
        line.text ? `<div class="text">${escapeHtml(line.text)}</div>` : ''
      }${details}</li>`;
    })
    .join('\n');
  const facts = [
    ['Profile', header.profile],
    ['Channel', header.channel],
    ['State', header.state],
    ['Conversation ID', header.platformConversationId],
    ['Exported', readableTime(header.exportedAt ?? '')],
  ]
    .filter(([, value]) => value)
    .map(([label, value]) => `<dt>${label}</dt><dd>${escapeHtml(value ?? '')}</dd>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Transcript: ${escapeHtml(header.persona ?? '')}</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;background:#f5f6f8;color:#1b1f27}
main{max-width:760px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 8px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;color:#555e6e;margin:0 0 20px}
dd{margin:0}
ol{list-style:none;padding:0;margin:0;display:flex;flex-direction:column;gap:10px}
li{background:#fff;border:1px solid #d5d9e0;border-radius:10px;padding:8px 12px;max-width:80%}
li.guest{align-self:flex-end;background:#fde7dc;border-color:#f3c3aa}
li.system{align-self:center;background:none;border:none;color:#555e6e;font-size:13px}
.meta{font-size:13px;color:#555e6e}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.detail{font-size:13px;color:#3b4250;overflow-wrap:anywhere}
@media (prefers-color-scheme:dark){body{background:#12151c;color:#e8ebf1}li{background:#1a1e27;border-color:#343b4b}li.guest{background:#3a2418;border-color:#6b3a22}.meta,dl,li.system{color:#a3abbb}.detail{color:#c4cad6}}
</style>
</head>
<body>
<main>
<h1>Transcript: ${escapeHtml(header.persona ?? '')}</h1>
<dl>${facts}</dl>
<ol>
${rows}
</ol>
</main>
</body>
</html>
`;
}
