// Scripted agents: the YAML format's validation (errors name the file and path), the shipped scripts,
// and the runtime playing actions on a fake clock (typing then reply, queueing, templates, disconnect).
import { describe, expect, it } from 'vitest';
import { loadAgentCatalog, describeProblem } from '../../../electron/sandbox/agents/script-catalog';
import { PACE_RANGES, type LatencyProfile } from '../../../electron/sandbox/agents/reply-pace';
import { createScriptedAgent } from '../../../electron/sandbox/agents/scripted-agent';
import { RosterProgressSchema } from '../../../electron/sandbox/conversation-records';
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

function play(yaml: string, pace?: { pace: LatencyProfile; random: () => number }) {
  const loaded = loadAgentCatalog({ inline: { t: yaml } });
  if (!loaded.ok) throw new Error(loaded.problems.map(describeProblem).join('\n'));
  const clock = createFakeClock();
  const outputs: AgentOutput[] = [];
  const stage = { emit: (o: AgentOutput) => outputs.push(o), transfer: () => undefined, setParticipantData: () => undefined, route: () => undefined, disconnect: () => outputs.push({ kind: 'event', id: 'x', time: '', events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }] }) };
  let n = 0;
  const agent = createScriptedAgent({ script: loaded.catalog.get('t')!, clock, newHexId: () => String(++n).padStart(32, '0'), publishFile: () => ({ id: 'f', url: 'u' }), stage, ...pace });
  const texts = () => outputs.map((o) => (o.kind === 'message' ? o.text : `[${o.events[0]?.eventType}${o.events[0]?.typing ? ` ${o.events[0].typing.type}` : ''}]`));
  return { agent, clock, outputs, texts };
}

describe('agent script validation', () => {
  it('loads the shipped scripts', () => {
    const loaded = loadAgentCatalog({ dir: DEFAULT_SCRIPTS_DIR });
    expect(loaded.ok && [...loaded.catalog.keys()].sort()).toEqual(['bot-flow', 'default', 'echo', 'operator']);
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
    expect(texts()).toEqual(['[Typing On]']);
    clock.advance(499);
    expect(texts()).toEqual(['[Typing On]']);
    clock.advance(1);
    expect(texts()).toEqual(['[Typing On]', '[Typing Off]', 'helping please help']);
  });

  it('says Typing Off when the typing time is up, also when nothing follows it', () => {
    const { agent, clock, outputs, texts } = play('fallback: [{ typing: 800 }]\n');
    agent.handle(message('hm'), {});
    clock.advance(799);
    expect(texts()).toEqual(['[Typing On]']);
    clock.advance(1);
    expect(texts()).toEqual(['[Typing On]', '[Typing Off]']);
    expect(outputs.map((o) => (o.kind === 'event' ? o.events[0]?.typing : undefined))).toEqual([
      { type: 'On', duration: 800 },
      { type: 'Off', duration: 1000 },
    ]);
  });

  it('answers at the pace of its latency profile: instant at once, bot after 300-800 ms, human typing first', () => {
    const script = 'fallback: [{ say: "re: {{text}}" }]\n';
    const instant = play(script, { pace: 'instant', random: () => 0.5 });
    instant.agent.handle(message('a'), {});
    expect(instant.texts()).toEqual(['re: a']);

    for (const [random, due] of [[0, PACE_RANGES.bot.waitMs[0]], [1, PACE_RANGES.bot.waitMs[1]], [0.5, 550]] as const) {
      const bot = play(script, { pace: 'bot', random: () => random });
      bot.agent.handle(message('b'), {});
      bot.clock.advance(due - 1);
      expect(bot.texts()).toEqual([]);
      bot.clock.advance(1);
      expect(bot.texts()).toEqual(['re: b']);
    }

    const human = play(script, { pace: 'human', random: () => 0 });
    human.agent.handle(message('c'), {});
    human.clock.advance(PACE_RANGES.human.readMs[0]);
    expect(human.texts()).toEqual(['[Typing On]']);
    human.clock.advance(PACE_RANGES.human.typingMs[0] - 1);
    expect(human.texts()).toEqual(['[Typing On]']);
    human.clock.advance(1);
    expect(human.texts()).toEqual(['[Typing On]', '[Typing Off]', 're: c']);
  });

  it('keeps a human reply\'s own typing instead of adding one, and draws each reply\'s delay anew (jitter)', () => {
    const draws = [0, 1];
    const { agent, clock, texts } = play('fallback: [{ typing: 100 }, { say: "ok" }]\n', { pace: 'human', random: () => draws.shift() ?? 0 });
    agent.handle(message('x'), {});
    clock.advance(PACE_RANGES.human.readMs[0]);
    expect(texts()).toEqual(['[Typing On]']);
    clock.advance(100);
    expect(texts()).toEqual(['[Typing On]', '[Typing Off]', 'ok']);
    agent.handle(message('y'), {});
    clock.advance(PACE_RANGES.human.readMs[1] - 1);
    expect(texts()).toHaveLength(3);
    clock.advance(1);
    expect(texts()).toHaveLength(4);
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

describe('a question asked by quick reply (ask)', () => {
  const FLOW = `
rules:
  - when: { text: start }
    do: [{ ask: { text: Pick, replies: [{ text: Tea, payload: TEA }, { text: Coffee, payload: COFFEE }], retries: 2, retry: Again please, giveUp: HELP } }]
  - when: { payload: TEA }
    do: [{ say: "tea it is" }]
  - when: { payload: HELP }
    do: [{ say: "getting a human" }]
  - when: { any: true }
    do: [{ say: "rule for {{text}}" }]
`;

  it('takes a pressed or typed reply, asks again twice on anything else, then gives up to the rules', () => {
    const { agent, texts } = play(FLOW);
    agent.handle(message('start'), {});
    agent.handle(message('Tea', 'TEA'), {});
    agent.handle(message('start'), {});
    agent.handle(message('  tea '), {});
    expect(texts()).toEqual(['Pick', 'tea it is', 'Pick', 'tea it is']);

    agent.handle(message('start'), {});
    agent.handle(message('beer'), {});
    agent.handle(message('wine'), {});
    agent.handle(message('water'), {});
    expect(texts().slice(4)).toEqual(['Pick', 'Again please', 'Pick', 'Again please', 'Pick', 'getting a human']);
    agent.handle(message('hello'), {});
    expect(texts().at(-1)).toBe('rule for hello');
  });

  it('keeps the open question and its failed answers in its progress, and carries on from them', () => {
    const first = play(FLOW);
    first.agent.handle(message('start'), {});
    first.agent.handle(message('beer'), {});
    const progress = JSON.parse(JSON.stringify(first.agent.progress())) as ReturnType<typeof first.agent.progress>;
    expect(progress.asking).toMatchObject({ failed: 1, question: { text: 'Pick', giveUp: 'HELP' } });
    expect(RosterProgressSchema.safeParse({ opened: true, holder: { participantId: 'p', isBot: true, agent: progress } }).success).toBe(true);

    const loaded = loadAgentCatalog({ inline: { t: FLOW } });
    if (!loaded.ok) throw new Error('script');
    const outputs: AgentOutput[] = [];
    const again = createScriptedAgent({
      script: loaded.catalog.get('t')!,
      clock: createFakeClock(),
      newHexId: () => '0'.repeat(32),
      publishFile: () => ({ id: 'f', url: 'u' }),
      stage: { emit: (o) => outputs.push(o), transfer: () => undefined, setParticipantData: () => undefined, route: () => undefined, disconnect: () => undefined },
      resume: progress,
    });
    again.handle(message('wine'), {});
    again.handle(message('water'), {});
    expect(outputs.map((o) => (o.kind === 'message' ? o.text : ''))).toEqual(['Again please', 'Pick', 'getting a human']);
  });
});
