// The conversation a run played, beside its steps: every message and lifecycle line in thread order,
// rich content shown by its labels and titles (what expectations match on). Read-only.
import { useEffect, useState } from 'react';
import type { ThreadItem } from '../../../shared/contract';
import { api } from '../transport/api';

function contentWords(item: ThreadItem): string[] {
  return item.content.map((content) => {
    switch (content.type) {
      case 'quickReplies':
        return `Quick replies: ${content.replies.map((reply) => reply.text).join(' · ')}`;
      case 'card':
        return `Card “${content.card.title}”: ${content.card.actions.map((action) => action.text).join(' · ')}`;
      case 'carousel':
        return `Carousel: ${content.cards.map((card) => card.title).join(' · ')}`;
      case 'attachment':
        return `📎 ${content.attachment.name}`;
      case 'buttonResponse':
        return `Chose “${content.text}”`;
      default:
        return `(${content.contentType})`;
    }
  });
}

export function RunTranscript({ conversationId }: { conversationId: string | undefined }) {
  const [items, setItems] = useState<ThreadItem[]>([]);
  useEffect(() => {
    setItems([]);
    if (!conversationId) return;
    let live = true;
    const merge = (incoming: ThreadItem[]) =>
      setItems((current) => {
        const byId = new Map(current.map((item) => [item.id, item]));
        for (const item of incoming) byId.set(item.id, item);
        return [...byId.values()].sort((a, b) => a.time.localeCompare(b.time));
      });
    const stop = api.on('conversation.items', (event) => event.conversationId === conversationId && merge(event.items));
    void api['conversations.thread']({ conversationId }).then((result) => live && result.ok && merge(result.data.items));
    return () => {
      live = false;
      stop();
    };
  }, [conversationId]);

  if (!conversationId) return <p className="scenario-note">The transcript appears here when a run starts.</p>;
  return (
    <ol className="run-transcript" aria-label="Transcript">
      {items.map((item) =>
        item.from === 'system' ? (
          <li key={item.id} className="transcript-line">
            {item.text}
          </li>
        ) : (
          <li key={item.id} className={`transcript-message transcript-${item.from}`}>
            <span className="transcript-sender">{item.senderName ?? (item.from === 'guest' ? 'Guest' : 'Agent')}</span>
            {item.text && <p>{item.text}</p>}
            {contentWords(item).map((words) => (
              <p key={words} className="transcript-content">
                {words}
              </p>
            ))}
          </li>
        ),
      )}
    </ol>
  );
}
