// The header over a thread: who the guest is, where they talk (profile, channel), the state, the
// platform's conversation id (copyable, to look it up in the org), and the conversation's actions.
import { useState } from 'react';
import type { ConversationSummary } from '../../../shared/contract';
import { api } from '../api';
import { ChannelBadge, StatePill } from './ConversationBadges';
import { ConfirmDialog } from './ConfirmDialog';
import { CopyIcon, PanelIcon } from './icons';

export function ConversationHeader(props: {
  conversation: ConversationSummary;
  inspectorOpen: boolean;
  onToggleInspector: () => void;
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
        {conversation.personaName.slice(0, 1).toUpperCase()}
      </div>
      <div className="header-main">
        <h2 className="header-title">{conversation.personaName}</h2>
        <div className="header-meta">
          <StatePill state={conversation.state} />
          <ChannelBadge channel={conversation.channel} />
          <span className="header-profile">{conversation.profileName}</span>
          {conversation.platformConversationId && <CopyableId id={conversation.platformConversationId} />}
        </div>
      </div>
      <div className="header-actions">
        <button
          type="button"
          className={`toggle ${props.inspectorOpen ? 'toggle-on' : ''}`}
          aria-expanded={props.inspectorOpen}
          aria-controls="inspector-pane"
          onClick={props.onToggleInspector}
        >
          <PanelIcon />
          Inspector
        </button>
        <button type="button" disabled={conversation.state === 'ended'} onClick={() => setConfirming('close')}>
          Close conversation
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
    <span className="platform-id">
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
