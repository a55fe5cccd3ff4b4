// The "Messages" log of one conversation: day separators, messages grouped by sender, lifecycle lines.
// It follows the newest message while the reader is at the bottom (and always after the guest sends);
// when they have scrolled up it offers "Jump to latest" instead of pulling them away.
import { useEffect, useRef, type ReactNode } from 'react';
import type { ThreadItem } from '../../../shared/contract';
import { ArrowDownIcon } from './icons';
import { LifecycleLine } from './LifecycleLine';
import { MessageItem, type MessageContext } from './MessageItem';
import { dayKey, dayLabel } from './time-labels';
import type { ThreadState } from './use-thread';
import { useNow } from './use-now';
import { useStickToBottom } from './use-stick-to-bottom';

const GROUP_GAP_MS = 5 * 60 * 1000;

/** For each item, the first guest item after it (how an offered quick reply was answered), if any. */
function nextGuestItems(items: ThreadItem[]): (ThreadItem | undefined)[] {
  const result: (ThreadItem | undefined)[] = new Array(items.length);
  let next: ThreadItem | undefined;
  for (let index = items.length - 1; index >= 0; index -= 1) {
    result[index] = next;
    const item = items[index];
    if (item?.from === 'guest') next = item;
  }
  return result;
}

function isContinuation(previous: ThreadItem | undefined, item: ThreadItem): boolean {
  return (
    previous !== undefined &&
    previous.from === item.from &&
    item.from !== 'system' &&
    previous.senderName === item.senderName &&
    Date.parse(item.time) - Date.parse(previous.time) < GROUP_GAP_MS
  );
}

export function ThreadLog(props: { thread: ThreadState; context: MessageContext; emptyText: string }) {
  const { containerRef, contentRef, atBottom, scrollToBottom } = useStickToBottom<HTMLDivElement, HTMLDivElement>();
  const now = useNow(60_000);
  const items = props.thread.status === 'ready' ? props.thread.items : [];
  const last = items[items.length - 1];
  const lastSeen = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (last && last.id !== lastSeen.current && last.from === 'guest' && lastSeen.current !== undefined) scrollToBottom();
    lastSeen.current = last?.id ?? '';
  }, [last, scrollToBottom]);

  const rows: ReactNode[] = [];
  const answers = nextGuestItems(items);
  items.forEach((item, index) => {
    const previous = items[index - 1];
    const newDay = !previous || dayKey(previous.time) !== dayKey(item.time);
    if (newDay) {
      rows.push(
        <div key={`day-${dayKey(item.time)}`} className="day-separator" role="separator" aria-label={dayLabel(item.time, now)}>
          <span>{dayLabel(item.time, now)}</span>
        </div>,
      );
    }
    if (item.from === 'system') {
      rows.push(<LifecycleLine key={item.id} item={item} />);
      return;
    }
    const offersReplies = item.content.some((content) => content.type === 'quickReplies');
    const answer = offersReplies ? answers[index] : undefined;
    rows.push(
      <MessageItem
        key={item.id}
        item={item}
        continued={!newDay && isContinuation(previous, item)}
        answered={answer ? { payload: answer.content.find((content) => content.type === 'buttonResponse')?.payload } : null}
        context={props.context}
      />,
    );
  });

  return (
    <div className="log-frame">
      <div ref={containerRef} role="log" aria-label="Messages" className="messages" tabIndex={0}>
        <div ref={contentRef} className="messages-content">
          {props.thread.status === 'loading' && <p className="log-note">Loading the conversation…</p>}
          {props.thread.status === 'failed' && (
            <p role="alert" className="error log-note">
              The thread could not be loaded: {props.thread.message}
            </p>
          )}
          {props.thread.status === 'ready' && items.length === 0 && <p className="log-note">{props.emptyText}</p>}
          {rows}
        </div>
      </div>
      {!atBottom && (
        <button type="button" className="jump-latest" onClick={scrollToBottom}>
          <ArrowDownIcon />
          Jump to latest
        </button>
      )}
    </div>
  );
}
