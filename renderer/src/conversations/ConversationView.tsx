// One open conversation: header, state banner, the "Messages" log (with its transcript search), the typing
// indicator and the composer, with a side panel — the inspector, the agent desk or the participant data — beside them. In a
// split view it is drawn compact: each pane opens its own panel (from its "Pane tools" menu) over its thread.
import { useCallback, useMemo, useRef, useState, type DragEvent } from 'react';
import type { SavedPersona } from '../../../shared/personas-contract';
import type { ConversationSummary, ThreadItem } from '../../../shared/contract';
import { OperatorPane } from '../operator/OperatorPane';
import { api } from '../transport/api';
import { AiPlayDialog } from './AiPlayDialog';
import { AiPlayPanel, type AiPlayAction } from './AiPlayPanel';
import { Composer } from './Composer';
import { ConversationHeader, type SidePanel } from './ConversationHeader';
import { InspectorPane } from './InspectorPane';
import { ParticipantDataPane } from './ParticipantDataPane';
import { StateBanner } from './StateBanner';
import { ThreadLog } from './ThreadLog';
import { TypingIndicator } from './TypingIndicator';
import { useThread } from '../data/use-thread';
import { useAiPlay } from './use-ai-play';

/** What the composer says while the AI plays the guest. */
const AI_PLAYING = 'The AI is playing this guest. Take over to type yourself.';


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
  onOpenAiSettings: () => void;
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
  const ai = useAiPlay(conversation.id);
  const play = ai.data ?? null;
  const aiPlaying = play !== null && play.status !== 'stopped';
  const [aiDialog, setAiDialog] = useState(false);
  /** The stopped play whose panel was closed (by its start time), so a new one shows again. */
  const [closedPlay, setClosedPlay] = useState<string | null>(null);
  const [aiBusy, setAiBusy] = useState(false);
  const [aiError, setAiError] = useState<string | null>(null);
  const controlAi = async (action: AiPlayAction) => {
    setAiBusy(true);
    const result = await api['ai.play.control']({ conversationId: conversation.id, action });
    setAiBusy(false);
    if (result.ok) {
      setAiError(null);
      ai.update(() => result.data);
    } else setAiError(result.error.message);
  };
  const cannotSendReason = conversation.cannotSendReason ?? (aiPlaying ? AI_PLAYING : undefined);

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
          aiPlaying={aiPlaying}
          onLetAiPlay={() => setAiDialog(true)}
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
        {play && (aiPlaying || play.startedAt !== closedPlay) && (
          <AiPlayPanel
            view={play}
            busy={aiBusy}
            error={aiError}
            onControl={(action) => void controlAi(action)}
            onPlayAgain={() => setAiDialog(true)}
            onClose={() => setClosedPlay(play.startedAt)}
          />
        )}
        <Composer
          conversationId={conversation.id}
          cannotSendReason={cannotSendReason}
          fileLimits={conversation.fileLimits}
          onItem={onItem}
          snippets={props.persona?.snippets ?? []}
          reasonId={props.reasonId}
          stageRef={stageRef}
        />
      </div>
      {aiDialog && (
        <AiPlayDialog
          open
          conversationId={conversation.id}
          personaName={conversation.personaName}
          lastGoal={play?.goal}
          onClose={() => setAiDialog(false)}
          onStarted={(view) => {
            setAiDialog(false);
            setAiError(null);
            ai.update(() => view);
          }}
          onOpenAiSettings={props.onOpenAiSettings}
        />
      )}
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
