// "Let the AI play this guest": what the customer wants (the goal), who it is (a saved persona, by default the
// conversation's own), how far it may go (messages, minutes) and whether it asks before each message. Without a
// model set up, the engine's refusal says how to add one, with a button to the AI customer settings.
import { useId, useState } from 'react';
import type { AiPlayView } from '../../../shared/ai-contract';
import { DEFAULT_AI_MAX_TURNS } from '../../../shared/ai-contract';
import type { ContractError } from '../../../shared/contract';
import type { SavedPersona } from '../../../shared/personas-contract';
import { usePersonas } from '../data/use-personas';
import { api } from '../transport/api';
import { Modal } from '../ui/Modal';

const DEFAULT_MINUTES = 10;

export function AiPlayDialog(props: {
  open: boolean;
  conversationId: string;
  personaName: string;
  /** The goal of the last play here, offered again ("Play again"). */
  lastGoal?: string;
  onClose: () => void;
  onStarted: (view: AiPlayView) => void;
  onOpenAiSettings: () => void;
}) {
  const personas = usePersonas();
  const ids = useId();
  const own = personas.find((persona) => persona.name.toLowerCase() === props.personaName.toLowerCase());
  const [goal, setGoal] = useState(props.lastGoal ?? '');
  const [personaId, setPersonaId] = useState<string | null>(null);
  const [maxTurns, setMaxTurns] = useState(String(DEFAULT_AI_MAX_TURNS));
  const [minutes, setMinutes] = useState(String(DEFAULT_MINUTES));
  const [review, setReview] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const chosenId = personaId ?? own?.id ?? '';
  const chosen: SavedPersona | undefined = personas.find((persona) => persona.id === chosenId);
  const issue = (path: string) => error?.issues?.find((candidate) => candidate.path === path)?.message;
  const notConfigured = error?.kind === 'Unavailable';

  const start = async () => {
    setStarting(true);
    const result = await api['ai.play.start']({
      conversationId: props.conversationId,
      goal: goal.trim(),
      ...(chosenId ? { personaId: chosenId } : {}),
      maxTurns: Number(maxTurns),
      timeLimitSec: Math.round(Number(minutes) * 60),
      review,
    });
    setStarting(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    props.onStarted(result.data);
  };

  const numberField = (label: string, path: string, value: string, onChange: (value: string) => void, hint: string, limits: { min: number; max: number; step?: number }) => (
    <div className="field">
      <label htmlFor={`${ids}-${path}`}>{label}</label>
      <input
        id={`${ids}-${path}`}
        type="number"
        inputMode="numeric"
        value={value}
        {...limits}
        aria-invalid={issue(path) ? true : undefined}
        aria-describedby={`${ids}-${path}-note`}
        onChange={(event) => onChange(event.target.value)}
      />
      <small id={`${ids}-${path}-note`} className={issue(path) ? 'error' : 'muted'}>
        {issue(path) ?? hint}
      </small>
    </div>
  );

  return (
    <Modal open={props.open} title="Let the AI play this guest" onClose={props.onClose} className="ai-play-dialog">
      <form
        className="modal-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <div className="modal-body">
          <p className="muted small">
            A language model writes as the customer, reading everything the agent sends and choosing offered buttons. You see each
            message before it goes, and can pause or take over at any time.
          </p>
          <div className="field">
            <label htmlFor={`${ids}-goal`}>Goal</label>
            <textarea
              id={`${ids}-goal`}
              rows={3}
              value={goal}
              placeholder="e.g. Find out when order 1042 arrives, then say goodbye."
              aria-invalid={issue('goal') ? true : undefined}
              aria-describedby={`${ids}-goal-note`}
              onChange={(event) => setGoal(event.target.value)}
              autoFocus
            />
            <small id={`${ids}-goal-note`} className={issue('goal') ? 'error' : 'muted'}>
              {issue('goal') ?? 'What the customer wants. The AI stops when it is reached, or gives up with its reason.'}
            </small>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-persona`}>Persona</label>
            <select id={`${ids}-persona`} value={chosenId} onChange={(event) => setPersonaId(event.target.value)}>
              <option value="">{props.personaName} (name only)</option>
              {personas.map((persona) => (
                <option key={persona.id} value={persona.id}>
                  {persona.name}
                  {persona.id === own?.id ? ' (this conversation’s)' : ''}
                </option>
              ))}
            </select>
            <small className="muted">
              {chosen
                ? [chosen.tone && `Tone: ${chosen.tone}`, chosen.language && `Language: ${chosen.language}`, chosen.facts ? 'Knows its facts' : 'No facts saved'].filter(Boolean).join(' · ')
                : 'Tone, language and the facts it may give come from a saved persona (Personas).'}
            </small>
          </div>
          <div className="row-even">
            {numberField('Messages at most', 'maxTurns', maxTurns, setMaxTurns, 'It stops after this many.', { min: 1, max: 50 })}
            {numberField('Time limit (minutes)', 'timeLimitSec', minutes, setMinutes, 'For the whole play.', { min: 1, max: 60 })}
          </div>
          <label className="ai-review-choice">
            <input type="checkbox" checked={review} onChange={(event) => setReview(event.target.checked)} />
            <span>
              Ask before each message
              <small className="muted">Each message waits for your Send or Skip.</small>
            </span>
          </label>
        </div>
        {error && (
          <div role="alert" className="error modal-error">
            {notConfigured ? (
              <>
                <p>{error.message}</p>
                <button
                  type="button"
                  onClick={() => {
                    props.onClose();
                    props.onOpenAiSettings();
                  }}
                >
                  Open AI customer settings
                </button>
              </>
            ) : (
              (error.issues?.[0]?.message && !['goal', 'maxTurns', 'timeLimitSec'].includes(error.issues[0].path) ? `${error.issues[0].path}: ${error.issues[0].message}` : error.message)
            )}
          </div>
        )}
        <div className="modal-actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={starting}>
            {starting ? 'Starting…' : 'Start'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
