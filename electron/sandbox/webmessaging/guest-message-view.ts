// How conversation messages look on the Guest API wire: agent output as live Outbound `StructuredMessage`
// bodies, and stored messages as history entities (spec §4.2, §7.1).
import type { WebMessagingMessage } from '../../protocol/webmessaging';
import type { AgentOutput, StoredMessage } from '../conversation-hub';

export function outboundView(output: AgentOutput): WebMessagingMessage {
  if (output.kind === 'event') {
    return {
      id: output.id,
      channel: { time: output.time, type: 'Private' },
      type: 'Event',
      events: output.events,
      direction: 'Outbound',
      ...(output.metadata ? { metadata: output.metadata } : {}),
    };
  }
  return {
    id: output.id,
    channel: { time: output.time, messageId: output.id, type: 'Private', from: output.from },
    type: output.type,
    ...(output.text !== undefined ? { text: output.text } : {}),
    content: output.content,
    direction: 'Outbound',
    originatingEntity: output.originatingEntity,
  };
}

export function historyView(message: StoredMessage): WebMessagingMessage {
  return {
    id: message.id,
    channel: { time: message.time, type: 'Private' },
    type: message.type,
    ...(message.text !== undefined ? { text: message.text } : {}),
    ...(message.content.length ? { content: message.content } : {}),
    ...(message.events.length ? { events: message.events } : {}),
    direction: message.direction,
    ...(message.originatingEntity ? { originatingEntity: message.originatingEntity } : {}),
    ...(message.metadata ? { metadata: message.metadata } : {}),
  };
}
