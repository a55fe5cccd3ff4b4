// The conversation workspace: the "Conversations" list on the left, the open conversation (or a welcome
// with a disabled composer) on the right, and the "New conversation" dialog. It owns which conversation is
// selected and keeps that one marked read while the user is looking at it.
import { useEffect, useState } from 'react';
import type { ConversationSummary } from '../../../shared/contract';
import { api } from '../api';
import { Composer } from '../conversations/Composer';
import { ConversationList } from '../conversations/ConversationList';
import { ConversationView } from '../conversations/ConversationView';
import { ChatIcon, PlusIcon } from '../conversations/icons';
import { NewConversationDialog } from '../conversations/NewConversationDialog';
import { useConversationList } from '../conversations/use-conversation-list';
import '../conversations/conversations.css';

export function ConversationsScreen({ active, onOpenProfiles }: { active: boolean; onOpenProfiles: () => void }) {
  const list = useConversationList();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [inspectorOpen, setInspectorOpen] = useState(false);
  const selected = list.conversations.find((conversation) => conversation.id === selectedId) ?? null;
  const { merge } = list;

  useEffect(() => {
    if (!active || !selected || selected.unread === 0) return;
    void api['conversations.markRead']({ conversationId: selected.id }).then((result) => result.ok && merge(result.data));
  }, [active, selected?.id, selected?.unread, merge]);

  const open = (summary: ConversationSummary) => {
    merge(summary);
    setSelectedId(summary.id);
  };

  return (
    <div className="workspace" hidden={!active}>
      <aside className="sidebar">
        <div className="sidebar-header">
          <h1>Conversations</h1>
          <button
            type="button"
            className="primary new-conversation-button"
            aria-label="New conversation"
            title="New conversation"
            onClick={() => setStarting(true)}
          >
            <PlusIcon />
            New
          </button>
        </div>
        <ConversationList conversations={list.conversations} selectedId={selectedId} loadError={list.loadError} onSelect={setSelectedId} />
      </aside>
      <section className="thread" aria-label="Thread">
        {selected ? (
          <ConversationView
            key={selected.id}
            conversation={selected}
            inspectorOpen={inspectorOpen}
            onToggleInspector={() => setInspectorOpen((current) => !current)}
            onChanged={merge}
            onStarted={open}
            onRemoved={(conversationId) => {
              list.forget(conversationId);
              setSelectedId(null);
            }}
          />
        ) : (
          <Welcome hasConversations={list.conversations.length > 0} onStart={() => setStarting(true)} />
        )}
      </section>
      <NewConversationDialog
        open={starting}
        onClose={() => setStarting(false)}
        onStarted={(summary) => {
          setStarting(false);
          open(summary);
        }}
        onOpenProfiles={onOpenProfiles}
      />
    </div>
  );
}

function Welcome({ hasConversations, onStart }: { hasConversations: boolean; onStart: () => void }) {
  return (
    <div className="conversation-main">
      <div role="log" aria-label="Messages" className="messages">
        <div className="empty-thread">
          <div className="empty-mark" aria-hidden="true">
            <ChatIcon size={36} />
          </div>
          <h2>Be the customer</h2>
          <p>
            {hasConversations
              ? 'Pick a conversation on the left, or start another one.'
              : 'Start a conversation on the built-in sandbox or on your own Genesys Cloud org, then type as the guest.'}
          </p>
          <button type="button" className="primary" onClick={onStart}>
            Start a conversation
          </button>
        </div>
      </div>
      <Composer conversationId={null} onItem={() => undefined} />
    </div>
  );
}
