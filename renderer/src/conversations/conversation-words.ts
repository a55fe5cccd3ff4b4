// The words the conversation UI uses for states, channels and lifecycle events, in one place so the
// list, the header and the thread always say the same thing.
import type { Channel, ConversationState, ThreadItem } from '../../../shared/contract';

export const STATE_LABEL: Record<ConversationState, string> = {
  connecting: 'Connecting',
  live: 'Live',
  reconnecting: 'Reconnecting',
  readOnly: 'Read-only',
  ended: 'Ended',
  failed: 'Failed',
};

export const CHANNEL_LABEL: Record<Channel, string> = {
  webmessaging: 'Web Messaging',
  openmessaging: 'Open Messaging',
};

type LifecycleEvent = NonNullable<ThreadItem['event']>;

const LIFECYCLE_TEXT: Record<LifecycleEvent, (who: string) => string> = {
  started: () => 'Conversation started',
  resumed: () => 'Session resumed',
  agentJoined: (who) => `${who} joined the conversation`,
  agentLeft: (who) => `${who} left the conversation`,
  ended: () => 'The conversation ended',
  readOnly: () => 'The agent ended this conversation',
  startedNew: () => 'New conversation started',
  cleared: () => 'Conversation cleared',
  closed: () => 'Session closed',
  expired: () => 'Session expired',
  reconnected: () => 'Reconnected',
  error: () => 'Something went wrong',
  endedOnServer: () => 'This conversation has ended on the server',
  aiStarted: () => 'The AI guest started playing',
  aiStopped: () => 'The AI guest stopped',
};

/** What a system line says: the engine's own text when it gave one, otherwise the event in words. */
export function lifecycleText(item: ThreadItem): string {
  if (item.text) return item.text;
  if (!item.event) return 'Conversation update';
  return LIFECYCLE_TEXT[item.event](item.senderName ?? 'An agent');
}
