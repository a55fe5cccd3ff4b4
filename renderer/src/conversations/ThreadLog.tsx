// The "Messages" log: day separators, messages grouped by sender, lifecycle lines — virtualized, so a 10,000-message
// thread scrolls like a short one. It follows the newest message while the reader is at the end (always after the guest
// sends) — whatever moves it: a message inserted out of order, the log getting smaller (a banner, a split, a side
// panel), messages growing taller — until the reader scrolls up; then "Jump to latest" shows in a bar of its own
// under the log, never over a message. Older messages added above keep the reader's place. Optional transcript search.
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ArrowDownIcon } from '../ui/icons';
import { LifecycleLine } from './LifecycleLine';
import { MessageItem, type MessageContext } from './MessageItem';
import { searchableText, threadRows, type ThreadRow } from './thread-rows';
import { ThreadSearch } from './ThreadSearch';
import { dayLabel } from './time-labels';
import type { ThreadState } from '../data/use-thread';
import { useNow } from './use-now';

const AT_END_PX = 48;
/** Threads up to this many rows are drawn whole (find-in-page and screen readers see everything); longer ones only around the view. */
const FULLY_DRAWN_ROWS = 150;

export function ThreadLog(props: {
  thread: ThreadState;
  context: MessageContext;
  emptyText: string;
  searchOpen?: boolean;
  onCloseSearch?: () => void;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const now = useNow(60_000);
  const items = useMemo(() => (props.thread.status === 'ready' ? props.thread.data : []), [props.thread]);
  const rows = useMemo(() => threadRows(items), [items]);
  const [atEnd, setAtEnd] = useState(true);
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => containerRef.current,
    estimateSize: (index) => (rows[index]?.kind === 'message' ? 76 : 40),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 6,
    rangeExtractor: (range) => (range.count <= FULLY_DRAWN_ROWS ? Array.from({ length: range.count }, (_, index) => index) : defaultRangeExtractor(range)),
    paddingStart: 12,
    paddingEnd: 20,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: AT_END_PX,
  });

  // Whether the log follows the newest message: the reader scrolling up lets go, coming back to the end (or
  // "Jump to latest") holds on again. Nothing else changes it, so a resize or an insertion cannot lose it.
  const pinned = useRef(true);
  const scrollToEnd = useCallback(() => {
    pinned.current = true;
    setAtEnd(true);
    if (rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, virtualizer]);
  const follow = useRef(scrollToEnd);
  follow.current = scrollToEnd;
  /** Holds on again when the end is in view after all (a short thread, a match near the end). */
  const pinIfAtEnd = useCallback(() => {
    const container = containerRef.current;
    if (!container || pinned.current || container.scrollHeight - container.scrollTop - container.clientHeight > AT_END_PX) return;
    pinned.current = true;
    setAtEnd(true);
  }, []);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let lastTop = container.scrollTop;
    const onScroll = () => {
      const top = container.scrollTop;
      const nearEnd = container.scrollHeight - top - container.clientHeight <= AT_END_PX;
      if (nearEnd) pinned.current = true;
      else if (top < lastTop) pinned.current = false;
      lastTop = top;
      setAtEnd(pinned.current);
    };
    // The log got smaller or larger (a banner, a split pane, the inspector, the window): keep the end in view.
    const resized = new ResizeObserver(() => {
      if (pinned.current) follow.current();
    });
    resized.observe(container);
    container.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      resized.disconnect();
      container.removeEventListener('scroll', onScroll);
    };
  }, []);

  // A message added anywhere (an out-of-order reply lands above the last one), or rows measured taller.
  const totalSize = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    if (pinned.current && rows.length > 0) follow.current();
    else pinIfAtEnd();
  }, [rows, totalSize, pinIfAtEnd]);

  // Open at the newest message once the thread has loaded.
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current || props.thread.status !== 'ready' || rows.length === 0) return;
    opened.current = true;
    scrollToEnd();
  }, [props.thread.status, rows.length, scrollToEnd]);

  // The guest just sent: show it, even if the reader had scrolled up.
  const last = items[items.length - 1];
  const lastSeen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (last && last.id !== lastSeen.current && last.from === 'guest' && lastSeen.current !== undefined) scrollToEnd();
    lastSeen.current = last?.id ?? '';
  }, [last, scrollToEnd]);

  const needle = props.searchOpen ? query.trim().toLowerCase() : '';
  const matches = useMemo(
    () => (needle === '' ? [] : rows.flatMap((row, index) => (row.kind !== 'day' && searchableText(row.item).includes(needle) ? [index] : []))),
    [rows, needle],
  );
  const currentRow = matches.length > 0 ? matches[Math.min(current, matches.length - 1)] : undefined;
  useEffect(() => {
    if (currentRow === undefined) return;
    // Reading a match is reading back: the log lets go of the end until the reader returns to it.
    pinned.current = false;
    setAtEnd(false);
    virtualizer.scrollToIndex(currentRow, { align: 'center' });
    const frame = requestAnimationFrame(pinIfAtEnd);
    return () => cancelAnimationFrame(frame);
  }, [currentRow, virtualizer, pinIfAtEnd]);
  const step = (direction: 1 | -1) => {
    if (matches.length === 0) return;
    setCurrent((index) => (Math.min(index, matches.length - 1) + direction + matches.length) % matches.length);
  };
  const matchSet = useMemo(() => new Set(matches), [matches]);

  return (
    <div className="log-frame">
      {props.searchOpen && (
        <ThreadSearch
          query={query}
          onQuery={(value) => {
            setQuery(value);
            // Start at the newest match: that is where the reader usually is.
            const next = value.trim().toLowerCase();
            setCurrent(next === '' ? 0 : Math.max(0, rows.filter((row) => row.kind !== 'day' && searchableText(row.item).includes(next)).length - 1));
          }}
          matchCount={matches.length}
          current={Math.min(current, Math.max(0, matches.length - 1))}
          onStep={step}
          onClose={() => {
            setQuery('');
            props.onCloseSearch?.();
          }}
        />
      )}
      <div ref={containerRef} role="log" aria-label="Messages" className="messages" tabIndex={0}>
        {props.thread.status === 'loading' && <p className="log-note">Loading the conversation…</p>}
        {props.thread.status === 'failed' && (
          <p role="alert" className="error log-note">
            The thread could not be loaded: {props.thread.message}
          </p>
        )}
        {props.thread.status === 'ready' && items.length === 0 && <p className="log-note">{props.emptyText}</p>}
        <div className="messages-content" style={{ height: totalSize }}>
          {virtualizer.getVirtualItems().map((virtualRow) => {
            const row = rows[virtualRow.index];
            if (!row) return null;
            const matchClass = virtualRow.index === currentRow ? 'row-match-current' : matchSet.has(virtualRow.index) ? 'row-match' : '';
            return (
              <div
                key={virtualRow.key}
                ref={virtualizer.measureElement}
                data-index={virtualRow.index}
                className={`virtual-row ${matchClass}`}
                style={{ transform: `translateY(${virtualRow.start}px)` }}
              >
                <Row row={row} now={now} context={props.context} />
              </div>
            );
          })}
        </div>
      </div>
      {!atEnd && rows.length > 0 && (
        <div className="jump-latest-bar">
          <button type="button" className="jump-latest" onClick={scrollToEnd}>
            <ArrowDownIcon />
            Jump to latest
          </button>
        </div>
      )}
    </div>
  );
}

const Row = memo(function Row({ row, now, context }: { row: ThreadRow; now: number; context: MessageContext }) {
  if (row.kind === 'day') {
    const label = dayLabel(row.time, now);
    return (
      <div className="day-separator" role="separator" aria-label={label}>
        <span>{label}</span>
      </div>
    );
  }
  if (row.kind === 'system') return <LifecycleLine item={row.item} />;
  return <MessageItem item={row.item} continued={row.continued} answered={row.answered} context={context} />;
});
