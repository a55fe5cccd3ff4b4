// The scenario format: valid files become steps with their lines; invalid ones get every problem with a
// line and column (syntax, shape, meaning), and the committed JSON Schema matches the zod schema.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioEnvironment } from '../../electron/engine/scenarios/scenario-environment';
import { parseScenario } from '../../electron/engine/scenarios/scenario-parser';
import { SCHEMA_FILE, schemaText } from '../../scripts/scenario-schema';

const problemsOf = (text: string, env: Record<string, string> = {}) => {
  const result = parseScenario(text, { environment: scenarioEnvironment(env), baseDirectory: __dirname });
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`);
};

describe('scenario files', () => {
  it('turn every step and expectation kind into steps with their lines', () => {
    const result = parseScenario(
      [
        'name: All kinds',
        'channel: [webmessaging, openmessaging]',
        'timeout: 4s',
        'steps:',
        '  - say: { text: hello, attributes: { tier: gold } }',
        '  - expect: { matches: "/order (?<id>\\\\d+)/i", timeout: 500ms }',
        '  - choose: ${id}',
        '  - attachment: { name: a.txt, content: hi }',
        '  - typing: on',
        '  - attributes: { topic: x }',
        '  - wait: 1.5s',
        '  - reconnect: { offline: 1s }',
        '  - startNew: true',
        '  - close: true',
        '  - expect: { anyOf: [{ equals: a }, { card: B }] }',
        '  - expect: { unordered: [{ quickReplies: Tea }, { carousel: [S, M] }] }',
        '  - expect: { agentJoined: Alex }',
        '  - expect: { agentLeft: true }',
        '  - expect: { ended: true }',
        '  - expect: { readOnly: true }',
        '  - expect: { noReply: 2s }',
        '  - expect: { attachment: { name: a.txt, type: text/plain }, buttons: [Buy], from: Sandy, contains: x }',
      ].join('\n'),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { scenario } = result;
    expect(scenario.channels).toEqual(['webmessaging', 'openmessaging']);
    expect(scenario.timeoutMs).toBe(4000);
    expect(scenario.steps.map((step) => step.line)).toEqual(Array.from({ length: 18 }, (_, index) => index + 5));
    expect(scenario.steps[1]).toMatchObject({ type: 'expect', timeoutMs: 500, expectation: { kind: 'reply', matcher: { matches: { source: 'order (?<id>\\d+)', flags: 'i' } } } });
    expect(scenario.steps[6]).toMatchObject({ type: 'act', act: { kind: 'wait', ms: 1500 } });
    expect(scenario.steps[16]).toMatchObject({ type: 'expect', expectation: { kind: 'noReply', withinMs: 2000 } });
  });

  it('report syntax errors with their line', () => {
    expect(problemsOf('name: x\nsteps:\n  - say: hi\nname: y\n')).toEqual([expect.stringMatching(/^4:1 Map keys must be unique/)]);
    expect(problemsOf('name: x\nsteps:\n  - say: a: b\n')[0]).toMatch(/^3:\d+ /);
  });

  it('report shape problems at the key or value, one per problem, with suggestions', () => {
    const problems = problemsOf(
      ['name: Bad', 'chanel: webmessaging', 'steps:', '  - say: 3', '  - sya: hi', '  - expect: { contians: x }', '  - wait: soon'].join('\n'),
    );
    expect(problems).toEqual([
      '2:1 unknown key `chanel` (did you mean `channel`?)',
      '4:10 the text to send, or { text, attributes }',
      expect.stringMatching(/^5:5 a step has exactly one of the keys say, choose, .*; found sya$/),
      '6:15 unknown key `contians` (did you mean `contains`?)',
      '7:11 a duration like 500ms, 2s or 1m (or a number of milliseconds)',
    ]);
  });

  it('report what zod cannot see: lone kinds, variables, regular expressions, files', () => {
    const problems = problemsOf(
      [
        'name: Bad',
        'steps:',
        '  - expect: { noReply: 2s, contains: x }',
        '  - say: "${nothing} ${env.GUEST_CONSOLE_VAR_NOT_SET_HERE}"',
        '  - expect: { matches: "(" }',
        '  - attachment: { file: missing.txt }',
        '  - expect: {}',
      ].join('\n'),
    );
    expect(problems).toEqual([
      '3:15 `noReply` stands alone in an expectation; found it with contains (use a separate step)',
      expect.stringMatching(/^4:10 `\$\{nothing\}` is not captured by an earlier `matches`/),
      '4:10 the environment variable GUEST_CONSOLE_VAR_NOT_SET_HERE is not set; set it before running',
      expect.stringMatching(/^5:15 not a regular expression this console can run \(missing closing \)/),
      expect.stringMatching(/^6:19 the file missing.txt was not found next to the scenario/),
      expect.stringMatching(/^7:13 an expectation needs a condition/),
    ]);
  });

  it('ship a JSON Schema that is current (run npm run scenarios:schema after changing the format)', () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
  });
});
