// One guest or agent message: the bubble with its text, files, cards and carousels; the quick replies it
// offers; the time; and, for the guest's own messages, the delivery state with "Retry" when it failed.
// Answering (quick reply, card button) and retrying happen here, and their errors are shown here.
import { useState } from 'react';
import type { DisplayContent, ThreadItem } from '../../../shared/contract';
import { api } from '../transport/api';
import { AttachmentView } from './AttachmentView';
import { CardView, type CardAction } from './CardView';
import { Carousel } from './Carousel';
import { AlertIcon, CheckIcon, ClockIcon, ReplyIcon } from '../ui/icons';
import { QuickReplies } from './QuickReplies';
import { clockTime, fullTime } from './time-labels';

export interface MessageContext {
  conversationId: string;
  /** False when the conversation cannot send (read-only, ended, …): answers are disabled. */
  canSend: boolean;
  onItem: (item: ThreadItem) => void;
}

export function MessageItem(props: {
  item: ThreadItem;
  /** Same sender as the message before: the name and avatar are not repeated. */
  continued: boolean;
  /** For offered quick replies: whether the guest has answered since, and with which payload. */
  answered: { payload?: string } | null;
  context: MessageContext;
}) {
  const { item, context } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const guest = item.from === 'guest';

  const choose = async (text: string, payload: string, kind: 'QuickReply' | 'Button') => {
    setBusy(true);
    setError(null);
    const result = await api['messages.choose']({ conversationId: context.conversationId, itemId: item.id, text, payload, kind });
    setBusy(false);
    if (result.ok) context.onItem(result.data);
    else setError(`Your answer was not sent: ${result.error.message}`);
  };

  const retry = async () => {
    setBusy(true);
    setError(null);
    const result = await api['messages.retry']({ conversationId: context.conversationId, itemId: item.id });
    setBusy(false);
    if (result.ok) context.onItem(result.data);
    else setError(`Retry failed: ${result.error.message}`);
  };

  const onPostback = (action: CardAction) => void choose(action.text, action.payload ?? action.text, 'Button');
  const choice = item.content.find((content) => content.type === 'buttonResponse');
  const text = item.text && item.text !== choice?.text ? item.text : undefined;
  const inBubble = item.content.filter((content) => content.type === 'attachment' || content.type === 'unsupported');
  const rich = item.content.filter((content) => content.type === 'card' || content.type === 'carousel');
  const replies = item.content.flatMap((content) => (content.type === 'quickReplies' ? content.replies : []));
  const failed = item.delivery === 'failed';

  return (
    <article
      className={`message ${guest ? 'message-guest' : 'message-agent'} ${props.continued ? 'message-continued' : ''} ${rich.some((content) => content.type === 'carousel') ? 'message-wide' : ''}`}
      aria-label={guest ? 'You' : (item.senderName ?? 'Agent')}
    >
      {!guest && (
        <div className="avatar" aria-hidden="true">
          {props.continued ? '' : (item.senderName ?? 'A').slice(0, 1).toUpperCase()}
        </div>
      )}
      <div className="message-column">
        {!guest && !props.continued && (
          <div className="sender">
            <span className="sender-name">{item.senderName ?? 'Agent'}</span>
            {item.originatingEntity && <span className={`origin origin-${item.originatingEntity.toLowerCase()}`}>{item.originatingEntity}</span>}
          </div>
        )}
        {(text || choice || inBubble.length > 0) && (
          <div className={`bubble ${failed ? 'bubble-failed' : ''} ${!text && !choice ? 'bubble-media' : ''}`}>
            {choice && (
              <p className="bubble-choice">
                <ReplyIcon />
                <span>{choice.text}</span>
              </p>
            )}
            {text && <p className="bubble-text">{text}</p>}
            {inBubble.map((content, index) => (
              <BubbleContent key={index} content={content} />
            ))}
          </div>
        )}
        {rich.map((content, index) =>
          content.type === 'card' ? (
            <CardView key={index} card={content.card} disabled={!context.canSend || busy} onPostback={onPostback} />
          ) : content.type === 'carousel' ? (
            <Carousel key={index} cards={content.cards} disabled={!context.canSend || busy} onPostback={onPostback} />
          ) : null,
        )}
        {replies.length > 0 && (
          <QuickReplies
            replies={replies}
            chosenPayload={props.answered?.payload}
            disabled={!context.canSend || busy || props.answered !== null}
            onChoose={(reply) => void choose(reply.text, reply.payload, 'QuickReply')}
          />
        )}
        <div className="message-meta">
          <time dateTime={item.time} title={fullTime(item.time)}>
            {clockTime(item.time)}
          </time>
          {guest && item.delivery && <DeliveryState delivery={item.delivery} />}
        </div>
        {failed && (
          <div className="message-failure">
            <span>{item.failure ?? 'This message was not delivered.'}</span>
            <button type="button" className="small-button" disabled={busy || !context.canSend} onClick={() => void retry()}>
              Retry
            </button>
          </div>
        )}
        {error && (
          <p role="alert" className="error message-error">
            {error}
          </p>
        )}
      </div>
    </article>
  );
}

function BubbleContent({ content }: { content: DisplayContent }) {
  if (content.type === 'attachment') return <AttachmentView attachment={content.attachment} />;
  if (content.type === 'unsupported')
    return <p className="unsupported">This message has content the console cannot show yet ({content.contentType}).</p>;
  return null;
}

function DeliveryState({ delivery }: { delivery: NonNullable<ThreadItem['delivery']> }) {
  if (delivery === 'sending')
    return (
      <span className="delivery delivery-sending">
        <ClockIcon />
        Sending…
      </span>
    );
  if (delivery === 'sent')
    return (
      <span className="delivery delivery-sent">
        <CheckIcon />
        Sent
      </span>
    );
  return (
    <span className="delivery delivery-failed">
      <AlertIcon />
      Not sent
    </span>
  );
}
