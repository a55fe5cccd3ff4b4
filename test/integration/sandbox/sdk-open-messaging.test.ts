// The unmodified official SDK (purecloud-platform-client-v2) against the sandbox, pointed at it with
// setGateway: client-credentials login, integrations, inbound open messages, reading the conversation
// back, a 401 after token expiry, and a 429 whose Retry-After the SDK's error exposes.
import platformClient from 'purecloud-platform-client-v2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ORG } from '../../../electron/sandbox/demo-org';
import { rejection, startPlatformHarness, type PlatformHarness, type SdkFailure } from './openmessaging-harness';

type SdkClient = InstanceType<typeof platformClient.ApiClientClass>;

function sdkClient(port: number): SdkClient {
  const client = new platformClient.ApiClientClass();
  client.setGateway({ host: '127.0.0.1', port, protocol: 'http', path_params_login: '', path_params_api: '' });
  return client;
}

function customerMessage(text: string, from = 'sdk-customer', messageId?: string) {
  return {
    channel: {
      from: { id: from, idType: 'Opaque', nickname: 'Grace', firstName: 'Grace', lastName: 'Hopper' },
      time: '2026-11-24T10:00:00.000Z',
      ...(messageId ? { messageId } : {}),
    },
    text,
  };
}

describe('official SDK against the sandbox', () => {
  let h: PlatformHarness;
  let client: SdkClient;
  let conversations: InstanceType<typeof platformClient.ConversationsApi>;
  let auth: Awaited<ReturnType<SdkClient['loginClientCredentialsGrant']>>;

  beforeEach(async () => {
    h = await startPlatformHarness({ agentScript: 'echo', tokenLifetimeSec: 3_600, requestsPerMinute: 50 });
    client = sdkClient(h.port);
    auth = await client.loginClientCredentialsGrant(DEMO_ORG.clientId, DEMO_ORG.clientSecret);
    conversations = new platformClient.ConversationsApi(client);
  });
  afterEach(() => h.close());

  it('logs in with client credentials and gets a bearer token with its expiry', () => {
    expect(auth.accessToken).toBeTruthy();
    // the SDK computes the expiry from `expires_in` on its own (wall) clock: about an hour ahead
    expect(auth.tokenExpiryTime).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it('rejects a wrong client secret at login', async () => {
    const other = sdkClient(h.port);
    const error = await rejection(other.loginClientCredentialsGrant(DEMO_ORG.clientId, 'wrong'));
    expect(error.response.status).toBe(401);
    expect(error.response.data.error).toBe('invalid_client');
  });

  it('manages Open Messaging integrations', async () => {
    const listing = await conversations.getConversationsMessagingIntegrationsOpen({ pageSize: 10 });
    expect(listing.entities?.map((e) => e.id)).toContain(DEMO_ORG.integrationId);
    expect(listing.pageSize).toBe(10);

    const created = await conversations.postConversationsMessagingIntegrationsOpen({
      name: 'SDK integration',
      outboundNotificationWebhookUrl: 'https://hooks.example.com/sdk',
      outboundNotificationWebhookSignatureSecretToken: 'sdk-secret',
    });
    const fetched = await conversations.getConversationsMessagingIntegrationsOpenIntegrationId(created.id);
    expect(fetched.name).toBe('SDK integration');
    const updated = await conversations.patchConversationsMessagingIntegrationsOpenIntegrationId(created.id, { name: 'Renamed' });
    expect(updated.name).toBe('Renamed');
    await conversations.deleteConversationsMessagingIntegrationsOpenIntegrationId(created.id);
    const missing = await rejection(conversations.getConversationsMessagingIntegrationsOpenIntegrationId(created.id));
    expect(missing).toMatchObject({ status: 404, code: 'not.found' });
  });

  it('sends an inbound message and reads the conversation back: ids, then only the new messages in bulk', async () => {
    const sent = await conversations.postConversationsMessageInboundOpenMessage(DEMO_ORG.integrationId, customerMessage('hello from the SDK'), {
      prefetchConversationId: true,
    });
    expect(sent.text).toBe('hello from the SDK');
    const conversationId = sent.conversationId!;
    expect(conversationId).toBeTruthy();

    const conversation = await conversations.getConversationsMessage(conversationId);
    const customer = conversation.participants?.find((p) => p.purpose === 'customer');
    expect(customer?.state).toBe('connected');
    expect(customer?.messages?.[0]?.messageId).toBe(sent.id);
    const ids = (conversation.participants ?? []).flatMap((p) => p.messages ?? []).map((m) => m.messageId!);
    expect(ids).toHaveLength(2);

    const bulk = await conversations.postConversationsMessageMessagesBulk(conversationId, { body: ids });
    expect(bulk.entities?.map((e) => [e.normalizedMessage?.direction, e.normalizedMessage?.text])).toEqual([
      ['Inbound', 'hello from the SDK'],
      ['Outbound', 'hello from the SDK'],
    ]);

    await conversations.postConversationsMessageInboundOpenMessage(DEMO_ORG.integrationId, customerMessage('second'));
    const again = await conversations.getConversationsMessage(conversationId);
    const seen = new Set(ids);
    const fresh = (again.participants ?? []).flatMap((p) => p.messages ?? []).map((m) => m.messageId!).filter((id) => !seen.has(id));
    expect(fresh).toHaveLength(2);
    const newOnes = await conversations.postConversationsMessageMessagesBulk(conversationId, { body: fresh });
    expect(newOnes.entities?.map((e) => e.normalizedMessage?.text)).toEqual(['second', 'second']);

    const one = await conversations.getConversationsMessageMessage(conversationId, sent.id!);
    expect(one).toMatchObject({ id: sent.id, conversationId, direction: 'inbound' });
    expect(one.normalizedMessage?.text).toBe('hello from the SDK');
  });

  it('maps a message id alone back to its conversation (getConversationsMessageDetails)', async () => {
    const sent = await conversations.postConversationsMessageInboundOpenMessage(DEMO_ORG.integrationId, customerMessage('where am I'), {
      prefetchConversationId: true,
    });
    const conversation = await conversations.getConversationsMessage(sent.conversationId!);
    const replyId = conversation.participants?.find((p) => p.purpose !== 'customer')?.messages?.[0]?.messageId;
    expect(replyId).toBeTruthy();

    const inbound = await conversations.getConversationsMessageDetails(sent.id!);
    expect(inbound).toMatchObject({ id: sent.id, conversationId: sent.conversationId, direction: 'inbound', messengerType: 'open' });
    expect(inbound.normalizedMessage?.text).toBe('where am I');
    const reply = await conversations.getConversationsMessageDetails(replyId!);
    expect(reply).toMatchObject({ id: replyId, conversationId: sent.conversationId, direction: 'outbound' });
    expect(reply.normalizedMessage?.text).toBe('where am I');

    expect(await rejection(conversations.getConversationsMessageDetails('f'.repeat(32)))).toMatchObject({ status: 404, code: 'not.found' });

    // the generic conversation read: the same participants, each with one message communication
    const generic = await conversations.getConversation(sent.conversationId!);
    expect(generic).toMatchObject({ id: sent.conversationId, startTime: expect.any(String) });
    const customer = generic.participants.find((p) => p.purpose === 'customer');
    expect(customer).toMatchObject({ address: 'sdk-customer', messages: [{ state: 'connected', type: 'open' }] });
    expect(customer?.messages?.[0]?.messages?.map((m) => m.messageId)).toEqual([sent.id]);
    expect(generic.participants.find((p) => p.purpose !== 'customer')?.messages?.[0]?.messages?.map((m) => m.messageId)).toEqual([replyId]);
    expect(await rejection(conversations.getConversation('no-such-conversation'))).toMatchObject({ status: 404, code: 'not.found' });
  });

  it('sends typing, receipts, a quick-reply answer and the older inbound form', async () => {
    const sent = await conversations.postConversationsMessageInboundOpenMessage(DEMO_ORG.integrationId, customerMessage('start'), {
      prefetchConversationId: true,
    });
    const typing = await conversations.postConversationsMessageInboundOpenEvent(DEMO_ORG.integrationId, {
      channel: { from: { id: 'sdk-customer', idType: 'Opaque' }, time: '2026-11-24T10:00:01.000Z' },
      events: [{ eventType: 'Typing', typing: { type: 'On', duration: 5000 } } as { eventType: string }],
    });
    expect(typing.type).toBe('Event');

    const outboundId = h.hub.get(sent.conversationId!)!.messages.find((m) => m.direction === 'Outbound')!.id;
    const receipt = await conversations.postConversationsMessageInboundOpenReceipt(DEMO_ORG.integrationId, {
      id: outboundId,
      channel: { to: { id: 'sdk-customer', idType: 'Opaque' }, time: '2026-11-24T10:00:02.000Z' },
      status: 'Delivered',
    });
    expect(receipt).toMatchObject({ id: outboundId, status: 'Delivered', type: 'Receipt' });

    const answer = await conversations.postConversationsMessageInboundOpenStructuredResponse(DEMO_ORG.integrationId, {
      channel: { from: { id: 'sdk-customer', idType: 'Opaque' }, time: '2026-11-24T10:00:03.000Z' },
      buttonResponse: { type: 'QuickReply', text: 'Tea', payload: 'QR_TEA' },
      originatingMessageId: outboundId,
    });
    expect(answer.type).toBe('Structured');

    const legacy = await conversations.postConversationsMessagesInboundOpen({
      channel: {
        id: DEMO_ORG.integrationId,
        platform: 'Open',
        type: 'Private',
        to: { id: DEMO_ORG.integrationId },
        from: { id: 'sdk-customer', idType: 'Opaque' },
        time: '2026-11-24T10:00:04.000Z',
      },
      type: 'Text',
      text: 'older form',
    });
    expect(legacy.text).toBe('older form');
    // as the SDK's model has it: the integration only in `channel.to.id` (`channel.id` is optional)
    const toOnly = await conversations.postConversationsMessagesInboundOpen({
      channel: { platform: 'Open', type: 'Private', to: { id: DEMO_ORG.integrationId }, from: { id: 'sdk-customer', idType: 'Opaque' }, time: '2026-11-24T10:00:05.000Z' },
      type: 'Text',
      text: 'to.id form',
    });
    expect(toOnly.text).toBe('to.id form');
    const texts = h.hub.get(sent.conversationId!)!.messages.filter((m) => m.direction === 'Inbound').map((m) => m.text);
    expect(texts).toEqual(['start', 'Tea', 'older form', 'to.id form']);
  });

  it('gets validation errors as ErrorBody through the SDK', async () => {
    const tooLong = await rejection(conversations.postConversationsMessageInboundOpenMessage(DEMO_ORG.integrationId, customerMessage('x'.repeat(5000))));
    expect(tooLong).toMatchObject({ status: 400, code: 'bad.request' });
    const unknown = await rejection(conversations.postConversationsMessageInboundOpenMessage('no-such-integration', customerMessage('x')));
    expect(unknown).toMatchObject({ status: 404, code: 'not.found' });
  });

  it('gets 401 once the token expires, and works again after a new login', async () => {
    h.clock.advance(3_600_000);
    const expired = await rejection(conversations.getConversationsMessagingIntegrationsOpen());
    expect(expired).toMatchObject({ status: 401, code: 'bad.credentials' });
    await client.loginClientCredentialsGrant(DEMO_ORG.clientId, DEMO_ORG.clientSecret);
    await expect(conversations.getConversationsMessagingIntegrationsOpen()).resolves.toBeTruthy();

    h.api.expireTokens();
    const forced = await rejection(conversations.getConversationsMessagingIntegrationsOpen());
    expect(forced.status).toBe(401);
  });

  it('gets 429 with Retry-After, from the request budget and from a fault burst', async () => {
    client.setReturnExtendedResponses(true);
    let limited: SdkFailure;
    for (let i = 0; i < 60 && !limited; i++) {
      try {
        await conversations.getConversationsMessagingIntegrationsOpen();
      } catch (error) {
        limited = error;
      }
    }
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ status: 429, code: 'too.many.requests' });

    h.clock.advance(60_000);
    h.faults.set({ burst429: { count: 2, retryAfterSec: 3 } });
    for (let i = 0; i < 2; i++) {
      const burst = await rejection(conversations.getConversationsMessagingIntegrationsOpen());
      expect(burst.status).toBe(429);
      expect(burst.headers['retry-after']).toBe('3');
    }
    const recovered = (await conversations.getConversationsMessagingIntegrationsOpen()) as unknown as { status: number };
    expect(recovered.status).toBe(200);
  });
});
