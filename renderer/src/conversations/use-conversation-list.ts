// The conversations the engine holds, newest activity first: loaded once, then replaced by every
// `conversations.changed` event. Replies the page receives itself (start, startNew…) are merged at once so
// the UI never waits for the event to show what the user just did.
import { useCallback } from 'react';
import type { ConversationSummary } from '../../../shared/contract';
import { useContractData } from '../data/use-contract-data';

const NONE: ConversationSummary[] = [];

/** A sorted copy, also of an event's list (a fresh array each time, so the page notices every change). */
function newestFirst(conversations: ConversationSummary[]): ConversationSummary[] {
  return [...conversations].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
}

export interface ConversationList {
  conversations: ConversationSummary[];
  loadError: string | null;
  merge(summary: ConversationSummary): void;
  forget(conversationId: string): void;
}

export function useConversationList(): ConversationList {
  const { data, error, update } = useContractData('conversations.list', {}, { select: newestFirst, event: 'conversations.changed', apply: (_, event) => newestFirst(event.conversations) });

  const merge = useCallback(
    (summary: ConversationSummary) => update((current) => newestFirst([summary, ...(current ?? []).filter((item) => item.id !== summary.id)])),
    [update],
  );
  const forget = useCallback(
    (conversationId: string) => update((current) => current && current.filter((item) => item.id !== conversationId)),
    [update],
  );

  return { conversations: data ?? NONE, loadError: error?.message ?? null, merge, forget };
}
