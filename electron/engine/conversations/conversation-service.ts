// The console's conversations: one guest per conversation, many side by side in one process. Answers the
// user's requests (start, send, choose, attach, retry, close, reconnect…) by checking them, journaling the
// change and handing the guest's intent to its connection. On start it replays every journal through the
// reducer, then resumes the open conversations: their connections reconcile with the server, so nothing is
// lost or doubled. Connecting is explicit — start, restore and reconnect — never a side effect of a send.
import { randomUUID } from 'node:crypto';
import type { Channel, ConversationSummary, InspectorFrame, ParsedRequestOf, Persona, ThreadItem } from '../../../shared/contract';
import type { Clock } from '../../protocol/clock';
import { mediaTypeOf } from '../../protocol/normalized/content';
import { GUEST_API_LIMITS } from '../../protocol/webmessaging';
import type { GuestConnection, GuestConnectionEvent, UploadedFile } from '../channels/guest-connection';
import { ConsoleError } from '../console-error';
import type { EventBus } from '../event-bus';
import type { GuestConnector } from '../genesys/guest-connector';
import type { AuthorizationGrant } from '../genesys/webmessaging/guest-authentication';
import type { ConversationRecord, Outgoing } from '../journal/journal-entry';
import type { TranscriptJournal } from '../journal/transcript-journal';
import type { ProfileService } from '../profiles/profile-service';
import { ConnectionEvents, ENDED_ON_SERVER_UNCONFIRMED } from './connection-events';
import { replay } from './conversation-reducer';
import { ConversationWriter } from './conversation-writer';
import { cannotSendReason, liveConversation, shownState, summaryOf, threadItems, type LiveConversation, type OutgoingFile } from './live-conversation';
import { attributeParts, OutgoingChecks, type MessagePart } from './outgoing-checks';
import type { SecretRedactor } from './redaction';

/** A connection in one of these states connects no more: a start-new needs a new one. */
const FINAL_STATES = new Set<GuestConnection['state']>(['closed', 'expired', 'failed']);

export interface ConversationServiceOptions {
  journal: TranscriptJournal;
  profiles: ProfileService;
  bus: EventBus;
  clock: Clock;
  /** Connects each conversation's guest on its channel. */
  connector: GuestConnector;
  /** Hides secret values in thread items, journal lines and inspector frames; refuses them in messages. */
  redactor: SecretRedactor;
  /** Conversation, item and guest ids (a guest token is one too). */
  newId?: () => string;
}

type AttachmentsRequest = ParsedRequestOf<'attachments.send'>;

export class ConversationService {
  private readonly conversations = new Map<string, LiveConversation>();
  /** Sign-in grants of authenticated guests, in memory only (never journaled). */
  private readonly grants = new Map<string, AuthorizationGrant>();
  readonly notices: string[] = [];
  private readonly newId: () => string;
  private readonly writer: ConversationWriter;
  private readonly events: ConnectionEvents;
  private readonly checks: OutgoingChecks;

  constructor(private readonly options: ConversationServiceOptions) {
    this.newId = options.newId ?? randomUUID;
    const { journal, bus, clock, redactor } = options;
    this.writer = new ConversationWriter({ journal, bus, clock, redactor, newId: this.newId, list: () => this.list() });
    this.events = new ConnectionEvents({ writer: this.writer, bus, clock, redactor });
    this.checks = new OutgoingChecks(redactor);
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /** Rebuild every conversation from its journal, then resume those that were still open. */
  restore(): void {
    for (const read of this.options.journal.readAll()) {
      if (read.problems.length > 0) {
        const lines = read.problems.map((problem) => `line ${problem.line} (${problem.reason})`).join(', ');
        this.notices.push(`Transcript ${read.conversationId}: skipped ${read.problems.length} damaged line(s): ${lines}. The rest of the thread was kept.`);
      }
      // Lines written before a secret was set still hold it; the thread never shows it.
      const thread = replay(read.entries.map((entry) => (entry.t === 'item' ? { ...entry, item: this.options.redactor.deep(entry.item) } : entry)));
      if (thread) this.conversations.set(thread.record.id, liveConversation(thread));
    }
    for (const foreign of this.options.journal.foreignFiles()) {
      this.notices.push(`Skipped ${foreign.file} and left it alone: ${foreign.reason}.`);
    }
    for (const conversation of this.conversations.values()) {
      const { record, state, endedOnServer } = conversation.thread;
      if (state === 'ended' || state === 'failed') continue;
      if (record.authenticated) {
        this.writer.state(conversation, 'ended', 'This guest was signed in; after a restart it needs a new sign-in. Start a new authenticated conversation.');
        continue;
      }
      // The server has nothing left to resume: the thread stays as it was until the user starts anew.
      if (endedOnServer) {
        this.events.failUnconfirmed(conversation, ENDED_ON_SERVER_UNCONFIRMED);
        continue;
      }
      try {
        this.resume(conversation);
      } catch (error) {
        // E.g. its profile was removed: the thread stays readable and the rest of the console starts.
        conversation.cannotResume = `This conversation cannot reconnect: ${(error as Error).message}`;
        this.notices.push(`Conversation with ${record.persona.name} on ${record.profileName}: ${conversation.cannotResume}`);
      }
    }
    this.writer.listChanged();
  }

  async close(): Promise<void> {
    for (const conversation of this.conversations.values()) conversation.session?.disconnect();
    this.options.journal.close();
  }

  // ---- requests ----------------------------------------------------------------------------------

  list(): ConversationSummary[] {
    return [...this.conversations.values()].map(summaryOf).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async start(args: { profileId: string; channel: Channel; persona: Persona; authentication?: AuthorizationGrant }): Promise<ConversationSummary> {
    const profile = this.options.profiles.get(args.profileId);
    if (args.authentication && args.channel !== 'webmessaging') {
      throw new ConsoleError('InvalidRequest', 'Authenticated guests exist on Web Messaging only.');
    }
    if (args.channel === 'openmessaging') await this.options.connector.prepareOpenMessaging(profile);
    else if (!profile.webMessaging.deploymentId) {
      throw new ConsoleError('InvalidRequest', `The profile "${profile.name}" has no Web Messaging deployment id. Add one in Profiles.`);
    }
    const attributes = args.persona.customAttributes;
    this.checks.attributes(attributes, GUEST_API_LIMITS.maxCustomDataBytes);
    // They go out with every message: refused now, rather than with each message (the journal keeps the
    // persona with secret values replaced, and the conversation uses what the journal keeps).
    this.checks.secrets(attributeParts(attributes));
    const record: ConversationRecord = {
      id: this.newId(),
      profileId: profile.id,
      profileName: profile.name,
      channel: args.channel,
      persona: args.persona,
      createdAt: this.writer.isoNow(),
      guestToken: this.newId(),
      ...(args.authentication ? { authenticated: true } : {}),
    };
    const conversation = this.writer.open(record);
    if (args.authentication) this.grants.set(record.id, args.authentication);
    this.conversations.set(record.id, conversation);
    this.writer.systemItem(conversation, 'started', `Conversation started as ${args.persona.name} on ${profile.name}.`);
    this.resume(conversation);
    this.writer.listChanged();
    return summaryOf(conversation);
  }

  summary(conversationId: string): ConversationSummary {
    return summaryOf(this.get(conversationId));
  }

  /** The platform's id for the conversation, found outside its channel (a Web Messaging guest is never told it). */
  notePlatformConversation(conversationId: string, platformConversationId: string): void {
    const conversation = this.conversations.get(conversationId);
    if (conversation) this.writer.platform(conversation, platformConversationId);
  }

  thread(conversationId: string): { conversation: ConversationSummary; items: ThreadItem[] } {
    const conversation = this.get(conversationId);
    return { conversation: summaryOf(conversation), items: threadItems(conversation) };
  }

  markRead(conversationId: string): ConversationSummary {
    const conversation = this.get(conversationId);
    if (conversation.thread.unread > 0) {
      conversation.session?.markRead?.();
      this.writer.read(conversation);
    }
    return summaryOf(conversation);
  }

  send(args: { conversationId: string; text: string; customAttributes?: Record<string, string> }): ThreadItem {
    const conversation = this.get(args.conversationId);
    this.assertCanSend(conversation);
    this.checks.text(args.text);
    const customAttributes = { ...conversation.thread.record.persona.customAttributes, ...(args.customAttributes ?? {}) };
    this.checks.attributes(customAttributes, conversation.maxCustomDataBytes);
    this.checks.secrets([['message', args.text], ...attributeParts(customAttributes)]);
    return this.sendIntent(conversation, { type: 'text', text: args.text, customAttributes }, { text: args.text, content: [] });
  }

  choose(args: { conversationId: string; itemId: string; text: string; payload: string; kind: 'QuickReply' | 'Button' }): ThreadItem {
    const conversation = this.get(args.conversationId);
    this.assertCanSend(conversation);
    const offered = conversation.thread.items.get(args.itemId);
    if (!offered || offered.from !== 'agent') {
      throw new ConsoleError('NotFound', 'That reply is no longer in the conversation.');
    }
    const customAttributes = conversation.thread.record.persona.customAttributes;
    this.checks.secrets([['answer', args.text], ['answer', args.payload], ...attributeParts(customAttributes)]);
    const { text, payload, kind } = args;
    return this.sendIntent(
      conversation,
      { type: 'choice', text, payload, kind, ...(offered.serverId ? { offeredIn: offered.serverId } : {}), customAttributes },
      { text, content: [{ type: 'buttonResponse', text, payload }] },
    );
  }

  /** One guest message with one or more files and an optional caption; every file is checked before any is sent. */
  sendAttachment(args: AttachmentsRequest): ThreadItem {
    const conversation = this.get(args.conversationId);
    this.assertCanSend(conversation);
    const chosen = 'files' in args ? args.files : [args];
    const files: OutgoingFile[] = chosen.map((file) => ({ fileName: file.fileName, mime: file.mime, bytes: Buffer.from(file.data, 'base64') }));
    this.checks.text(args.text ?? '');
    for (const file of files) this.checks.file(conversation.session?.limits ?? {}, file.fileName, file.mime, file.bytes.byteLength);
    const attributes = attributeParts(conversation.thread.record.persona.customAttributes);
    const fileParts = files.flatMap((file): MessagePart[] => [
      ['file name', file.fileName],
      ['file', file.bytes],
    ]);
    this.checks.secrets([['message', args.text ?? ''], ...fileParts, ...attributes]);
    const item = this.newGuestItem(conversation, {
      text: args.text,
      content: files.map((file) => ({
        type: 'attachment' as const,
        attachment: { name: file.fileName, mime: file.mime, mediaType: mediaTypeOf(file.mime), size: file.bytes.byteLength },
      })),
    });
    conversation.files.set(item.id, { files, text: args.text ?? '' });
    this.writer.item(conversation, item);
    void this.uploadAndSend(conversation, item.id);
    return this.shown(conversation, item);
  }

  retry(args: { conversationId: string; itemId: string }): ThreadItem {
    const conversation = this.get(args.conversationId);
    this.assertCanSend(conversation);
    const item = conversation.thread.items.get(args.itemId);
    if (!item || item.from !== 'guest') throw new ConsoleError('NotFound', 'That message is not in the conversation any more.');
    if (item.delivery !== 'failed') throw new ConsoleError('Conflict', 'Only a failed message can be sent again.');
    const outgoing = conversation.thread.outgoing.get(item.id);
    if (!outgoing && !conversation.files.has(item.id)) {
      throw new ConsoleError('Conflict', 'The file of this message is no longer in memory (the console restarted). Attach it again.');
    }
    const { failure: _failure, ...rest } = item;
    const retried: ThreadItem = { ...rest, delivery: 'sending' };
    this.writer.item(conversation, retried, outgoing);
    if (outgoing) this.session(conversation).send({ clientId: item.id, ...outgoing });
    else void this.uploadAndSend(conversation, item.id);
    return this.shown(conversation, retried);
  }

  /**
   * The agent desk changed who holds the conversation (a transfer, the operator joining or handing back). Genesys
   * tells the guest nothing of it, but the console did it, so the thread says so at once — and the new agent's
   * first message then adds no second "joined" line.
   */
  noteHandOver(conversationId: string, change: { left?: string; joined: string; transferred: boolean }): void {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return;
    const { left, joined, transferred } = change;
    if (left) {
      const text = transferred ? `${left} transferred the conversation to ${joined} and left.` : `${left} left the conversation.`;
      this.writer.systemItem(conversation, 'agentLeft', text, undefined, undefined, left);
    }
    this.writer.systemItem(conversation, 'agentJoined', `${joined} joined the conversation.`, undefined, undefined, joined);
  }

  typing(conversationId: string): boolean {
    return this.get(conversationId).session?.typing() ?? false;
  }

  /**
   * Starts anew on a read-only conversation, in the same thread and as the same persona. When the agent ended
   * it, the same session asks for a new conversation; when the server forgot it, a new guest identity connects
   * (the old token may be refused, and nothing of it is left to resume).
   */
  startNew(conversationId: string): ConversationSummary {
    const conversation = this.get(conversationId);
    if (shownState(conversation).state !== 'readOnly') throw new ConsoleError('Conflict', 'Only a read-only conversation can be started again.');
    const { thread } = conversation;
    const current = conversation.session;
    if (thread.endedOnServer || !current || FINAL_STATES.has(current.state)) {
      this.writer.startNew(conversation, thread.endedOnServer ? this.newId() : undefined);
      current?.disconnect();
      this.resume(conversation);
      return summaryOf(conversation);
    }
    this.writer.startNew(conversation);
    current.startNew();
    // A connection that never saw the end (it was restored into a conversation the agent had ended) is live
    // already; the thread follows it now.
    if (current.state === 'live') this.events.receive(conversation, { type: 'state', state: 'live' });
    return summaryOf(conversation);
  }

  async closeConversation(conversationId: string): Promise<ConversationSummary> {
    const conversation = this.get(conversationId);
    await conversation.session?.closeSession();
    this.writer.state(conversation, 'ended', 'You closed this conversation.');
    this.writer.systemItem(conversation, 'closed', 'You closed this conversation.');
    return summaryOf(conversation);
  }

  /**
   * Drop the guest's connection without ending its session, stay away `offlineMs`, and connect again, as
   * after a network cut (scenarios' `reconnect` step). What the agent sent meanwhile comes back through the
   * usual catch-up (history on Web Messaging, a conversation read on Open Messaging); what the guest sent
   * meanwhile waits in the connection and goes out after it.
   */
  async reconnect(conversationId: string, offlineMs = 0): Promise<ConversationSummary> {
    const conversation = this.get(conversationId);
    const { state } = shownState(conversation);
    if (state === 'ended' || state === 'failed') throw new ConsoleError('Conflict', cannotSendReason(conversation)!);
    const session = this.session(conversation);
    session.disconnect();
    if (offlineMs > 0) await new Promise<void>((resolve) => this.options.clock.setTimeout(resolve, offlineMs));
    if (this.conversations.has(conversationId)) session.connect();
    return summaryOf(conversation);
  }

  remove(conversationId: string): void {
    const conversation = this.get(conversationId);
    conversation.session?.disconnect();
    this.conversations.delete(conversationId);
    this.options.journal.remove(conversationId);
    this.writer.listChanged();
  }

  inspectorFrames(conversationId: string): InspectorFrame[] {
    return [...this.get(conversationId).frames];
  }

  /** A line in the conversation's inspector from beside its connection (the AI customer's model requests and replies). */
  inspectorNote(conversationId: string, direction: InspectorFrame['direction'], text: string): void {
    const conversation = this.conversations.get(conversationId);
    if (conversation) this.events.recordFrame(conversation, direction, text);
  }

  /** A line in the thread from beside the connection: the AI customer started or stopped playing the guest. */
  noteAiGuest(conversationId: string, event: 'aiStarted' | 'aiStopped', text: string): void {
    const conversation = this.conversations.get(conversationId);
    if (conversation) this.writer.systemItem(conversation, event, text);
  }

  // ---- the guest's connection --------------------------------------------------------------------

  /** Make the conversation's connection, queue what was never confirmed, and connect. */
  private resume(conversation: LiveConversation): void {
    const { thread } = conversation;
    const { record } = thread;
    const profile = this.options.profiles.get(record.profileId);
    const report = (event: GuestConnectionEvent) => {
      if (this.conversations.has(record.id)) this.events.receive(conversation, event);
    };
    if (record.channel === 'openmessaging' && thread.items.size > 1) {
      // After a restart the receiver listens on a new address: point the sandbox integration at it again.
      void this.options.connector.prepareOpenMessaging(profile).catch((error: unknown) =>
        report({ type: 'frame', direction: 'note', text: `could not prepare the integration: ${(error as Error).message}` }),
      );
    }
    const grant = this.grants.get(record.id);
    const session = this.options.connector.connection({
      profile,
      channel: record.channel,
      guestId: thread.guestToken,
      persona: record.persona,
      knownMessageIds: [...thread.items.values()].map((item) => item.serverId || item.id),
      resumed: thread.knownToServer,
      ...(thread.platformConversationId ? { platformConversationId: thread.platformConversationId } : {}),
      ...(grant ? { authentication: grant } : {}),
      listener: report,
    });
    conversation.session = session;
    // Connecting to a conversation the agent ended catches up on it, and it stays read-only (the server says
    // so, and the reducer holds it so); the user's "Start new" rides on the connection's first configure.
    const readOnly = thread.state === 'readOnly' && !thread.startingNew;
    if (thread.startingNew) session.startNew();
    // Messages the user sent that were never confirmed go out again; the connection drops those the
    // server's history shows it already has. Into an ended conversation nothing goes: those are failed (the
    // catch-up still marks sent any the server turns out to have).
    for (const item of threadItems(conversation)) {
      if (item.from !== 'guest' || item.delivery !== 'sending') continue;
      const outgoing = thread.outgoing.get(item.id);
      if (readOnly) this.writer.failed(conversation, item.id, 'The agent ended the conversation before Genesys confirmed this message. Start new, then Retry it.');
      else if (outgoing) session.send({ clientId: item.id, ...outgoing });
      else this.writer.failed(conversation, item.id, 'The console stopped while this file was uploading. Attach it again.');
    }
    session.connect();
  }

  /** The conversation's connection, made by start or restore; using it never connects. */
  private session(conversation: LiveConversation): GuestConnection {
    if (!conversation.session) throw new ConsoleError('Conflict', cannotSendReason(conversation) ?? 'This guest is not connected.');
    return conversation.session;
  }

  // ---- sending -------------------------------------------------------------------------------------

  private sendIntent(conversation: LiveConversation, outgoing: Outgoing, shown: { text?: string; content: ThreadItem['content'] }): ThreadItem {
    const item = this.newGuestItem(conversation, shown);
    this.writer.item(conversation, item, outgoing);
    this.session(conversation).send({ clientId: item.id, ...outgoing });
    return this.shown(conversation, item);
  }

  /** A guest message as the thread shows it until Genesys confirms it. */
  private newGuestItem(conversation: LiveConversation, shown: { text?: string | undefined; content: ThreadItem['content'] }): ThreadItem {
    return {
      id: this.newId(),
      from: 'guest',
      senderName: conversation.thread.record.persona.name,
      time: this.writer.isoNow(),
      ...(shown.text ? { text: shown.text } : {}),
      content: shown.content,
      delivery: 'sending',
    };
  }

  /** The item as the thread now holds it (what was journaled). */
  private shown(conversation: LiveConversation, item: ThreadItem): ThreadItem {
    return conversation.thread.items.get(item.id) ?? item;
  }

  /** Uploads the message's files one after another, then sends them with the caption as one message. */
  private async uploadAndSend(conversation: LiveConversation, clientId: string): Promise<void> {
    const message = conversation.files.get(clientId);
    if (!message) return;
    try {
      const uploads: UploadedFile[] = [];
      for (const file of message.files) uploads.push(await this.session(conversation).upload(file));
      const item = conversation.thread.items.get(clientId);
      if (!item) return;
      const outgoing: Outgoing = {
        type: 'attachment',
        text: message.text,
        attachments: uploads.map((uploaded) => uploaded.attachment),
        customAttributes: conversation.thread.record.persona.customAttributes,
      };
      let index = 0;
      const content = item.content.map((shown) => {
        if (shown.type !== 'attachment') return shown;
        const uploaded = uploads[index++];
        const id = uploaded?.attachment.id;
        return { ...shown, attachment: { ...shown.attachment, ...(id ? { id } : {}), ...(uploaded?.downloadUrl ? { url: uploaded.downloadUrl } : {}) } };
      });
      this.writer.item(conversation, { ...item, content }, outgoing);
      this.session(conversation).send({ clientId, ...outgoing });
    } catch (error) {
      this.writer.failed(conversation, clientId, `The file could not be sent: ${(error as Error).message}`);
    }
  }

  private assertCanSend(conversation: LiveConversation): void {
    const reason = cannotSendReason(conversation);
    if (reason) throw new ConsoleError('Conflict', reason);
  }

  private get(conversationId: string): LiveConversation {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new ConsoleError('NotFound', 'That conversation is not open in the console any more.');
    return conversation;
  }
}
