// The conversations the engine holds, newest activity first: loaded once, then replaced by every
// `conversations.changed` event. Replies the page receives itself (start, startNew…) are merged at once so
// the UI never waits for the event to show what the user just did.
import { useCallback, useEffect, useState } from 'react';
import type { ConversationSummary } from '../../../shared/contract';
import { api } from '../transport/api';

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
  const [conversations, setConversations] = useState<ConversationSummary[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const stop = api.on('conversations.changed', ({ conversations: next }) => {
      setLoadError(null);
      setConversations(newestFirst(next));
    });
    void api['conversations.list']({}).then((result) => {
      if (!live) return;
      if (result.ok) setConversations(newestFirst(result.data));
      else setLoadError(result.error.message);
    });
    return () => {
      live = false;
      stop();
    };
  }, []);

  const merge = useCallback((summary: ConversationSummary) => {
    setConversations((current) => newestFirst([summary, ...current.filter((item) => item.id !== summary.id)]));
  }, []);

  const forget = useCallback((conversationId: string) => {
    setConversations((current) => current.filter((item) => item.id !== conversationId));
  }, []);

  return { conversations, loadError, merge, forget };
}
