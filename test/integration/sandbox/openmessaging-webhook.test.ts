// Outbound webhook deliveries from the sandbox to a receiver in the test: every delivery's signature is
// checked with the documented algorithm written here independently (base64 HMAC-SHA256 of the raw
// body, `X-Hub-Signature-256: sha256=…`); retries carry the same message id and stay in order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ORG } from '../../../electron/sandbox/demo-org';
import { OpenNormalizedMessageSchema } from '../../../electron/protocol/openmessaging/normalized-message';
import {
  call,
  expectedSignature,
  login,
  settle,
  startPlatformHarness,
  startWebhookReceiver,
  type PlatformHarness,
  type ReceivedDelivery,
  type WebhookReceiver,
} from './openmessaging-harness';

const INBOUND = `/api/v2/conversations/messages/${DEMO_ORG.integrationId}/inbound/open/message`;
const DEMO_INTEGRATION = `/api/v2/conversations/messaging/integrations/open/${DEMO_ORG.integrationId}`;
const RETRY_DELAYS = [1_000, 2_000, 4_000, 8_000];

function expectSignedBy(secret: string, delivery: ReceivedDelivery): void {
  expect(delivery.headers['x-hub-signature-256']).toBe(expectedSignature(secret, delivery.rawBody));
}

function send(h: PlatformHarness, token: string, text: string, from = 'customer-w') {
  return call(h.baseUrl, 'POST', `${INBOUND}?prefetchConversationId=true`, {
    token,
    body: { channel: { from: { id: from, idType: 'Opaque', nickname: 'Ada' }, time: '2026-11-24T10:00:00.000Z' }, text },
  });
}

describe('outbound webhook delivery', () => {
  let h: PlatformHarness;
  let receiver: WebhookReceiver;
  let token: string;

  beforeEach(async () => {
    h = await startPlatformHarness({ agentScript: 'echo', webhookRetryDelaysMs: RETRY_DELAYS });
    receiver = await startWebhookReceiver();
    token = await login(h.baseUrl);
    const patched = await call(h.baseUrl, 'PATCH', DEMO_INTEGRATION, {
      token,
      body: { outboundNotificationWebhookUrl: receiver.url, webhookHeaders: { 'X-Receiver-Key': 'abc123' } },
    });
    expect(patched.status).toBe(200);
  });
  afterEach(async () => {
    await h.close();
    await receiver.close();
  });

  it('delivers each agent reply as a signed OpenNormalizedMessage with the configured headers', async () => {
    const sent = await send(h, token, 'hello webhook');
    const [delivery] = await receiver.waitFor(1);
    expectSignedBy(DEMO_ORG.webhookSecret, delivery!);
    expect(delivery!.headers['x-receiver-key']).toBe('abc123');
    expect(delivery!.headers['content-type']).toBe('application/json');
    const message = OpenNormalizedMessageSchema.parse(delivery!.json);
    expect(message).toMatchObject({
      type: 'Text',
      text: 'hello webhook',
      direction: 'Outbound',
      originatingEntity: 'Bot',
      conversationId: sent.json.conversationId,
      channel: {
        id: DEMO_ORG.integrationId,
        platform: 'Open',
        type: 'Private',
        to: { id: 'customer-w' },
        from: { id: DEMO_ORG.integrationId, nickname: 'Echo' },
      },
    });
    // the same message is what the conversation read API shows
    const stored = h.hub.get(sent.json.conversationId as string)!.messages.find((m) => m.direction === 'Outbound');
    expect(message.id).toBe(stored?.id);
  });

  it('signs with the secret the integration has now', async () => {
    await call(h.baseUrl, 'PATCH', DEMO_INTEGRATION, { token, body: { outboundNotificationWebhookSignatureSecretToken: 'rotated-secret' } });
    await send(h, token, 'after rotation');
    const [delivery] = await receiver.waitFor(1);
    expectSignedBy('rotated-secret', delivery!);
  });

  it('retries a failing receiver with the same message id on the retry schedule, then gives up', async () => {
    receiver.answerWith(500);
    await send(h, token, 'please retry');
    await receiver.waitFor(1);
    for (const [i, delay] of RETRY_DELAYS.entries()) {
      await settle(() => h.clock.pendingTimers() === 1);
      h.clock.advance(delay - 1);
      expect(receiver.deliveries).toHaveLength(i + 1); // not yet
      h.clock.advance(1);
      await receiver.waitFor(i + 2);
    }
    const deliveries = receiver.deliveries;
    expect(deliveries).toHaveLength(5);
    expect(new Set(deliveries.map((d) => d.json.id)).size).toBe(1);
    expect(new Set(deliveries.map((d) => d.rawBody.toString('utf8'))).size).toBe(1);
    for (const d of deliveries) expectSignedBy(DEMO_ORG.webhookSecret, d);
    await settle(() => h.clock.pendingTimers() === 0);
    h.clock.advance(60_000);
    expect(receiver.deliveries).toHaveLength(5);
  });

  it('keeps deliveries of one conversation in order while the first is retried', async () => {
    receiver.answerWith(503);
    await send(h, token, 'first');
    await receiver.waitFor(1);
    await send(h, token, 'second');
    receiver.answerWith(200);
    await settle(() => h.clock.pendingTimers() === 1);
    expect(receiver.deliveries).toHaveLength(1); // "second" waits behind "first"
    h.clock.advance(RETRY_DELAYS[0]!);
    const all = await receiver.waitFor(3);
    expect(all.map((d) => d.json.text)).toEqual(['first', 'first', 'second']);
    expect(all[0]!.json.id).toBe(all[1]!.json.id);
  });

  it('fails the next deliveries on the failWebhookDeliveries fault without reaching the receiver', async () => {
    h.faults.set({ failWebhookDeliveries: 2 });
    await send(h, token, 'through the fault');
    await settle(() => h.clock.pendingTimers() === 1);
    h.clock.advance(RETRY_DELAYS[0]!);
    await settle(() => h.clock.pendingTimers() === 1);
    expect(receiver.deliveries).toHaveLength(0);
    h.clock.advance(RETRY_DELAYS[1]!);
    const [delivery] = await receiver.waitFor(1);
    expect(delivery!.json.text).toBe('through the fault');
  });

  it('delivers the Presence Disconnect event when the conversation ends', async () => {
    const sent = await send(h, token, 'bye');
    await receiver.waitFor(1);
    h.hub.end(sent.json.conversationId as string);
    const [, disconnect] = await receiver.waitFor(2);
    expectSignedBy(DEMO_ORG.webhookSecret, disconnect!);
    expect(disconnect!.json).toMatchObject({ type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }] });
    const read = await call(h.baseUrl, 'GET', `/api/v2/conversations/messages/${sent.json.conversationId as string}`, { token });
    const agent = (read.json.participants as Array<{ purpose: string; state: string; endTime?: string }>).find((p) => p.purpose !== 'customer');
    expect(agent?.state).toBe('disconnected');
    expect(agent?.endTime).toBeTruthy();
  });
});
