// The whole sandbox (`createSandbox`) driven by the official SDK as a third-party tool would: login,
// the customer's inbound message, the agent's reply read back and delivered to a webhook receiver that
// checks every signature independently and sees the retries (same id) while it answers 500, token
// expiry through the clock and through the control API, and a 429 burst with Retry-After.
import platformClient from 'purecloud-platform-client-v2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../../electron/sandbox/index';
import { createFakeClock, rejection, settle, signedBy, startWebhookReceiver, type FakeClock, type WebhookReceiver } from './openmessaging-harness';

type SdkClient = InstanceType<typeof platformClient.ApiClientClass>;

describe('createSandbox with the official SDK', () => {
  let clock: FakeClock;
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  let client: SdkClient;
  let conversations: InstanceType<typeof platformClient.ConversationsApi>;

  beforeEach(async () => {
    clock = createFakeClock();
    sandbox = await createSandbox({ replyLatency: 'instant', clock, defaultAgentScript: 'echo', tokenLifetimeSec: 600 });
    receiver = await startWebhookReceiver();
    const port = Number(new URL(sandbox.baseUrl).port);
    client = new platformClient.ApiClientClass();
    client.setGateway({ host: '127.0.0.1', port, protocol: 'http', path_params_login: '', path_params_api: '' });
    await client.loginClientCredentialsGrant(sandbox.org.clientId, sandbox.org.clientSecret);
    conversations = new platformClient.ConversationsApi(client);
    await conversations.patchConversationsMessagingIntegrationsOpenIntegrationId(sandbox.org.integrationId, {
      name: sandbox.org.integrationName,
      outboundNotificationWebhookUrl: receiver.url,
    });
  });
  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });

  const say = (text: string) =>
    conversations.postConversationsMessageInboundOpenMessage(
      sandbox.org.integrationId,
      { channel: { from: { id: 'tool-customer', idType: 'Opaque', nickname: 'Tool' }, time: new Date(clock.now()).toISOString() }, text },
      { prefetchConversationId: true },
    );

  it('round-trips a message: reply read back through the API and delivered signed to the webhook', async () => {
    const sent = await say('hello sandbox');
    const conversation = await conversations.getConversationsMessage(sent.conversationId!);
    const ids = (conversation.participants ?? []).flatMap((p) => p.messages ?? []).map((m) => m.messageId!);
    const bulk = await conversations.postConversationsMessageMessagesBulk(sent.conversationId!, { body: ids });
    const reply = bulk.entities?.find((e) => e.direction === 'outbound');
    expect(reply?.normalizedMessage?.text).toBe('hello sandbox');

    const [delivery] = await receiver.waitFor(1);
    expect(signedBy(sandbox.org.webhookSecret, delivery!)).toBe(true);
    expect(delivery!.json).toMatchObject({ id: reply?.id, text: 'hello sandbox', conversationId: sent.conversationId });
  });

  it('retries a failing webhook with the same id on the default schedule, every attempt signed', async () => {
    receiver.answerWith(500);
    const otherTimers = clock.pendingTimers();
    await say('retry me');
    await receiver.waitFor(1);
    for (const [i, delay] of [5_000, 10_000, 20_000, 50_000].entries()) {
      await settle(() => clock.pendingTimers() > otherTimers); // the retry is scheduled
      clock.advance(delay);
      await receiver.waitFor(i + 2);
    }
    expect(receiver.deliveries).toHaveLength(5);
    expect(new Set(receiver.deliveries.map((d) => d.json.id)).size).toBe(1);
    expect(receiver.deliveries.every((d) => signedBy(sandbox.org.webhookSecret, d))).toBe(true);
  });

  it('answers 401 after the token lifetime passes and after the control API expires tokens', async () => {
    clock.advance(600_000);
    expect(await rejection(conversations.getConversationsMessagingIntegrationsOpen())).toMatchObject({ status: 401 });
    await client.loginClientCredentialsGrant(sandbox.org.clientId, sandbox.org.clientSecret);
    await expect(conversations.getConversationsMessagingIntegrationsOpen()).resolves.toMatchObject({ total: 1 });
    sandbox.control.expireTokens();
    expect(await rejection(conversations.getConversationsMessagingIntegrationsOpen())).toMatchObject({ status: 401, code: 'bad.credentials' });
  });

  it('answers 429 with Retry-After during a fault burst switched on while the client is connected', async () => {
    client.setReturnExtendedResponses(true);
    expect(sandbox.control.faults.set({ burst429: { count: 1, retryAfterSec: 12 } }).ok).toBe(true);
    const limited = await rejection(say('too fast'));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('12');
    expect(limited.body).toMatchObject({ code: 'too.many.requests', status: 429 });
    const next = (await say('later')) as unknown as { status: number };
    expect(next.status).toBe(200);
  });
});
