// The conversation read API over the hub's stored conversations: `MessageConversation` (participants
// with message ids and states, no text) and `MessageData` (one message with its normalizedMessage).
// Typing events and receipts are not messages here: they never appear in participants' `messages`.
import type { MessageConversation, MessageData, MessageDetails } from '../../protocol/openmessaging/conversation-read';
import type { SandboxConversation, StoredMessage } from '../conversation-hub';

const CONVERSATIONS_PATH = '/api/v2/conversations/messages';

const isMessage = (m: StoredMessage): boolean => m.type === 'Text' || m.type === 'Structured';

/** `MessageDetails.messageStatus` / `MessageData.status` for a stored message. */
function messageStatus(m: StoredMessage): string {
  if (m.direction === 'Inbound') return 'received';
  switch (m.status) {
    case 'Delivered':
      return 'delivery-success';
    case 'Read':
      return 'read';
    case 'Failed':
      return 'delivery-failed';
    default:
      return 'sent';
  }
}

export function readConversation(conversation: SandboxConversation): MessageConversation {
  const byId = new Map(conversation.messages.map((m) => [m.id, m]));
  return {
    id: conversation.id,
    participants: conversation.participants.map((p) => {
      const messages: MessageDetails[] = p.messageIds.flatMap((id) => {
        const m = byId.get(id);
        return m && isMessage(m) ? [{ messageId: m.id, messageStatus: messageStatus(m), messageTime: m.time }] : [];
      });
      return {
        id: p.id,
        name: p.name,
        purpose: p.purpose,
        state: p.state,
        direction: 'inbound',
        ...(p.connectedTime ? { startTime: p.connectedTime, connectedTime: p.connectedTime } : {}),
        ...(p.endTime ? { endTime: p.endTime } : {}),
        ...(p.purpose === 'customer' ? { address: conversation.customerId } : {}),
        messages,
      };
    }),
    selfUri: `${CONVERSATIONS_PATH}/${conversation.id}`,
  };
}

export function readMessage(conversation: SandboxConversation, m: StoredMessage): MessageData {
  const endpoint = { id: conversation.integrationOrDeploymentId, idType: 'Opaque' };
  const customer = { id: conversation.customerId, idType: 'Opaque' };
  const inbound = m.direction === 'Inbound';
  return {
    id: m.id,
    timestamp: m.time,
    direction: inbound ? 'inbound' : 'outbound',
    messengerType: conversation.channel === 'openmessaging' ? 'open' : 'webmessaging',
    status: messageStatus(m),
    fromAddress: inbound ? conversation.customerId : conversation.integrationOrDeploymentId,
    toAddress: inbound ? conversation.integrationOrDeploymentId : conversation.customerId,
    normalizedMessage: {
      id: m.id,
      channel: {
        id: conversation.integrationOrDeploymentId,
        platform: conversation.channel === 'openmessaging' ? 'Open' : 'Webmessaging',
        type: 'Private',
        from: inbound ? customer : endpoint,
        to: inbound ? endpoint : customer,
        time: m.time,
      },
      type: m.type,
      ...(m.text !== undefined ? { text: m.text } : {}),
      ...(m.content.length > 0 ? { content: m.content } : {}),
      ...(m.events.length > 0 ? { events: m.events } : {}),
      ...(m.originatingEntity ? { originatingEntity: m.originatingEntity } : {}),
      ...(m.metadata ? { metadata: m.metadata } : {}),
      direction: m.direction,
    },
    conversationId: conversation.id,
    selfUri: `${CONVERSATIONS_PATH}/${conversation.id}/messages/${m.id}`,
  };
}
