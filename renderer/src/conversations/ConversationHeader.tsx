// The header over a thread: the guest, profile and channel, the state, the platform's conversation id (copyable),
// and the actions — search, inspector and agent desk (sandbox only), export, close, remove. Debug-only parts
// carry `debug-only`, which presentation mode hides.
import { useState } from 'react';
import type { ConversationSummary } from '../../../shared/contract';
import { api } from '../transport/api';
import { ChannelBadge, StatePill } from './ConversationBadges';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import type { SidePanel } from './ConversationView';
import { ExportMenu } from './ExportMenu';
import { CopyIcon, PanelIcon } from '../ui/icons';

export function ConversationHeader(props: {
  conversation: ConversationSummary;
  panel: SidePanel;
  onPanel: (panel: SidePanel) => void;
  compact: boolean;
  avatar?: string;
  searchOpen: boolean;
  onSearch: (open: boolean) => void;
  onChanged: (summary: ConversationSummary) => void;
  onRemoved: (conversationId: string) => void;
}) {
  const { conversation } = props;
  const [confirming, setConfirming] = useState<'close' | 'remove' | null>(null);

  const close = async () => {
    const result = await api['conversations.close']({ conversationId: conversation.id });
    if (!result.ok) return `The conversation could not be closed: ${result.error.message}`;
    props.onChanged(result.data);
    setConfirming(null);
    return null;
  };

  const remove = async () => {
    const result = await api['conversations.remove']({ conversationId: conversation.id });
    if (!result.ok) return `The conversation could not be removed: ${result.error.message}`;
    setConfirming(null);
    props.onRemoved(conversation.id);
    return null;
  };

  return (
    <header className="conversation-header" role="region" aria-label="Conversation details">
      <div className="avatar avatar-guest" aria-hidden="true">
        {props.avatar ? <img src={props.avatar} alt="" /> : conversation.personaName.slice(0, 1).toUpperCase()}
      </div>
      <div className="header-main">
        <h2 className="header-title">{conversation.personaName}</h2>
        <div className="header-meta">
          <StatePill state={conversation.state} />
          <ChannelBadge channel={conversation.channel} />
          <span className="header-profile">{conversation.profileName}</span>
          {conversation.platformConversationId && !props.compact && <CopyableId id={conversation.platformConversationId} />}
        </div>
      </div>
      <div className="header-actions">
        <button type="button" className={`toggle ${props.searchOpen ? 'toggle-on' : ''}`} aria-pressed={props.searchOpen} onClick={() => props.onSearch(!props.searchOpen)}>
          Search
        </button>
        {!props.compact && (
          <>
            {conversation.profileId === 'sandbox' && (
              <button
                type="button"
                className={`toggle ${props.panel === 'agent' ? 'toggle-on' : ''}`}
                aria-expanded={props.panel === 'agent'}
                aria-controls="agent-pane"
                onClick={() => props.onPanel(props.panel === 'agent' ? null : 'agent')}
              >
                Agent desk
              </button>
            )}
            <button
              type="button"
              className={`toggle debug-only ${props.panel === 'inspector' ? 'toggle-on' : ''}`}
              aria-expanded={props.panel === 'inspector'}
              aria-controls="inspector-pane"
              onClick={() => props.onPanel(props.panel === 'inspector' ? null : 'inspector')}
            >
              <PanelIcon />
              Inspector
            </button>
            <ExportMenu conversationId={conversation.id} />
          </>
        )}
        <button type="button" disabled={conversation.state === 'ended'} onClick={() => setConfirming('close')}>
          Close
        </button>
        <button type="button" className="quiet-danger" onClick={() => setConfirming('remove')}>
          Remove
        </button>
      </div>
      <ConfirmDialog
        open={confirming === 'close'}
        title="Close this conversation?"
        confirmLabel="Yes, close it"
        onConfirm={close}
        onCancel={() => setConfirming(null)}
      >
        <p>
          The guest session of <strong>{conversation.personaName}</strong> ends on the platform. The thread stays here to read,
          but nothing more can be sent in it.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === 'remove'}
        title="Remove this conversation?"
        confirmLabel="Yes, remove it"
        onConfirm={remove}
        onCancel={() => setConfirming(null)}
      >
        <p>
          The conversation with <strong>{conversation.personaName}</strong> and its transcript are deleted from this console. The
          platform keeps its own record.
        </p>
      </ConfirmDialog>
    </header>
  );
}

function CopyableId({ id }: { id: string }) {
  const [note, setNote] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(id);
      setNote('Copied');
    } catch {
      setNote('Copy failed: select the ID and copy it');
    }
    setTimeout(() => setNote(''), 2500);
  };
  return (
    <span className="platform-id debug-only">
      <span className="platform-id-label">Conversation ID</span>
      <code title={id}>{id}</code>
      <button type="button" className="icon-button small" aria-label="Copy conversation ID" title="Copy conversation ID" onClick={() => void copy()}>
        <CopyIcon />
      </button>
      <span role="status" className="copy-note">
        {note}
      </span>
    </span>
  );
}
