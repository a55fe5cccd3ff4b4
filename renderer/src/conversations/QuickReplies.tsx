// Quick replies offered under an agent message. Pressing one answers with it; once the guest has answered
// (or when the conversation cannot send) they stay visible but disabled, with the chosen one marked.
import type { DisplayContent } from '../../../shared/contract';

type Reply = Extract<DisplayContent, { type: 'quickReplies' }>['replies'][number];

export function QuickReplies(props: { replies: Reply[]; chosenPayload: string | undefined; disabled: boolean; onChoose: (reply: Reply) => void }) {
  return (
    <div className="quick-replies" role="group" aria-label="Quick replies">
      {props.replies.map((reply) => {
        const chosen = props.chosenPayload === reply.payload;
        return (
          <button
            key={`${reply.payload}-${reply.text}`}
            type="button"
            className={`quick-reply ${chosen ? 'quick-reply-chosen' : ''}`}
            disabled={props.disabled}
            aria-pressed={chosen}
            onClick={() => props.onChoose(reply)}
          >
            {reply.text}
          </button>
        );
      })}
    </div>
  );
}
