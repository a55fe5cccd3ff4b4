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
  platformConversationId?: string | undefined;
  /** The `at` of the latest entry that changed an item. */
  updatedAt: string;
  /** The newest message (not a lifecycle line) with text or content: what the conversation list shows. */
  lastMessage?: ThreadItem;
  /** The token (Web Messaging) or customer id (Open Messaging) the guest goes by now: the record's, until a
   *  start-new after the server forgot it. */
  guestToken: string;
  /** The server has answered this guest (identity) before, so connecting again resumes it. */
  knownToServer: boolean;
  /** The server no longer has the conversation; a start-new begins again under a new identity. */
  endedOnServer: boolean;
  /** The user chose "Start new": the one way out of read-only, done when the conversation is live again. */
  startingNew: boolean;
  /** The agent heard last (or announced as joined): a message from someone else means a handover. */
  speaking?: string | undefined;
}

export function openThread(record: ConversationRecord): ConversationThread {
  return {
    record,
    items: new Map(),
    outgoing: new Map(),
    state: 'connecting',
    unread: 0,
    updatedAt: record.createdAt,
    guestToken: record.guestToken,
    knownToServer: false,
    endedOnServer: false,
    startingNew: false,
  };
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
      thread.knownToServer = true;
      return updateGuestMessage(thread, entry.itemId, entry.at, (item) => {
        const { failure: _failure, ...rest } = item;
        const urls = entry.attachmentUrls ?? (entry.attachmentUrl ? [entry.attachmentUrl] : []);
        const content = urls.length > 0 ? withAttachmentUrls(item.content, urls) : item.content;
        return { ...rest, serverId: entry.serverId, delivery: 'sent', content };
      });
    case 'failed':
      // A late failure never undoes a message Genesys confirmed.
      return updateGuestMessage(thread, entry.itemId, entry.at, (item) => (item.delivery === 'sent' ? item : { ...item, delivery: 'failed', failure: entry.reason }));
    case 'state':
      if (!changesState(thread, entry.state, entry.detail)) return;
      thread.state = entry.state;
      thread.stateDetail = entry.detail;
      if (entry.state === 'live' || entry.state === 'readOnly') thread.knownToServer = true;
      if (entry.state === 'live') thread.startingNew = false;
      return;
    case 'platform':
      thread.platformConversationId = entry.platformConversationId;
      return;
    case 'read':
      thread.readUpTo = entry.upTo;
      thread.unread = 0;
      return;
    case 'endedOnServer':
      addItem(thread, entry.line, undefined, entry.at);
      thread.endedOnServer = true;
      thread.startingNew = false;
      thread.speaking = undefined;
      if (thread.state === 'ended') return;
      thread.state = 'readOnly';
      thread.stateDetail = entry.detail;
      return;
    case 'startNew':
      thread.startingNew = true;
      thread.endedOnServer = false;
      thread.speaking = undefined;
      // The next conversation gets its own id; until it is known the thread names none.
      thread.platformConversationId = undefined;
      if (entry.guestToken === undefined) return;
      thread.guestToken = entry.guestToken;
      thread.knownToServer = false;
      return;
  }
}

/** Agent messages and lifecycle lines never change once in the thread: another copy is a duplicate. */
export function isDuplicate(thread: ConversationThread, item: ThreadItem): boolean {
  return item.from !== 'guest' && thread.items.has(item.id);
}

/**
 * Whether a state entry changes the thread. An ended conversation stays ended; only its words may change. A
 * read-only one stays read-only until the user starts anew: connecting again to a conversation the agent
 * ended (after a restart, say) never makes it live.
 */
export function changesState(thread: ConversationThread, state: ConversationState, detail: string | undefined): boolean {
  if (thread.state === 'ended' && state !== 'ended') return false;
  if (thread.state === 'readOnly' && !thread.startingNew && (state === 'connecting' || state === 'reconnecting' || state === 'live')) return false;
  return thread.state !== state || thread.stateDetail !== detail;
}

function addItem(thread: ConversationThread, item: ThreadItem, outgoing: Outgoing | undefined, at: string): void {
  if (isDuplicate(thread, item)) return;
  const before = thread.items.get(item.id);
  thread.items.set(item.id, item);
  if (outgoing) thread.outgoing.set(item.id, outgoing);
  if (!before && item.from === 'agent') thread.unread += 1;
  if (!before) noteSpeaker(thread, item);
  thread.updatedAt = at;
  noteLastMessage(thread, item, before);
}

/** Who holds the conversation, as far as the thread tells: the last agent heard, or one announced as joined. */
function noteSpeaker(thread: ConversationThread, item: ThreadItem): void {
  if (item.from === 'agent') {
    thread.knownToServer = true;
    if (item.senderName) thread.speaking = item.senderName;
  } else if (item.from === 'system' && item.senderName) {
    if (item.event === 'agentJoined') thread.speaking = item.senderName;
    else if (item.event === 'agentLeft' && thread.speaking === item.senderName) thread.speaking = undefined;
  }
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

/** The message's files in order, each where Genesys serves it; a file past the list keeps its own URL. */
function withAttachmentUrls(content: ThreadItem['content'], urls: readonly string[]): ThreadItem['content'] {
  let index = 0;
  return content.map((shown) => {
    if (shown.type !== 'attachment') return shown;
    const url = urls[index++];
    return url ? { ...shown, attachment: { ...shown.attachment, url } } : shown;
  });
}
