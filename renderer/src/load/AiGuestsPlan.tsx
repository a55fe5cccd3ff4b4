// The plan form's AI guests part: which share of the run's guests the model plays, their goal, how many messages
// each may send and the run's token budget — with how many guests that is, the most they can spend and, when the
// AI settings have prices, the most it can cost. It warns when no model is set up (the run would be refused).
import type { ResponseOf } from '../../../shared/contract';
import { aiGuestCount, type LoadAiPlanInput } from '../../../shared/load-plan';
import { NumberField } from './NumberField';

export interface AiGuestsDraft {
  share: string;
  goal: string;
  maxTurns: string;
  tokenBudget: string;
}

export const NO_AI_GUESTS: AiGuestsDraft = { share: '0', goal: '', maxTurns: '4', tokenBudget: '' };

type AiLimits = ResponseOf<'load.limits'>['ai'];

/** The plan's `ai` part, or nothing when no guest is an AI guest. */
export function aiPlanOf(draft: AiGuestsDraft): LoadAiPlanInput | undefined {
  const share = Number(draft.share || '0');
  if (!(share > 0)) return undefined;
  return {
    share,
    goal: draft.goal.trim(),
    ...(draft.maxTurns ? { maxTurns: Number.parseInt(draft.maxTurns, 10) } : {}),
    ...(draft.tokenBudget ? { tokenBudget: Number.parseInt(draft.tokenBudget, 10) } : {}),
  };
}

/** A cost in the settings' currency: cents for sums, more digits for fractions of a cent. */
export function formatCost(value: number): string {
  return value >= 0.01 || value === 0 ? value.toFixed(2) : value.toPrecision(2);
}

export function AiGuestsFields({ draft, onChange, guests, ai }: { draft: AiGuestsDraft; onChange: (draft: AiGuestsDraft) => void; guests: number; ai: AiLimits }) {
  const set = (field: keyof AiGuestsDraft) => (value: string) => onChange({ ...draft, [field]: value });
  const share = Number(draft.share || '0');
  const count = aiGuestCount({ guests, ai: { share, goal: '', maxTurns: 1 } });
  const budget = draft.tokenBudget ? Number.parseInt(draft.tokenBudget, 10) : ai?.tokenBudget;
  const prices = [ai?.pricePerMillionPrompt, ai?.pricePerMillionCompletion].filter((price): price is number => price !== undefined);
  // The budget split between prompt and completion is unknown before the run: the dearer price bounds the cost.
  const maxCost = budget && prices.length > 0 ? (budget * Math.max(...prices)) / 1_000_000 : undefined;
  return (
    <fieldset className="load-ai" aria-label="AI guests">
      <legend>AI guests</legend>
      <div className="row-even">
        <NumberField label="AI guests (% of guests)" value={draft.share} onChange={set('share')} />
        <NumberField label="Messages per AI guest (max)" value={draft.maxTurns} onChange={set('maxTurns')} />
        <NumberField label="Token budget for the run" value={draft.tokenBudget} onChange={set('tokenBudget')} placeholder={ai?.tokenBudget ? String(ai.tokenBudget) : ''} />
      </div>
      {share > 0 && (
        <>
          <label className="field">
            <span>Goal of the AI guests</span>
            <textarea rows={2} value={draft.goal} placeholder="e.g. Find out where order 1042 is, then end the chat." onChange={(event) => set('goal')(event.target.value)} />
          </label>
          <p className="muted load-ends" role="note" aria-label="AI guests estimate">
            {count} of {guests} guests are AI guests, spread evenly over the arrivals; the rest send the messages below.
            {budget ? ` Together they spend at most about ${budget.toLocaleString()} tokens` : ''}
            {budget && maxCost !== undefined ? ` (at most about ${formatCost(maxCost)} at the AI settings' prices).` : budget ? '.' : ''}
          </p>
          {ai && !ai.configured && (
            <p className="load-connection-note" role="note" aria-label="No AI model">
              No AI model is set up yet: add one in Profiles › AI customer (or the GUEST_CONSOLE_AI_* variables); until then a run with AI guests is refused.
            </p>
          )}
        </>
      )}
    </fieldset>
  );
}
