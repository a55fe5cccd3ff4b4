// The console's conversations: one guest per conversation, many side by side in one process. Turns what a
// guest session reports into thread items, writes every item to the conversation's journal before the UI
// hears of it, and on start rebuilds every thread from its journal, then resumes the live ones (their
// sessions reconcile with the server's history, so nothing is lost or doubled).
import { randomUUID } from 'node:crypto';
import type {
  Channel,
  ConversationState,
  ConversationSummary,
  InspectorFrame,
  Persona,
  ThreadItem,
} from '../../../shared/contract';
import type { Clock } from '../../protocol/clock';
import { mediaTypeOf } from '../../protocol/normalized/content';
import { attachmentRefusal, BYTES_PER_KB, customAttributesBytes, GUEST_API_LIMITS, textBytes } from '../../protocol/webmessaging';
import { ConsoleError } from '../console-error';
import type { EventBus } from '../event-bus';
import type { AuthorizationGrant } from '../genesys/webmessaging/guest-authentication';
import type { GuestConnector } from '../genesys/guest-connector';
import type { GuestConnection, GuestConnectionEvent, GuestConnectionState, GuestMessage } from '../channels/guest-connection';
import type { ConversationRecord, JournalEntry, Outgoing } from '../journal/journal-entry';
import type { TranscriptJournal } from '../journal/transcript-journal';
import type { ProfileService } from '../profiles/profile-service';
import { toDisplayContent } from '../channels/display-content';
import type { SecretRedactor } from './redaction';

const INSPECTOR_FRAMES_KEPT = 1000;

/** Custom attributes go out with every message, so they are checked for secrets with it. */
const attributeParts = (attributes: Record<string, string>): [string, string][] =>
  Object.entries(attributes).map(([key, value]) => [`custom attribute "${key}"`, value]);


interface Conversation {
  record: ConversationRecord;
  items: Map<string, ThreadItem>;
  outgoing: Map<string, Outgoing>;
  /** File bytes kept until their message is delivered, so a failed upload can be retried. */
  files: Map<string, { fileName: string; mime: string; bytes: Uint8Array; text: string }>;
  state: ConversationState;
  stateDetail?: string;
  unread: number;
  readUpTo?: string;
  agentTyping: boolean;
  typingTimer?: ReturnType<Clock['setTimeout']>;
  platformConversationId?: string;
  session?: GuestConnection;
  frames: InspectorFrame[];
  frameSeq: number;
  maxCustomDataBytes: number;
  updatedAt: string;
}

export interface ConversationServiceOptions {
  journal: TranscriptJournal;
  profiles: ProfileService;
  bus: EventBus;
  clock: Clock;
  /** Connects each conversation's guest on its channel. */
  connector: GuestConnector;
  /** Hides secret values in thread items, journal lines and inspector frames; refuses them in messages. */
  redactor: SecretRedactor;
  newId?: () => string;
}

export class ConversationService {
  private readonly conversations = new Map<string, Conversation>();
  /** Sign-in grants of authenticated guests, in memory only (never journaled). */
  private readonly grants = new Map<string, AuthorizationGrant>();
  readonly notices: string[] = [];
  private readonly newId: () => string;

  constructor(private readonly options: ConversationServiceOptions) {
    this.newId = options.newId ?? randomUUID;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /** Rebuild every thread from its journal, then resume the conversations that were still open. */
  restore(): void {
    for (const read of this.options.journal.readAll()) {
      if (read.problems.length > 0) {
        const lines = read.problems.map((problem) => `line ${problem.line} (${problem.reason})`).join(', ');
        this.notices.push(`Transcript ${read.conversationId}: skipped ${read.problems.length} damaged line(s): ${lines}. The rest of the thread was kept.`);
      }
      const conversation = this.fold(read.entries);
      if (!conversation) continue;
      this.conversations.set(conversation.record.id, conversation);
    }
    for (const foreign of this.options.journal.foreignFiles()) {
      this.notices.push(`Skipped ${foreign.file} and left it alone: ${foreign.reason}.`);
    }
    for (const conversation of this.conversations.values()) {
      if (conversation.state === 'ended' || conversation.state === 'failed') continue;
      if (conversation.record.authenticated) {
        this.setState(conversation, 'ended', 'This guest was signed in; after a restart it needs a new sign-in. Start a new authenticated conversation.');
        continue;
      }
      try {
        this.resume(conversation);
      } catch (error) {
        // E.g. its profile was removed: the thread stays readable and the rest of the console starts. Not
        // written to the journal — the profile may be back next time (the sandbox that did not start).
        const detail = `This conversation cannot reconnect: ${(error as Error).message}`;
        conversation.state = 'failed';
        conversation.stateDetail = detail;
        this.notices.push(`Conversation with ${conversation.record.persona.name} on ${conversation.record.profileName}: ${detail}`);
      }
    }
    this.emitList();
  }

  async close(): Promise<void> {
    for (const conversation of this.conversations.values()) conversation.session?.disconnect();
    this.options.journal.close();
  }

  // ---- requests ----------------------------------------------------------------------------------

  list(): ConversationSummary[] {
    return [...this.conversations.values()]
      .map((conversation) => this.summary(conversation))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
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
    this.checkAttributes(args.persona.customAttributes, GUEST_API_LIMITS.maxCustomDataBytes);
    const now = this.isoNow();
    const record: ConversationRecord = {
      id: this.newId(),
      profileId: profile.id,
      profileName: profile.name,
      channel: args.channel,
      persona: args.persona,
      createdAt: now,
      guestToken: randomUUID(),
      ...(args.authentication ? { authenticated: true } : {}),
    };
    const conversation = this.blank(record);
    if (args.authentication) this.grants.set(record.id, args.authentication);
    this.conversations.set(record.id, conversation);
    this.write(conversation, { t: 'conversation', v: 1, at: now, conversation: record });
    this.addSystemItem(conversation, 'started', `Conversation started as ${args.persona.name} on ${profile.name}.`);
    this.resume(conversation);
    this.emitList();
    return this.summary(conversation);
  }

  thread(conversationId: string): { conversation: ConversationSummary; items: ThreadItem[] } {
    const conversation = this.get(conversationId);
    return { conversation: this.summary(conversation), items: this.sortedItems(conversation) };
  }

  markRead(conversationId: string): ConversationSummary {
    const conversation = this.get(conversationId);
    if (conversation.unread > 0) {
      conversation.session?.markRead?.();
      conversation.unread = 0;
      conversation.readUpTo = this.isoNow();
      this.write(conversation, { t: 'read', at: conversation.readUpTo, upTo: conversation.readUpTo });
      this.emitList();
    }
    return this.summary(conversation);
  }

  send(args: { conversationId: string; text: string; customAttributes?: Record<string, string> }): ThreadItem {
    const conversation = this.get(args.conversationId);
    this.assertCanSend(conversation);
    const bytes = textBytes(args.text);
    if (bytes > GUEST_API_LIMITS.maxTextBytes) {
      throw new ConsoleError('InvalidRequest', `The message is ${bytes} bytes long; Genesys accepts at most ${GUEST_API_LIMITS.maxTextBytes}. Shorten it or split it.`);
    }
    const customAttributes = { ...conversation.record.persona.customAttributes, ...(args.customAttributes ?? {}) };
    this.checkAttributes(customAttributes, conversation.maxCustomDataBytes);
    this.refuseSecrets([['message', args.text], ...attributeParts(customAttributes)]);
    return this.sendOutgoing(conversation, { type: 'text', text: args.text, customAttributes }, { text: args.text, content: [] });
  }

  choose(args: { conversationId: string; itemId: string; text: string; payload: string; kind: 'QuickReply' | 'Button' }): ThreadItem {
    const conversation = this.get(args.conversationId);
    this.assertCanSend(conversation);
    const offered = conversation.items.get(args.itemId);
    if (!offered || offered.from !== 'agent') {
      throw new ConsoleError('NotFound', 'That reply is no longer in the conversation.');
    }
    this.refuseSecrets([['answer', args.text], ['answer', args.payload], ...attributeParts(conversation.record.persona.customAttributes)]);
    return this.sendOutgoing(
      conversation,
      {
        type: 'choice',
        text: args.text,
        payload: args.payload,
        kind: args.kind,
        ...(offered.serverId ? { offeredIn: offered.serverId } : {}),
        customAttributes: conversation.record.persona.customAttributes,
      },
      { text: args.text, content: [{ type: 'buttonResponse', text: args.text, payload: args.payload }] },
    );
  }

  sendAttachment(args: { conversationId: string; fileName: string; mime: string; data: string; text?: string }): ThreadItem {
    const conversation = this.get(args.conversationId);
    this.assertCanSend(conversation);
    const bytes = Buffer.from(args.data, 'base64');
    this.checkFile(conversation, args.fileName, args.mime, bytes.byteLength);
    this.refuseSecrets([['message', args.text ?? ''], ['file name', args.fileName], ['file', bytes], ...attributeParts(conversation.record.persona.customAttributes)]);
    const item = this.newGuestItem(conversation, {
      text: args.text,
      content: [{ type: 'attachment', attachment: { name: args.fileName, mime: args.mime, mediaType: mediaTypeOf(args.mime), size: bytes.byteLength } }],
    });
    const clientId = item.id;
    conversation.files.set(clientId, { fileName: args.fileName, mime: args.mime, bytes, text: args.text ?? '' });
    this.upsertItem(conversation, item);
    void this.uploadAndSend(conversation, clientId);
    return item;
  }

  retry(args: { conversationId: string; itemId: string }): ThreadItem {
    const conversation = this.get(args.conversationId);
    this.assertCanSend(conversation);
    const item = conversation.items.get(args.itemId);
    if (!item || item.from !== 'guest') throw new ConsoleError('NotFound', 'That message is not in the conversation any more.');
    if (item.delivery !== 'failed') throw new ConsoleError('Conflict', 'Only a failed message can be sent again.');
    const outgoing = conversation.outgoing.get(item.id);
    const file = conversation.files.get(item.id);
    if (!outgoing && !file) {
      throw new ConsoleError('Conflict', 'The file of this message is no longer in memory (the console restarted). Attach it again.');
    }
    const { failure: _failure, ...rest } = item;
    const retried: ThreadItem = { ...rest, delivery: 'sending' };
    this.upsertItem(conversation, retried, outgoing);
    if (outgoing) this.session(conversation).send({ clientId: item.id, ...outgoing });
    else void this.uploadAndSend(conversation, item.id);
    return retried;
  }

  typing(conversationId: string): boolean {
    const conversation = this.get(conversationId);
    return conversation.session?.typing() ?? false;
  }

  startNew(conversationId: string): ConversationSummary {
    const conversation = this.get(conversationId);
    if (conversation.state !== 'readOnly') throw new ConsoleError('Conflict', 'Only a read-only conversation can be started again.');
    this.session(conversation).startNew();
    return this.summary(conversation);
  }

  async closeConversation(conversationId: string): Promise<ConversationSummary> {
    const conversation = this.get(conversationId);
    await conversation.session?.closeSession();
    this.setState(conversation, 'ended', 'You closed this conversation.');
    this.addSystemItem(conversation, 'closed', 'You closed this conversation.');
    return this.summary(conversation);
  }

  /**
   * Drop the guest's connection without ending its session, stay away `offlineMs`, and connect again, as
   * after a network cut (scenarios' `reconnect` step). What the agent sent meanwhile comes back through the
   * usual catch-up (history on Web Messaging, a conversation read on Open Messaging).
   */
  async reconnect(conversationId: string, offlineMs = 0): Promise<ConversationSummary> {
    const conversation = this.get(conversationId);
    if (conversation.state === 'ended' || conversation.state === 'failed') throw new ConsoleError('Conflict', this.cannotSendReason(conversation)!);
    const session = this.session(conversation);
    session.disconnect();
    if (offlineMs > 0) await new Promise<void>((resolve) => this.options.clock.setTimeout(resolve, offlineMs));
    // Messages sent meanwhile waited in the session; they go out after its catch-up.
    if (this.conversations.has(conversationId)) session.connect();
    return this.summary(conversation);
  }

  remove(conversationId: string): void {
    const conversation = this.get(conversationId);
    conversation.session?.disconnect();
    this.conversations.delete(conversationId);
    this.options.journal.remove(conversationId);
    this.emitList();
  }

  inspectorFrames(conversationId: string): InspectorFrame[] {
    return [...this.get(conversationId).frames];
  }

  // ---- guest session events ------------------------------------------------------------------------



  private resume(conversation: Conversation): void {
    const profile = this.options.profiles.get(conversation.record.profileId);
    if (conversation.record.channel === 'openmessaging' && conversation.items.size > 1) {
      // After a restart the receiver listens on a new address: point the sandbox integration at it again.
      void this.options.connector.prepareOpenMessaging(profile).catch((error: unknown) =>
        this.recordFrame(conversation, 'note', `could not prepare the integration: ${(error as Error).message}`),
      );
    }
    const knownMessageIds = [...conversation.items.values()].flatMap((item) => (item.serverId ? [item.serverId] : [item.id]));
    const grant = this.grants.get(conversation.record.id);
    const session = this.options.connector.connection({
      profile,
      channel: conversation.record.channel,
      guestId: conversation.record.guestToken,
      persona: conversation.record.persona,
      knownMessageIds,
      resumed: conversation.items.size > 1,
      ...(conversation.platformConversationId ? { platformConversationId: conversation.platformConversationId } : {}),
      ...(grant ? { authentication: grant } : {}),
      listener: (event) => this.onSessionEvent(conversation, event),
    });
    conversation.session = session;
    // Messages the user sent that were never confirmed go out again; the session drops those the server's
    // history shows it already has.
    for (const item of this.sortedItems(conversation)) {
      if (item.from !== 'guest' || item.delivery !== 'sending') continue;
      const outgoing = conversation.outgoing.get(item.id);
      if (outgoing) session.send({ clientId: item.id, ...outgoing });
      else this.markFailed(conversation, item.id, 'The console stopped while this file was uploading. Attach it again.');
    }
    session.connect();
  }

  private onSessionEvent(conversation: Conversation, event: GuestConnectionEvent): void {
    if (!this.conversations.has(conversation.record.id)) return;
    switch (event.type) {
      case 'frame':
        return this.recordFrame(conversation, event.direction, event.text);
      case 'state':
        return this.onSessionState(conversation, event.state, event.detail);
      case 'limits':
        if (event.limits.maxCustomDataBytes) conversation.maxCustomDataBytes = event.limits.maxCustomDataBytes;
        return;
      case 'platformConversation':
        if (conversation.platformConversationId === event.conversationId) return;
        conversation.platformConversationId = event.conversationId;
        this.write(conversation, { t: 'platform', at: this.isoNow(), platformConversationId: event.conversationId });
        this.emitList();
        return;
      case 'receipt': {
        if (event.status === 'failed') return this.markFailed(conversation, event.clientId, event.reason);
        const item = conversation.items.get(event.clientId);
        // Ours, but not in this thread (sent from elsewhere under its own id): shown as the guest's.
        if (!item) return this.onMessage(conversation, event.message);
        const { failure: _failure, ...rest } = item;
        this.upsertItem(conversation, { ...rest, serverId: event.message.id, delivery: 'sent', ...this.attachmentUrls(item, event.message) });
        conversation.files.delete(event.clientId);
        return;
      }
      case 'message':
        return this.onMessage(conversation, event.message);
      case 'typing':
        return this.onAgentTyping(conversation, event.on, event.durationMs);
      case 'presence': {
        const name = event.agentName ?? 'The agent';
        const time = this.normalTime(event.time);
        if (event.change === 'joined') return this.addSystemItem(conversation, 'agentJoined', `${name} joined the conversation.`, event.id, time);
        if (event.change === 'left') return this.addSystemItem(conversation, 'agentLeft', `${name} left the conversation.`, event.id, time);
        return this.addSystemItem(conversation, 'cleared', 'The conversation was cleared.', event.id, time);
      }
      case 'ended': {
        this.stopTyping(conversation);
        const time = this.normalTime(event.time);
        if (!event.readOnly) return this.addSystemItem(conversation, 'ended', 'The agent ended the conversation.', event.id, time);
        this.addSystemItem(conversation, 'readOnly', 'The agent ended the conversation. It is read-only now.', event.id, time);
        return this.setState(conversation, 'readOnly', 'The agent ended this conversation. Start a new one to keep talking.');
      }
    }
  }

  private onSessionState(conversation: Conversation, state: GuestConnectionState, detail: string | undefined): void {
    switch (state) {
      case 'idle':
        return;
      case 'connecting':
        return this.setState(conversation, 'connecting');
      case 'reconnecting':
        return this.setState(conversation, 'reconnecting', 'The connection dropped; reconnecting. Messages you send now will go out when it is back.');
      case 'live': {
        const wasReadOnly = conversation.state === 'readOnly';
        const wasReconnecting = conversation.state === 'reconnecting';
        this.setState(conversation, 'live');
        if (wasReadOnly) this.addSystemItem(conversation, 'startedNew', 'A new conversation started.');
        else if (wasReconnecting) this.addSystemItem(conversation, 'reconnected', 'Reconnected.');
        return;
      }
      case 'readOnly':
        return this.setState(conversation, 'readOnly', 'The agent ended this conversation. Start a new one to keep talking.');
      case 'expired':
        this.addSystemItem(conversation, 'expired', 'The guest session expired.');
        return this.setState(conversation, 'ended', 'The guest session expired. Start a new conversation.');
      case 'closed':
        if (conversation.state !== 'ended') this.setState(conversation, 'ended', 'The session was closed.');
        return;
      case 'failed':
        this.addSystemItem(conversation, 'error', detail ?? 'The guest could not connect.');
        return this.setState(conversation, 'failed', detail);
    }
  }

  private onMessage(conversation: Conversation, message: GuestMessage): void {
    const time = this.normalTime(message.channel?.time);
    if (message.direction === 'Inbound') {
      this.upsertItem(conversation, {
        id: message.id,
        serverId: message.id,
        from: 'guest',
        senderName: conversation.record.persona.name,
        time,
        ...(message.text ? { text: message.text } : {}),
        content: toDisplayContent(message.content),
        delivery: 'sent',
      });
      return;
    }
    this.stopTyping(conversation);
    const name = message.channel?.from?.nickname ?? message.channel?.from?.firstName;
    const item: ThreadItem = {
      id: message.id,
      serverId: message.id,
      from: 'agent',
      ...(name ? { senderName: name } : {}),
      ...(message.originatingEntity === 'Bot' || message.originatingEntity === 'Human' ? { originatingEntity: message.originatingEntity } : {}),
      time,
      ...(message.text ? { text: message.text } : {}),
      content: toDisplayContent(message.content),
    };
    conversation.unread += 1;
    this.upsertItem(conversation, item);
    this.emitList();
  }

  private onAgentTyping(conversation: Conversation, on: boolean, durationMs: number | undefined): void {
    if (!on) return this.stopTyping(conversation);
    conversation.agentTyping = true;
    if (conversation.typingTimer) this.options.clock.clearTimeout(conversation.typingTimer);
    conversation.typingTimer = this.options.clock.setTimeout(() => this.stopTyping(conversation), durationMs ?? 5000);
    this.emitList();
  }

  // ---- sending -------------------------------------------------------------------------------------

  private sendOutgoing(conversation: Conversation, outgoing: Outgoing, shown: { text?: string; content: ThreadItem['content'] }): ThreadItem {
    const item = this.newGuestItem(conversation, shown);
    this.upsertItem(conversation, item, outgoing);
    this.session(conversation).send({ clientId: item.id, ...outgoing });
    return item;
  }

  /** A guest message as the thread shows it until Genesys confirms it. */
  private newGuestItem(conversation: Conversation, shown: { text?: string | undefined; content: ThreadItem['content'] }): ThreadItem {
    return {
      id: this.newId(),
      from: 'guest',
      senderName: conversation.record.persona.name,
      time: this.isoNow(),
      ...(shown.text ? { text: shown.text } : {}),
      content: shown.content,
      delivery: 'sending',
    };
  }

  private async uploadAndSend(conversation: Conversation, clientId: string): Promise<void> {
    const file = conversation.files.get(clientId);
    if (!file) return;
    try {
      const uploaded = await this.session(conversation).upload({ fileName: file.fileName, mime: file.mime, bytes: file.bytes });
      const item = conversation.items.get(clientId);
      if (!item) return;
      const outgoing: Outgoing = { type: 'attachment', text: file.text, attachment: uploaded.attachment, customAttributes: conversation.record.persona.customAttributes };
      const content = item.content.map((shown) =>
        shown.type === 'attachment'
          ? { ...shown, attachment: { ...shown.attachment, ...(uploaded.attachment?.id ? { id: uploaded.attachment.id } : {}), ...(uploaded.downloadUrl ? { url: uploaded.downloadUrl } : {}) } }
          : shown,
      );
      this.upsertItem(conversation, { ...item, content }, outgoing);
      this.session(conversation).send({ clientId, ...outgoing });
    } catch (error) {
      this.markFailed(conversation, clientId, `The file could not be sent: ${(error as Error).message}`);
    }
  }

  private markFailed(conversation: Conversation, clientId: string, reason: string): void {
    const item = conversation.items.get(clientId);
    if (!item || item.delivery === 'sent') return;
    this.upsertItem(conversation, { ...item, delivery: 'failed', failure: reason });
  }

  private attachmentUrls(item: ThreadItem, message: GuestMessage): Partial<ThreadItem> {
    const echoed = toDisplayContent(message.content).find((content) => content.type === 'attachment');
    if (!echoed || echoed.type !== 'attachment' || !echoed.attachment.url) return {};
    const url = echoed.attachment.url;
    return {
      content: item.content.map((shown) => (shown.type === 'attachment' ? { ...shown, attachment: { ...shown.attachment, url } } : shown)),
    };
  }

  // ---- checks --------------------------------------------------------------------------------------

  private assertCanSend(conversation: Conversation): void {
    const reason = this.cannotSendReason(conversation);
    if (reason) throw new ConsoleError('Conflict', reason);
  }

  private cannotSendReason(conversation: Conversation): string | undefined {
    switch (conversation.state) {
      case 'readOnly':
        return 'The agent ended this conversation. Choose “Start new” to keep talking.';
      case 'ended':
        return conversation.stateDetail ?? 'This conversation has ended.';
      case 'failed':
        return conversation.stateDetail ?? 'This guest could not connect.';
      default:
        return undefined;
    }
  }

  /**
   * A secret never goes out in a guest message. Refused rather than replaced: the tester sees why, keeps
   * the draft, and what the agent receives is always exactly what was typed (a scenario step fails).
   */
  private refuseSecrets(parts: [where: string, content: string | Uint8Array][]): void {
    for (const [where, content] of parts) {
      const secret = this.options.redactor.secretIn(content);
      if (secret) throw new ConsoleError('InvalidRequest', `The ${where} contains ${secret}, so nothing was sent. Remove it and try again.`);
    }
  }

  private checkAttributes(attributes: Record<string, string>, limit: number): void {
    const bytes = customAttributesBytes(attributes);
    if (bytes > limit) {
      throw new ConsoleError('InvalidRequest', `The custom attributes are ${bytes} bytes; the deployment accepts at most ${limit}. Remove some or shorten them.`);
    }
  }

  private checkFile(conversation: Conversation, fileName: string, mime: string, size: number): void {
    if (size === 0) throw new ConsoleError('InvalidRequest', `${fileName} is empty.`);
    const refusal = attachmentRefusal({ fileName, mime, size }, conversation.session?.limits ?? {});
    switch (refusal?.kind) {
      case 'ExtensionBlocked':
        throw new ConsoleError('InvalidRequest', `The deployment blocks ${refusal.extension} files.`);
      case 'TypeNotAccepted':
        throw new ConsoleError('InvalidRequest', `The deployment does not accept ${mime} files. It accepts: ${refusal.accepted.join(', ')}.`);
      case 'TooLarge':
        throw new ConsoleError('InvalidRequest', `${fileName} is ${Math.ceil(size / BYTES_PER_KB)} KB; the deployment accepts files up to ${refusal.maxFileSizeKB} KB.`);
    }
  }

  // ---- state -----------------------------------------------------------------------------------------

  private get(conversationId: string): Conversation {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new ConsoleError('NotFound', 'That conversation is not open in the console any more.');
    return conversation;
  }

  /** The conversation's connection, made by start or restore; using it never connects. */
  private session(conversation: Conversation): GuestConnection {
    if (!conversation.session) throw new ConsoleError('Conflict', this.cannotSendReason(conversation) ?? 'This guest is not connected.');
    return conversation.session;
  }

  private blank(record: ConversationRecord): Conversation {
    return {
      record,
      items: new Map(),
      outgoing: new Map(),
      files: new Map(),
      state: 'connecting',
      unread: 0,
      agentTyping: false,
      frames: [],
      frameSeq: 0,
      maxCustomDataBytes: GUEST_API_LIMITS.maxCustomDataBytes,
      updatedAt: record.createdAt,
    };
  }

  /** A conversation as its journal left it. */
  private fold(entries: JournalEntry[]): Conversation | undefined {
    const header = entries.find((entry) => entry.t === 'conversation');
    if (!header || header.t !== 'conversation') return undefined;
    const conversation = this.blank(header.conversation);
    for (const entry of entries) {
      switch (entry.t) {
        case 'item':
          // Lines written before a secret was set still hold it; the thread never shows it.
          conversation.items.set(entry.item.id, this.options.redactor.deep(entry.item));
          if (entry.outgoing) conversation.outgoing.set(entry.item.id, entry.outgoing);
          conversation.updatedAt = entry.at;
          break;
        case 'state':
          conversation.state = entry.state;
          conversation.stateDetail = entry.detail;
          break;
        case 'platform':
          conversation.platformConversationId = entry.platformConversationId;
          break;
        case 'read':
          conversation.readUpTo = entry.upTo;
          break;
        default:
          break;
      }
    }
    conversation.unread = [...conversation.items.values()].filter(
      (item) => item.from === 'agent' && (!conversation.readUpTo || item.time > conversation.readUpTo),
    ).length;
    if (conversation.state === 'live' || conversation.state === 'reconnecting') conversation.state = 'connecting';
    return conversation;
  }

  private upsertItem(conversation: Conversation, shown: ThreadItem, outgoing?: Outgoing): void {
    const { item } = this.write(conversation, { t: 'item', at: this.isoNow(), item: shown, ...(outgoing ? { outgoing } : {}) });
    conversation.items.set(item.id, item);
    if (outgoing) conversation.outgoing.set(item.id, outgoing);
    conversation.updatedAt = this.isoNow();
    this.options.bus.emit('conversation.items', { conversationId: conversation.record.id, items: [item] });
    if (item.from !== 'system') this.emitList();
  }

  private addSystemItem(conversation: Conversation, event: NonNullable<ThreadItem['event']>, text: string, id?: string, time?: string): void {
    const itemId = id ?? `system-${this.newId()}`;
    if (conversation.items.has(itemId)) return;
    this.upsertItem(conversation, { id: itemId, from: 'system', time: time ?? this.isoNow(), text, content: [], event });
  }

  private setState(conversation: Conversation, state: ConversationState, shownDetail?: string): void {
    const detail = shownDetail === undefined ? undefined : this.options.redactor.text(shownDetail);
    if (conversation.state === state && conversation.stateDetail === detail) return;
    conversation.state = state;
    conversation.stateDetail = detail;
    this.write(conversation, { t: 'state', at: this.isoNow(), state, ...(detail ? { detail } : {}) });
    this.emitList();
  }

  private stopTyping(conversation: Conversation): void {
    if (conversation.typingTimer) this.options.clock.clearTimeout(conversation.typingTimer);
    conversation.typingTimer = undefined;
    if (!conversation.agentTyping) return;
    conversation.agentTyping = false;
    this.emitList();
  }

  private recordFrame(conversation: Conversation, direction: InspectorFrame['direction'], text: string): void {
    const frame: InspectorFrame = {
      seq: ++conversation.frameSeq,
      time: this.isoNow(),
      direction,
      text: this.options.redactor.wire(text, [conversation.record.guestToken]),
    };
    conversation.frames.push(frame);
    if (conversation.frames.length > INSPECTOR_FRAMES_KEPT) conversation.frames.shift();
    this.options.bus.emit('inspector.frame', { conversationId: conversation.record.id, frame });
  }

  /** Appends the entry with secret values replaced, and returns what was written. */
  private write<T extends JournalEntry>(conversation: Conversation, entry: T): T {
    const written = this.options.redactor.deep(entry);
    this.options.journal.append(conversation.record.id, written);
    return written;
  }

  private sortedItems(conversation: Conversation): ThreadItem[] {
    return [...conversation.items.values()].sort((a, b) => a.time.localeCompare(b.time));
  }

  private summary(conversation: Conversation): ConversationSummary {
    const last = this.sortedItems(conversation)
      .reverse()
      .find((item) => item.from !== 'system' && (item.text || item.content.length > 0));
    const lastText = last?.text || (last?.content[0]?.type === 'attachment' ? `📎 ${last.content[0].attachment.name}` : undefined);
    const reason = this.cannotSendReason(conversation);
    return {
      id: conversation.record.id,
      profileId: conversation.record.profileId,
      profileName: conversation.record.profileName,
      channel: conversation.record.channel,
      personaName: conversation.record.persona.name,
      state: conversation.state,
      ...(conversation.stateDetail ? { stateDetail: conversation.stateDetail } : {}),
      unread: conversation.unread,
      ...(lastText ? { lastText: lastText.slice(0, 200) } : {}),
      updatedAt: conversation.updatedAt,
      agentTyping: conversation.agentTyping,
      ...(reason ? { cannotSendReason: reason } : {}),
      ...(conversation.platformConversationId ? { platformConversationId: conversation.platformConversationId } : {}),
    };
  }

  private emitList(): void {
    this.options.bus.emit('conversations.changed', { conversations: this.list() });
  }

  /** Server times in one ISO form (with milliseconds), so the thread sorts them with local times. */
  private normalTime(time: string | undefined): string {
    const parsed = time ? Date.parse(time) : Number.NaN;
    return Number.isNaN(parsed) ? this.isoNow() : new Date(parsed).toISOString();
  }

  private isoNow(): string {
    return new Date(this.options.clock.now()).toISOString();
  }
}
