// Journal first: every change to a conversation is one journal entry, appended (secret values replaced)
// before anything else, then applied by the reducer — the same function a restore replays — and only then
// told to the UI (`conversation.items` for a changed item, `conversations.changed` for the list).
import type { ConversationState, ConversationSummary, ThreadItem } from '../../../shared/contract';
import type { Clock } from '../../protocol/clock';
import type { EventBus } from '../event-bus';
import type { ConversationRecord, JournalEntry, Outgoing } from '../journal/journal-entry';
import type { TranscriptJournal } from '../journal/transcript-journal';
import { apply, changesState, isDuplicate, openThread } from './conversation-reducer';
import { liveConversation, type LiveConversation } from './live-conversation';
import type { SecretRedactor } from './redaction';

export interface ConversationWriterOptions {
  journal: TranscriptJournal;
  bus: EventBus;
  clock: Clock;
  redactor: SecretRedactor;
  newId: () => string;
  /** Every conversation's summary, newest first: what `conversations.changed` carries. */
  list: () => ConversationSummary[];
}

export class ConversationWriter {
  constructor(private readonly options: ConversationWriterOptions) {}

  /** A new conversation: its header line, and the conversation as a restore would read it back. */
  open(record: ConversationRecord): LiveConversation {
    const header = this.written(record.id, { t: 'conversation', v: 1, at: record.createdAt, conversation: record });
    return liveConversation(openThread(header.conversation));
  }

  /** Adds or updates an item; a second copy of an agent message or a lifecycle line is dropped unwritten. */
  item(conversation: LiveConversation, item: ThreadItem, outgoing?: Outgoing): void {
    if (isDuplicate(conversation.thread, item)) return;
    this.write(conversation, { t: 'item', at: this.isoNow(), item, ...(outgoing ? { outgoing } : {}) });
  }

  /** A lifecycle line (joined, ended, reconnected…); with a platform id and time when the platform gave them,
   *  and the agent it is about (joined, left). */
  systemItem(conversation: LiveConversation, event: NonNullable<ThreadItem['event']>, text: string, id?: string, time?: string, agentName?: string): void {
    this.item(conversation, {
      id: id ?? `system-${this.options.newId()}`,
      from: 'system',
      ...(agentName ? { senderName: agentName } : {}),
      time: time ?? this.isoNow(),
      text,
      content: [],
      event,
    });
  }

  /**
   * The server no longer has the conversation: one entry puts the line in the thread and makes it read-only,
   * naming the last moment the thread was known to be in step with the server. `cause`: what the server did.
   */
  endedOnServer(conversation: LiveConversation, cause: string): void {
    const { thread } = conversation;
    if (thread.endedOnServer || thread.state === 'ended') return;
    const now = this.isoNow();
    const since = clockWords(thread.updatedAt, this.options.clock.now());
    const text = `This conversation has ended on the server; messages after ${since} may be missing.`;
    const line: ThreadItem = { id: `ended-on-server-${this.options.newId()}`, from: 'system', time: now, text, content: [], event: 'endedOnServer' };
    const detail = `Messages after ${since} may be missing. ${this.options.redactor.text(cause)}`;
    this.write(conversation, { t: 'endedOnServer', at: now, line, detail });
  }

  /** The user starts anew on a read-only conversation; `guestToken` when the old identity is gone from the server. */
  startNew(conversation: LiveConversation, guestToken?: string): void {
    this.write(conversation, { t: 'startNew', at: this.isoNow(), ...(guestToken ? { guestToken } : {}) });
  }

  sent(conversation: LiveConversation, itemId: string, serverId: string, attachmentUrls?: string[]): void {
    this.write(conversation, { t: 'sent', at: this.isoNow(), itemId, serverId, ...(attachmentUrls ? { attachmentUrls } : {}) });
  }

  failed(conversation: LiveConversation, itemId: string, reason: string): void {
    this.write(conversation, { t: 'failed', at: this.isoNow(), itemId, reason });
  }

  state(conversation: LiveConversation, state: ConversationState, shownDetail?: string): void {
    const detail = shownDetail === undefined ? undefined : this.options.redactor.text(shownDetail);
    if (!changesState(conversation.thread, state, detail)) return;
    this.write(conversation, { t: 'state', at: this.isoNow(), state, ...(detail ? { detail } : {}) });
  }

  platform(conversation: LiveConversation, platformConversationId: string): void {
    if (conversation.thread.platformConversationId === platformConversationId) return;
    this.write(conversation, { t: 'platform', at: this.isoNow(), platformConversationId });
  }

  read(conversation: LiveConversation): void {
    const now = this.isoNow();
    this.write(conversation, { t: 'read', at: now, upTo: now });
  }

  listChanged(): void {
    this.options.bus.emit('conversations.changed', { conversations: this.options.list() });
  }

  /** Server times in one ISO form (with milliseconds), so the thread sorts them with local times. */
  normalTime(time: string | undefined): string {
    const parsed = time ? Date.parse(time) : Number.NaN;
    return Number.isNaN(parsed) ? this.isoNow() : new Date(parsed).toISOString();
  }

  isoNow(): string {
    return new Date(this.options.clock.now()).toISOString();
  }

  private write(conversation: LiveConversation, entry: JournalEntry): void {
    const { thread } = conversation;
    const written = this.written(thread.record.id, entry);
    const itemId = written.t === 'item' ? written.item.id : written.t === 'endedOnServer' ? written.line.id : written.t === 'sent' || written.t === 'failed' ? written.itemId : undefined;
    const before = itemId === undefined ? undefined : thread.items.get(itemId);
    apply(thread, written);
    if (itemId === undefined) return this.listChanged();
    const after = thread.items.get(itemId);
    if (!after || after === before) return;
    this.options.bus.emit('conversation.items', { conversationId: thread.record.id, items: [after] });
    if (after.from !== 'system' || written.t === 'endedOnServer') this.listChanged();
  }

  /** Appends the entry with secret values replaced, and returns what was written. */
  private written<T extends JournalEntry>(conversationId: string, entry: T): T {
    const written = this.options.redactor.deep(entry);
    this.options.journal.append(conversationId, written);
    return written;
  }
}

/**
 * A moment as the thread's own times read (this machine's locale and zone, as the page next to it shows them):
 * "2:32 PM" or "14:32", with the day in front when it was not today.
 */
export function clockWords(iso: string, nowMs: number): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return 'the last message';
  const clock = time.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (time.toDateString() === new Date(nowMs).toDateString()) return clock;
  return `${time.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${clock}`;
}
