// The conversation workspace: the list (search, filters, unread counts) beside one conversation or two to four side
// by side, plus "New conversation", keyboard shortcuts and notifications for replies out of view. It owns which
// conversation each pane shows, and keeps every shown one marked read while the user looks at it. The list can
// collapse to a narrow strip to give the panes room (remembered on this machine).
import { useEffect, useMemo, useState } from 'react';
import type { ConversationSummary } from '../../../shared/contract';
import { usePersonas } from '../data/use-personas';
import { api } from '../transport/api';
import { ChatIcon, PlusIcon } from '../ui/icons';
import { Modal } from '../ui/Modal';
import { Composer } from './Composer';
import { ConversationFilters, filterConversations, NO_FILTER, type ConversationFilter } from './ConversationFilters';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';
import type { SidePanel } from './ConversationHeader';
import { NewConversationDialog } from './NewConversationDialog';
import { useConversationList } from './use-conversation-list';
import { useAiPlayingIds } from './use-ai-play';
import { useReplyNotifications } from './use-reply-notifications';
import { SHORTCUTS, useShortcuts } from './use-shortcuts';
import './workspace.css';
import './thread.css';
import './rich-content.css';
import './composer.css';
import './inspector.css';
import './participant-data.css';
import './new-conversation.css';
import './ai-play.css';

const LAYOUTS = [1, 2, 3, 4] as const;
/** Profiles › AI customer: the id the Profiles screen opens that section by (its AI_CUSTOMER_SECTION; a feature folder may not import another). */
const AI_CUSTOMER_SECTION = 'ai-customer';
const LIST_COLLAPSED_KEY = 'guest-console.conversation-list-collapsed';
type Layout = (typeof LAYOUTS)[number];

export function ConversationsScreen({ active, onOpenProfiles }: { active: boolean; onOpenProfiles: (profileId?: string) => void }) {
  const list = useConversationList();
  const aiPlayingIds = useAiPlayingIds();
  const personas = usePersonas();
  const [layout, setLayout] = useState<Layout>(1);
  /** The conversation id shown in each pane (index 0 is the only pane of the single view). */
  const [panes, setPanes] = useState<(string | null)[]>([null, null, null, null]);
  const [focusedPane, setFocusedPane] = useState(0);
  const [starting, setStarting] = useState(false);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const [panel, setPanel] = useState<SidePanel>(null);
  const [searchOpen, setSearchOpen] = useState<Record<string, boolean>>({});
  const [filter, setFilter] = useState<ConversationFilter>(NO_FILTER);
  const [listCollapsed, setListCollapsed] = useState(() => localStorage.getItem(LIST_COLLAPSED_KEY) === 'true');
  const { merge, conversations } = list;
  const collapseList = (collapsed: boolean) => {
    setListCollapsed(collapsed);
    localStorage.setItem(LIST_COLLAPSED_KEY, String(collapsed));
  };

  const byId = useMemo(() => new Map(conversations.map((conversation) => [conversation.id, conversation])), [conversations]);
  const visiblePanes = panes.slice(0, layout).map((id) => (id ? (byId.get(id) ?? null) : null));
  const visibleIds = visiblePanes.flatMap((conversation) => (conversation ? [conversation.id] : []));
  const selectedId = panes[focusedPane] ?? null;
  const shown = filterConversations(conversations, filter);

  const showIn = (pane: number, conversationId: string | null) =>
    setPanes((current) => current.map((id, index) => (index === pane ? conversationId : id === conversationId && conversationId !== null ? null : id)));
  const open = (conversationId: string) => {
    const already = panes.slice(0, layout).indexOf(conversationId);
    if (already >= 0) setFocusedPane(already);
    else showIn(focusedPane, conversationId);
  };
  const askForNotifications = useReplyNotifications(conversations, visibleIds, open);

  // Keep what is on screen marked read.
  useEffect(() => {
    if (!active) return;
    for (const conversation of visiblePanes) {
      if (conversation && conversation.unread > 0) {
        void api['conversations.markRead']({ conversationId: conversation.id }).then((result) => result.ok && merge(result.data));
      }
    }
  }, [active, visiblePanes.map((conversation) => `${conversation?.id}:${conversation?.unread}`).join(','), merge]);

  const changeLayout = (next: Layout) => {
    // New panes show the most recent conversations not shown yet, so a split view is useful at once.
    setPanes((current) => {
      const filled = [...current];
      const spare = conversations.map((conversation) => conversation.id).filter((id) => !filled.slice(0, next).includes(id));
      for (let index = 0; index < next; index += 1) if (!filled[index] || !byId.has(filled[index]!)) filled[index] = spare.shift() ?? null;
      return filled;
    });
    setFocusedPane((current) => Math.min(current, next - 1));
    setLayout(next);
  };

  const step = (direction: 1 | -1) => {
    if (shown.length === 0) return;
    const index = shown.findIndex((conversation) => conversation.id === selectedId);
    const next = shown[index < 0 ? 0 : (index + direction + shown.length) % shown.length];
    if (next) open(next.id);
  };

  useShortcuts(active, {
    newConversation: () => setStarting(true),
    next: () => step(1),
    previous: () => step(-1),
    focusComposer: () => document.querySelector<HTMLTextAreaElement>(`[data-pane="${focusedPane}"] .composer textarea`)?.focus(),
    search: () => selectedId && setSearchOpen((current) => ({ ...current, [selectedId]: true })),
  });

  const view = (conversation: ConversationSummary, pane: number) => (
    <ConversationView
      key={conversation.id}
      conversation={conversation}
      panel={panel}
      onPanel={setPanel}
      searchOpen={searchOpen[conversation.id] ?? false}
      onSearch={(isOpen) => setSearchOpen((current) => ({ ...current, [conversation.id]: isOpen }))}
      persona={personas.find((persona) => persona.name === conversation.personaName)}
      compact={layout > 1}
      reasonId={pane === 0 ? 'composer-reason' : `composer-reason-${pane + 1}`}
      onChanged={merge}
      onStarted={(summary) => {
        merge(summary);
        showIn(pane, summary.id);
      }}
      onRemoved={(conversationId) => {
        list.forget(conversationId);
        showIn(pane, null);
      }}
      onOpenProfiles={() => onOpenProfiles(conversation.profileId)}
      onOpenAiSettings={() => onOpenProfiles(AI_CUSTOMER_SECTION)}
    />
  );

  return (
    <div className={`workspace ${listCollapsed ? 'workspace-list-collapsed' : ''}`} hidden={!active}>
      {listCollapsed ? (
        <div className="sidebar-strip">
          <button type="button" className="icon-button" aria-label="Show conversation list" title="Show the conversation list" onClick={() => collapseList(false)}>
            <span aria-hidden="true">»</span>
          </button>
          <button type="button" className="icon-button" aria-label="New conversation" title="New conversation (Alt+N)" onClick={() => setStarting(true)}>
            <PlusIcon />
          </button>
        </div>
      ) : (
        <aside className="sidebar">
          <div className="sidebar-header">
            <h1>Conversations</h1>
            <button
              type="button"
              className="icon-button sidebar-collapse"
              aria-label="Hide conversation list"
              title="Hide the list to give the conversations room"
              onClick={() => collapseList(true)}
            >
              <span aria-hidden="true">«</span>
            </button>
            <button
              type="button"
              className="primary new-conversation-button"
              aria-label="New conversation"
              title="New conversation (Alt+N)"
              onClick={() => setStarting(true)}
            >
              <PlusIcon />
              New
            </button>
          </div>
          <ConversationFilters filter={filter} onChange={setFilter} />
          <div className="layout-switch" role="group" aria-label="Conversations side by side">
            {LAYOUTS.map((count) => (
              <button key={count} type="button" aria-pressed={layout === count} title={count === 1 ? 'One conversation' : `${count} conversations side by side`} onClick={() => changeLayout(count)}>
                <span aria-hidden="true">{count}</span>
                <span className="visually-hidden">{count === 1 ? 'One conversation' : `${count} side by side`}</span>
              </button>
            ))}
          </div>
          <ConversationList
            conversations={shown}
            selectedId={selectedId}
            shownIds={visibleIds}
            aiPlayingIds={aiPlayingIds}
            loadError={list.loadError}
            filtered={conversations.length > 0 && shown.length === 0}
            onClearFilter={() => setFilter(NO_FILTER)}
            onSelect={open}
          />
          <button type="button" className="link sidebar-footer" onClick={() => setShowShortcuts(true)}>
            Keyboard shortcuts
          </button>
        </aside>
      )}
      {layout === 1 ? (
        <section className="thread" aria-label="Thread" data-pane="0">
          {visiblePanes[0] ? view(visiblePanes[0], 0) : <Welcome hasConversations={conversations.length > 0} onStart={() => setStarting(true)} />}
        </section>
      ) : (
        <div className={`panes panes-${layout}`}>
          {visiblePanes.map((conversation, pane) => (
            <section
              key={pane}
              className={`pane ${pane === focusedPane ? 'pane-focused' : ''}`}
              aria-label={conversation ? `Pane ${pane + 1}: ${conversation.personaName}` : `Pane ${pane + 1}: empty`}
              data-pane={pane}
              onFocusCapture={() => setFocusedPane(pane)}
              onMouseDown={() => setFocusedPane(pane)}
            >
              {conversation ? (
                view(conversation, pane)
              ) : (
                <div className="pane-empty">
                  <p>Choose a conversation in the list to show it here.</p>
                  <button type="button" onClick={() => { setFocusedPane(pane); setStarting(true); }}>
                    Start one here
                  </button>
                </div>
              )}
            </section>
          ))}
        </div>
      )}
      <NewConversationDialog
        open={starting}
        onClose={() => setStarting(false)}
        onStarted={(summary) => {
          setStarting(false);
          askForNotifications();
          merge(summary);
          showIn(focusedPane, summary.id);
        }}
        onOpenProfiles={onOpenProfiles}
      />
      <Modal open={showShortcuts} title="Keyboard shortcuts" onClose={() => setShowShortcuts(false)}>
        <div className="modal-body">
          <dl className="shortcuts">
            {SHORTCUTS.map((shortcut) => (
              <div key={shortcut.keys}>
                <dt>
                  <kbd>{shortcut.keys}</kbd>
                </dt>
                <dd>{shortcut.does}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div className="modal-actions">
          <button type="button" className="primary" onClick={() => setShowShortcuts(false)} autoFocus>
            Done
          </button>
        </div>
      </Modal>
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
              ? 'Pick a conversation on the left, or start another one (Alt+N).'
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
