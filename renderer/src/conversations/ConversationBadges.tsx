// The small labels that tell conversations apart at a glance: the state pill and the channel badge.
import type { Channel, ConversationState } from '../../../shared/contract';
import { CHANNEL_LABEL, STATE_LABEL } from './conversation-words';

export function StatePill({ state }: { state: ConversationState }) {
  return (
    <span className={`state-pill state-${state}`}>
      <span className="state-dot" aria-hidden="true" />
      {STATE_LABEL[state]}
    </span>
  );
}

export function ChannelBadge({ channel }: { channel: Channel }) {
  return <span className={`channel-badge channel-${channel}`}>{CHANNEL_LABEL[channel]}</span>;
}
