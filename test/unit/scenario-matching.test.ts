// Reply matching on a hand-made log, and the recorder: joins and leaves from lifecycle lines or inferred
// from who speaks, sequence order versus `unordered`, and a recorded thread that parses back into steps.
import { describe, expect, it } from 'vitest';
import type { ConversationSummary, ThreadItem } from '../../shared/contract';
import { evaluate } from '../../electron/engine/scenarios/reply-matching';
import { parseScenario } from '../../electron/engine/scenarios/scenario-parser';
import { recordScenario } from '../../electron/engine/scenarios/scenario-recorder';

let clock = 0;
const agent = (text: string, senderName = 'Sandy', content: ThreadItem['content'] = []): ThreadItem => ({
  id: `a${++clock}`,
  from: 'agent',
  senderName,
  time: new Date(clock * 1000).toISOString(),
  text,
  content,
});
const system = (event: ThreadItem['event'], text: string): ThreadItem => ({ id: `s${++clock}`, from: 'system', time: new Date(clock * 1000).toISOString(), text, content: [], event });
const guest = (text: string, content: ThreadItem['content'] = []): ThreadItem => ({ id: `g${++clock}`, from: 'guest', senderName: 'Ada', time: new Date(clock * 1000).toISOString(), text, content, delivery: 'sent' });

describe('reply matching', () => {
  it('takes joins and leaves from lifecycle lines, or from a new voice without using up its message', () => {
    const log = [agent('hi'), system('agentLeft', 'Sandy left the conversation.'), system('agentJoined', 'Alex joined the conversation.'), agent('Alex here', 'Alex')];
    expect(evaluate({ kind: 'agentLeft', name: 'Sandy' }, { log, cursor: 1, state: 'live' })).toMatchObject({ status: 'passed', cursor: 2 });
    expect(evaluate({ kind: 'agentJoined', name: 'Alex' }, { log, cursor: 2, state: 'live' })).toMatchObject({ status: 'passed', cursor: 3 });
    const inferred = [agent('hi'), agent('Alex here', 'Alex')];
    expect(evaluate({ kind: 'agentLeft', name: 'Sandy' }, { log: inferred, cursor: 1, state: 'live' })).toMatchObject({ status: 'passed', cursor: 1 });
    expect(evaluate({ kind: 'agentJoined', name: 'Alex' }, { log: inferred, cursor: 1, state: 'live' })).toMatchObject({ status: 'passed', cursor: 1 });
    expect(evaluate({ kind: 'agentJoined', name: 'Sandy' }, { log: inferred, cursor: 1, state: 'live' })).toEqual({ status: 'waiting' });
  });

  it('counts a conversation the server forgot as ended: the agent has left it, and `ended` passes at that line', () => {
    const log = [agent('hi'), system('endedOnServer', 'This conversation has ended on the server; messages after 10:00 may be missing.'), guest('still there?')];
    expect(evaluate({ kind: 'agentLeft', name: 'Sandy' }, { log, cursor: 1, state: 'readOnly' })).toMatchObject({ status: 'passed', cursor: 2, actual: expect.stringContaining('ended on the server') });
    expect(evaluate({ kind: 'ended' }, { log, cursor: 1, state: 'readOnly' })).toMatchObject({ status: 'passed', cursor: 2 });
  });

  it('keeps arrival order for expectations in sequence and lets unordered groups take any order', () => {
    const log = [agent('Part 2'), agent('Part 1')];
    const first = evaluate({ kind: 'reply', matcher: { contains: 'Part 1' } }, { log, cursor: 0, state: 'live' });
    expect(first).toMatchObject({ status: 'passed', cursor: 2 });
    expect(evaluate({ kind: 'reply', matcher: { contains: 'Part 2' } }, { log, cursor: 2, state: 'live' })).toEqual({ status: 'waiting' });
    expect(evaluate({ kind: 'unordered', matchers: [{ contains: 'Part' }, { contains: 'Part 2' }] }, { log, cursor: 0, state: 'live' })).toMatchObject({
      status: 'passed',
      cursor: 2,
    });
    expect(evaluate({ kind: 'noReply', withinMs: 1000 }, { log, cursor: 1, state: 'live' })).toMatchObject({ status: 'failed' });
  });
});

describe('recording', () => {
  it('turns a thread into acts and expectations that parse back', () => {
    const conversation: ConversationSummary = {
      id: 'c1', profileId: 'sandbox', profileName: 'Sandbox', channel: 'openmessaging', personaName: 'Ada', state: 'readOnly', unread: 0, updatedAt: '', agentTyping: false,
    };
    const items = [
      system('started', 'Conversation started.'),
      guest('quick'),
      agent('Which do you prefer?', 'Sandy', [{ type: 'quickReplies', replies: [{ text: 'Tea', payload: 'T' }, { text: 'Coffee', payload: 'C' }] }]),
      guest('Coffee', [{ type: 'buttonResponse', text: 'Coffee', payload: 'C' }]),
      agent('Part 2'),
      agent('Part 1'),
      guest('', [{ type: 'attachment', attachment: { name: 'notes.txt', mime: 'text/plain', mediaType: 'File' } }]),
      agent('Here is a card.', 'Sandy', [{ type: 'card', card: { title: 'Plus', actions: [] } }]),
      guest('bye'),
      agent('Goodbye!\nSee you.'),
      system('readOnly', 'The agent ended the conversation. It is read-only now.'),
      system('startedNew', 'A new conversation started.'),
    ];
    const yaml = recordScenario(conversation, items, '2026-01-01');
    const parsed = parseScenario(yaml);
    expect(parsed.ok, yaml).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.scenario).toMatchObject({ profile: 'sandbox', channels: ['openmessaging'], persona: { name: 'Ada' } });
    expect(parsed.scenario.steps.map((step) => (step.type === 'act' ? step.act : step.type === 'expect' ? step.expectation : step))).toEqual([
      { kind: 'say', text: 'quick', attributes: {} },
      { kind: 'reply', matcher: { contains: 'Which do you prefer?', quickReplies: ['Tea', 'Coffee'] } },
      { kind: 'choose', label: 'Coffee' },
      { kind: 'unordered', matchers: [{ contains: 'Part 2' }, { contains: 'Part 1' }] },
      { kind: 'attachment', fileName: 'notes.txt', mime: 'text/plain', source: { content: '(notes.txt)' } },
      { kind: 'reply', matcher: { contains: 'Here is a card.', card: 'Plus' } },
      { kind: 'say', text: 'bye', attributes: {} },
      { kind: 'reply', matcher: { contains: 'Goodbye!' } },
      { kind: 'readOnly' },
      { kind: 'startNew' },
    ]);
  });
});
