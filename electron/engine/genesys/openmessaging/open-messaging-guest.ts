// One Open Messaging customer (spec §5–7) behind the channel-neutral GuestConnection. Sending is
// Platform API calls through the profile's PlatformClient, one at a time in order: a text/attachment
// message (persona as `channel.from`, `channel.messageId` = the console's client id, so a retry is never
// a duplicate), a button answer through the structured-response endpoint, typing as an inbound event.
// Genesys' reply is the receipt and (prefetchConversationId) names the conversation.
// Receiving is done for it by the profile's webhook receiver (`deliverWebhook`) or by its own
// ConversationPoller; either way a message id is reported once, and each agent message gets a
// `Delivered` receipt (`Read` when `markRead` is called). Open Messaging has no read-only state: when
// the agent side ends (a Presence Disconnect), the guest reports `ended` and turns `readOnly`; "Start new"
// forgets the conversation and the next message opens a new one, as it does on Genesys. A conversation the
// platform no longer has (a 404 on reading it, or a message answered with another conversation's id) turns
// the guest `expired`: it never carries on in a new conversation by itself.
import type { Persona } from '../../../../shared/contract';
import type { Clock } from '../../../protocol/clock';
import { mediaTypeOf } from '../../../protocol/normalized/content';
import { OpenNormalizedMessageSchema } from '../../../protocol/openmessaging/normalized-message';
import type {
  GuestConnection,
  GuestConnectionEvent,
  GuestConnectionState,
  GuestMessage,
  OutgoingMessage,
  UploadedFile,
} from '../../channels/guest-connection';
import { reportReceived, type ReceivedMessage } from '../received-message';
import { ConversationPoller } from './conversation-poller';
import { fromInboundReply, fromWebhook } from './guest-message-mapping';
import type { HostedFiles } from './hosted-files';
import { CUSTOM_MESSAGE_ID, customerRecipient, inboundMessage, receipt, structuredResponse, typingEvent } from './inbound-bodies';
import type { ConversationsApi, PlatformCall, PlatformClient } from './platform-client';
import { PlatformError } from './platform-error';
import { catchUpTuning, type PollTuning } from './poll-schedule';
import type { WebhookDelivery, WebhookReceiver, WebhookRecipient } from './webhook-receiver';

export interface OpenMessagingGuestOptions {
  customerId: string;
  persona: Persona;
  integrationId: string;
  receiveMode: 'webhook' | 'poll';
  platformConversationId?: string;
  knownMessageIds: Iterable<string>;
  clock: Clock;
  client: PlatformClient;
  /** The profile's receiver, started on first use (webhook mode, and hosting uploaded files). */
  receiver: () => WebhookReceiver;
  files: HostedFiles;
  pollTuning: PollTuning;
  /** Send a Delivered receipt for each agent message received. */
  deliveryReceipts: boolean;
  listener: (event: GuestConnectionEvent) => void;
  /** The guest connects (again): the factory counts it among the profile's guests. */
  onStarted: () => void;
  /** The guest stopped: the factory forgets it until it connects again. */
  onStopped: () => void;
}

/** The SDK's model type for a call's body; ours (from the zod schemas) has the same shape, idType always set. */
type SdkBody<K extends keyof ConversationsApi> = ConversationsApi[K] extends (id: string, body: infer B, ...rest: never[]) => unknown ? B : never;

const READ_ONLY_DETAIL = 'The agent ended this conversation.';

export class OpenMessagingGuest implements GuestConnection {
  private stateValue: GuestConnectionState = 'idle';
  private readonly seen = new Set<string>();
  private readonly queue: OutgoingMessage[] = [];
  private current: OutgoingMessage | undefined;
  private readonly acknowledged = new Set<string>();
  private conversationId: string | undefined;
  private lastAgentMessageId: string | undefined;
  private readonly unread: string[] = [];
  private readonly poller: ConversationPoller;
  private readonly recipient: WebhookRecipient;
  private registered = false;
  /** The first read of a known conversation is under way: nothing is sent until it has answered. */
  private checking = false;

  constructor(private readonly options: OpenMessagingGuestOptions) {
    for (const id of options.knownMessageIds) this.seen.add(id);
    this.conversationId = options.platformConversationId;
    this.poller = new ConversationPoller({
      client: options.client,
      clock: options.clock,
      // With a webhook, the same reads at a steady slow pace catch what a delivery Genesys gave up on missed.
      tuning: options.receiveMode === 'poll' ? options.pollTuning : catchUpTuning(options.pollTuning),
      isKnown: (id) => this.seen.has(id),
      onMessages: (messages) => this.onReadBack(messages),
      onEnded: (conversationId) => {
        if (conversationId === this.conversationId) this.ended();
      },
      onGone: (conversationId) => {
        if (conversationId === this.conversationId) this.gone(`Genesys no longer has conversation ${conversationId} (the platform answered 404).`);
      },
      onFrame: (direction, text) => this.emit({ type: 'frame', direction, text }),
    });
    this.recipient = { deliver: (message) => this.deliverWebhook(message) };
  }

  get state(): GuestConnectionState {
    return this.stateValue;
  }

  /** Open Messaging reports no limits to the customer side. */
  get limits(): undefined {
    return undefined;
  }

  /** Connect, or again after `disconnect()`: messages sent meanwhile wait, and one read catches up. */
  connect(): void {
    if (this.stateValue !== 'idle') return;
    this.options.onStarted();
    this.setState('connecting');
    void this.open();
  }

  send(message: OutgoingMessage): void {
    if (this.isFinal()) {
      this.emit({ type: 'receipt', clientId: message.clientId, status: 'failed', reason: 'This guest is not connected to Genesys any more.' });
      return;
    }
    this.queue.push(message);
    this.drain();
  }

  typing(): boolean {
    if (this.stateValue !== 'live') return false;
    const body = typingEvent({ customerId: this.options.customerId, time: this.isoNow() });
    const sent = this.options.client.callIfRoom(
      this.call({
        action: 'send a typing event',
        label: `POST /api/v2/conversations/messages/${this.options.integrationId}/inbound/open/event`,
        body,
        run: (api) => api.postConversationsMessageInboundOpenEvent(this.options.integrationId, body as SdkBody<'postConversationsMessageInboundOpenEvent'>),
      }),
    );
    sent?.catch((error: unknown) => this.note(`typing event not sent: ${(error as Error).message}`));
    return sent !== undefined;
  }

  /**
   * Open Messaging has no upload API: Genesys fetches attachments by URL. The bytes are hosted by the
   * profile's receiver at an unguessable URL and that URL is sent. A real org must be able to reach the
   * receiver (a public tunnel), as for the webhook.
   */
  async upload(file: { fileName: string; mime: string; bytes: Uint8Array }): Promise<UploadedFile> {
    const receiver = this.options.receiver();
    await receiver.start();
    const url = receiver.fileUrl(this.options.files.add(file));
    return {
      attachment: { mediaType: mediaTypeOf(file.mime), url, mime: file.mime, filename: file.fileName, fileSize: file.bytes.byteLength },
      downloadUrl: url,
    };
  }

  /** After the end: forget the conversation; the next message opens a new one. Before `connect()`, the guest
   *  then connects without catching up on the old conversation. */
  startNew(): void {
    if (this.isFinal()) return;
    this.poller.stop();
    this.conversationId = undefined;
    this.lastAgentMessageId = undefined;
    if (this.stateValue === 'idle') return;
    this.setState('live');
    this.drain();
  }

  /** The customer side of Open Messaging cannot close a conversation; the guest just stops. */
  async closeSession(): Promise<void> {
    this.note('Open Messaging has no way for the customer to end a conversation; the console stops this guest.');
    this.shutdown('closed');
  }

  disconnect(): void {
    this.shutdown(this.isFinal() ? this.stateValue : 'idle');
  }

  /** The tester has seen the agent's messages: a `Read` receipt for each not yet marked. */
  markRead(): void {
    for (const messageId of this.unread.splice(0)) this.sendReceipt(messageId, 'Read');
  }

  /** A verified webhook delivery addressed to this customer. */
  deliverWebhook(delivery: WebhookDelivery): void {
    this.emit({ type: 'frame', direction: 'in', text: JSON.stringify(delivery) });
    if (delivery.type === 'Receipt') {
      this.note(`receipt ${delivery.status ?? ''} for message ${delivery.id}`);
      return;
    }
    this.receive(fromWebhook(delivery));
  }

  // ---- connection ------------------------------------------------------------------------------

  private async open(): Promise<void> {
    try {
      if (!this.options.integrationId) {
        throw new PlatformError('NotConfigured', 'The profile has no Open Messaging integration id. Add it in Profiles (list the org\'s integrations there).');
      }
      await this.options.client.ensureLoggedIn();
      if (this.options.receiveMode === 'webhook') {
        const receiver = this.options.receiver();
        await receiver.start();
        receiver.register(this.options.customerId, this.recipient);
        this.registered = true;
      }
    } catch (error) {
      this.fail(error instanceof PlatformError ? error.message : `The guest could not start: ${(error as Error).message}`);
      return;
    }
    if (this.stateValue !== 'connecting') return;
    this.note(`logged in to ${this.options.client.place}; receiving by ${this.options.receiveMode === 'webhook' ? 'webhook' : 'polling'}`);
    this.setState('live');
    const known = this.conversationId;
    if (known) {
      // One read first: it catches up on what arrived while the console was not listening, and it tells
      // whether the conversation still exists before anything is sent into it (a message to a conversation
      // the platform has forgotten would silently open a new one).
      this.checking = true;
      await this.poller.readOnce(known);
      this.checking = false;
      if (this.state === 'live' && this.conversationId === known) this.watch(known);
    }
    this.drain();
  }

  private shutdown(state: GuestConnectionState, detail?: string): void {
    this.poller.stop();
    this.checking = false;
    if (this.registered) this.options.receiver().unregister(this.options.customerId, this.recipient);
    this.registered = false;
    this.setState(state, detail);
    this.options.onStopped();
  }

  private fail(detail: string): void {
    for (const message of this.queue.splice(0)) this.emit({ type: 'receipt', clientId: message.clientId, status: 'failed', reason: detail });
    this.shutdown('failed', detail);
  }

  // ---- sending ---------------------------------------------------------------------------------

  private drain(): void {
    if (this.current || this.stateValue !== 'live' || this.checking) return;
    const next = this.queue.shift();
    if (!next) return;
    this.current = next;
    void this.deliver(next).finally(() => {
      this.current = undefined;
      this.drain();
    });
  }

  private async deliver(message: OutgoingMessage): Promise<void> {
    const from = customerRecipient(this.options.customerId, this.options.persona);
    const time = this.isoNow();
    const integrationId = this.options.integrationId;
    try {
      let reply: unknown;
      if (message.type === 'choice') {
        const originatingMessageId = message.offeredIn ?? this.lastAgentMessageId;
        if (!originatingMessageId) throw new PlatformError('Rejected', 'No agent message offered this choice in the current conversation.');
        const body = structuredResponse({ from, message, originatingMessageId, time });
        const response = await this.options.client.call(
          this.call({
            action: 'send the answer',
            label: `POST /api/v2/conversations/messages/${integrationId}/inbound/open/structured/response`,
            body,
            run: (api) => api.postConversationsMessageInboundOpenStructuredResponse(integrationId, body as SdkBody<'postConversationsMessageInboundOpenStructuredResponse'>),
            priority: 'send',
          }),
        );
        reply = response.body;
      } else {
        const body = inboundMessage({ from, message, time });
        const response = await this.options.client.call(
          this.call({
            action: 'send the message',
            label: `POST /api/v2/conversations/messages/${integrationId}/inbound/open/message?prefetchConversationId=true`,
            body,
            run: (api) => api.postConversationsMessageInboundOpenMessage(integrationId, body as SdkBody<'postConversationsMessageInboundOpenMessage'>, { prefetchConversationId: true }),
            priority: 'send',
          }),
        );
        reply = response.body;
      }
      const parsed = OpenNormalizedMessageSchema.partial().safeParse(reply);
      const body = parsed.success ? parsed.data : {};
      this.acknowledge(message.clientId, fromInboundReply(body, message.clientId, time));
      if (body.conversationId) this.onConversation(body.conversationId);
      else if (this.options.receiveMode === 'poll') this.poller.guestSent();
    } catch (error) {
      const reason = error instanceof PlatformError ? error.message : `The message could not be sent: ${(error as Error).message}`;
      if (this.acknowledged.has(message.clientId)) return;
      this.emit({ type: 'receipt', clientId: message.clientId, status: 'failed', reason });
      if (error instanceof PlatformError && (error.failure === 'BadCredentials' || error.failure === 'NotConfigured')) this.fail(reason);
    }
  }

  private acknowledge(clientId: string, message: GuestMessage): void {
    if (this.acknowledged.has(clientId)) return;
    this.acknowledged.add(clientId);
    this.seen.add(message.id);
    this.emit({ type: 'receipt', clientId, status: 'sent', message });
  }

  private onConversation(conversationId: string): void {
    if (this.conversationId !== undefined && conversationId !== this.conversationId) {
      // The platform put the message into another conversation: the one this guest was in is gone for it.
      this.gone(`Genesys put the guest's message into a new conversation (${conversationId}): it no longer has conversation ${this.conversationId}.`);
      return;
    }
    if (conversationId !== this.conversationId) {
      this.conversationId = conversationId;
      this.emit({ type: 'platformConversation', conversationId });
      this.watch(conversationId);
    } else if (this.options.receiveMode === 'poll') this.poller.guestSent();
  }

  // ---- receiving -------------------------------------------------------------------------------

  /** Polling reads the conversation at once and then on its schedule; a webhook guest's catch-up reads start a gap later. */
  private watch(conversationId: string): void {
    this.poller.watch(conversationId, { readNow: this.options.receiveMode === 'poll' });
  }

  /** Messages the poller read back, in conversation order. */
  private onReadBack(messages: ReceivedMessage[]): void {
    for (const message of messages) {
      if (message.direction === 'Inbound') {
        const clientId = message.metadata?.[CUSTOM_MESSAGE_ID];
        if (clientId && this.isPending(clientId)) {
          this.acknowledge(clientId, message);
          continue;
        }
        // Read back while one of ours is still on its way: most likely that one (a button answer carries
        // no client id); never shown twice.
        if (this.current) {
          this.seen.add(message.id);
          continue;
        }
      }
      this.receive(message);
    }
  }

  /** A message not reported before: ours (by customMessageId) is a receipt, the rest becomes port events. */
  private receive(message: ReceivedMessage): void {
    if (this.seen.has(message.id)) return;
    this.seen.add(message.id);
    const clientId = message.direction === 'Inbound' ? message.metadata?.[CUSTOM_MESSAGE_ID] : undefined;
    if (clientId) return this.acknowledge(clientId, message);
    // Every end is final on Open Messaging: the next message opens a new conversation.
    reportReceived(message, true, this.received);
  }

  /** A decoded event goes out; an agent message is receipted, an end turns the guest read-only. */
  private readonly received = (event: GuestConnectionEvent): void => {
    this.emit(event);
    if (event.type === 'ended') return this.ended();
    if (event.type !== 'message') return;
    const { message } = event;
    if (message.direction !== 'Outbound' || (message.type !== 'Text' && message.type !== 'Structured')) return;
    this.lastAgentMessageId = message.id;
    this.unread.push(message.id);
    if (this.options.deliveryReceipts) this.sendReceipt(message.id, 'Delivered');
  };

  private ended(): void {
    if (this.stateValue !== 'live') return;
    this.poller.stop();
    this.setState('readOnly', READ_ONLY_DETAIL);
  }

  /** The platform no longer has the conversation: the guest stops rather than carry on in another one. */
  private gone(detail: string): void {
    if (this.isFinal()) return;
    this.note(detail);
    for (const message of this.queue.splice(0)) this.emit({ type: 'receipt', clientId: message.clientId, status: 'failed', reason: detail });
    this.shutdown('expired', detail);
  }

  private sendReceipt(messageId: string, status: 'Delivered' | 'Read'): void {
    const body = receipt({ customerId: this.options.customerId, messageId, status, time: this.isoNow() });
    this.options.client
      .call(
        this.call({
          action: `send a ${status} receipt`,
          label: `POST /api/v2/conversations/messages/${this.options.integrationId}/inbound/open/receipt`,
          body,
          run: (api) => api.postConversationsMessageInboundOpenReceipt(this.options.integrationId, body as SdkBody<'postConversationsMessageInboundOpenReceipt'>),
          attempts: 2,
        }),
      )
      .catch((error: unknown) => this.note(`${status} receipt for ${messageId} not sent: ${(error as Error).message}`));
  }

  // ---- small pieces ------------------------------------------------------------------------------

  /** A call of this guest: background priority unless said otherwise, exchanges shown in the inspector. */
  private call(request: Omit<PlatformCall, 'priority' | 'onFrame'> & { priority?: PlatformCall['priority'] }): PlatformCall {
    return {
      ...request,
      priority: request.priority ?? 'background',
      onFrame: (direction, text) => this.emit({ type: 'frame', direction, text }),
    };
  }

  private isPending(clientId: string): boolean {
    return !this.acknowledged.has(clientId) && (this.current?.clientId === clientId || this.queue.some((message) => message.clientId === clientId));
  }

  private isFinal(): boolean {
    return this.stateValue === 'closed' || this.stateValue === 'failed' || this.stateValue === 'expired';
  }

  private isoNow(): string {
    return new Date(this.options.clock.now()).toISOString();
  }

  private note(text: string): void {
    this.emit({ type: 'frame', direction: 'note', text });
  }

  private setState(state: GuestConnectionState, detail?: string): void {
    if (state === this.stateValue && detail === undefined) return;
    this.stateValue = state;
    this.emit({ type: 'state', state, ...(detail ? { detail } : {}) });
  }

  private emit(event: GuestConnectionEvent): void {
    this.options.listener(event);
  }
}
