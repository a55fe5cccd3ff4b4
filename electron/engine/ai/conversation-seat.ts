// The AI guest's seat in a console conversation (the console's "Let the AI play" and a scenario's `ai` step): it
// reads the thread through the ConversationService, sends through it as the composer does — so every check the
// composer passes (limits, secrets refused, custom attributes) holds for the AI too — and hears the engine's
// events for this conversation only. A message counts as sent when the platform accepted it.
import type { ConversationSummary, EventOf, ThreadItem } from '../../../shared/contract';
import type { EventBus } from '../event-bus';
import type { ConversationService } from '../conversations/conversation-service';
import type { AiSeat } from './ai-guest';
import type { AiOption } from './customer-prompt';
import { threadTranscript } from './thread-transcript';

export interface ConversationSeatOptions {
  conversations: ConversationService;
  bus: EventBus;
  conversationId: string;
  /** Custom attributes sent with each message (a scenario's `attributes` steps); the persona's are added by the service. */
  attributes?: () => Record<string, string>;
}

export function conversationSeat(options: ConversationSeatOptions): AiSeat & { close(): void } {
  const { conversations, bus, conversationId } = options;
  const listeners = new Set<() => void>();
  const deliveries = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  let summary: ConversationSummary | undefined = conversations.list().find((candidate) => candidate.id === conversationId);
  const unsubscribe = bus.subscribe((event, payload) => {
    if (event === 'conversation.items') {
      const { conversationId: id, items } = payload as EventOf<'conversation.items'>;
      if (id !== conversationId) return;
      for (const item of items) settle(item);
    } else if (event === 'conversations.changed') {
      const found = (payload as EventOf<'conversations.changed'>).conversations.find((candidate) => candidate.id === conversationId);
      if (!found && summary) summary = { ...summary, state: 'failed' };
      else if (found) summary = found;
      else return;
      if (summary.state === 'failed' || summary.state === 'ended') for (const [, waiter] of deliveries) waiter.reject(new Error(summary.stateDetail ?? `the conversation is ${summary.state}`));
    } else return;
    for (const listener of [...listeners]) listener();
  });
  const settle = (item: ThreadItem) => {
    const waiter = item.from === 'guest' ? deliveries.get(item.id) : undefined;
    if (!waiter || item.delivery === 'sending') return;
    deliveries.delete(item.id);
    if (item.delivery === 'sent') waiter.resolve();
    else waiter.reject(new Error(item.failure ?? 'Genesys did not accept it'));
  };
  const delivered = (item: ThreadItem) =>
    new Promise<void>((resolve, reject) => {
      deliveries.set(item.id, { resolve, reject });
      settle(item);
    });
  return {
    transcript: () => {
      try {
        return threadTranscript(conversations.thread(conversationId).items);
      } catch {
        return [];
      }
    },
    state: () => {
      const state = summary?.state;
      if (summary?.endedOnServer) return 'gone';
      if (state === 'live') return 'live';
      if (state === 'readOnly') return 'ended';
      if (state === 'ended' || state === 'failed' || state === undefined) return 'gone';
      return 'connecting';
    },
    agentTyping: () => summary?.agentTyping ?? false,
    say: async (text) => {
      const customAttributes = options.attributes?.() ?? {};
      return delivered(conversations.send({ conversationId, text, ...(Object.keys(customAttributes).length > 0 ? { customAttributes } : {}) }));
    },
    choose: async (option: AiOption) => delivered(conversations.choose({ conversationId, itemId: option.itemId, text: option.label, payload: option.payload, kind: option.kind })),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      unsubscribe();
      listeners.clear();
      for (const [, waiter] of deliveries) waiter.reject(new Error('the AI guest stopped'));
      deliveries.clear();
    },
  };
}
