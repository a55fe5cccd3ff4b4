// How a CLI run shows progress: on a terminal, one line per run redrawn in place (status, step, conversation);
// elsewhere (CI logs), one plain line when each run finishes. Both end with every failure in full and the
// totals. An `ai` or `judge` step gets a line of its own when it ends (why it stopped, messages, tokens), and the
// summary the tokens the AI spent. Names, ids and failures come from files, agents and the network: printed
// without control characters.
import type { AiTokens } from '../../../shared/ai-contract';
import type { ScenarioRunResult, ScenarioStepResult } from '../../../shared/scenario-contract';
import { describeTokens, totalsOf } from '../../engine/scenarios/scenario-reports';
import { printable, printableLine } from './terminal-text';

export interface Output {
  write(text: string): void;
  isTTY?: boolean;
  rows?: number;
}

const MARK: Record<ScenarioRunResult['status'], string> = { queued: '·', running: '…', passed: '✓', failed: '✗', error: '!' };
const WORD: Record<ScenarioRunResult['status'], string> = { queued: 'QUEUED', running: 'RUN', passed: 'PASS', failed: 'FAIL', error: 'ERROR' };

export interface ProgressDisplay {
  update(result: ScenarioRunResult): void;
  finish(results: readonly ScenarioRunResult[]): void;
}

export function progressDisplay(out: Output): ProgressDisplay {
  return out.isTTY ? terminalDisplay(out) : plainDisplay(out);
}

function titleOf(result: ScenarioRunResult): string {
  return printableLine(`${result.file} › ${result.scenario} [${result.channel}]`);
}

function idsOf(result: ScenarioRunResult): string {
  const ids = [result.conversationId ? `conversation ${result.conversationId}` : '', result.platformConversationId ? `platform ${result.platformConversationId}` : ''];
  return printableLine(ids.filter(Boolean).join(', '));
}

function seconds(ms: number | undefined): string {
  return `${((ms ?? 0) / 1000).toFixed(1)}s`;
}

/** One line for a finished `ai` or `judge` step: stopped how, after how many messages, at what cost. */
function aiStepLine(result: ScenarioRunResult, step: ScenarioStepResult): string {
  const ai = step.ai!;
  const sent = ai.turns.filter((turn) => turn.from === 'ai').length;
  const how = [
    ...(ai.stopReason ? [`stopped: ${ai.stopReason}`, `${sent} message${sent === 1 ? '' : 's'} sent`] : []),
    ...(ai.judge ? [`judge: ${ai.judge.met ? 'met' : 'not met'}`] : []),
    `${ai.tokens.total} tokens`,
  ];
  return printableLine(`AI    ${result.file} › ${result.scenario} [${result.channel}] line ${step.line} ${step.status}: ${how.join(', ')}`);
}

/** Prints each AI step's line once, when it has ended. */
function aiStepReporter(out: Output): (result: ScenarioRunResult) => void {
  const shown = new Set<string>();
  return (result) => {
    for (const step of result.steps) {
      const key = `${result.id}:${step.index}`;
      if (!step.ai || (step.status !== 'passed' && step.status !== 'failed') || shown.has(key)) continue;
      shown.add(key);
      out.write(`${aiStepLine(result, step)}\n`);
    }
  };
}

function plainDisplay(out: Output): ProgressDisplay {
  const reportAi = aiStepReporter(out);
  return {
    update(result) {
      reportAi(result);
      if (result.status === 'running' && result.conversationId && result.steps.every((step) => step.status === 'pending')) {
        out.write(`START ${titleOf(result)} (${idsOf(result)})\n`);
      }
      if (result.status !== 'passed' && result.status !== 'failed' && result.status !== 'error') return;
      out.write(`${WORD[result.status].padEnd(5)} ${titleOf(result)} in ${seconds(result.durationMs)} (${idsOf(result) || 'no conversation'})\n`);
    },
    finish(results) {
      summary(out, results);
    },
  };
}

function terminalDisplay(out: Output): ProgressDisplay {
  const runs = new Map<string, ScenarioRunResult>();
  let drawn = 0;
  const line = (result: ScenarioRunResult) => {
    const current = result.steps.find((step) => step.status === 'running');
    const done = result.steps.filter((step) => step.status === 'passed').length;
    const detail =
      result.status === 'running'
        ? `step ${done + 1}/${result.steps.length}${current ? ` ${printableLine(current.label)}` : ''}`
        : result.status === 'queued'
          ? 'waiting'
          : `${seconds(result.durationMs)} ${idsOf(result)}`;
    const text = `${MARK[result.status]} ${WORD[result.status].padEnd(5)} ${titleOf(result)}  ${detail}`;
    return text.length > 160 ? `${text.slice(0, 159)}…` : text;
  };
  const draw = () => {
    const all = [...runs.values()];
    const room = Math.max(3, (out.rows ?? 40) - 2);
    const finished = all.filter((result) => result.status !== 'queued' && result.status !== 'running');
    const shown = all.length <= room ? all : [...finished.slice(-(room - Math.min(room, all.length - finished.length) - 1)), ...all.filter((result) => !finished.includes(result))].slice(-room);
    const lines = shown.map(line);
    if (shown.length < all.length) lines.unshift(`  (${all.length - shown.length} more)`);
    out.write(`${drawn > 0 ? `\x1b[${drawn}A` : ''}${lines.map((text) => `\x1b[2K${text}\n`).join('')}`);
    drawn = lines.length;
  };
  return {
    update(result) {
      runs.set(result.id, result);
      draw();
    },
    finish(results) {
      // Redrawn lines have no room for them: the AI steps are listed once the runs are done.
      const reportAi = aiStepReporter(out);
      for (const result of results) reportAi(result);
      summary(out, results);
    },
  };
}

function summary(out: Output, results: readonly ScenarioRunResult[]): void {
  const failures = results.filter((result) => result.status !== 'passed');
  for (const result of failures) out.write(`\n${result.failure === undefined ? `${titleOf(result)} did not finish` : printable(result.failure)}\n`);
  const totals = totalsOf(results);
  out.write(`\nscenarios: ${totals.passed} passed, ${totals.failed} failed, ${totals.errors} could not run (${totals.total} runs)\n`);
  const spent = results.flatMap((result) => (result.aiTokens ? [result.aiTokens] : []));
  if (spent.length > 0) {
    const total = spent.reduce<AiTokens>((sum, tokens) => ({ prompt: sum.prompt + tokens.prompt, completion: sum.completion + tokens.completion, total: sum.total + tokens.total }), { prompt: 0, completion: 0, total: 0 });
    out.write(`AI tokens: ${describeTokens(total)}\n`);
  }
}
