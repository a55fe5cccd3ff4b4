// The conversation a run played, beside its steps: every message and lifecycle line in thread order,
// rich content shown by its labels and titles (what expectations match on). Read-only.
import type { ThreadItem } from '../../../shared/contract';
import { useThread } from '../data/use-thread';

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
  if (!conversationId) return <p className="scenario-note">The transcript appears here when a run starts.</p>;
  return <TranscriptLines key={conversationId} conversationId={conversationId} />;
}

function TranscriptLines({ conversationId }: { conversationId: string }) {
  const [thread] = useThread(conversationId);
  const items = thread.status === 'ready' ? thread.data : [];
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
