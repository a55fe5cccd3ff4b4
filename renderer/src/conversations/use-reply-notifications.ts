// A desktop notification when an agent replies in a conversation the user cannot see right now (not in
// any pane, or the window is hidden). Permission is asked for once, on a user action (starting a
// conversation); without it nothing is shown. Each reply notifies at most once.
import { useCallback, useEffect, useRef } from 'react';
import type { ConversationSummary } from '../../../shared/contract';
import { api } from '../transport/api';

export function useReplyNotifications(conversations: ConversationSummary[], visibleIds: string[], onOpen: (conversationId: string) => void) {
  const latest = useRef({ conversations, visibleIds, onOpen });
  latest.current = { conversations, visibleIds, onOpen };
  const notified = useRef(new Set<string>());

  useEffect(
    () =>
      api.on('conversation.items', ({ conversationId, items }) => {
        if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
        const { conversations: list, visibleIds: visible } = latest.current;
        if (visible.includes(conversationId) && document.visibilityState === 'visible') return;
        const summary = list.find((conversation) => conversation.id === conversationId);
        for (const item of items) {
          if (item.from !== 'agent' || notified.current.has(item.id)) continue;
          notified.current.add(item.id);
          const notification = new Notification(`${item.senderName ?? 'The agent'} replied to ${summary?.personaName ?? 'a guest'}`, {
            body: item.text ?? 'Sent something new.',
            tag: conversationId,
          });
          notification.onclick = () => {
            window.focus();
            latest.current.onOpen(conversationId);
          };
        }
      }),
    [],
  );

  /** Call from a user action: browsers only ask for permission then. */
  return useCallback(() => {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission();
  }, []);
}
