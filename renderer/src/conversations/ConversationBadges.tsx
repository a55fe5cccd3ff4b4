// The small labels that tell conversations apart at a glance: the state pill, the channel badge and the AI's mark.
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

/** The AI is playing this guest now. */
export function AiBadge() {
  return (
    <span className="ai-badge" title="The AI is playing this guest">
      AI
    </span>
  );
}
