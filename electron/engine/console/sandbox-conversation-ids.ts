// The Guest API never tells a Web Messaging guest its conversation's id. For the built-in sandbox the agent
// desk can find it (by the message ids both sides share), so a sandbox thread shows and exports it as an Open
// Messaging one does: looked up at start for the threads that lack it, then whenever an agent speaks in one
// that still lacks it (a start-new clears it, so the next conversation is found too). Real orgs: unknown.
import type { EventOf } from '../../../shared/contract';
import type { ConversationService } from '../conversations/conversation-service';
import type { EventBus } from '../event-bus';
import { SANDBOX_PROFILE_ID } from '../profiles/profile-service';

export interface SandboxConversationIdsOptions {
  bus: EventBus;
  conversations: ConversationService;
  /** The sandbox's id for the console conversation, if the sandbox knows it. */
  find: (conversationId: string) => Promise<string | undefined>;
}

/** Starts following; returns the way to stop. */
export function followSandboxConversationIds({ bus, conversations, find }: SandboxConversationIdsOptions): () => void {
  const looking = new Set<string>();
  let stopped = false;

  const lookUp = (conversationId: string) => {
    if (looking.has(conversationId) || !lacksId(conversationId)) return;
    looking.add(conversationId);
    void find(conversationId)
      .then((found) => {
        if (found && !stopped && lacksId(conversationId)) conversations.notePlatformConversation(conversationId, found);
      })
      .catch(() => undefined) // the sandbox may have stopped, or not seen the conversation yet: the next reply asks again
      .finally(() => looking.delete(conversationId));
  };

  const lacksId = (conversationId: string) => {
    try {
      const summary = conversations.summary(conversationId);
      return summary.channel === 'webmessaging' && summary.profileId === SANDBOX_PROFILE_ID && !summary.platformConversationId;
    } catch {
      return false; // removed meanwhile
    }
  };

  for (const summary of conversations.list()) lookUp(summary.id);
  const unsubscribe = bus.subscribe((event, payload) => {
    if (event !== 'conversation.items') return;
    const { conversationId, items } = payload as EventOf<'conversation.items'>;
    if (items.some((item) => item.from === 'agent')) lookUp(conversationId);
  });
  return () => {
    stopped = true;
    unsubscribe();
  };
}
