// The "Conversations" list: one row per guest with persona, profile, channel, state, unread count, the
// last text and when it happened. Rows are buttons; the selected one is marked aria-current.
import type { ConversationSummary } from '../../../shared/contract';
import { AiBadge, ChannelBadge, StatePill } from './ConversationBadges';
import { fullTime, relativeTime } from './time-labels';
import { useNow } from './use-now';

export function ConversationList(props: {
  conversations: ConversationSummary[];
  selectedId: string | null;
  /** Conversations shown in other panes of a split view. */
  shownIds?: string[];
  /** Conversations the AI is playing now. */
  aiPlayingIds?: ReadonlySet<string>;
  loadError: string | null;
  /** True when there are conversations, but the search or filters hide them all. */
  filtered?: boolean;
  onClearFilter?: () => void;
  onSelect: (conversationId: string) => void;
}) {
  const now = useNow();
  return (
    <>
      {props.loadError && (
        <p role="alert" className="error sidebar-error">
          Conversations could not be loaded: {props.loadError}
        </p>
      )}
      <ul className="conversation-list" aria-label="Conversations">
        {props.conversations.length === 0 && props.filtered && (
          <li className="empty-state">
            <p>No conversation matches.</p>
            <button type="button" className="link" onClick={props.onClearFilter}>
              Clear search and filters
            </button>
          </li>
        )}
        {props.conversations.length === 0 && !props.loadError && !props.filtered && (
          <li className="empty-state">
            <p>No conversations yet.</p>
            <p className="muted">Choose “New” to talk to the sandbox agent as a customer.</p>
          </li>
        )}
        {props.conversations.map((conversation) => (
          <li key={conversation.id}>
            <button
              type="button"
              className="conversation-row"
              aria-current={conversation.id === props.selectedId ? 'true' : undefined}
              data-shown={props.shownIds?.includes(conversation.id) ? 'true' : undefined}
              onClick={() => props.onSelect(conversation.id)}
            >
              <span className="row-top">
                <span className="row-persona">{conversation.personaName}</span>
                <time className="row-time" dateTime={conversation.updatedAt} title={fullTime(conversation.updatedAt)}>
                  {relativeTime(conversation.updatedAt, now)}
                </time>
              </span>
              <span className="row-meta">
                <StatePill state={conversation.state} />
                <ChannelBadge channel={conversation.channel} />
                {props.aiPlayingIds?.has(conversation.id) && <AiBadge />}
                <span className="row-profile">{conversation.profileName}</span>
              </span>
              <span className="row-bottom">
                <span className="row-last">{conversation.agentTyping ? 'Agent is typing…' : (conversation.lastText ?? 'No messages yet')}</span>
                {conversation.unread > 0 && (
                  <span className="unread">
                    <span aria-hidden="true">{conversation.unread > 99 ? '99+' : conversation.unread}</span>
                    <span className="visually-hidden">{conversation.unread} unread</span>
                  </span>
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
