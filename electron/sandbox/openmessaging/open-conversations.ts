// Open Messaging's view of the hub: one active conversation per (integration, sender id); every
// conversation it touches is subscribed once, so each AgentOutput is rendered and queued for the
// integration's webhook in the order the agent produced it. The active conversations restored with the
// sandbox's state are subscribed from the start, so a reply that falls due after a restart is delivered.
import type { OpenRecipient } from '../../protocol/openmessaging/normalized-message';
import type { ConversationHub, CustomerProfile, SandboxConversation } from '../conversation-hub';
import { renderAgentOutput } from './outbound-message';
import type { WebhookDelivery } from './webhook-delivery';

export interface OpenConversations {
  /** The sender's active conversation on this integration, or a new one. */
  openOrJoin(integrationId: string, from: OpenRecipient): SandboxConversation;
  findActive(integrationId: string, customerId: string): SandboxConversation | undefined;
  /** The sender's conversation (active or ended) that holds outbound message `messageId`. */
  findByOutboundMessage(integrationId: string, customerId: string, messageId: string): SandboxConversation | undefined;
  close(): void;
}

function profileOf(from: OpenRecipient): CustomerProfile {
  const profile: CustomerProfile = {};
  if (from.nickname !== undefined) profile.nickname = from.nickname;
  if (from.firstName !== undefined) profile.firstName = from.firstName;
  if (from.lastName !== undefined) profile.lastName = from.lastName;
  if (from.email !== undefined) profile.email = from.email;
  if (from.image !== undefined) profile.image = from.image;
  return profile;
}

export function createOpenConversations(deps: { hub: ConversationHub; delivery: WebhookDelivery }): OpenConversations {
  const unsubscribes = new Map<string, () => void>();

  const watch = (conversation: SandboxConversation): SandboxConversation => {
    if (unsubscribes.has(conversation.id)) return conversation;
    const integrationId = conversation.integrationOrDeploymentId;
    unsubscribes.set(
      conversation.id,
      conversation.subscribe((output) => {
        const message = renderAgentOutput({
          output,
          integrationId,
          customerId: conversation.customerId,
          conversationId: conversation.id,
        });
        deps.delivery.enqueue(conversation.id, integrationId, message);
      }),
    );
    return conversation;
  };
  for (const conversation of deps.hub.list()) if (conversation.channel === 'openmessaging' && conversation.state === 'active') watch(conversation);

  const ofSender = (integrationId: string, customerId: string): SandboxConversation[] =>
    deps.hub
      .list()
      .filter((c) => c.channel === 'openmessaging' && c.integrationOrDeploymentId === integrationId && c.customerId === customerId);

  return {
    openOrJoin(integrationId, from) {
      return watch(
        deps.hub.openOrJoin({ channel: 'openmessaging', endpointId: integrationId, customerId: from.id, customer: profileOf(from) }),
      );
    },
    findActive(integrationId, customerId) {
      const active = ofSender(integrationId, customerId).find((c) => c.state === 'active');
      return active ? watch(active) : undefined;
    },
    findByOutboundMessage(integrationId, customerId, messageId) {
      return ofSender(integrationId, customerId).find((c) =>
        c.messages.some((m) => m.id === messageId && m.direction === 'Outbound'),
      );
    },
    close() {
      for (const unsubscribe of unsubscribes.values()) unsubscribe();
      unsubscribes.clear();
    },
  };
}
