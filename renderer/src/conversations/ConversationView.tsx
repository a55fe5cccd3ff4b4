// One open conversation: header, state banner, the "Messages" log, the typing indicator and the
// composer, with the inspector beside them when it is open.
import { useCallback } from 'react';
import type { ConversationSummary, ThreadItem } from '../../../shared/contract';
import { Composer } from './Composer';
import { ConversationHeader } from './ConversationHeader';
import { InspectorPane } from './InspectorPane';
import { StateBanner } from './StateBanner';
import { ThreadLog } from './ThreadLog';
import { TypingIndicator } from './TypingIndicator';
import { useThread } from './use-thread';

export function ConversationView(props: {
  conversation: ConversationSummary;
  inspectorOpen: boolean;
  onToggleInspector: () => void;
  onChanged: (summary: ConversationSummary) => void;
  onStarted: (summary: ConversationSummary) => void;
  onRemoved: (conversationId: string) => void;
}) {
  const { conversation } = props;
  const [thread, upsert] = useThread(conversation.id);
  const onItem = useCallback((item: ThreadItem) => upsert([item]), [upsert]);
  const context = { conversationId: conversation.id, canSend: conversation.cannotSendReason === undefined, onItem };

  return (
    <div className={`conversation ${props.inspectorOpen ? 'conversation-with-inspector' : ''}`}>
      <div className="conversation-main">
        <ConversationHeader
          conversation={conversation}
          inspectorOpen={props.inspectorOpen}
          onToggleInspector={props.onToggleInspector}
          onChanged={props.onChanged}
          onRemoved={props.onRemoved}
        />
        <StateBanner conversation={conversation} onStarted={props.onStarted} />
        <ThreadLog thread={thread} context={context} emptyText="No messages yet. Say hello as the customer." />
        <TypingIndicator typing={conversation.agentTyping} />
        <Composer conversationId={conversation.id} cannotSendReason={conversation.cannotSendReason} onItem={onItem} />
      </div>
      {props.inspectorOpen && <InspectorPane conversationId={conversation.id} onHide={props.onToggleInspector} />}
    </div>
  );
}
