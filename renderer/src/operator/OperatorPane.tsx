// The agent's side of a sandbox conversation, beside the guest's: the operator answers as the agent (text, quick
// replies, card, file, typing, join, transfer, hand back, end with a wrap-up code) through the engine's agent desk, which drives the
// sandbox, so both sides of a demo show on one screen. Above the tabs, the guest as the sandbox received them (their
// details and custom attributes: did they arrive?). Errors show in this pane, under the action that failed.
import { useState, type FormEvent, type ReactNode } from 'react';
import type { OperatorAction, OperatorDesk } from '../../../shared/operator-contract';
import { useContractData } from '../data/use-contract-data';
import { api } from '../transport/api';
import { FileButton } from '../ui/FileButton';
import { readFileBase64 } from '../ui/read-file-base64';

type Tab = 'text' | 'quickReplies' | 'card' | 'file' | 'more';

/** Short labels, so the row fits the desk's narrowest width (beside a thread at 1280 px) on one line. */
const TABS: { tab: Tab; label: string; title?: string }[] = [
  { tab: 'text', label: 'Text' },
  { tab: 'quickReplies', label: 'Replies' },
  { tab: 'card', label: 'Card' },
  { tab: 'file', label: 'File' },
  { tab: 'more', label: 'Control', title: 'Join, hand back, transfer, typing, end' },
];

function sameConversation(event: { conversationId: string }, payload: { conversationId: string }): boolean {
  return event.conversationId === payload.conversationId;
}

export function OperatorPane({ conversationId, onHide }: { conversationId: string; onHide: () => void }) {
  // The desk becomes available once the sandbox has the conversation; look again as the thread moves.
  const followed = useContractData('operator.desk', { conversationId }, { event: 'conversation.items', reloadWhen: sameConversation });
  const desk = followed.data ?? null;
  const [tab, setTab] = useState<Tab>('text');
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const error = actionError ?? followed.error?.message ?? null;

  const act = async (action: OperatorAction, what: string): Promise<boolean> => {
    setBusy(true);
    setActionError(null);
    setDone('');
    const result = await api['operator.act']({ conversationId, action });
    setBusy(false);
    if (!result.ok) {
      setActionError(`${what} failed: ${result.error.issues?.[0]?.message ?? result.error.message}`);
      return false;
    }
    followed.update(() => result.data);
    setDone(`${what}: done.`);
    return true;
  };

  // What the last action said belongs to its tab: another tab starts with a clean slate.
  const switchTab = (next: Tab) => {
    setTab(next);
    setDone('');
    setActionError(null);
  };

  const unavailable = desk !== null && !desk.available;
  return (
    <aside id="agent-pane" className="agent-pane" aria-label="Agent desk">
      <div className="inspector-header">
        <h2 className="inspector-title">Agent desk</h2>
        <span className="inspector-count">{desk ? `as ${desk.agentName}` : ''}</span>
        <button type="button" className="icon-button small" aria-label="Hide agent desk" title="Hide the agent desk" onClick={onHide}>
          ×
        </button>
      </div>
      {desk === null && !error && <p className="muted agent-note">Looking for the conversation in the sandbox…</p>}
      {unavailable && <p className="agent-note warning">{desk.reason}</p>}
      {desk && desk.participants.length > 0 && (
        <p className="muted small agent-note">
          In the conversation: {desk.participants.map((participant) => `${participant.name}${participant.state === 'disconnected' ? ' (left)' : ''}`).join(', ')}
        </p>
      )}
      {desk?.guest && <GuestDetails guest={desk.guest} />}
      <div className="agent-tabs" role="tablist" aria-label="What the agent sends">
        {TABS.map(({ tab: value, label, title }) => (
          <button
            key={value}
            type="button"
            role="tab"
            id={`agent-tab-${value}`}
            aria-selected={tab === value}
            aria-controls="agent-tab-panel"
            tabIndex={tab === value ? 0 : -1}
            className="agent-tab"
            title={title}
            onClick={() => switchTab(value)}
            onKeyDown={(event) => {
              const index = TABS.findIndex((entry) => entry.tab === tab);
              const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
              if (delta === 0) return;
              const next = TABS[(index + delta + TABS.length) % TABS.length]!.tab;
              switchTab(next);
              document.getElementById(`agent-tab-${next}`)?.focus();
            }}
          >
            {label}
          </button>
        ))}
      </div>
      <div id="agent-tab-panel" role="tabpanel" aria-labelledby={`agent-tab-${tab}`} className="agent-panel">
        <fieldset disabled={busy || unavailable || desk === null} className="agent-fieldset">
          {tab === 'text' && <TextForm onSend={(text) => act({ type: 'text', text }, 'Message')} />}
          {tab === 'quickReplies' && <QuickRepliesForm onSend={(text, replies) => act({ type: 'quickReplies', text, replies }, 'Quick replies')} />}
          {tab === 'card' && <CardForm onSend={(card) => act({ type: 'card', ...card }, 'Card')} />}
          {tab === 'file' && <FileForm onSend={(file) => act({ type: 'attachment', ...file }, 'File')} />}
          {tab === 'more' && (
            <div className="agent-form">
              <div className="agent-row">
                <button type="button" title="The bot stops answering until you hand back" onClick={() => void act({ type: 'join' }, 'Join')}>
                  Join
                </button>
                <button type="button" title="You leave and the bot answers again" onClick={() => void act({ type: 'handBack' }, 'Hand back to bot')}>
                  Hand back to bot
                </button>
              </div>
              <TransferForm onSend={(to) => act({ type: 'transfer', to }, 'Transfer')} />
              <button type="button" onClick={() => void act({ type: 'typing' }, 'Typing')}>
                Show typing
              </button>
              <EndForm onEnd={(wrapup) => act({ type: 'end', ...(wrapup ? { wrapup } : {}) }, 'End conversation')} />
            </div>
          )}
        </fieldset>
        {tab !== 'more' && (
          <button type="button" className="agent-typing" disabled={busy || unavailable || desk === null} onClick={() => void act({ type: 'typing' }, 'Typing')}>
            Show typing
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="error agent-note">
          {error}
        </p>
      )}
      <p role="status" className="success small agent-note">
        {done}
      </p>
    </aside>
  );
}

function AgentForm(props: { onSubmit: () => Promise<boolean>; children: ReactNode; submitLabel: string }) {
  return (
    <form
      className="agent-form"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void props.onSubmit();
      }}
    >
      {props.children}
      <button type="submit" className="primary">
        {props.submitLabel}
      </button>
    </form>
  );
}

function Field(props: { label: string; value: string; onChange: (value: string) => void; multiline?: boolean; placeholder?: string }) {
  return (
    <label className="field">
      <span>{props.label}</span>
      {props.multiline ? (
        <textarea rows={2} value={props.value} placeholder={props.placeholder} onChange={(event) => props.onChange(event.target.value)} />
      ) : (
        <input type="text" value={props.value} placeholder={props.placeholder} onChange={(event) => props.onChange(event.target.value)} />
      )}
    </label>
  );
}

function TextForm({ onSend }: { onSend: (text: string) => Promise<boolean> }) {
  const [text, setText] = useState('');
  return (
    <AgentForm submitLabel="Send as agent" onSubmit={async () => (await onSend(text)) && (setText(''), true)}>
      <Field label="Agent message" value={text} onChange={setText} multiline placeholder="What the agent says" />
    </AgentForm>
  );
}

function QuickRepliesForm({ onSend }: { onSend: (text: string, replies: string[]) => Promise<boolean> }) {
  const [text, setText] = useState('');
  const [replies, setReplies] = useState('Yes, No');
  const list = replies.split(',').map((reply) => reply.trim()).filter((reply) => reply !== '');
  return (
    <AgentForm submitLabel="Send quick replies" onSubmit={() => onSend(text, list)}>
      <Field label="Question" value={text} onChange={setText} placeholder="Would you like a callback?" />
      <Field label="Replies, separated by commas" value={replies} onChange={setReplies} />
    </AgentForm>
  );
}

function CardForm({ onSend }: { onSend: (card: { title: string; description?: string; buttons: string[]; link?: string }) => Promise<boolean> }) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [buttons, setButtons] = useState('Choose this');
  const [link, setLink] = useState('');
  return (
    <AgentForm
      submitLabel="Send card"
      onSubmit={() =>
        onSend({
          title,
          ...(description.trim() ? { description } : {}),
          buttons: buttons.split(',').map((button) => button.trim()).filter((button) => button !== ''),
          ...(link.trim() ? { link: link.trim() } : {}),
        })
      }
    >
      <Field label="Card title" value={title} onChange={setTitle} placeholder="Premium plan" />
      <Field label="Card description" value={description} onChange={setDescription} placeholder="optional" />
      <Field label="Buttons, separated by commas" value={buttons} onChange={setButtons} />
      <Field label="Link (optional)" value={link} onChange={setLink} placeholder="https://example.com" />
    </AgentForm>
  );
}

function FileForm({ onSend }: { onSend: (file: { fileName: string; mime: string; data: string; text?: string }) => Promise<boolean> }) {
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <AgentForm
      submitLabel="Send file"
      onSubmit={async () => {
        if (!file) {
          setProblem('Choose a file first.');
          return false;
        }
        setProblem(null);
        const data = await readFileBase64(file);
        const sent = await onSend({ fileName: file.name, mime: file.type || 'application/octet-stream', data, ...(text.trim() ? { text } : {}) });
        if (sent) {
          setFile(null);
          setText('');
        }
        return sent;
      }}
    >
      <FileButton label="File to send" fileName={file?.name} emptyText="No file chosen yet" onFiles={(files) => setFile(files[0] ?? null)} />
      <Field label="Message with the file" value={text} onChange={setText} placeholder="optional" />
      {problem && <p className="error small">{problem}</p>}
    </AgentForm>
  );
}

/** Ending as the agent, with the wrap-up code the agent chose (it lands on the agent's participant data). */
function EndForm({ onEnd }: { onEnd: (wrapup: string) => Promise<boolean> }) {
  const [wrapup, setWrapup] = useState('');
  return (
    <form
      className="agent-form"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void onEnd(wrapup.trim());
      }}
    >
      <Field label="Wrap-up code (optional)" value={wrapup} onChange={setWrapup} placeholder="Resolved" />
      <button type="submit" className="danger">
        End as agent
      </button>
    </form>
  );
}

function TransferForm({ onSend }: { onSend: (to: string) => Promise<boolean> }) {
  const [to, setTo] = useState('');
  return (
    <AgentForm submitLabel="Transfer" onSubmit={() => onSend(to)}>
      <Field label="Transfer to agent" value={to} onChange={setTo} placeholder="Alex from Billing" />
    </AgentForm>
  );
}

/** What the sandbox received of the guest: their name and contact details, and every custom attribute. */
function GuestDetails({ guest }: { guest: NonNullable<OperatorDesk['guest']> }) {
  const attributes = Object.entries(guest.customAttributes).sort(([a], [b]) => a.localeCompare(b));
  const fullName = [guest.firstName, guest.lastName].filter(Boolean).join(' ');
  return (
    <details className="agent-guest" open>
      <summary>
        Guest as the agent sees them <span className="muted">· {attributes.length === 1 ? '1 attribute' : `${attributes.length} attributes`}</span>
      </summary>
      <dl className="facts agent-guest-facts" aria-label="Guest details">
        <dt>Name</dt>
        <dd>{guest.name}</dd>
        {fullName && fullName !== guest.name && (
          <>
            <dt>First and last name</dt>
            <dd>{fullName}</dd>
          </>
        )}
        {guest.email && (
          <>
            <dt>Email</dt>
            <dd>{guest.email}</dd>
          </>
        )}
        {attributes.map(([key, value]) => (
          <div key={key} className="agent-guest-attribute">
            <dt>{key}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {guest.channel === 'webmessaging' && !fullName && !guest.email && (
        <p className="muted small agent-guest-none">Web Messaging carries no name or contact details; deployments pass them as custom attributes.</p>
      )}
      {attributes.length === 0 && <p className="muted small agent-guest-none">No custom attributes have arrived with the guest’s messages.</p>}
    </details>
  );
}
