// The steps of one run as they pass or fail: a mark, the line in the file, the step in words, and for
// expectations what was expected beside what actually arrived.
import type { ScenarioStepResult } from '../../../shared/scenario-contract';

const MARK: Record<ScenarioStepResult['status'], string> = { pending: '○', running: '…', passed: '✓', failed: '✗', skipped: '–' };
const WORD: Record<ScenarioStepResult['status'], string> = { pending: 'Pending', running: 'Running', passed: 'Passed', failed: 'Failed', skipped: 'Skipped' };

export function RunSteps({ steps }: { steps: ScenarioStepResult[] }) {
  return (
    <ol className="run-steps" aria-label="Steps">
      {steps.map((step) => (
        <li key={step.index} className={`run-step run-step-${step.status}`} aria-label={`Step ${step.index + 1}: ${WORD[step.status]}`}>
          <span className="run-step-mark" aria-hidden="true">
            {MARK[step.status]}
          </span>
          <span className="run-step-line">line {step.line}</span>
          <span className="run-step-label">{step.label}</span>
          {step.kind === 'expect' && (step.actual !== undefined || step.status === 'failed') && (
            <div className="run-step-compare">
              <div>
                <span className="run-step-heading">Expected</span>
                <p>{step.expected ?? step.label.replace(/^expect /, '')}</p>
              </div>
              <div>
                <span className="run-step-heading">Actual</span>
                <p>{step.actual ?? '—'}</p>
              </div>
            </div>
          )}
          {step.kind === 'act' && step.status === 'failed' && <p className="run-step-error">{step.actual}</p>}
        </li>
      ))}
    </ol>
  );
}
