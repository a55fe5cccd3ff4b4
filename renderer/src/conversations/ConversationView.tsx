// One open conversation: header, state banner, the "Messages" log (with its transcript search), the typing
// indicator and the composer, with a side panel — the inspector, the agent desk or the participant data — beside them. In a
// split view it is drawn compact: each pane opens its own panel (from its "Pane tools" menu) over its thread.
import { useCallback, useMemo, useRef, useState, type DragEvent } from 'react';
import type { SavedPersona } from '../../../shared/personas-contract';
import type { ConversationSummary, ThreadItem } from '../../../shared/contract';
import { OperatorPane } from '../operator/OperatorPane';
import { Composer } from './Composer';
import { ConversationHeader } from './ConversationHeader';
import { InspectorPane } from './InspectorPane';
import { ParticipantDataPane } from './ParticipantDataPane';
import { StateBanner } from './StateBanner';
import { ThreadLog } from './ThreadLog';
import { TypingIndicator } from './TypingIndicator';
import { useThread } from '../data/use-thread';

export type SidePanel = 'inspector' | 'agent' | 'participants' | null;

export function ConversationView(props: {
  conversation: ConversationSummary;
  panel: SidePanel;
  onPanel: (panel: SidePanel) => void;
  searchOpen: boolean;
  onSearch: (open: boolean) => void;
  /** The saved persona this conversation's guest was started as (found by name), for avatar and snippets. */
  persona?: SavedPersona;
  compact?: boolean;
  /** Unique per pane; the first pane keeps the plain id the composer has always had. */
  reasonId?: string;
  onChanged: (summary: ConversationSummary) => void;
  onStarted: (summary: ConversationSummary) => void;
  onRemoved: (conversationId: string) => void;
  onOpenProfiles: () => void;
}) {
  const { conversation } = props;
  const [thread, upsert] = useThread(conversation.id);
  const onItem = useCallback((item: ThreadItem) => upsert([item]), [upsert]);
  const canSend = conversation.cannotSendReason === undefined;
  const context = useMemo(() => ({ conversationId: conversation.id, canSend, onItem }), [conversation.id, canSend, onItem]);
  // A pane's panel is its own: opening the desk in one pane leaves the others as they are.
  const [panePanel, setPanePanel] = useState<SidePanel>(null);
  const panel = props.compact ? panePanel : props.panel;
  const onPanel = props.compact ? setPanePanel : props.onPanel;
  // Files dropped anywhere on the conversation are staged in its composer, as if dropped there.
  const stageRef = useRef<((files: File[]) => void) | null>(null);
  const carriesFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes('Files');

  return (
    <div className={`conversation ${panel && !props.compact ? 'conversation-with-inspector' : ''} ${props.compact ? 'conversation-compact' : ''}`}>
      <div
        className="conversation-main"
        onDragOver={(event) => {
          if (!carriesFiles(event) || !canSend) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
        }}
        onDrop={(event) => {
          if (!carriesFiles(event) || !canSend) return;
          event.preventDefault();
          stageRef.current?.(Array.from(event.dataTransfer.files));
        }}
      >
        <ConversationHeader
          conversation={conversation}
          panel={panel}
          onPanel={onPanel}
          compact={props.compact ?? false}
          avatar={props.persona?.avatar}
          searchOpen={props.searchOpen}
          onSearch={props.onSearch}
          onChanged={props.onChanged}
          onRemoved={props.onRemoved}
        />
        <StateBanner conversation={conversation} onStarted={props.onStarted} />
        <ThreadLog
          thread={thread}
          context={context}
          emptyText="No messages yet. Say hello as the customer."
          searchOpen={props.searchOpen}
          onCloseSearch={() => props.onSearch(false)}
        />
        <TypingIndicator typing={conversation.agentTyping} />
        <Composer
          conversationId={conversation.id}
          cannotSendReason={conversation.cannotSendReason}
          fileLimits={conversation.fileLimits}
          onItem={onItem}
          snippets={props.persona?.snippets ?? []}
          reasonId={props.reasonId}
          stageRef={stageRef}
        />
      </div>
      {panel === 'inspector' && <InspectorPane conversationId={conversation.id} onHide={() => onPanel(null)} />}
      {panel === 'agent' && <OperatorPane conversationId={conversation.id} onHide={() => onPanel(null)} />}
      {panel === 'participants' && (
        <ParticipantDataPane
          conversationId={conversation.id}
          sentAttributes={conversation.customAttributes ?? {}}
          onOpenProfiles={props.onOpenProfiles}
          onHide={() => onPanel(null)}
        />
      )}
    </div>
  );
}
