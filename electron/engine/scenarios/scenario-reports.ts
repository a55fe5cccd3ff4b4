// Run results as files for CI: JUnit XML (one <testsuite> per scenario file, one <testcase> per scenario
// and channel; a failed expectation is a <failure>, a run that could not start an <error>) and JSON (the
// same results the console shows, with totals). An `ai` step's turns, stop reason and tokens, and a judge's
// verdict, are in both (the run's result holds them already redacted).
import type { AiTokens } from '../../../shared/ai-contract';
import type { ScenarioRunResult, ScenarioStepResult } from '../../../shared/scenario-contract';
import { describeParticipants } from './participant-expectation';

export interface RunTotals {
  total: number;
  passed: number;
  failed: number;
  errors: number;
}

export function totalsOf(results: readonly ScenarioRunResult[]): RunTotals {
  return {
    total: results.length,
    passed: results.filter((result) => result.status === 'passed').length,
    failed: results.filter((result) => result.status === 'failed').length,
    errors: results.filter((result) => result.status === 'error' || result.status === 'queued' || result.status === 'running').length,
  };
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
const secondsOf = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

/** A scenario file that could not be parsed: its problems as `file:line:column: message` lines. */
export interface InvalidScenarioFile {
  file: string;
  problems: readonly string[];
}

/**
 * Each testsuite carries its own timestamp: when its first run started (else `timestamp`, when the command
 * started). An invalid file is a testsuite of its own whose one testcase fails with the file's problems, so CI
 * shows a failure where it would otherwise find no report.
 */
export function junitReport(
  results: readonly ScenarioRunResult[],
  options: { name?: string; timestamp?: string; invalidFiles?: readonly InvalidScenarioFile[] } = {},
): string {
  const byFile = new Map<string, ScenarioRunResult[]>();
  for (const result of results) byFile.set(result.file, [...(byFile.get(result.file) ?? []), result]);
  const invalidFiles = options.invalidFiles ?? [];
  const totals = totalsOf(results);
  const time = (list: readonly ScenarioRunResult[]) => secondsOf(list.reduce((sum, result) => sum + (result.durationMs ?? 0), 0));
  const timestampOf = (list: readonly ScenarioRunResult[]) => {
    const started = list.flatMap((result) => (result.startedAt ? [result.startedAt] : [])).sort()[0] ?? options.timestamp;
    return started ? ` timestamp="${escapeXml(started)}"` : '';
  };
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(options.name ?? 'guest-console scenarios')}" tests="${totals.total + invalidFiles.length}" failures="${totals.failed + invalidFiles.length}" errors="${totals.errors}" time="${time(results)}">`,
  ];
  for (const { file, problems } of invalidFiles) {
    lines.push(
      `  <testsuite name="${escapeXml(file)}" tests="1" failures="1" errors="0" skipped="0" time="0.000"${timestampOf([])}>`,
      `    <testcase classname="${escapeXml(file)}" name="${escapeXml(`${file} [invalid scenario file]`)}" time="0.000">`,
      `      <failure message="${escapeXml(`${problems.length} problem(s); nothing ran. First: ${problems[0] ?? 'unreadable'}`)}" type="InvalidScenario">${escapeXml(problems.join('\n'))}</failure>`,
      '    </testcase>',
      '  </testsuite>',
    );
  }
  for (const [file, list] of byFile) {
    const fileTotals = totalsOf(list);
    lines.push(
      `  <testsuite name="${escapeXml(file)}" tests="${fileTotals.total}" failures="${fileTotals.failed}" errors="${fileTotals.errors}" skipped="0" time="${time(list)}"${timestampOf(list)}>`,
    );
    for (const result of list) {
      lines.push(`    <testcase classname="${escapeXml(file)}" name="${escapeXml(`${result.scenario} [${result.channel}]`)}" time="${secondsOf(result.durationMs)}">`);
      if (result.status === 'failed') {
        const first = result.failure?.split('\n')[0] ?? 'failed';
        lines.push(`      <failure message="${escapeXml(first)}" type="ExpectationFailed">${escapeXml(result.failure ?? '')}</failure>`);
      } else if (result.status !== 'passed') {
        lines.push(`      <error message="${escapeXml(result.failure ?? 'did not finish')}" type="CouldNotRun">${escapeXml(result.failure ?? '')}</error>`);
      }
      lines.push(`      <system-out>${escapeXml(transcriptOf(result))}</system-out>`, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

export function jsonReport(results: readonly ScenarioRunResult[], options: { startedAt?: string } = {}): string {
  return `${JSON.stringify({ tool: 'guest-console', ...(options.startedAt ? { startedAt: options.startedAt } : {}), totals: totalsOf(results), runs: results }, null, 2)}\n`;
}

/** The steps of a run as plain lines, with the conversation ids to look it up. */
export function transcriptOf(result: ScenarioRunResult): string {
  return [
    `profile: ${result.profileName}; channel: ${result.channel}`,
    `conversation: ${result.conversationId ?? '(not started)'}; platform conversation id: ${result.platformConversationId ?? '(not reported)'}`,
    ...result.steps.flatMap((step) => [`${step.status.padEnd(7)} line ${step.line}: ${step.label}${step.actual ? ` → ${step.actual.split('\n').join(' / ')}` : ''}`, ...aiLines(step)]),
    ...(result.participants ? [`participant data at the end: ${describeParticipants(result.participants)}`] : []),
    ...(result.aiTokens ? [`AI tokens: ${describeTokens(result.aiTokens)}`] : []),
  ].join('\n');
}

/** An AI step's conversation and outcome, indented under its step line. */
function aiLines(step: ScenarioStepResult): string[] {
  const { ai } = step;
  if (!ai) return [];
  const indent = '        ';
  return [
    ...ai.turns.map((turn) => `${indent}${turn.from === 'ai' ? 'AI:   ' : 'agent:'} ${turn.text.split('\n').join(' / ')}`),
    ...(ai.stopReason ? [`${indent}stopped: ${ai.stopReason}${ai.detail ? ` (${ai.detail.split('\n').join(' / ')})` : ''}`] : []),
    ...(ai.judge ? [`${indent}judge: ${ai.judge.met ? 'met' : 'NOT met'}: ${ai.judge.reasoning.split('\n').join(' / ')}`] : []),
    `${indent}tokens: ${describeTokens(ai.tokens)}`,
  ];
}

export function describeTokens(tokens: AiTokens): string {
  return `${tokens.total} (prompt ${tokens.prompt}, completion ${tokens.completion})`;
}
