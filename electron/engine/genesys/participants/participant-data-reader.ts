// Participant data behind a conversation, read through the Platform API with the official SDK: each
// participant's purpose, attributes (participant data), queue (named with the routing API), state and wrap-up.
// A Web Messaging guest is never told its conversation's id, so when the console does not know it yet one of
// the conversation's message ids finds it (`getConversationsMessageDetails`). Without an OAuth client on the
// profile the answer says so, in words a person can act on; nothing is thrown for that.
import type { Profile } from '../../../../shared/contract';
import { NO_OAUTH_CLIENT_REASON, type ParticipantData, type ParticipantsRead } from '../../../../shared/participants-contract';
import { MessageConversationSchema } from '../../../protocol/openmessaging/conversation-read';
import type { Clock } from '../../../protocol/clock';
import { PlatformClient, type ConversationsApi } from '../openmessaging/platform-client';
import { RequestBudget } from '../openmessaging/request-budget';

/** What the reader needs of a console conversation. */
export interface ParticipantDataTarget {
  profile: Profile;
  /** The platform's conversation id, when the console knows it. */
  platformConversationId?: string;
  /** Server ids of the conversation's messages (any one finds the conversation). */
  messageIds: string[];
}

export interface ParticipantDataReaderOptions {
  clock: Clock;
  sandbox: { baseUrl: string } | null;
  clientSecret: (profileId: string) => string | undefined;
  /** Reads per minute per profile (the reads share the org's per-client limit). Default 60. */
  perMinute?: number;
}

export class ParticipantDataReader {
  private readonly clients = new Map<string, { key: string; client: PlatformClient; budget: RequestBudget }>();
  /** Queue names do not change within a run: one lookup per queue id. */
  private readonly queueNames = new Map<string, string | undefined>();

  constructor(private readonly options: ParticipantDataReaderOptions) {}

  async read(target: ParticipantDataTarget): Promise<ParticipantsRead> {
    const { profile } = target;
    if (!profile.openMessaging.clientId || !this.options.clientSecret(profile.id)) return { available: false, reason: NO_OAUTH_CLIENT_REASON };
    const client = this.clientFor(profile);
    const conversationId = target.platformConversationId ?? (await this.findConversationId(client, target.messageIds));
    if (!conversationId) {
      return { available: false, reason: 'The platform has no conversation for this thread yet: send a message first' };
    }
    const response = await client.call({
      action: 'read the participant data',
      label: `GET /api/v2/conversations/messages/${conversationId}`,
      run: (api) => api.getConversationsMessage(conversationId),
      priority: 'background',
    });
    const parsed = MessageConversationSchema.safeParse(response.body);
    if (!parsed.success) return { available: false, reason: `The platform's answer for conversation ${conversationId} was not a message conversation` };
    const participants: ParticipantData[] = [];
    for (const p of parsed.data.participants) {
      const queueId = p.queue?.id;
      const queueName = queueId ? (p.queue?.name ?? (await this.queueName(client, queueId))) : undefined;
      const wrapup = p.wrapup?.code ? { code: p.wrapup.code, ...(p.wrapup.name ? { name: p.wrapup.name } : {}), ...(p.wrapup.notes ? { notes: p.wrapup.notes } : {}) } : undefined;
      participants.push({
        id: p.id,
        purpose: p.purpose ?? 'unknown',
        ...(p.name ? { name: p.name } : {}),
        ...(p.state ? { state: p.state } : {}),
        attributes: p.attributes ?? {},
        ...(queueId ? { queueId } : {}),
        ...(queueName ? { queueName } : {}),
        ...(wrapup ? { wrapup } : {}),
      });
    }
    return { available: true, conversationId, participants, readAt: new Date(this.options.clock.now()).toISOString() };
  }

  close(): void {
    for (const { budget } of this.clients.values()) budget.close();
    this.clients.clear();
  }

  private async findConversationId(client: PlatformClient, messageIds: string[]): Promise<string | undefined> {
    const messageId = messageIds.at(-1);
    if (!messageId) return undefined;
    const response = await client.call({
      action: 'find the conversation of a message',
      label: `GET /api/v2/conversations/messages/${messageId}/details`,
      run: (api) => api.getConversationsMessageDetails(messageId),
      priority: 'background',
    });
    const body = response.body as { conversationId?: unknown } | undefined;
    return typeof body?.conversationId === 'string' ? body.conversationId : undefined;
  }

  private async queueName(client: PlatformClient, queueId: string): Promise<string | undefined> {
    if (this.queueNames.has(queueId)) return this.queueNames.get(queueId);
    const response = await client
      .call({
        action: 'name the queue',
        label: `GET /api/v2/routing/queues/${queueId}`,
        run: (api) => routingApiOf(api).then((routing) => routing.getRoutingQueue(queueId)),
        priority: 'background',
        attempts: 1,
      })
      .catch(() => undefined); // the client may lack routing:queue:view; the id still shows
    const name = (response?.body as { name?: unknown } | undefined)?.name;
    const found = typeof name === 'string' ? name : undefined;
    if (response) this.queueNames.set(queueId, found);
    return found;
  }

  private clientFor(profile: Profile): PlatformClient {
    const key = `${profile.region}|${profile.customHost}|${profile.openMessaging.clientId}`;
    const known = this.clients.get(profile.id);
    if (known?.key === key) return known.client;
    known?.budget.close();
    const budget = new RequestBudget({ clock: this.options.clock, perMinute: this.options.perMinute ?? 60 });
    const client = new PlatformClient({ profile, clientSecret: () => this.options.clientSecret(profile.id), sandbox: this.options.sandbox, clock: this.options.clock, budget });
    this.clients.set(profile.id, { key, client, budget });
    return client;
  }
}

/** The routing API on the same SDK client (same login, same gateway) as the conversations API. */
async function routingApiOf(api: ConversationsApi) {
  const { default: sdk } = await import('purecloud-platform-client-v2');
  return new sdk.RoutingApi((api as unknown as { apiClient: ConstructorParameters<typeof sdk.RoutingApi>[0] }).apiClient);
}
