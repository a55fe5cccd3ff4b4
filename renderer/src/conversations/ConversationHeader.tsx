// The header over a thread: the guest, profile and channel, the state, the platform's conversation id (copyable),
// and the actions — search, agent desk (sandbox only), participant data, inspector and export as buttons, the rarer close and remove
// in a "More actions" menu, so the row never wraps beside a side panel. In a split pane everything but search is
// in one "Pane tools" menu. Debug-only parts carry `debug-only` and destructive ones `destructive`, which
// presentation mode hides.
import { useState } from 'react';
import type { ConversationSummary } from '../../../shared/contract';
import { api } from '../transport/api';
import { ChannelBadge, StatePill } from './ConversationBadges';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EXPORT_FORMATS, ExportMenu, useTranscriptExport } from './ExportMenu';
import { CopyIcon, PanelIcon } from '../ui/icons';
import { MenuButton, type MenuItem } from '../ui/MenuButton';

/** Which panel sits beside the thread (the header's buttons toggle them). */
export type SidePanel = 'inspector' | 'agent' | 'participants' | null;

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
  /** The AI is playing this guest now ("Let AI play" waits until it stops). */
  aiPlaying: boolean;
  onLetAiPlay: () => void;
}) {
  const { conversation } = props;
  const [confirming, setConfirming] = useState<'close' | 'remove' | null>(null);
  const transcript = useTranscriptExport(conversation.id);
  const sandbox = conversation.profileId === 'sandbox';
  const togglePanel = (panel: Exclude<SidePanel, null>) => props.onPanel(props.panel === panel ? null : panel);
  const rare: MenuItem[] = [
    { label: 'Close conversation…', onSelect: () => setConfirming('close'), disabled: conversation.state === 'ended', destructive: true },
    { label: 'Remove from console…', onSelect: () => setConfirming('remove'), danger: true, destructive: true },
  ];
  const canLetAiPlay = !props.aiPlaying && (conversation.state === 'live' || conversation.state === 'connecting' || conversation.state === 'reconnecting');
  const paneTools: MenuItem[] = [
    { label: 'Let the AI play this guest…', onSelect: props.onLetAiPlay, disabled: !canLetAiPlay },
    ...(sandbox ? [{ label: props.panel === 'agent' ? 'Hide agent desk' : 'Agent desk', onSelect: () => togglePanel('agent') }] : []),
    { label: props.panel === 'participants' ? 'Hide participant data' : 'Participant data', onSelect: () => togglePanel('participants') },
    { label: props.panel === 'inspector' ? 'Hide inspector' : 'Inspector', onSelect: () => togglePanel('inspector'), debugOnly: true },
    ...EXPORT_FORMATS.map(({ format, label }) => ({ label, onSelect: () => void transcript.exportAs(format) })),
    ...rare,
  ];

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
        {props.compact ? (
          <MenuButton label="Pane tools" items={paneTools}>
            <span aria-hidden="true">⋯</span>
          </MenuButton>
        ) : (
          <>
            <button
              type="button"
              className={`toggle ai-play-button ${props.aiPlaying ? 'toggle-on' : ''}`}
              disabled={!canLetAiPlay}
              title={props.aiPlaying ? 'The AI is playing this guest; Take over is below the thread' : 'Let the AI play this guest: a language model writes as the customer'}
              onClick={props.onLetAiPlay}
            >
              {props.aiPlaying ? 'AI playing' : 'Let AI play'}
            </button>
            {sandbox && (
              <button
                type="button"
                className={`toggle ${props.panel === 'agent' ? 'toggle-on' : ''}`}
                aria-expanded={props.panel === 'agent'}
                aria-controls="agent-pane"
                onClick={() => togglePanel('agent')}
              >
                Agent desk
              </button>
            )}
            <button
              type="button"
              className={`toggle ${props.panel === 'participants' ? 'toggle-on' : ''}`}
              aria-expanded={props.panel === 'participants'}
              aria-controls="participants-pane"
              title="Participant data: what the platform holds behind this conversation"
              onClick={() => togglePanel('participants')}
            >
              Participants
            </button>
            <button
              type="button"
              className={`toggle debug-only ${props.panel === 'inspector' ? 'toggle-on' : ''}`}
              aria-expanded={props.panel === 'inspector'}
              aria-controls="inspector-pane"
              onClick={() => togglePanel('inspector')}
            >
              <PanelIcon />
              Inspector
            </button>
            <ExportMenu conversationId={conversation.id} />
            <MenuButton label="More actions" items={rare} className="destructive">
              <span aria-hidden="true">⋯</span>
            </MenuButton>
          </>
        )}
      </div>
      {transcript.error && (
        <p role="alert" className="error small header-error">
          {transcript.error}{' '}
          <button type="button" className="link" onClick={transcript.clearError}>
            Dismiss
          </button>
        </p>
      )}
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
