// "Search in conversation": finds the words in the transcript and steps through the matches (Enter /
// Shift+Enter, or the arrows); the log scrolls each match into view and outlines it.
import type { KeyboardEvent } from 'react';
import { ArrowDownIcon } from '../ui/icons';

export function ThreadSearch(props: {
  query: string;
  onQuery: (query: string) => void;
  matchCount: number;
  current: number;
  onStep: (direction: 1 | -1) => void;
  onClose: () => void;
}) {
  const searching = props.query.trim() !== '';
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      props.onStep(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      props.onClose();
    }
  };
  return (
    <div className="thread-search" role="search" aria-label="Transcript">
      <input
        type="search"
        aria-label="Search in conversation"
        placeholder="Search in conversation"
        value={props.query}
        autoFocus
        onChange={(event) => props.onQuery(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <span role="status" className="thread-search-count">
        {searching ? (props.matchCount === 0 ? 'No matches' : `${props.current + 1} of ${props.matchCount}`) : ''}
      </span>
      <button type="button" className="icon-button small flip" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={props.matchCount === 0} onClick={() => props.onStep(-1)}>
        <ArrowDownIcon />
      </button>
      <button type="button" className="icon-button small" aria-label="Next match" title="Next match (Enter)" disabled={props.matchCount === 0} onClick={() => props.onStep(1)}>
        <ArrowDownIcon />
      </button>
      <button type="button" className="icon-button small" aria-label="Close search" title="Close search (Esc)" onClick={props.onClose}>
        ×
      </button>
    </div>
  );
}
