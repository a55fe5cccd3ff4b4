// A lifecycle event (agent joined, conversation ended, reconnected…) as a centred line in the thread.
import type { ThreadItem } from '../../../shared/contract';
import { lifecycleText } from './conversation-words';
import { clockTime, fullTime } from './time-labels';

/** Lines that need a second look stand out: an error, and a conversation the server no longer has; the AI guest's own lines are marked as its. */
const LINE_CLASS: Record<string, string> = { error: 'system-line-error', endedOnServer: 'system-line-warning', aiStarted: 'system-line-ai', aiStopped: 'system-line-ai' };

export function LifecycleLine({ item }: { item: ThreadItem }) {
  return (
    <div className={`system-line ${LINE_CLASS[item.event ?? ''] ?? ''}`}>
      <span>
        {lifecycleText(item)}
        <span aria-hidden="true"> · </span>
        <time dateTime={item.time} title={fullTime(item.time)}>
          {clockTime(item.time)}
        </time>
      </span>
    </div>
  );
}
