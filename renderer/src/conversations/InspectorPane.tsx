// The inspector: the raw frames of one conversation, in and out, with times — a debug view for testers.
// Frames arrive already redacted by the engine. Each frame folds open to its pretty-printed text; the
// filter keeps frames whose text contains what was typed. Only the newest frames are drawn.
import { useMemo, useState } from 'react';
import type { InspectorFrame } from '../../../shared/contract';
import { describeFrame } from './inspector-frame-text';
import { frameTime } from './time-labels';
import { useInspectorFrames } from './use-inspector-frames';
import { useStickToBottom } from './use-stick-to-bottom';

const DRAWN_FRAMES = 500;

const DIRECTION = {
  in: { arrow: '↓', words: 'Received' },
  out: { arrow: '↑', words: 'Sent' },
  note: { arrow: '•', words: 'Note' },
  modelRequest: { arrow: '⇡', words: 'To the AI model' },
  modelReply: { arrow: '⇣', words: 'From the AI model' },
} as const;

export function InspectorPane({ conversationId, onHide }: { conversationId: string; onHide: () => void }) {
  const state = useInspectorFrames(conversationId);
  const [filter, setFilter] = useState('');
  const { containerRef, contentRef } = useStickToBottom<HTMLDivElement, HTMLOListElement>();
  const frames = state.status === 'ready' ? state.data : [];
  const matching = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return needle === '' ? frames : frames.filter((frame) => frame.text.toLowerCase().includes(needle));
  }, [frames, filter]);
  const drawn = matching.slice(-DRAWN_FRAMES);

  return (
    <aside id="inspector-pane" className="inspector" aria-label="Inspector">
      <div className="inspector-header">
        <h2 className="inspector-title">Inspector</h2>
        <span className="inspector-count">
          {filter.trim() === '' ? `${frames.length} frames` : `${matching.length} of ${frames.length} frames`}
        </span>
        <button type="button" className="icon-button small" aria-label="Hide panel" title="Hide the inspector" onClick={onHide}>
          ×
        </button>
        <input
          type="search"
          className="inspector-filter"
          aria-label="Filter frames"
          placeholder="Filter frames…"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
      </div>
      <div ref={containerRef} className="inspector-frames">
        {state.status === 'loading' && <p className="log-note">Loading frames…</p>}
        {state.status === 'failed' && (
          <p role="alert" className="error log-note">
            Frames could not be loaded: {state.message}
          </p>
        )}
        {state.status === 'ready' && frames.length === 0 && <p className="log-note">No frames yet.</p>}
        {matching.length > drawn.length && (
          <p className="log-note">
            Showing the newest {drawn.length} of {matching.length} frames.
          </p>
        )}
        <ol ref={contentRef} className="frame-list">
          {drawn.map((frame) => (
            <FrameRow key={frame.seq} frame={frame} />
          ))}
        </ol>
      </div>
    </aside>
  );
}

function FrameRow({ frame }: { frame: InspectorFrame }) {
  const { kind, words, pretty } = useMemo(() => describeFrame(frame.text, frame.direction), [frame.text, frame.direction]);
  const direction = DIRECTION[frame.direction];
  return (
    <li className={`frame frame-${frame.direction}`}>
      <details>
        <summary>
          <time dateTime={frame.time}>{frameTime(frame.time)}</time>
          <span className="frame-direction" aria-hidden="true">
            {direction.arrow}
          </span>
          <span className="visually-hidden">{direction.words}:</span>
          <span className="frame-kind">{kind}</span>
          {words && <span className="frame-words">{words}</span>}
        </summary>
        <pre>{pretty}</pre>
      </details>
    </li>
  );
}
