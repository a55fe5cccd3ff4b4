// The steps of one run as they pass or fail: a mark, the line in the file, the step in words, and for
// expectations what was expected beside what actually arrived; for `ai` and `judge` steps what the AI said and
// the agent answered, why it stopped, the tokens, and the judge's verdict.
import { AI_STOP_WORDS, type AiStopReason } from '../../../shared/ai-contract';
import type { ScenarioAiResult, ScenarioStepResult } from '../../../shared/scenario-contract';

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
          {step.kind !== 'expect' && step.status === 'failed' && <p className="run-step-error">{step.actual}</p>}
          {step.ai && <AiStepDetail ai={step.ai} />}
        </li>
      ))}
    </ol>
  );
}

/** In a scenario nobody takes over: a stop from outside is the run being stopped. */
const STOP_WORDS: Record<AiStopReason, string> = { ...AI_STOP_WORDS, takenOver: 'the run was stopped' };

function AiStepDetail({ ai }: { ai: ScenarioAiResult }) {
  return (
    <div className="run-step-ai">
      {ai.turns.length > 0 && (
        <ol className="run-step-ai-turns" aria-label="AI conversation">
          {ai.turns.map((turn, index) => (
            <li key={index} className={`run-step-ai-turn run-step-ai-${turn.from}`}>
              <span className="run-step-heading">{turn.from === 'ai' ? 'AI' : 'Agent'}</span> {turn.text}
            </li>
          ))}
        </ol>
      )}
      <p className="run-step-ai-outcome">
        {ai.stopReason && (
          <span title={ai.detail}>
            Stopped: {STOP_WORDS[ai.stopReason]}
            {ai.detail ? ` — ${ai.detail}` : ''}
          </span>
        )}
        <span className="run-step-ai-tokens">
          {ai.tokens.total} tokens ({ai.tokens.prompt} prompt, {ai.tokens.completion} completion)
        </span>
      </p>
      {ai.judge && (
        <p className={`run-step-ai-judge ${ai.judge.met ? 'run-step-ai-met' : 'run-step-ai-unmet'}`}>
          <span className="run-step-heading">Judge: {ai.judge.met ? 'met' : 'not met'}</span> {ai.judge.reasoning}
        </p>
      )}
    </div>
  );
}
