// Renders what the agent side produced (`AgentOutput`) as the `OpenNormalizedMessage` Genesys POSTs to
// an Open Messaging webhook. `conversationId` and `originatingEntity` are included on every delivery
// (the SDK model lacks them; the spec marks their presence uncertain; receivers tolerate extra fields).
import type { OpenNormalizedMessage } from '../../protocol/openmessaging/normalized-message';
import type { AgentOutput } from '../conversation-hub';

export function renderAgentOutput(args: {
  output: AgentOutput;
  integrationId: string;
  customerId: string;
  conversationId: string;
}): OpenNormalizedMessage {
  const { output, integrationId, customerId, conversationId } = args;
  const from =
    output.kind === 'message'
      ? { id: integrationId, idType: 'Opaque', nickname: output.from.nickname, ...(output.from.image ? { image: output.from.image } : {}) }
      : { id: integrationId, idType: 'Opaque' };
  const channel = {
    id: integrationId,
    platform: 'Open',
    type: 'Private',
    to: { id: customerId, idType: 'Opaque' },
    from,
    time: output.time,
  };
  if (output.kind === 'event') {
    return {
      id: output.id,
      channel,
      type: 'Event',
      events: output.events,
      direction: 'Outbound',
      ...(output.metadata ? { metadata: output.metadata } : {}),
      conversationId,
    };
  }
  return {
    id: output.id,
    channel,
    type: output.type,
    ...(output.text !== undefined ? { text: output.text } : {}),
    ...(output.content.length > 0 ? { content: output.content } : {}),
    originatingEntity: output.originatingEntity,
    direction: 'Outbound',
    ...(output.metadata ? { metadata: output.metadata } : {}),
    conversationId,
  };
}
