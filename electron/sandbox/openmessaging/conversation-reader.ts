// The conversation read API over the hub's stored conversations: `MessageConversation` (participants
// with message ids and states, no text) and `MessageData` (one message with its normalizedMessage).
// Typing events and receipts are not messages here: they never appear in participants' `messages`.
// Also the generic `Conversation` (`GET /api/v2/conversations/{id}`, `getConversation`): each participant with
// one message communication holding the same `MessageDetails`.
import { createHash } from 'node:crypto';
import type { MessageConversation, MessageData, MessageDetails } from '../../protocol/openmessaging/conversation-read';
import type { Participant, SandboxConversation, StoredMessage } from '../conversation-hub';

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

/** A participant's participant data, queue and wrap-up in `MessageMediaParticipant`'s shapes: the customer's
 *  attributes are the guest's custom attributes with what the flow set over them, as Genesys shows them. */
function participantData(conversation: SandboxConversation, p: Participant): Pick<MessageMediaParticipantFields, 'attributes' | 'queue' | 'wrapup'> {
  const attributes = p.purpose === 'customer' ? { ...conversation.customAttributes, ...p.attributes } : { ...p.attributes };
  return {
    attributes,
    ...(p.queue ? { queue: { id: p.queue.id, selfUri: `/api/v2/routing/queues/${p.queue.id}` } } : {}),
    ...(p.wrapup ? { wrapup: { code: p.wrapup.code, ...(p.wrapup.notes ? { notes: p.wrapup.notes } : {}) } } : {}),
  };
}

type MessageMediaParticipantFields = MessageConversation['participants'][number];

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
        ...participantData(conversation, p),
        messages,
      };
    }),
    selfUri: `${CONVERSATIONS_PATH}/${conversation.id}`,
  };
}

/** A communication id for a participant's message communication: stable, UUID-shaped, not the participant's own. */
function communicationId(participantId: string): string {
  const hex = createHash('sha256').update(`communication:${participantId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** `Conversation` as `getConversation` returns it, for any channel's conversation. */
export function readGenericConversation(conversation: SandboxConversation): Record<string, unknown> {
  const read = readConversation(conversation);
  const starts = conversation.participants.flatMap((p) => (p.connectedTime ? [p.connectedTime] : []));
  const ends = conversation.participants.flatMap((p) => (p.endTime ? [p.endTime] : []));
  const startTime = starts.sort()[0] ?? conversation.messages[0]?.time ?? new Date(0).toISOString();
  return {
    id: conversation.id,
    startTime,
    ...(conversation.state === 'ended' && ends.length > 0 ? { endTime: ends.sort().at(-1) } : {}),
    participants: conversation.participants.map((p, i) => ({
      id: p.id,
      name: p.name,
      purpose: p.purpose,
      // `Participant`'s own shapes: the queue as `queueId`/`queueName`, not a `DomainEntityRef`.
      attributes: participantData(conversation, p).attributes,
      ...(p.queue ? { queueId: p.queue.id, queueName: p.queue.name } : {}),
      ...(p.wrapup ? { wrapup: { code: p.wrapup.code, ...(p.wrapup.notes ? { notes: p.wrapup.notes } : {}) } } : {}),
      ...(p.connectedTime ? { startTime: p.connectedTime, connectedTime: p.connectedTime } : {}),
      ...(p.endTime ? { endTime: p.endTime } : {}),
      ...(p.purpose === 'customer' ? { address: conversation.customerId } : {}),
      messages: [
        {
          id: communicationId(p.id),
          state: p.state,
          held: false,
          direction: 'inbound',
          type: conversation.channel === 'openmessaging' ? 'open' : 'webmessaging',
          ...(p.connectedTime ? { connectedTime: p.connectedTime } : {}),
          ...(p.endTime ? { disconnectedTime: p.endTime } : {}),
          messages: read.participants[i]?.messages ?? [],
        },
      ],
    })),
    selfUri: `/api/v2/conversations/${conversation.id}`,
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
