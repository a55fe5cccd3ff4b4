// Run results as files for CI: JUnit XML (one <testsuite> per scenario file, one <testcase> per scenario
// and channel; a failed expectation is a <failure>, a run that could not start an <error>) and JSON (the
// same results the console shows, with totals).
import type { ScenarioRunResult } from '../../../shared/scenario-contract';

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

export function junitReport(results: readonly ScenarioRunResult[], options: { name?: string; timestamp?: string } = {}): string {
  const byFile = new Map<string, ScenarioRunResult[]>();
  for (const result of results) byFile.set(result.file, [...(byFile.get(result.file) ?? []), result]);
  const totals = totalsOf(results);
  const time = (list: readonly ScenarioRunResult[]) => secondsOf(list.reduce((sum, result) => sum + (result.durationMs ?? 0), 0));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(options.name ?? 'guest-console scenarios')}" tests="${totals.total}" failures="${totals.failed}" errors="${totals.errors}" time="${time(results)}">`,
  ];
  for (const [file, list] of byFile) {
    const fileTotals = totalsOf(list);
    lines.push(
      `  <testsuite name="${escapeXml(file)}" tests="${fileTotals.total}" failures="${fileTotals.failed}" errors="${fileTotals.errors}" skipped="0" time="${time(list)}"${options.timestamp ? ` timestamp="${escapeXml(options.timestamp)}"` : ''}>`,
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
    ...result.steps.map((step) => `${step.status.padEnd(7)} line ${step.line}: ${step.label}${step.actual ? ` → ${step.actual.split('\n').join(' / ')}` : ''}`),
  ].join('\n');
}
