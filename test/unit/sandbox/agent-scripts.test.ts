// Scripted agents: the YAML format's validation (errors name the file and path), the shipped scripts,
// and the runtime playing actions on a fake clock (typing then reply, queueing, templates, disconnect).
import { describe, expect, it } from 'vitest';
import { loadAgentCatalog, describeProblem } from '../../../electron/sandbox/agents/script-catalog';
import { createScriptedAgent } from '../../../electron/sandbox/agents/scripted-agent';
import type { AgentOutput, CustomerInput } from '../../../electron/sandbox/conversation-hub';
import { DEFAULT_SCRIPTS_DIR } from '../../../electron/sandbox';
import { createFakeClock } from '../../integration/sandbox/openmessaging-harness';

const message = (text: string, payload?: string): CustomerInput => ({
  kind: 'message',
  id: 'm',
  time: '2026-01-01T00:00:00.000Z',
  text,
  content: payload ? [{ contentType: 'ButtonResponse', buttonResponse: { text, payload, type: 'QuickReply' } }] : [],
  customAttributes: {},
});

function play(yaml: string) {
  const loaded = loadAgentCatalog({ inline: { t: yaml } });
  if (!loaded.ok) throw new Error(loaded.problems.map(describeProblem).join('\n'));
  const clock = createFakeClock();
  const outputs: AgentOutput[] = [];
  const stage = { emit: (o: AgentOutput) => outputs.push(o), transfer: () => undefined, disconnect: () => outputs.push({ kind: 'event', id: 'x', time: '', events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }] }) };
  let n = 0;
  const agent = createScriptedAgent({ script: loaded.catalog.get('t')!, clock, newHexId: () => String(++n).padStart(32, '0'), publishFile: () => ({ id: 'f', url: 'u' }), stage });
  const texts = () => outputs.map((o) => (o.kind === 'message' ? o.text : `[${o.events[0]?.eventType}]`));
  return { agent, clock, outputs, texts };
}

describe('agent script validation', () => {
  it('loads the shipped scripts', () => {
    const loaded = loadAgentCatalog({ dir: DEFAULT_SCRIPTS_DIR });
    expect(loaded.ok && [...loaded.catalog.keys()].sort()).toEqual(['default', 'echo', 'operator']);
  });

  it('reports each problem with its source and path', () => {
    const loaded = loadAgentCatalog({
      inline: { bad: 'persona: { name: X, originatingEntity: Robot }\nrules:\n  - when: { regex: "(" }\n    do: [{ say: hi, wait: 1 }]\n  - when: {}\n    do: [{ card: { title: T, actions: [{ text: B }] } }]\n' },
    });
    expect(loaded.ok).toBe(false);
    const problems = loaded.ok ? [] : loaded.problems.map(describeProblem);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^inline:bad at persona\.originatingEntity: /),
        'inline:bad at rules.0.when.regex: not a valid regular expression',
        expect.stringMatching(/^inline:bad at rules\.0\.do\.0: an action has exactly one key/),
        'inline:bad at rules.1.when: a trigger needs at least one condition',
        expect.stringMatching(/^inline:bad at rules\.1\.do\.0\.card\.actions\.0: a card button has either a payload/),
      ]),
    );
  });

  it('reports YAML syntax errors and missing attachment files', () => {
    const syntax = loadAgentCatalog({ inline: { s: 'rules: [' } });
    expect(!syntax.ok && syntax.problems[0]?.message).toMatch(/^not valid YAML/);
    const missing = loadAgentCatalog({ inline: { m: { fallback: [{ attachment: { filename: 'a.pdf', mime: 'application/pdf', file: 'nope/a.pdf' } }] } } });
    expect(!missing.ok && describeProblem(missing.problems[0]!)).toMatch(/^inline:m at fallback\.0\.attachment\.file: file not found/);
  });
});

describe('scripted agent runtime', () => {
  it('shows typing, waits on the clock, then replies; the first matching rule wins', () => {
    const { agent, clock, texts } = play('rules:\n  - when: { contains: help }\n    do: [{ typing: 500 }, { say: "helping {{text}}" }]\n  - when: { any: true }\n    do: [{ say: never }]\n');
    agent.handle(message('please help'), {});
    expect(texts()).toEqual(['[Typing]']);
    clock.advance(499);
    expect(texts()).toEqual(['[Typing]']);
    clock.advance(1);
    expect(texts()).toEqual(['[Typing]', 'helping please help']);
  });

  it('queues a second input until the first reply has played', () => {
    const { agent, clock, texts } = play('fallback: [{ wait: 1000 }, { say: "re: {{text}}" }]\n');
    agent.handle(message('a'), {});
    agent.handle(message('b'), {});
    clock.advance(1000);
    expect(texts()).toEqual(['re: a']);
    clock.advance(1000);
    expect(texts()).toEqual(['re: a', 're: b']);
  });

  it('fills regex groups, payloads and custom attributes', () => {
    const { agent, texts } = play(
      'rules:\n  - when: { regex: "^order (\\\\d+)$" }\n    do: [{ say: "order {{match.1}} for {{attr.name}}" }]\n  - when: { payload: P1 }\n    do: [{ say: "payload {{payload}}" }]\n',
    );
    agent.handle(message('order 42'), { name: 'Kim' });
    agent.handle(message('Yes', 'P1'), {});
    expect(texts()).toEqual(['order 42 for Kim', 'payload P1']);
  });

  it('backdates an out-of-order reply and stops after disconnect', () => {
    const { agent, outputs, texts } = play('rules:\n  - when: { text: go }\n    do: [{ say: b }, { say: { text: a, backdateMs: 1000 } }, { disconnect: true }, { say: never }]\n');
    agent.handle(message('go'), {});
    agent.handle(message('go'), {});
    expect(texts()).toEqual(['b', 'a', '[Presence]']);
    const [b, a] = outputs;
    expect(Date.parse(a!.time)).toBe(Date.parse(b!.time) - 1000);
  });
});
