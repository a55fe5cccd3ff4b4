// The AI guest at work, in place of the composer: what it is doing (waiting for the agent, thinking, about to send,
// paused), the draft it is about to send, its messages and tokens against their limits, and the operator's
// controls — Pause / Resume, Send / Skip when a draft waits, Take over (the composer comes back). When it stops it
// says why, with Play again.
import { AI_STOP_WORDS, aiStopHeading, type AiPlayView, type AiStopReason } from '../../../shared/ai-contract';

export type AiPlayAction = 'pause' | 'resume' | 'takeOver' | 'send' | 'discard';


/** The stops that mean the AI's part went as hoped. */
const SUCCESS = new Set<AiStopReason>(['goal', 'until', 'agentEnded']);

function statusWords(view: AiPlayView): string {
  switch (view.status) {
    case 'waiting':
      return view.turn === 0 ? 'Reading the conversation…' : 'Waiting for the agent…';
    case 'thinking':
      return 'Thinking…';
    case 'draft':
      return view.review ? 'Waiting for your Send' : 'About to send';
    case 'paused':
      return view.draft ? 'Paused — holding its next message' : 'Paused';
    case 'stopped':
      return 'Stopped';
  }
}

export function AiPlayPanel(props: { view: AiPlayView; busy: boolean; error: string | null; onControl: (action: AiPlayAction) => void; onPlayAgain: () => void; onClose: () => void }) {
  const { view } = props;
  const running = view.status !== 'stopped';
  const held = view.draft !== undefined && (view.review || view.status === 'paused');
  const success = view.stop ? SUCCESS.has(view.stop.reason) : false;
  return (
    <section className={`ai-play ai-play-is-${view.status}`} role="region" aria-label="AI guest">
      <div className="ai-play-head">
        <span className="ai-play-badge" aria-hidden="true">
          AI
        </span>
        <span className="ai-play-status" role="status">
          <strong>{running ? statusWords(view) : view.stop ? aiStopHeading(view.stop.reason) : 'Stopped'}</strong>
          <span className="muted"> · playing {view.personaName}</span>
        </span>
        <span className="ai-play-meters">
          <span title="Messages the AI has sent, of at most">
            Turn {view.turn} of {view.maxTurns}
          </span>
          <span title="Tokens this play used, of its budget">
            {view.tokens.total.toLocaleString()} / {view.tokenBudget.toLocaleString()} tokens
          </span>
        </span>
      </div>
      <p className="ai-play-goal small">
        <span className="muted">Goal:</span> {view.goal}
      </p>
      {running && view.draft && (
        <div className="ai-play-draft" aria-label="About to send">
          <span className="ai-play-draft-label">{view.draft.kind === 'choice' ? 'About to choose' : 'About to send'}</span>
          {view.draft.kind === 'choice' ? <span className="ai-play-choice">{view.draft.text}</span> : <q>{view.draft.text}</q>}
        </div>
      )}
      {!running && view.stop && (
        <p className={`ai-play-stop ${success ? 'ai-play-stop-ok' : 'ai-play-stop-not'}`}>
          {view.stop.detail && view.stop.detail.toLowerCase() !== AI_STOP_WORDS[view.stop.reason] ? view.stop.detail : null}
        </p>
      )}
      {props.error && (
        <p role="alert" className="error small">
          {props.error}
        </p>
      )}
      <div className="ai-play-actions">
        {running ? (
          <>
            {held && (
              <>
                <button type="button" className="primary" disabled={props.busy} onClick={() => props.onControl('send')}>
                  Send
                </button>
                <button type="button" disabled={props.busy} onClick={() => props.onControl('discard')} title="Drop this message; the AI thinks again">
                  Skip
                </button>
              </>
            )}
            {view.status === 'paused' ? (
              <button type="button" disabled={props.busy} onClick={() => props.onControl('resume')} title={view.draft ? 'Go on: the held message is sent' : 'Go on'}>
                Resume
              </button>
            ) : (
              <button type="button" disabled={props.busy} onClick={() => props.onControl('pause')} title="Hold the next message until Resume">
                Pause
              </button>
            )}
            <button type="button" className="ai-play-take-over" disabled={props.busy} onClick={() => props.onControl('takeOver')} title="Stop the AI and type yourself">
              Take over
            </button>
          </>
        ) : (
          <>
            <button type="button" className="primary" onClick={props.onPlayAgain}>
              Play again
            </button>
            <button type="button" onClick={props.onClose}>
              Close
            </button>
          </>
        )}
      </div>
    </section>
  );
}
