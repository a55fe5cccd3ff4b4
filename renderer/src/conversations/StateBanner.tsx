// A banner over the thread when the conversation is not simply live: read-only (with "Start new") because the
// agent ended it or the server no longer has it, ended, failed, or reconnecting, each with the engine's words.
import { useState } from 'react';
import type { ConversationSummary } from '../../../shared/contract';
import { api } from '../transport/api';

const READ_ONLY_HEADLINE = 'The agent ended this conversation.';
const ENDED_ON_SERVER_HEADLINE = 'This conversation has ended on the server.';

export function StateBanner(props: { conversation: ConversationSummary; onStarted: (summary: ConversationSummary) => void }) {
  const { conversation } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const startNew = async () => {
    setBusy(true);
    setError(null);
    const result = await api['conversations.startNew']({ conversationId: conversation.id });
    setBusy(false);
    if (result.ok) props.onStarted(result.data);
    else setError(`A new conversation could not be started: ${result.error.message}`);
  };

  // The engine's explanation, without repeating the headline when it starts with it.
  const readOnlyDetail = conversation.stateDetail?.replace(READ_ONLY_HEADLINE, '').trim() || 'You can still read it, or start a new one as the same guest.';
  const endedOnServer = conversation.endedOnServer === true;
  const detail = conversation.stateDetail ? <span className="banner-detail">{conversation.stateDetail}</span> : null;

  switch (conversation.state) {
    case 'readOnly':
      return (
        <div className={`banner ${endedOnServer ? 'banner-ended-on-server' : 'banner-readonly'}`} role="status">
          <div className="banner-text">
            <strong>{endedOnServer ? ENDED_ON_SERVER_HEADLINE : READ_ONLY_HEADLINE}</strong>
            <span className="banner-detail">{readOnlyDetail}</span>
            {endedOnServer && <span className="banner-detail">Start new to talk again as the same guest, in this thread.</span>}
            {error && (
              <span role="alert" className="error">
                {error}
              </span>
            )}
          </div>
          <button type="button" className="primary" disabled={busy} onClick={() => void startNew()}>
            Start new
          </button>
        </div>
      );
    case 'ended':
      return (
        <div className="banner banner-ended" role="status">
          <div className="banner-text">
            <strong>This conversation has ended.</strong>
            {detail}
          </div>
        </div>
      );
    case 'failed':
      return (
        <div className="banner banner-failed" role="alert">
          <div className="banner-text">
            <strong>This conversation failed.</strong>
            {detail}
          </div>
        </div>
      );
    case 'reconnecting':
      return (
        <div className="banner banner-reconnecting" role="status">
          <div className="banner-text">
            <strong>Reconnecting…</strong>
            {detail ?? <span className="banner-detail">The console reconnects by itself and fills in anything missed.</span>}
          </div>
        </div>
      );
    default:
      return null;
  }
}
