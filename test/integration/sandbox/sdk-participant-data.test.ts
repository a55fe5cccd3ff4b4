// Participant data through the unmodified official SDK against the sandbox: the Open Messaging customer's custom
// attributes and what the script set (Set Participant Data) in `MessageMediaParticipant.attributes`, the acd
// participant's `queue` as a `DomainEntityRef` that `getRoutingQueue` names, and the generic `getConversation`'s
// `Participant` with `attributes`, `queueId` and `queueName`.
import platformClient from 'purecloud-platform-client-v2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ORG } from '../../../electron/sandbox/demo-org';
import { rejection, startPlatformHarness, type PlatformHarness } from './openmessaging-harness';

describe('participant data through the official SDK', () => {
  let h: PlatformHarness;
  let conversations: InstanceType<typeof platformClient.ConversationsApi>;
  let routing: InstanceType<typeof platformClient.RoutingApi>;

  beforeEach(async () => {
    h = await startPlatformHarness({ agentScript: 'default' });
    const client = new platformClient.ApiClientClass();
    client.setGateway({ host: '127.0.0.1', port: h.port, protocol: 'http', path_params_login: '', path_params_api: '' });
    await client.loginClientCredentialsGrant(DEMO_ORG.clientId, DEMO_ORG.clientSecret);
    conversations = new platformClient.ConversationsApi(client);
    routing = new platformClient.RoutingApi(client);
  });
  afterEach(() => h.close());

  it('reads the attributes, the queue and its name in Genesys shapes', async () => {
    // `channel.metadata.customAttributes` as Genesys' Open Messaging docs send them; the SDK's typings lack the field.
    const metadata = { customAttributes: { tier: 'gold' } } as platformClient.Models.ConversationChannelMetadata;
    const sent = await conversations.postConversationsMessageInboundOpenMessage(
      DEMO_ORG.integrationId,
      { channel: { from: { id: 'sdk-participant', idType: 'Opaque', nickname: 'Grace' }, time: '2026-11-24T10:00:00.000Z', metadata }, text: 'billing' },
      { prefetchConversationId: true },
    );
    const conversation = await conversations.getConversationsMessage(sent.conversationId!);
    const customer = conversation.participants?.find((p) => p.purpose === 'customer');
    expect(customer?.attributes).toEqual({ tier: 'gold', Intent: 'Billing' });
    const acd = conversation.participants?.find((p) => p.purpose === 'acd');
    expect(acd).toMatchObject({ name: 'Billing', state: 'connected', queue: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), selfUri: `/api/v2/routing/queues/${acd?.queue?.id}` } });

    // The bot's routing message is the bot's (workflow) message; a queue sends nothing.
    expect(acd?.messages ?? []).toEqual([]);
    const bot = conversation.participants?.find((p) => p.purpose === 'workflow');
    expect(bot?.messages?.length).toBeGreaterThan(0);

    const queue = await routing.getRoutingQueue(acd!.queue!.id!);
    expect(queue).toMatchObject({ id: acd!.queue!.id, name: 'Billing' });
    expect(await rejection(routing.getRoutingQueue('00000000-0000-0000-0000-000000000000'))).toMatchObject({ status: 404, code: 'not.found' });

    const generic = await conversations.getConversation(sent.conversationId!);
    expect(generic.participants.find((p) => p.purpose === 'customer')?.attributes).toEqual({ tier: 'gold', Intent: 'Billing' });
    expect(generic.participants.find((p) => p.purpose === 'acd')).toMatchObject({ queueId: acd!.queue!.id, queueName: 'Billing' });
  });
});
