// Finding one guest among many: a search over persona, profile and last message, and filters by state
// (open: connecting/live/reconnecting; waiting: read-only; closed: ended/failed; unread) and channel.
import type { Channel, ConversationSummary } from '../../../shared/contract';
import { CHANNEL_LABEL } from './conversation-words';

export type StateFilter = 'all' | 'open' | 'unread' | 'readOnly' | 'closed';
export type ChannelFilter = 'all' | Channel;
export interface ConversationFilter {
  query: string;
  state: StateFilter;
  channel: ChannelFilter;
}

export const NO_FILTER: ConversationFilter = { query: '', state: 'all', channel: 'all' };

const STATE_FILTERS: { value: StateFilter; label: string }[] = [
  { value: 'all', label: 'All states' },
  { value: 'open', label: 'Open' },
  { value: 'unread', label: 'Unread' },
  { value: 'readOnly', label: 'Read-only' },
  { value: 'closed', label: 'Ended or failed' },
];

function matchesState(conversation: ConversationSummary, state: StateFilter): boolean {
  switch (state) {
    case 'all':
      return true;
    case 'open':
      return conversation.state === 'connecting' || conversation.state === 'live' || conversation.state === 'reconnecting';
    case 'unread':
      return conversation.unread > 0;
    case 'readOnly':
      return conversation.state === 'readOnly';
    case 'closed':
      return conversation.state === 'ended' || conversation.state === 'failed';
  }
}

export function filterConversations(conversations: ConversationSummary[], filter: ConversationFilter): ConversationSummary[] {
  const needle = filter.query.trim().toLowerCase();
  return conversations.filter(
    (conversation) =>
      matchesState(conversation, filter.state) &&
      (filter.channel === 'all' || conversation.channel === filter.channel) &&
      (needle === '' || [conversation.personaName, conversation.profileName, conversation.lastText ?? ''].some((text) => text.toLowerCase().includes(needle))),
  );
}

export function ConversationFilters({ filter, onChange }: { filter: ConversationFilter; onChange: (filter: ConversationFilter) => void }) {
  return (
    <div className="conversation-filters" role="search" aria-label="Find conversations">
      <input
        type="search"
        aria-label="Search conversations"
        placeholder="Search conversations"
        value={filter.query}
        onChange={(event) => onChange({ ...filter, query: event.target.value })}
      />
      <div className="filter-row">
        <select aria-label="Filter by state" value={filter.state} onChange={(event) => onChange({ ...filter, state: event.target.value as StateFilter })}>
          {STATE_FILTERS.map(({ value, label }) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <select aria-label="Filter by channel" value={filter.channel} onChange={(event) => onChange({ ...filter, channel: event.target.value as ChannelFilter })}>
          <option value="all">All channels</option>
          {(['webmessaging', 'openmessaging'] as const).map((channel) => (
            <option key={channel} value={channel}>
              {CHANNEL_LABEL[channel]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
