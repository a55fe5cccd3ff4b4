// The `ai` and `judge` steps of the scenario format: valid ones become steps with their lines and defaults (a
// file with AI steps parses without any model configured); problems get their line and column like every other
// step's — unknown keys with suggestions, wrong types, an `until` without a condition, variables nobody captures.
// And the words a run shows for them: labels, and the JUnit transcript lines of an AI step.
import { describe, expect, it } from 'vitest';
import type { ScenarioRunResult } from '../../shared/scenario-contract';
import { scenarioEnvironment } from '../../electron/engine/scenarios/scenario-environment';
import { parseScenario } from '../../electron/engine/scenarios/scenario-parser';
import { transcriptOf } from '../../electron/engine/scenarios/scenario-reports';
import { labelOf } from '../../electron/engine/scenarios/scenario-runner';

const environment = scenarioEnvironment({ GUEST_CONSOLE_VAR_ORDER: '1042' });

function parsed(text: string) {
  const result = parseScenario(text, { environment });
  if (!result.ok) throw new Error(result.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`).join('\n'));
  return result.scenario;
}

const problemsOf = (text: string) => {
  const result = parseScenario(text, { environment });
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`);
};

describe('ai and judge steps', () => {
  it('become steps with their lines, defaults and persona choice, between scripted steps', () => {
    const scenario = parsed(
      [
        'name: Mixed',
        'steps:',
        '  - say: hi',
        '  - ai: { goal: "Find order ${env.GUEST_CONSOLE_VAR_ORDER}" }',
        '  - ai:',
        '      goal: Get a refund',
        '      persona: Polite Pat',
        '      maxTurns: 3',
        '      timeLimit: 90s',
        '      budget: 5000',
        '      until: { matches: "refund (?<ref>R-\\\\d+)", from: Flo }',
        '      judge: The agent offered a refund.',
        '  - ai: { goal: Say thanks, persona: { name: Kim, tone: curt, language: de, facts: "Order ${ref}" } }',
        '  - judge: The customer got a reference ${ref}.',
        '  - expect: { contains: "${ref}" }',
      ].join('\n'),
    );
    expect(scenario.steps.map((step) => [step.line, step.type])).toEqual([
      [3, 'act'],
      [4, 'ai'],
      [5, 'ai'],
      [13, 'ai'],
      [14, 'judge'],
      [15, 'expect'],
    ]);
    expect(scenario.steps[1]).toEqual({ line: 4, type: 'ai', ai: { goal: 'Find order ${env.GUEST_CONSOLE_VAR_ORDER}', maxTurns: 8, timeLimitMs: 300_000 } });
    expect(scenario.steps[2]).toEqual({
      line: 5,
      type: 'ai',
      ai: {
        goal: 'Get a refund',
        persona: { saved: 'Polite Pat' },
        maxTurns: 3,
        timeLimitMs: 90_000,
        budget: 5000,
        until: { matches: { source: 'refund (?<ref>R-\\d+)', flags: '', groups: ['ref'] }, from: 'Flo' },
        judge: 'The agent offered a refund.',
      },
    });
    expect(scenario.steps[3]).toMatchObject({ ai: { persona: { name: 'Kim', tone: 'curt', language: 'de', facts: 'Order ${ref}' } } });
    expect(scenario.steps[4]).toEqual({ line: 14, type: 'judge', criterion: 'The customer got a reference ${ref}.' });
    expect(scenario.steps.map(labelOf).slice(1, 5)).toEqual([
      'ai "Find order ${env.GUEST_CONSOLE_VAR_ORDER}"',
      'ai as Polite Pat "Get a refund" until a reply matching /refund (?<ref>R-\\d+)/ and from Flo, judged on "The agent offered a refund."',
      'ai as Kim "Say thanks"',
      'judge "The customer got a reference ${ref}."',
    ]);
  });

  it('report shape problems with their line and column: unknown keys with suggestions, missing goal, types, limits', () => {
    expect(
      problemsOf(
        [
          'name: Bad',
          'steps:',
          '  - ai: { goal: x, maxTurn: 3 }',
          '  - ai: { persona: Pat }',
          '  - ai: { goal: x, maxTurns: 51, timeLimit: soon }',
          '  - ai: { goal: x, until: { contians: y } }',
          '  - ai: { goal: x, persona: { name: Kim, mood: angry } }',
          '  - judge: 3',
          '  - judge: ""',
          '  - ai: Find my order',
        ].join('\n'),
      ),
    ).toEqual([
      '3:20 unknown key `maxTurn` (did you mean `maxTurns`?)',
      '4:9 `goal` is required',
      '5:30 Too big: expected number to be <=50',
      '5:45 a duration like 500ms, 2s or 1m (or a number of milliseconds)',
      '6:29 unknown key `contians` (did you mean `contains`?)',
      '7:42 unknown key `mood`',
      '8:12 Invalid input: expected string, received number',
      '9:12 Too small: expected string to have >=1 characters',
      '10:9 Invalid input: expected object, received string',
    ]);
  });

  it('report what the shape cannot show: an until without a condition, variables nobody captured, patterns RE2 refuses', () => {
    expect(
      problemsOf(
        [
          'name: Bad',
          'steps:',
          '  - ai: { goal: x, until: {} }',
          '  - ai: { goal: "ask about ${order}", judge: "${ticket} was given" }',
          '  - ai: { goal: x, until: { matches: "(?=x)" } }',
          '  - judge: "${env.HOME} is fine"',
        ].join('\n'),
      ),
    ).toEqual([
      '3:27 `until` needs a reply condition: equals, contains, matches, from, quickReplies, buttons, card, carousel, attachment',
      expect.stringMatching(/^4:17 `\$\{order\}` is not captured by an earlier `matches`/),
      expect.stringMatching(/^4:46 `\$\{ticket\}` is not captured by an earlier `matches`/),
      expect.stringMatching(/^5:29 not a regular expression .*no lookaround/),
      expect.stringMatching(/^6:12 `\$\{env.HOME\}` is not a scenario variable/),
    ]);
  });

  it('show the AI turns, why it stopped, the verdict and the tokens in the JUnit transcript', () => {
    const result: ScenarioRunResult = {
      id: 'r1',
      file: 'a.yaml',
      scenario: 'A',
      channel: 'webmessaging',
      profileName: 'Sandbox',
      status: 'passed',
      steps: [
        {
          index: 0,
          line: 3,
          kind: 'ai',
          label: 'ai "Find my order"',
          status: 'passed',
          actual: 'the AI customer reached its goal: it arrives tomorrow',
          ai: {
            turns: [
              { from: 'ai', text: 'Where is order 1042?' },
              { from: 'agent', text: 'It arrives\ntomorrow.' },
            ],
            stopReason: 'goal',
            detail: 'it arrives tomorrow',
            tokens: { prompt: 90, completion: 10, total: 100 },
            judge: { criterion: 'Polite', met: true, reasoning: 'It was.' },
          },
        },
      ],
      aiTokens: { prompt: 90, completion: 10, total: 100 },
    };
    expect(transcriptOf(result).split('\n').slice(2)).toEqual([
      'passed  line 3: ai "Find my order" → the AI customer reached its goal: it arrives tomorrow',
      '        AI:    Where is order 1042?',
      '        agent: It arrives / tomorrow.',
      '        stopped: goal (it arrives tomorrow)',
      '        judge: met: It was.',
      '        tokens: 100 (prompt 90, completion 10)',
      'AI tokens: 100 (prompt 90, completion 10)',
    ]);
  });
});
