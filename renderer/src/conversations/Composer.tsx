// Where the customer types: Enter (or Ctrl+Enter) sends, Shift+Enter breaks the line, "Attach file" uploads, the
// persona's snippets fill the draft; typing is told to the agent at most every 5 s. When the conversation cannot
// send, everything is disabled and the reason line (#composer-reason in the first pane) says why.
import { useRef, useState, type KeyboardEvent } from 'react';
import { SnippetPicker } from './SnippetPicker';
import type { ThreadItem } from '../../../shared/contract';
import { api } from '../transport/api';
import { formatByteSize } from '../ui/byte-size';
import { PaperclipIcon, SendIcon } from '../ui/icons';
import { readFileBase64 } from '../ui/read-file-base64';

const TYPING_INTERVAL_MS = 5000;
/** What the contract can carry; the deployment's own limits are checked by the engine. */
const LARGEST_FILE_BYTES = 26 * 1024 * 1024;
const NO_CONVERSATION = 'Start a conversation to send messages as the customer.';

export function Composer(props: {
  conversationId: string | null;
  cannotSendReason?: string;
  onItem: (item: ThreadItem) => void;
  snippets?: string[];
  reasonId?: string;
}) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const lastTypingAt = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const { conversationId } = props;
  const reason = conversationId ? props.cannotSendReason : NO_CONVERSATION;
  const disabled = !conversationId || reason !== undefined;
  const reasonId = props.reasonId ?? 'composer-reason';
  const snippets = props.snippets ?? [];
  const textarea = useRef<HTMLTextAreaElement>(null);

  const send = async () => {
    const text = draft.trim();
    if (!conversationId || disabled || text === '') return;
    setDraft('');
    setError(null);
    lastTypingAt.current = 0;
    const result = await api['messages.send']({ conversationId, text });
    if (result.ok) {
      props.onItem(result.data);
      return;
    }
    setError(`Not sent: ${result.error.message}`);
    setDraft((current) => (current === '' ? text : current));
  };

  const typed = (value: string) => {
    setDraft(value);
    const now = Date.now();
    if (!conversationId || value.trim() === '' || now - lastTypingAt.current < TYPING_INTERVAL_MS) return;
    lastTypingAt.current = now;
    void api['conversations.typing']({ conversationId });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void send();
  };

  const attach = async (file: File) => {
    if (!conversationId) return;
    setError(null);
    if (file.size > LARGEST_FILE_BYTES) {
      setError(`${file.name} is ${formatByteSize(file.size)}; the console sends files up to ${formatByteSize(LARGEST_FILE_BYTES)}.`);
      return;
    }
    setUploading(file.name);
    try {
      const data = await readFileBase64(file);
      const result = await api['attachments.send']({
        conversationId,
        fileName: file.name,
        mime: file.type || 'application/octet-stream',
        data,
      });
      if (result.ok) props.onItem(result.data);
      else setError(`${file.name} was not sent: ${result.error.message}`);
    } catch (failure) {
      setError(`${file.name} could not be read: ${failure instanceof Error ? failure.message : String(failure)}`);
    } finally {
      setUploading(null);
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {error && (
        <div role="alert" className="composer-error">
          <span>{error}</span>
          <button type="button" className="link" onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      )}
      <div className="composer-row">
        <input
          ref={fileInput}
          type="file"
          hidden
          tabIndex={-1}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void attach(file);
          }}
        />
        <button
          type="button"
          className="icon-button composer-attach"
          aria-label="Attach file"
          title="Attach file"
          aria-describedby={reasonId}
          disabled={disabled || uploading !== null}
          onClick={() => fileInput.current?.click()}
        >
          <PaperclipIcon />
        </button>
        {snippets.length > 0 && (
          <SnippetPicker
            snippets={snippets}
            disabled={disabled}
            onPick={(snippet) => {
              typed(snippet);
              textarea.current?.focus();
            }}
          />
        )}
        <textarea
          ref={textarea}
          aria-label="Message"
          placeholder={disabled ? '' : 'Type a message as the customer…'}
          value={draft}
          rows={1}
          disabled={disabled}
          aria-describedby={reasonId}
          onChange={(event) => typed(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="primary composer-send" disabled={disabled || draft.trim() === ''}>
          <SendIcon />
          Send
        </button>
      </div>
      <p id={reasonId} className={`composer-reason ${disabled ? 'composer-reason-blocked' : ''}`}>
        {uploading ? `Uploading ${uploading}…` : (reason ?? 'Enter sends · Shift+Enter for a new line · Alt+M comes back here')}
      </p>
    </form>
  );
}
