// A run's AI guests on the dashboard and in a saved result: how many are playing and done, the tokens spent of the
// run's budget (a small bar), the cost estimate at the AI settings' prices, and why the AI guests stopped.
import { AI_STOP_WORDS, aiStopHeading, type AiStopReason } from '../../../shared/ai-contract';
import type { LoadAiSnapshot } from '../../../shared/load-contract';
import { formatCost } from './AiGuestsPlan';

/** Why an AI guest of a load run stopped; a stopped run stops them (`takenOver`). */
const STOP_WORDS: Record<AiStopReason, string> = { ...AI_STOP_WORDS, takenOver: 'the run was stopped' };

export function AiGuestsFigures({ ai }: { ai: LoadAiSnapshot }) {
  const used = Math.min(1, ai.tokenBudget > 0 ? ai.tokens.total / ai.tokenBudget : 0);
  const reasons = Object.entries(ai.stopReasons) as [AiStopReason, number][];
  return (
    <section className="load-ai-figures" aria-label="AI guests">
      <h3 className="chart-title">AI guests</h3>
      <dl className="load-stats load-ai-stats">
        <div className="load-stat">
          <dt>AI guests done</dt>
          <dd>
            {ai.done} / {ai.guests}
            {ai.active > 0 && <span className="load-ai-playing"> · {ai.active} playing</span>}
          </dd>
        </div>
        <div className="load-stat load-ai-tokens">
          <dt>Tokens used / budget</dt>
          <dd>
            {ai.tokens.total.toLocaleString()} / {ai.tokenBudget.toLocaleString()}
          </dd>
          <meter min={0} max={1} value={used} high={0.9} aria-label="Token budget used" />
        </div>
        <div className="load-stat">
          <dt>Cost estimate</dt>
          <dd title={ai.costEstimate === undefined ? 'Set prices per million tokens in the AI settings for an estimate' : undefined}>
            {ai.costEstimate === undefined ? '—' : formatCost(ai.costEstimate)}
          </dd>
        </div>
        <div className="load-stat">
          <dt>Model errors</dt>
          <dd>{ai.modelErrors}</dd>
        </div>
      </dl>
      {reasons.length > 0 && (
        <ul className="load-errors load-ai-stops" aria-label="Why AI guests stopped">
          <li className="muted">Why they stopped:</li>
          {reasons.map(([reason, count]) => (
            <li key={reason}>
              <span>{aiStopHeading(reason, STOP_WORDS)}</span> <strong>{count}</strong>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
