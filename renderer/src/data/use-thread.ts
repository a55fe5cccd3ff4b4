// One conversation's thread: `conversations.thread` once, then `conversation.items` upserts. Events that
// arrive while the first load is in flight are applied after it, so none is lost.
import { useCallback, useEffect, useState } from 'react';
import type { ThreadItem } from '../../../shared/contract';
import { api } from '../transport/api';
import { upsertItems } from './thread-items';

export type ThreadState =
  | { status: 'loading' }
  | { status: 'ready'; items: ThreadItem[] }
  | { status: 'failed'; message: string };

export function useThread(conversationId: string): [ThreadState, (items: ThreadItem[]) => void] {
  const [state, setState] = useState<ThreadState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    let early: ThreadItem[] | null = [];
    setState({ status: 'loading' });
    const stop = api.on('conversation.items', (event) => {
      if (event.conversationId !== conversationId) return;
      if (early) early.push(...event.items);
      else setState((current) => (current.status === 'ready' ? { status: 'ready', items: upsertItems(current.items, event.items) } : current));
    });
    void api['conversations.thread']({ conversationId }).then((result) => {
      if (!live) return;
      const pending = early ?? [];
      early = null;
      setState(
        result.ok
          ? { status: 'ready', items: upsertItems(upsertItems([], result.data.items), pending) }
          : { status: 'failed', message: result.error.message },
      );
    });
    return () => {
      live = false;
      stop();
    };
  }, [conversationId]);

  const upsert = useCallback((items: ThreadItem[]) => {
    setState((current) => (current.status === 'ready' ? { status: 'ready', items: upsertItems(current.items, items) } : current));
  }, []);

  return [state, upsert];
}
