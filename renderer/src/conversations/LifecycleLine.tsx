// A lifecycle event (agent joined, conversation ended, reconnected…) as a centred line in the thread.
import type { ThreadItem } from '../../../shared/contract';
import { lifecycleText } from './conversation-words';
import { clockTime, fullTime } from './time-labels';

export function LifecycleLine({ item }: { item: ThreadItem }) {
  return (
    <div className={`system-line ${item.event === 'error' ? 'system-line-error' : ''}`}>
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
