// Transcript export: the three formats carry the conversation, and no secret ever leaves in one.
import { describe, expect, it } from 'vitest';
import type { ConversationSummary, ThreadItem } from '../../shared/contract';
import { SecretRedactor } from '../../electron/engine/conversations/redaction';
import { exportTranscript } from '../../electron/engine/conversations/transcript-export';

const SECRET = 'client-secret-7f3a9c';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJndWVzdC10b2tlbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const conversation: ConversationSummary = {
  id: 'c1',
  profileId: 'acme',
  profileName: 'Acme',
  channel: 'webmessaging',
  personaName: 'Jamie <Rivera>',
  state: 'live',
  unread: 0,
  updatedAt: '2026-03-01T10:05:00.000Z',
  agentTyping: false,
  platformConversationId: 'conv-42',
};
const items: ThreadItem[] = [
  { id: 's1', from: 'system', event: 'started', time: '2026-03-01T10:00:00.000Z', text: 'Conversation started.', content: [] },
  { id: 'g1', from: 'guest', time: '2026-03-01T10:01:00.000Z', text: `my secret is ${SECRET} and token ${JWT}`, content: [], delivery: 'sent' },
  {
    id: 'a1',
    from: 'agent',
    senderName: 'Sandy',
    time: '2026-03-01T10:02:00.000Z',
    text: 'Here is the file and a card.',
    content: [
      { type: 'attachment', attachment: { name: 'price.pdf', mediaType: 'File', url: 'https://files.example.com/price.pdf?X-Amz-Signature=abcdef123456&X-Amz-Credential=AKIA1234' } },
      { type: 'card', card: { title: 'Plus', description: 'Best plan', actions: [{ type: 'Postback', text: 'Buy', payload: 'BUY' }] } },
      { type: 'quickReplies', replies: [{ text: 'Yes', payload: 'Y' }] },
    ],
  },
  { id: 'g2', from: 'guest', time: '2026-03-01T10:03:00.000Z', text: 'Yes', content: [{ type: 'buttonResponse', text: 'Yes', payload: 'Y' }], delivery: 'failed', failure: 'Rate limited.' },
];
const redactor = new SecretRedactor();
redactor.setSecrets([{ value: SECRET, name: 'the client secret' }]);
const source = { conversation, items, redact: (text: string) => redactor.wire(text), exportedAt: new Date('2026-03-02T09:00:00.000Z') };

describe('transcript export', () => {
  it('writes JSON a tool can read', () => {
    const file = exportTranscript(source, 'json');
    expect(file).toMatchObject({ fileName: 'transcript-jamie-rivera-2026-03-02.json', mime: 'application/json' });
    const parsed = JSON.parse(file.content) as { conversation: Record<string, unknown>; messages: { from: string; name: string; details: string[] }[] };
    expect(parsed.conversation).toMatchObject({ persona: 'Jamie <Rivera>', channel: 'Web Messaging', platformConversationId: 'conv-42' });
    expect(parsed.messages.map((message) => message.from)).toEqual(['system', 'guest', 'agent', 'guest']);
    expect(parsed.messages[2]?.details).toContain('Card: Plus — Best plan [Buy]');
  });

  it('writes Markdown a person can read', () => {
    const { content } = exportTranscript(source, 'markdown');
    expect(content).toContain('# Transcript: Jamie &lt;Rivera&gt;');
    expect(content).toContain('**Sandy** · 2026-03-01 10:02:00 UTC');
    expect(content).toContain('> - Chose: Yes (Y)');
    expect(content).toContain('failed: Rate limited.');
    expect(content).toContain('> - [File: price.pdf](https://files.example.com/price.pdf?X-Amz-Signature=[redacted]&amp;X-Amz-Credential=[redacted])');
  });

  it('escapes everything the agent wrote in Markdown: no raw HTML, no links, code or headings of its own', () => {
    const hostile: ThreadItem[] = [
      {
        id: 'h1',
        from: 'agent',
        senderName: '<img src=x onerror=alert(1)> **Boss**\n# Admin',
        time: '2026-03-01T10:02:00.000Z',
        text: '<script>alert(1)</script>\n# Heading\n```js\nfence()\n```\n1. list\n- item\n[click](javascript:alert(1)) ![x](https://evil.example/p.png)\r<b>cr</b> | a | b |',
        content: [
          { type: 'attachment', attachment: { name: 'a](javascript:alert(1))[b', mediaType: 'File', url: 'https://files.example.com/a b(1).pdf?x=<y>' } },
          { type: 'attachment', attachment: { name: 'x.pdf', mediaType: 'File', url: 'javascript:alert(1)' } },
          { type: 'card', card: { title: '<iframe src=//evil>', actions: [{ type: 'Postback', text: '**Buy**', payload: 'B' }] } },
        ],
      },
      { id: 'h2', from: 'system', time: '2026-03-01T10:03:00.000Z', text: '*</em><svg onload=alert(1)>*', content: [] },
    ];
    const { content } = exportTranscript({ ...source, conversation: { ...conversation, personaName: '<b>Eve</b>', profileName: '[Acme](https://evil.example)', platformConversationId: '`<x>`' }, items: hostile }, 'markdown');
    expect(content).not.toMatch(/<(?!\/?https?:)[a-z!/]/i);
    expect(content).not.toMatch(/(?<!\\)\]\(javascript:/i);
    expect(content).not.toContain('```');
    expect(content).not.toMatch(/^> (#|1\.|- item)/m);
    expect(content).not.toMatch(/!\[x\]/);
    expect(content).toContain('# Transcript: &lt;b&gt;Eve&lt;/b&gt;');
    expect(content).toContain('- Profile: \\[Acme\\](https://evil.example)');
    expect(content).toContain('**&lt;img src=x onerror=alert(1)&gt; \\*\\*Boss\\*\\* # Admin**');
    expect(content).toContain('> \\# Heading');
    expect(content).toContain('> 1\\. list');
    expect(content).toContain('> \\- item');
    expect(content).toContain('> - [File: a\\](javascript:alert(1))\\[b](https://files.example.com/a%20b%281%29.pdf?x=%3Cy%3E)');
    expect(content).toContain('> - File: x.pdf &lt;javascript:alert(1)&gt;');
    expect(content).toContain('*2026-03-01 10:03:00 UTC — \\*&lt;/em&gt;&lt;svg onload=alert(1)&gt;\\**');
  });

  it('writes one self-contained HTML page: escaped text, no scripts, no remote loads', () => {
    const { content, mime } = exportTranscript(source, 'html');
    expect(mime).toBe('text/html');
    expect(content).toContain('Jamie &lt;Rivera&gt;');
    expect(content).not.toMatch(/<script|<link|<img|src=|@import/i);
    expect(content).toContain("default-src 'none'");
  });

  it.each(['json', 'markdown', 'html'] as const)('never includes a secret, a token or a URL signature (%s)', (format) => {
    const { content } = exportTranscript(source, format);
    expect(content).not.toContain(SECRET);
    expect(content).not.toContain(JWT);
    expect(content).not.toContain('abcdef123456');
    expect(content).not.toContain('AKIA1234');
    expect(content).toContain('price.pdf');
  });
});
