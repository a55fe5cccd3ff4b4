// A conversation's journaled state — its record, thread items, state, read mark and platform id — and the one
// function that changes it. A restore replays the journal through `apply`; live code appends an entry, then
// applies that same entry, so a restored conversation is the one the user saw. `apply` reads nothing but the
// entry (no clock, no ids, no I/O). It changes the thread in place: a thread holds thousands of items, and
// copying them for every entry would make a restore quadratic.
import type { ConversationState, ThreadItem } from '../../../shared/contract';
import type { ConversationRecord, JournalEntry, Outgoing } from '../journal/journal-entry';

export interface ConversationThread {
  readonly record: ConversationRecord;
  readonly items: Map<string, ThreadItem>;
  /** What is needed to send a guest message again (after a failure, or unconfirmed at a restart). */
  readonly outgoing: Map<string, Outgoing>;
  state: ConversationState;
  stateDetail?: string | undefined;
  /** Agent messages added since the last read mark. */
  unread: number;
  readUpTo?: string;
  platformConversationId?: string;
  /** The `at` of the latest entry that changed an item. */
  updatedAt: string;
  /** The newest message (not a lifecycle line) with text or content: what the conversation list shows. */
  lastMessage?: ThreadItem;
}

export function openThread(record: ConversationRecord): ConversationThread {
  return { record, items: new Map(), outgoing: new Map(), state: 'connecting', unread: 0, updatedAt: record.createdAt };
}

/** The conversation a journal describes; undefined when its header line is missing. */
export function replay(entries: readonly JournalEntry[]): ConversationThread | undefined {
  const header = entries.find((entry) => entry.t === 'conversation');
  if (!header || header.t !== 'conversation') return undefined;
  const thread = openThread(header.conversation);
  for (const entry of entries) apply(thread, entry);
  return thread;
}

export function apply(thread: ConversationThread, entry: JournalEntry): void {
  switch (entry.t) {
    case 'conversation':
      return; // the header opened the thread
    case 'item':
      return addItem(thread, entry.item, entry.outgoing, entry.at);
    case 'sent':
      return updateGuestMessage(thread, entry.itemId, entry.at, (item) => {
        const { failure: _failure, ...rest } = item;
        const content = entry.attachmentUrl ? withAttachmentUrl(item.content, entry.attachmentUrl) : item.content;
        return { ...rest, serverId: entry.serverId, delivery: 'sent', content };
      });
    case 'failed':
      // A late failure never undoes a message Genesys confirmed.
      return updateGuestMessage(thread, entry.itemId, entry.at, (item) => (item.delivery === 'sent' ? item : { ...item, delivery: 'failed', failure: entry.reason }));
    case 'state':
      if (!changesState(thread, entry.state, entry.detail)) return;
      thread.state = entry.state;
      thread.stateDetail = entry.detail;
      return;
    case 'platform':
      thread.platformConversationId = entry.platformConversationId;
      return;
    case 'read':
      thread.readUpTo = entry.upTo;
      thread.unread = 0;
      return;
  }
}

/** Agent messages and lifecycle lines never change once in the thread: another copy is a duplicate. */
export function isDuplicate(thread: ConversationThread, item: ThreadItem): boolean {
  return item.from !== 'guest' && thread.items.has(item.id);
}

/** Whether a state entry changes the thread. An ended conversation stays ended; only its words may change. */
export function changesState(thread: ConversationThread, state: ConversationState, detail: string | undefined): boolean {
  if (thread.state === 'ended' && state !== 'ended') return false;
  return thread.state !== state || thread.stateDetail !== detail;
}

function addItem(thread: ConversationThread, item: ThreadItem, outgoing: Outgoing | undefined, at: string): void {
  if (isDuplicate(thread, item)) return;
  const before = thread.items.get(item.id);
  thread.items.set(item.id, item);
  if (outgoing) thread.outgoing.set(item.id, outgoing);
  if (!before && item.from === 'agent') thread.unread += 1;
  thread.updatedAt = at;
  noteLastMessage(thread, item, before);
}

/** A receipt changes a guest message already in the thread; one for any other item says nothing. */
function updateGuestMessage(thread: ConversationThread, itemId: string, at: string, change: (item: ThreadItem) => ThreadItem): void {
  const item = thread.items.get(itemId);
  if (!item || item.from !== 'guest') return;
  const changed = change(item);
  if (changed === item) return;
  thread.items.set(itemId, changed);
  thread.updatedAt = at;
  noteLastMessage(thread, changed, item);
}

/**
 * Keeps the item the list shows: the last message in thread order (by time; of equal times, the one added
 * later), so no summary needs to sort the thread. `before`: the item's previous version, if it had one.
 */
function noteLastMessage(thread: ConversationThread, item: ThreadItem, before: ThreadItem | undefined): void {
  const last = thread.lastMessage;
  const shown = isShownInList(item);
  // An item that gains or loses text and content (no change the console makes does): look again.
  if (before && shown !== isShownInList(before)) {
    thread.lastMessage = findLastMessage(thread);
    return;
  }
  if (!shown) return;
  if (!last || last.id === item.id) {
    thread.lastMessage = item;
    return;
  }
  const order = item.time.localeCompare(last.time);
  if (order > 0 || (order === 0 && !before)) thread.lastMessage = item;
}

function isShownInList(item: ThreadItem): boolean {
  return item.from !== 'system' && (Boolean(item.text) || item.content.length > 0);
}

function findLastMessage(thread: ConversationThread): ThreadItem | undefined {
  let found: ThreadItem | undefined;
  for (const item of thread.items.values()) {
    if (isShownInList(item) && (!found || item.time.localeCompare(found.time) >= 0)) found = item;
  }
  return found;
}

function withAttachmentUrl(content: ThreadItem['content'], url: string): ThreadItem['content'] {
  return content.map((shown) => (shown.type === 'attachment' ? { ...shown, attachment: { ...shown.attachment, url } } : shown));
}
