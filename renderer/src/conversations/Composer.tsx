// Where the customer types: Enter (or Ctrl+Enter) sends, Shift+Enter breaks the line, the persona's snippets
// fill the draft; typing is told to the agent at most every 5 s. Files are staged first — picked with
// "Attach files", pasted, or dropped on the composer — and go out with the draft as their caption in one
// message when the user sends; a staged file can be taken off before. When the conversation cannot send,
// everything is disabled and the reason line (#composer-reason in the first pane) says why.
import { useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent, type MutableRefObject } from 'react';
import { MAX_FILES_PER_MESSAGE, type ConversationSummary, type ThreadItem } from '../../../shared/contract';
import { SnippetPicker } from './SnippetPicker';
import { StagedFiles, type StagedFile } from './StagedFiles';
import { api } from '../transport/api';
import { formatByteSize } from '../ui/byte-size';
import { PaperclipIcon, SendIcon } from '../ui/icons';
import { readFileBase64 } from '../ui/read-file-base64';

const TYPING_INTERVAL_MS = 5000;
/** What the contract can carry; the deployment's own limits are checked by the engine. */
const LARGEST_FILE_BYTES = 26 * 1024 * 1024;
const NO_CONVERSATION = 'Start a conversation to send messages as the customer.';

let stagedSeq = 0;

export function Composer(props: {
  conversationId: string | null;
  cannotSendReason?: string;
  fileLimits?: ConversationSummary['fileLimits'];
  onItem: (item: ThreadItem) => void;
  snippets?: string[];
  reasonId?: string;
  /** Set to this composer's way of staging files, for files dropped anywhere on its conversation. */
  stageRef?: MutableRefObject<((files: File[]) => void) | null>;
}) {
  const [draft, setDraft] = useState('');
  const [staged, setStaged] = useState<StagedFile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [sendingFiles, setSendingFiles] = useState<number | null>(null);
  const [dropping, setDropping] = useState(false);
  const lastTypingAt = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const { conversationId } = props;
  const reason = conversationId ? props.cannotSendReason : NO_CONVERSATION;
  const disabled = !conversationId || reason !== undefined;
  const busy = sendingFiles !== null;
  const reasonId = props.reasonId ?? 'composer-reason';
  const snippets = props.snippets ?? [];
  const textarea = useRef<HTMLTextAreaElement>(null);

  const stage = (files: File[]) => {
    if (disabled || files.length === 0) return;
    const problems: string[] = [];
    const accepted = files.filter((file) => {
      if (file.size === 0) problems.push(`${file.name} is empty.`);
      else if (file.size > LARGEST_FILE_BYTES) problems.push(`${file.name} is ${formatByteSize(file.size)}; the console sends files up to ${formatByteSize(LARGEST_FILE_BYTES)}.`);
      else return true;
      return false;
    });
    const room = MAX_FILES_PER_MESSAGE - staged.length;
    if (accepted.length > room) problems.push(`One message holds up to ${MAX_FILES_PER_MESSAGE} files; ${accepted.length - Math.max(room, 0)} not added.`);
    setError(problems.length > 0 ? problems.join(' ') : null);
    const added = accepted.slice(0, Math.max(room, 0)).map((file) => ({ key: `staged-${++stagedSeq}`, file }));
    if (added.length > 0) setStaged((current) => [...current, ...added]);
    textarea.current?.focus();
  };
  if (props.stageRef) props.stageRef.current = stage;

  const send = async () => {
    const text = draft.trim();
    if (!conversationId || disabled || busy) return;
    if (staged.length > 0) return sendFiles(conversationId, text);
    if (text === '') return;
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

  /** The staged files and the caption as one message; both stay in the composer if it is refused. */
  const sendFiles = async (id: string, text: string) => {
    const sending = staged;
    setError(null);
    setSendingFiles(sending.length);
    try {
      const files = await Promise.all(
        sending.map(async ({ file }) => ({ fileName: file.name, mime: file.type || 'application/octet-stream', data: await readFileBase64(file) })),
      );
      const result = await api['attachments.send']({ conversationId: id, files, ...(text ? { text } : {}) });
      if (!result.ok) {
        setError(`Not sent: ${result.error.message}`);
        return;
      }
      props.onItem(result.data);
      setStaged((current) => current.filter((entry) => !sending.includes(entry)));
      setDraft('');
      lastTypingAt.current = 0;
    } catch (failure) {
      setError(`A file could not be read: ${failure instanceof Error ? failure.message : String(failure)}`);
    } finally {
      setSendingFiles(null);
    }
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

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = Array.from(event.clipboardData.files);
    if (files.length === 0) return;
    event.preventDefault();
    stage(files);
  };

  const carriesFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes('Files');
  const onDragOver = (event: DragEvent<HTMLFormElement>) => {
    if (disabled || !carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDropping(true);
  };
  const onDrop = (event: DragEvent<HTMLFormElement>) => {
    setDropping(false);
    if (disabled || !carriesFiles(event)) return;
    event.preventDefault();
    event.stopPropagation();
    stage(Array.from(event.dataTransfer.files));
  };

  const canSend = !disabled && !busy && (draft.trim() !== '' || staged.length > 0);
  const hint = staged.length > 0 ? 'Enter sends the files with your caption · Shift+Enter for a new line' : 'Enter sends · Shift+Enter for a new line · Alt+M comes back here';
  return (
    <form
      className={`composer ${dropping ? 'composer-dropping' : ''}`}
      aria-label="Compose as the customer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
      onDragOver={onDragOver}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={onDrop}
    >
      {error && (
        <div role="alert" className="composer-error">
          <span>{error}</span>
          <button type="button" className="link" onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      )}
      <StagedFiles
        files={staged}
        limits={props.fileLimits}
        maxFiles={MAX_FILES_PER_MESSAGE}
        disabled={busy}
        onRemove={(key) => setStaged((current) => current.filter((entry) => entry.key !== key))}
      />
      <div className="composer-row">
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          aria-label="Files to attach"
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            event.target.value = '';
            stage(files);
          }}
        />
        <button
          type="button"
          className="icon-button composer-attach"
          aria-label="Attach files"
          title="Attach files (or paste or drop them here)"
          aria-describedby={reasonId}
          disabled={disabled || busy || staged.length >= MAX_FILES_PER_MESSAGE}
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
          placeholder={disabled ? '' : staged.length > 0 ? 'Add a caption (optional)…' : 'Type a message as the customer…'}
          value={draft}
          rows={1}
          disabled={disabled}
          aria-describedby={reasonId}
          onChange={(event) => typed(event.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        <button type="submit" className="primary composer-send" disabled={!canSend}>
          <SendIcon />
          Send
        </button>
      </div>
      <p id={reasonId} className={`composer-reason ${disabled ? 'composer-reason-blocked' : ''}`}>
        {busy ? `Sending ${sendingFiles === 1 ? 'the file' : `${sendingFiles} files`}…` : dropping ? 'Drop to attach' : (reason ?? hint)}
      </p>
    </form>
  );
}
