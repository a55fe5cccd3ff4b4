// Open Messaging's shapes → normalized messages the guest turns into port events (received-message.ts):
// a webhook delivery (OpenNormalizedMessage), a message read back (MessageData), the reply to one of
// our inbound calls, and the end of a conversation seen by the poller (a synthetic Presence Disconnect).
import type { MessageData } from '../../../protocol/openmessaging/conversation-read';
import type { OpenNormalizedMessage } from '../../../protocol/openmessaging/normalized-message';
import type { GuestMessage } from '../../channels/guest-connection';
import type { ReceivedMessage } from '../received-message';
import { CUSTOM_MESSAGE_ID } from './inbound-bodies';

type Sender = { nickname?: string; firstName?: string; lastName?: string; image?: string };

function sender(from: Sender | undefined, fallbackName?: string): Sender | undefined {
  const picked: Sender = {
    ...(from?.nickname ?? fallbackName ? { nickname: from?.nickname ?? fallbackName } : {}),
    ...(from?.firstName ? { firstName: from.firstName } : {}),
    ...(from?.lastName ? { lastName: from.lastName } : {}),
    ...(from?.image ? { image: from.image } : {}),
  };
  return Object.keys(picked).length > 0 ? picked : undefined;
}

export function fromWebhook(delivery: OpenNormalizedMessage & { id: string }): ReceivedMessage {
  const from = sender(delivery.channel.from);
  return {
    id: delivery.id,
    type: delivery.type,
    direction: delivery.direction ?? 'Outbound',
    ...(delivery.text !== undefined ? { text: delivery.text } : {}),
    ...(delivery.originatingEntity ? { originatingEntity: delivery.originatingEntity } : {}),
    channel: { time: delivery.channel.time, ...(from ? { from } : {}) },
    ...(delivery.content ? { content: delivery.content } : {}),
    ...(delivery.events ? { events: delivery.events } : {}),
    ...(delivery.metadata ? { metadata: delivery.metadata } : {}),
  };
}

/** A message read back by the poller; `senderName` is the participant's name when the message lacks one. */
export function fromMessageData(data: MessageData, senderName?: string): ReceivedMessage {
  const normalized = data.normalizedMessage;
  const direction = normalized?.direction ?? (data.direction?.toLowerCase() === 'inbound' ? 'Inbound' : 'Outbound');
  const from = sender(normalized?.channel?.from, direction === 'Outbound' ? senderName : undefined);
  return {
    id: data.id,
    type: normalized?.type ?? 'Text',
    direction,
    ...(normalized?.text !== undefined ? { text: normalized.text } : {}),
    ...(normalized?.originatingEntity ? { originatingEntity: normalized.originatingEntity } : {}),
    channel: { time: normalized?.channel?.time ?? data.timestamp, ...(from ? { from } : {}) },
    ...(normalized?.content ? { content: normalized.content } : {}),
    ...(normalized?.events ? { events: normalized.events } : {}),
    ...(normalized?.metadata ? { metadata: normalized.metadata } : {}),
  };
}

/** Genesys' reply to our inbound message: the acknowledgement, with its server id. */
export function fromInboundReply(reply: Partial<OpenNormalizedMessage>, clientId: string, time: string): GuestMessage {
  return {
    id: reply.id ?? clientId,
    type: reply.type ?? 'Text',
    direction: 'Inbound',
    ...(reply.text !== undefined ? { text: reply.text } : {}),
    channel: { time: reply.channel?.time ?? time },
    ...(reply.content ? { content: reply.content } : {}),
    metadata: { ...reply.metadata, [CUSTOM_MESSAGE_ID]: clientId },
  };
}

/** The poller saw every agent leave: the thread shows the end, as a webhook client would see it. */
export function conversationEnded(conversationId: string, time: string, agentName?: string): ReceivedMessage {
  return {
    id: `${conversationId}:ended`,
    type: 'Event',
    direction: 'Outbound',
    channel: { time, ...(agentName ? { from: { nickname: agentName } } : {}) },
    events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }],
  };
}
