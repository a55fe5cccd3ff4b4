// How conversation messages look on the Guest API wire (spec §4.2, §7.1). A live frame and the same message
// read back from history are one view: the same `channel` (time, messageId, who spoke), the same `metadata`
// (its `correlationId`), and `content`/`events` only when there are some.
import type { WebMessagingMessage } from '../../protocol/webmessaging';
import { storedAgentMessage, type AgentOutput, type StoredMessage } from '../conversation-hub';

type Viewed = Omit<StoredMessage, 'status'>;

/** An agent's output as the live Outbound frame shows it. */
export function outboundView(output: AgentOutput): WebMessagingMessage {
  return output.kind === 'event'
    ? guestView({ id: output.id, direction: 'Outbound', time: output.time, type: 'Event', content: [], events: output.events, ...metadataOf(output) })
    : guestView(storedAgentMessage(output));
}

/** A stored message as a history entity (`GET /api/v2/webmessaging/messages`). */
export function historyView(message: StoredMessage): WebMessagingMessage {
  return guestView(message);
}

function guestView(message: Viewed): WebMessagingMessage {
  const isEvent = message.type === 'Event';
  return {
    id: message.id,
    channel: {
      time: message.time,
      ...(isEvent ? {} : { messageId: message.id }),
      type: 'Private',
      ...(message.from ? { from: message.from } : {}),
    },
    type: message.type,
    ...(message.text !== undefined ? { text: message.text } : {}),
    ...(message.content.length ? { content: message.content } : {}),
    ...(message.events.length ? { events: message.events } : {}),
    direction: message.direction,
    ...(message.originatingEntity ? { originatingEntity: message.originatingEntity } : {}),
    ...(message.metadata ? { metadata: message.metadata } : {}),
  };
}

const metadataOf = (output: AgentOutput): { metadata?: Record<string, string> } => (output.metadata ? { metadata: output.metadata } : {});
