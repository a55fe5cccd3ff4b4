// The CLI's progress with AI steps: a line for each `ai` or `judge` step once it has ended (at once in CI logs;
// after the runs on a terminal, whose lines are redrawn in place), printed once however often the run is
// updated, and the AI's tokens summed over every run in the summary.
import { describe, expect, it } from 'vitest';
import type { ScenarioRunResult } from '../../shared/scenario-contract';
import { progressDisplay } from '../../electron/host/cli/progress-display';

function run(id: string, status: ScenarioRunResult['status'], aiStatus: 'running' | 'passed' | 'failed'): ScenarioRunResult {
  return {
    id,
    file: 'ai.yaml',
    scenario: `AI ${id}`,
    channel: 'webmessaging',
    profileName: 'Sandbox',
    status,
    steps: [
      { index: 0, line: 3, kind: 'act', label: 'say "hi"', status: 'passed' },
      {
        index: 1,
        line: 4,
        kind: 'ai',
        label: 'ai "Find my order"',
        status: aiStatus,
        ai: {
          turns: [
            { from: 'ai', text: 'Order status' },
            { from: 'agent', text: 'It arrives tomorrow.' },
            { from: 'ai', text: 'Thanks' },
          ],
          ...(aiStatus === 'running' ? {} : { stopReason: aiStatus === 'passed' ? ('goal' as const) : ('maxTurns' as const) }),
          tokens: { prompt: 100, completion: 20, total: 120 },
        },
      },
      { index: 2, line: 5, kind: 'judge', label: 'judge "polite"', status: aiStatus === 'running' ? 'pending' : 'passed', ...(aiStatus === 'running' ? {} : { ai: { turns: [], tokens: { prompt: 40, completion: 5, total: 45 }, judge: { criterion: 'polite', met: true, reasoning: 'It was.' } } }) },
    ],
    ...(status === 'passed' || status === 'failed' ? { aiTokens: { prompt: 140, completion: 25, total: 165 }, durationMs: 1000 } : {}),
  };
}

describe('CLI progress with AI steps', () => {
  it('in CI logs: one line per AI step when it ends, once, and the tokens of all runs in the summary', () => {
    let out = '';
    const display = progressDisplay({ write: (text) => void (out += text) });
    display.update(run('a', 'running', 'running'));
    expect(out).not.toContain('AI    ');
    display.update(run('a', 'running', 'passed'));
    display.update(run('a', 'passed', 'passed'));
    display.update(run('b', 'failed', 'failed'));
    display.finish([run('a', 'passed', 'passed'), run('b', 'failed', 'failed')]);
    const lines = out.split('\n').filter((line) => line.startsWith('AI'));
    expect(lines).toEqual([
      'AI    ai.yaml › AI a [webmessaging] line 4 passed: stopped: goal, 2 messages sent, 120 tokens',
      'AI    ai.yaml › AI a [webmessaging] line 5 passed: judge: met, 45 tokens',
      'AI    ai.yaml › AI b [webmessaging] line 4 failed: stopped: maxTurns, 2 messages sent, 120 tokens',
      'AI    ai.yaml › AI b [webmessaging] line 5 passed: judge: met, 45 tokens',
      'AI tokens: 330 (prompt 280, completion 50)',
    ]);
  });

  it('on a terminal: the AI steps after the redrawn run lines, then the summary', () => {
    let out = '';
    const display = progressDisplay({ write: (text) => void (out += text), isTTY: true, rows: 30 });
    display.update(run('a', 'running', 'passed'));
    expect(out).not.toContain('AI    ');
    display.finish([run('a', 'passed', 'passed')]);
    const tail = out.slice(out.lastIndexOf('\x1b[2K'));
    expect(tail).toContain('AI    ai.yaml › AI a [webmessaging] line 4 passed: stopped: goal, 2 messages sent, 120 tokens\n');
    expect(tail).toMatch(/scenarios: 1 passed, 0 failed, 0 could not run \(1 runs\)\nAI tokens: 165 \(prompt 140, completion 25\)\n$/);
  });
});
