// What the AI customer reads and how its answers are taken: options numbered only where they are still open,
// links and files named, the persona and goal stated, secrets redacted; answers in JSON (fenced or not), plain text
// taken as a message, a choice of an option that was not offered refused.
import { describe, expect, it } from 'vitest';
import { customerPrompt, judgePrompt, parseMove, parseVerdict, type AiTranscriptEntry } from '../../electron/engine/ai/customer-prompt';
import { threadTranscript } from '../../electron/engine/ai/thread-transcript';
import type { ThreadItem } from '../../shared/contract';

const item = (fields: Partial<ThreadItem> & Pick<ThreadItem, 'id' | 'from'>): ThreadItem => ({ time: '2026-12-02T08:00:00.000Z', content: [], ...fields });

const thread: ThreadItem[] = [
  item({ id: 's1', from: 'system', event: 'reconnected', text: 'Reconnected.' }),
  item({ id: 'a1', from: 'agent', senderName: 'Flo', text: 'What can I help you with?', content: [{ type: 'quickReplies', replies: [{ text: 'Billing', payload: 'BILLING' }, { text: 'Order status', payload: 'ORDER' }] }] }),
  item({ id: 'g1', from: 'guest', text: 'Billing', content: [{ type: 'buttonResponse', text: 'Billing', payload: 'BILLING' }], delivery: 'sent' }),
  item({ id: 'g2', from: 'guest', text: 'never arrived', delivery: 'failed' }),
  item({
    id: 'a2',
    from: 'agent',
    senderName: 'Flo',
    text: 'Here is your invoice.',
    content: [
      { type: 'attachment', attachment: { name: 'invoice.pdf', mime: 'application/pdf', mediaType: 'File' } },
      { type: 'card', card: { title: 'Pay now', description: 'Due Friday', actions: [{ type: 'Link', text: 'Open', url: 'https://pay.example.com' }, { type: 'Postback', text: 'Remind me', payload: 'REMIND' }] } },
    ],
  }),
  item({ id: 's2', from: 'system', event: 'agentJoined', text: 'Sam joined the conversation.' }),
];

describe('the customer prompt', () => {
  const transcript = threadTranscript(thread);
  const prompt = customerPrompt({ persona: { name: 'Ada', tone: 'curt', language: 'de-DE', facts: 'Order 1042; secret-value-123' }, goal: 'Pay the invoice', transcript, turnsLeft: 3, redact: (text) => text.replaceAll('secret-value-123', '[redacted]') });

  it('leaves out failed messages and technical lines, names files, cards and links, and numbers only the open options', () => {
    expect(transcript.map((entry) => entry.from)).toEqual(['agent', 'guest', 'agent', 'system']);
    const user = prompt.messages[1]!.content;
    expect(user).toContain('(it offered: Billing, Order status)');
    expect(user).toContain('You: Billing');
    expect(user).toContain('(file "invoice.pdf" (application/pdf))');
    expect(user).toContain('(link "Open" to https://pay.example.com)');
    expect(user).toContain('[1] Remind me');
    expect(user).toContain('[Sam joined the conversation.]');
    expect(user).toContain('Messages you may still send: 3.');
    expect(prompt.options).toEqual([{ label: 'Remind me', payload: 'REMIND', kind: 'Button', itemId: 'a2' }]);
  });

  it('states the persona, its language and facts, and the goal, with secrets redacted', () => {
    const system = prompt.messages[0]!.content;
    expect(system).toContain('You are Ada');
    expect(system).toContain('Your tone: curt.');
    expect(system).toContain('Write in German (Germany).');
    expect(system).toContain('Order 1042; [redacted]');
    expect(system).toContain('Your goal: Pay the invoice');
    expect(system).not.toContain('secret-value-123');
  });

  it('takes JSON answers, fenced or in a sentence, plain text as a message, and refuses an option not offered', () => {
    expect(parseMove('{"say": "Hello"}', prompt.options)).toEqual({ move: { kind: 'say', text: 'Hello' } });
    expect(parseMove('Sure!\n```json\n{"choose": 1}\n```', prompt.options)).toEqual({ move: { kind: 'choose', option: prompt.options[0], number: 1 } });
    expect(parseMove('{"choose": "remind me"}', prompt.options)).toMatchObject({ move: { kind: 'choose', number: 1 } });
    expect(parseMove('{"done": true, "reason": "paid"}', [])).toEqual({ move: { kind: 'done', reason: 'paid' } });
    expect(parseMove('{"giveUp": true}', [])).toEqual({ move: { kind: 'giveUp', reason: 'the AI customer gave up' } });
    expect(parseMove('I would like to pay {now}', [])).toEqual({ move: { kind: 'say', text: 'I would like to pay {now}' } });
    expect(parseMove('{"choose": 4}', prompt.options)).toEqual({ problem: 'the model chose option 4, which the agent did not offer (1–1)' });
    expect(parseMove('  ', [])).toEqual({ problem: 'the model answered with an empty message' });
    expect(parseMove('{"mood": "happy"}', [])).toMatchObject({ problem: expect.stringContaining('none of say, choose, done or giveUp') });
  });
});

describe('the judge', () => {
  const transcript: AiTranscriptEntry[] = [
    { from: 'guest', text: 'Where is order 1042?' },
    { from: 'agent', name: 'Flo', text: 'It arrives tomorrow.' },
  ];

  it('reads the whole transcript with the criterion, and takes a JSON or yes/no verdict', () => {
    const [system, user] = judgePrompt({ criterion: 'The agent gave a delivery date', transcript, redact: (text) => text });
    expect(system!.content).toContain('{"met": true or false');
    expect(user!.content).toContain('Criterion: The agent gave a delivery date');
    expect(user!.content).toContain('Customer: Where is order 1042?\nAgent (Flo): It arrives tomorrow.');
    expect(parseVerdict('{"met": false, "reasoning": "no date"}')).toEqual({ met: false, reasoning: 'no date' });
    expect(parseVerdict('Yes. It said tomorrow.')).toEqual({ met: true, reasoning: 'Yes. It said tomorrow.' });
    expect(parseVerdict('maybe')).toMatchObject({ problem: expect.stringContaining('maybe') });
  });
});
