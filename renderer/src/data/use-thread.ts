// One conversation's thread: `conversations.thread`, then `conversation.items` upserts (those heard while the
// thread loads are applied over it, so none is lost). Read by the conversation view and a scenario run's
// transcript; `upsert` puts in what the page's own actions returned without waiting for the event.
import { useCallback, useMemo } from 'react';
import type { EventOf, ThreadItem } from '../../../shared/contract';
import { loadedOf, type Loaded } from './contract-data';
import { upsertItems } from './thread-items';
import { useContractData } from './use-contract-data';

export type ThreadState = Loaded<ThreadItem[]>;

function addItems(items: ThreadItem[] | undefined, event: EventOf<'conversation.items'>, { conversationId }: { conversationId: string }) {
  return items && event.conversationId === conversationId ? upsertItems(items, event.items) : items;
}

export function useThread(conversationId: string): [ThreadState, (items: ThreadItem[]) => void] {
  const { data, error, update } = useContractData(
    'conversations.thread',
    { conversationId },
    { select: (reply) => upsertItems([], reply.items), event: 'conversation.items', apply: addItems },
  );
  const upsert = useCallback((items: ThreadItem[]) => update((current) => current && upsertItems(current, items)), [update]);
  return [useMemo(() => loadedOf({ data, error }), [data, error]), upsert];
}
