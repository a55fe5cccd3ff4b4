// The conversation workspace: the "Conversations" list, the "Messages" thread and the composer.
// Conversations themselves arrive with the Web Messaging engine; until then the frame says so plainly.
import { useState } from 'react';
import type { Profile } from '../../../shared/contract';
import { api } from '../api';
import { useLoaded } from '../use-result';

export function ConversationsScreen({ onOpenProfiles }: { onOpenProfiles: () => void }) {
  const [starting, setStarting] = useState(false);
  const [draft, setDraft] = useState('');
  const composerDisabledReason = 'Start a conversation to send messages as the customer.';

  return (
    <div className="workspace">
      <aside className="sidebar">
        <div className="sidebar-header">
          <h1>Conversations</h1>
          <button type="button" className="primary" onClick={() => setStarting(true)}>
            New conversation
          </button>
        </div>
        <ul className="conversation-list" aria-label="Conversations">
          <li className="empty-state">
            <p>No conversations yet.</p>
            <p className="muted">Choose “New conversation” to talk to the sandbox agent as a customer.</p>
          </li>
        </ul>
      </aside>
      <section className="thread" aria-label="Thread">
        {starting ? (
          <NewConversationPanel onClose={() => setStarting(false)} onOpenProfiles={onOpenProfiles} />
        ) : (
          <div role="log" aria-label="Messages" className="messages">
            <div className="empty-thread">
              <h2>Be the customer</h2>
              <p>Start a conversation on the built-in sandbox or on your own Genesys Cloud org, then type as the guest.</p>
            </div>
          </div>
        )}
        <form
          className="composer"
          onSubmit={(event) => {
            event.preventDefault();
          }}
        >
          <textarea
            aria-label="Message"
            placeholder="Type a message as the customer…"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            disabled
            aria-describedby="composer-reason"
            rows={2}
          />
          <button type="submit" className="primary" disabled>
            Send
          </button>
          <p id="composer-reason" className="composer-reason">
            {composerDisabledReason}
          </p>
        </form>
      </section>
    </div>
  );
}

function NewConversationPanel({ onClose, onOpenProfiles }: { onClose: () => void; onOpenProfiles: () => void }) {
  const [profiles] = useLoaded<Profile[]>(() => api['profiles.list']({}), []);
  const [profileId, setProfileId] = useState('sandbox');
  return (
    <div className="panel" role="dialog" aria-label="New conversation">
      <h2>New conversation</h2>
      <label className="field">
        <span>Profile</span>
        <select value={profileId} onChange={(event) => setProfileId(event.target.value)}>
          {profiles.status === 'ready' &&
            profiles.data.map((profile) => (
              <option key={profile.id} value={profile.id}>
                {profile.name}
              </option>
            ))}
        </select>
      </label>
      <p className="muted">
        Guest conversations are not available in this build yet: the Web Messaging and Open Messaging engines come next.
        You can already set up your org in <button type="button" className="link" onClick={onOpenProfiles}>Profiles</button>.
      </p>
      <div className="actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
