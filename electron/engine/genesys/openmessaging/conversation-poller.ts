// Receiving without a webhook: reads one conversation through the Platform API on an adaptive schedule
// (PollSchedule). Each read is `GET /api/v2/conversations/messages/{id}` (participants with message ids,
// no text); only ids not seen before are then fetched, in one bulk request. One read in flight per
// conversation; every request draws from the profile's shared RequestBudget at background priority (a
// 429 pauses the whole profile inside PlatformClient). Typing events are not in the read API, so a
// polled thread shows no typing. When every agent-side participant (or the customer) is disconnected,
// the conversation has ended: reported once as a Presence Disconnect, and reading stops. A conversation the
// platform does not know (404) is gone: reported, and reading stops.
// The inspector sees the bulk reads (what was new) and failures, not every empty read of the conversation.
import { MAX_BULK_MESSAGE_IDS, MessageConversationSchema, TextMessageListingSchema, type MessageParticipant } from '../../../protocol/openmessaging/conversation-read';
import type { Clock, TimerHandle } from '../../../protocol/clock';
import type { ReceivedMessage } from '../received-message';
import { conversationEnded, fromMessageData } from './guest-message-mapping';
import type { PlatformClient } from './platform-client';
import { PlatformError } from './platform-error';
import { PollSchedule, type PollTuning } from './poll-schedule';

export interface ConversationPollerOptions {
  client: PlatformClient;
  clock: Clock;
  tuning: PollTuning;
  /** Message ids already reported (or our own, acknowledged): not fetched again. */
  isKnown: (messageId: string) => boolean;
  /** New messages of the conversation, in conversation order. */
  onMessages: (messages: ReceivedMessage[]) => void;
  /** The conversation is over (also when its end was reported before, e.g. read again after a restart). */
  onEnded: (conversationId: string) => void;
  /** The platform does not know the conversation (404): it is gone (an org or sandbox reset). */
  onGone: (conversationId: string) => void;
  onFrame: (direction: 'in' | 'out' | 'note', text: string) => void;
}

export class ConversationPoller {
  private conversationId: string | undefined;
  private readonly schedule: PollSchedule;
  private timer: TimerHandle | undefined;
  private reading: Promise<void> | undefined;
  private stopped = true;
  /** Ids a bulk read did not return: not asked for again. */
  private readonly unavailable = new Set<string>();

  constructor(private readonly options: ConversationPollerOptions) {
    this.schedule = new PollSchedule(options.tuning);
  }

  /** Start (or switch to) reading this conversation on the schedule: now, or after the schedule's first gap. */
  watch(conversationId: string, { readNow = true }: { readNow?: boolean } = {}): void {
    this.conversationId = conversationId;
    this.stopped = false;
    this.schedule.guestSent();
    this.scheduleNext(readNow ? 0 : this.schedule.nextDelay());
  }

  /** The guest just sent: read soon. */
  guestSent(): void {
    if (this.stopped) return;
    this.schedule.guestSent();
    if (!this.reading) this.scheduleNext(this.schedule.nextDelay());
  }

  /** One read now, outside the schedule (a webhook guest catching up after a restart). */
  readOnce(conversationId: string): Promise<void> {
    this.conversationId = conversationId;
    return this.read();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private scheduleNext(delay: number): void {
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      void this.read().then(() => {
        if (!this.stopped && !this.timer) this.scheduleNext(this.schedule.nextDelay());
      });
    }, delay);
  }

  private read(): Promise<void> {
    this.reading ??= this.readConversation().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async readConversation(): Promise<void> {
    const conversationId = this.conversationId;
    if (!conversationId) return;
    try {
      const read = await this.options.client.call({
        action: 'read the conversation',
        label: `GET /api/v2/conversations/messages/${conversationId}`,
        run: (api) => api.getConversationsMessage(conversationId),
        priority: 'background',
        attempts: 1,
      });
      const parsed = MessageConversationSchema.safeParse(read.body);
      if (!parsed.success) {
        this.options.onFrame('note', `could not read the conversation: ${parsed.error.issues[0]?.message ?? 'unexpected shape'}`);
        return;
      }
      const { participants } = parsed.data;
      const owners = new Map<string, MessageParticipant>();
      for (const participant of participants) for (const detail of participant.messages ?? []) owners.set(detail.messageId, participant);
      const fresh = [...owners.keys()].filter((id) => !this.options.isKnown(id) && !this.unavailable.has(id));
      const messages = fresh.length > 0 ? await this.fetch(conversationId, fresh, owners) : [];
      const end = this.ending(conversationId, participants);
      const ended = end && !this.options.isKnown(end.id) ? [end] : [];
      if (messages.length > 0 || ended.length > 0) this.options.onMessages([...messages, ...ended]);
      if (end) {
        this.stop();
        this.options.onEnded(conversationId);
        return;
      }
      if (messages.some((message) => message.direction === 'Outbound')) this.schedule.agentSpoke();
    } catch (error) {
      const text = error instanceof PlatformError ? error.message : (error as Error).message;
      this.options.onFrame('note', `poll failed: ${text}`);
      // A missing conversation will not come back: reading stops, and the guest hears it is gone.
      if (error instanceof PlatformError && error.failure === 'NotFound') {
        this.stop();
        this.options.onGone(conversationId);
        return;
      }
      if (error instanceof PlatformError && (error.failure === 'BadCredentials' || error.failure === 'Forbidden')) {
        this.schedule.idle();
      }
    }
  }

  private async fetch(conversationId: string, ids: string[], owners: Map<string, MessageParticipant>): Promise<ReceivedMessage[]> {
    const out: ReceivedMessage[] = [];
    for (let start = 0; start < ids.length; start += MAX_BULK_MESSAGE_IDS) {
      const chunk = ids.slice(start, start + MAX_BULK_MESSAGE_IDS);
      const response = await this.options.client.call({
        action: 'read new messages',
        label: `POST /api/v2/conversations/messages/${conversationId}/messages/bulk`,
        body: chunk,
        run: (api) => api.postConversationsMessageMessagesBulk(conversationId, { body: chunk }),
        priority: 'background',
        attempts: 1,
        onFrame: this.options.onFrame,
      });
      const listing = TextMessageListingSchema.safeParse(response.body);
      if (!listing.success) throw new Error(`unexpected bulk read: ${listing.error.issues[0]?.message ?? ''}`);
      const returned = new Set(listing.data.entities.map((entity) => entity.id));
      for (const id of chunk) if (!returned.has(id)) this.unavailable.add(id);
      const sorted = [...listing.data.entities].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
      for (const entity of sorted) out.push(fromMessageData(entity, owners.get(entity.id)?.name));
    }
    return out;
  }

  private ending(conversationId: string, participants: MessageParticipant[]): ReceivedMessage | undefined {
    const customer = participants.find((participant) => participant.purpose === 'customer');
    const others = participants.filter((participant) => participant.purpose !== 'customer');
    const over = customer?.state === 'disconnected' || (others.length > 0 && others.every((participant) => participant.state === 'disconnected'));
    if (!over) return undefined;
    const last = [...others].filter((participant) => participant.endTime).sort((a, b) => (a.endTime ?? '').localeCompare(b.endTime ?? '')).at(-1);
    const time = last?.endTime ?? customer?.endTime ?? new Date(this.options.clock.now()).toISOString();
    return conversationEnded(conversationId, time, last?.name);
  }
}
