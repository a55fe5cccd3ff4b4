// What a guest's connection reports, as changes to its conversation: messages and receipts become thread
// items, presence and the end lifecycle lines, connection states the conversation's state — all through the
// journal-first writer — while frames go to the inspector and typing to the list's hint, never journaled.
import type { InspectorFrame, ThreadItem } from '../../../shared/contract';
import type { Clock } from '../../protocol/clock';
import { toDisplayContent } from '../channels/display-content';
import type { GuestConnectionEvent, GuestConnectionState, GuestMessage } from '../channels/guest-connection';
import type { EventBus } from '../event-bus';
import type { ConversationWriter } from './conversation-writer';
import type { LiveConversation } from './live-conversation';
import type { SecretRedactor } from './redaction';

const INSPECTOR_FRAMES_KEPT = 1000;
/** How long the agent's typing hint lasts when the channel does not say. */
const TYPING_SHOWN_MS = 5000;
const READ_ONLY_DETAIL = 'The agent ended this conversation. Start a new one to keep talking.';
export const ENDED_ON_SERVER_UNCONFIRMED = 'The conversation ended on the server before Genesys confirmed this message. Start new, then Retry it.';

export interface ConnectionEventsOptions {
  writer: ConversationWriter;
  bus: EventBus;
  clock: Clock;
  redactor: SecretRedactor;
}

export class ConnectionEvents {
  constructor(private readonly options: ConnectionEventsOptions) {}

  receive(conversation: LiveConversation, event: GuestConnectionEvent): void {
    const { writer } = this.options;
    switch (event.type) {
      case 'frame':
        return this.recordFrame(conversation, event.direction, event.text);
      case 'state':
        return this.onState(conversation, event.state, event.detail);
      case 'limits':
        if (event.limits.maxCustomDataBytes) conversation.maxCustomDataBytes = event.limits.maxCustomDataBytes;
        // The composer shows the deployment's file limits beside the files it stages.
        return writer.listChanged();
      case 'platformConversation':
        return writer.platform(conversation, event.conversationId);
      case 'receipt':
        if (event.status === 'failed') return writer.failed(conversation, event.clientId, event.reason);
        // Ours, but not in this thread (sent from elsewhere under its own id): shown as the guest's.
        if (!conversation.thread.items.has(event.clientId)) return this.onMessage(conversation, event.message);
        writer.sent(conversation, event.clientId, event.message.id, attachmentUrlsOf(event.message));
        conversation.files.delete(event.clientId);
        return;
      case 'message':
        return this.onMessage(conversation, event.message);
      case 'typing':
        return event.on ? this.startTyping(conversation, event.durationMs ?? TYPING_SHOWN_MS) : this.stopTyping(conversation);
      case 'presence': {
        const name = event.agentName ?? 'The agent';
        const time = writer.normalTime(event.time);
        if (event.change === 'joined') return writer.systemItem(conversation, 'agentJoined', `${name} joined the conversation.`, event.id, time, event.agentName);
        if (event.change === 'left') return writer.systemItem(conversation, 'agentLeft', `${name} left the conversation.`, event.id, time, event.agentName);
        return writer.systemItem(conversation, 'cleared', 'The conversation was cleared.', event.id, time);
      }
      case 'ended': {
        this.stopTyping(conversation);
        const time = writer.normalTime(event.time);
        if (!event.readOnly) return writer.systemItem(conversation, 'ended', 'The agent ended the conversation.', event.id, time);
        writer.systemItem(conversation, 'readOnly', 'The agent ended the conversation. It is read-only now.', event.id, time);
        return writer.state(conversation, 'readOnly', READ_ONLY_DETAIL);
      }
    }
  }

  stopTyping(conversation: LiveConversation): void {
    if (conversation.typingTimer) this.options.clock.clearTimeout(conversation.typingTimer);
    conversation.typingTimer = undefined;
    if (!conversation.agentTyping) return;
    conversation.agentTyping = false;
    this.options.writer.listChanged();
  }

  private onState(conversation: LiveConversation, state: GuestConnectionState, detail: string | undefined): void {
    const { writer } = this.options;
    switch (state) {
      case 'idle':
        return;
      case 'connecting':
        return writer.state(conversation, 'connecting');
      case 'reconnecting':
        // The channel's cause when it knows one (a host name that does not resolve, a refused upgrade …).
        return writer.state(
          conversation,
          'reconnecting',
          detail
            ? `${detail} The console keeps trying; messages you send now go out once it is back.`
            : 'The connection dropped; reconnecting. Messages you send now will go out when it is back.',
        );
      case 'live': {
        const { thread } = conversation;
        const was = thread.state;
        const startingNew = thread.startingNew;
        writer.state(conversation, 'live');
        // A read-only conversation goes live only after the user chose "Start new" (the reducer's rule).
        if (thread.state !== 'live') return;
        if (startingNew) writer.systemItem(conversation, 'startedNew', 'A new conversation started.');
        else if (was === 'reconnecting') writer.systemItem(conversation, 'reconnected', 'Reconnected.');
        return;
      }
      case 'readOnly':
        return writer.state(conversation, 'readOnly', READ_ONLY_DETAIL);
      case 'expired':
        // The server no longer has this conversation: said so in the thread, never replaced by a new one.
        this.stopTyping(conversation);
        writer.endedOnServer(conversation, detail ?? 'The guest session expired on the server.');
        return this.failUnconfirmed(conversation, ENDED_ON_SERVER_UNCONFIRMED);
      case 'closed':
        if (conversation.thread.state !== 'ended') writer.state(conversation, 'ended', 'The session was closed.');
        return;
      case 'failed':
        writer.systemItem(conversation, 'error', detail ?? 'The guest could not connect.');
        return writer.state(conversation, 'failed', detail);
    }
  }

  /** An agent's (or bot's) message, or one the guest sent from elsewhere. */
  private onMessage(conversation: LiveConversation, message: GuestMessage): void {
    const { writer } = this.options;
    const time = writer.normalTime(message.channel?.time);
    const shown = { ...(message.text ? { text: message.text } : {}), content: toDisplayContent(message.content) };
    if (message.direction === 'Inbound') {
      const sender = conversation.thread.record.persona.name;
      return writer.item(conversation, { id: message.id, serverId: message.id, from: 'guest', senderName: sender, time, ...shown, delivery: 'sent' });
    }
    this.stopTyping(conversation);
    const name = message.channel?.from?.nickname ?? message.channel?.from?.firstName;
    const entity = message.originatingEntity === 'Bot' || message.originatingEntity === 'Human' ? message.originatingEntity : undefined;
    const item: ThreadItem = { id: message.id, serverId: message.id, from: 'agent', ...(name ? { senderName: name } : {}), ...(entity ? { originatingEntity: entity } : {}), time, ...shown };
    const { thread } = conversation;
    const before = thread.speaking;
    if (name && before && before !== name && !thread.items.has(item.id)) {
      // Genesys sends the guest no event when agents change (a transfer, a human taking over from the bot):
      // who speaks tells it, so the thread says it, just before the new agent's first message.
      writer.systemItem(conversation, 'agentLeft', `${before} left the conversation.`, `left-${item.id}`, time, before);
      writer.systemItem(conversation, 'agentJoined', `${name} joined the conversation.`, `joined-${item.id}`, time, name);
    }
    writer.item(conversation, item);
  }

  /** Guest messages the server never confirmed cannot be confirmed any more: failed, with what to do. */
  failUnconfirmed(conversation: LiveConversation, reason: string): void {
    for (const item of [...conversation.thread.items.values()]) {
      if (item.from === 'guest' && item.delivery === 'sending') this.options.writer.failed(conversation, item.id, reason);
    }
  }

  private startTyping(conversation: LiveConversation, durationMs: number): void {
    conversation.agentTyping = true;
    if (conversation.typingTimer) this.options.clock.clearTimeout(conversation.typingTimer);
    conversation.typingTimer = this.options.clock.setTimeout(() => this.stopTyping(conversation), durationMs);
    this.options.writer.listChanged();
  }

  /** A line in the inspector, redacted; also for what happens beside the connection (the AI customer's model exchanges). */
  recordFrame(conversation: LiveConversation, direction: InspectorFrame['direction'], text: string): void {
    const frame: InspectorFrame = {
      seq: ++conversation.frameSeq,
      time: this.options.writer.isoNow(),
      direction,
      text: this.options.redactor.wire(text, [conversation.thread.record.guestToken, conversation.thread.guestToken]),
    };
    conversation.frames.push(frame);
    if (conversation.frames.length > INSPECTOR_FRAMES_KEPT) conversation.frames.shift();
    this.options.bus.emit('inspector.frame', { conversationId: conversation.thread.record.id, frame });
  }
}

/** Where Genesys serves the files the guest sent, in the message's order, when its copy of the message says
 *  for every one of them. */
function attachmentUrlsOf(message: GuestMessage): string[] | undefined {
  const urls = toDisplayContent(message.content).flatMap((content) => (content.type === 'attachment' ? [content.attachment.url] : []));
  return urls.length > 0 && urls.every((url) => url !== undefined) ? (urls as string[]) : undefined;
}
