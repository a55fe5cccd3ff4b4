// Open Messaging through the console: the same conversation service, journal and thread as Web
// Messaging, on the sandbox's demo integration (its webhook pointed at the console's receiver on start).
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationSummary, ThreadItem, WebhookCheck } from '../../shared/contract';
import { agentTexts, call, startRig, threadOf, type Rig } from '../support/console-with-sandbox';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const startOpenGuest = (name: string) =>
  call<ConversationSummary>(rig!.engine, 'conversations.start', { profileId: 'sandbox', channel: 'openmessaging', persona: { name } });

describe('an Open Messaging guest in the console', () => {
  it('converses through the signed webhook, learns the platform conversation id, and keeps the thread across a restart', async () => {
    rig = await startRig();
    const guest = await startOpenGuest('Olivia');
    expect(guest.channel).toBe('openmessaging');
    const sent = await call<ThreadItem>(rig.engine, 'messages.send', { conversationId: guest.id, text: 'echo over the webhook' });
    await expect.poll(async () => agentTexts(await threadOf(rig!.engine, guest.id)), { timeout: 15_000 }).toContain('over the webhook');
    const thread = await threadOf(rig.engine, guest.id);
    expect(thread.find((item) => item.id === sent.id)?.delivery).toBe('sent');
    const summary = (await call<ConversationSummary[]>(rig.engine, 'conversations.list', {}))[0]!;
    expect(summary.platformConversationId).toMatch(/^[0-9a-f-]{36}$/);

    await rig.restart();
    const rebuilt = await threadOf(rig.engine, guest.id);
    expect(agentTexts(rebuilt).filter((text) => text === 'over the webhook')).toHaveLength(1);
    await call(rig.engine, 'messages.send', { conversationId: guest.id, text: 'echo after restart' });
    await expect.poll(async () => agentTexts(await threadOf(rig!.engine, guest.id)), { timeout: 15_000 }).toContain('after restart');
  });

  it('shows the receiver, the integrations, and a webhook check that accepts the signed sample and rejects the other', async () => {
    rig = await startRig();
    const setup = await call<{ webhookUrl: string; integrations: { id: string; webhookUrl: string }[] }>(rig.engine, 'openMessaging.setup', {
      profileId: 'sandbox',
    });
    expect(setup.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(setup.integrations.map((integration) => integration.id)).toContain(rig.sandbox.org.integrationId);
    const check = await call<WebhookCheck>(rig.engine, 'openMessaging.checkWebhook', { profileId: 'sandbox' });
    expect(check.correctlySigned.accepted).toBe(true);
    expect(check.wronglySigned.accepted).toBe(false);
    expect(check.wronglySigned.status).toBeGreaterThanOrEqual(400);
  });

  it('says what is missing when a real-org profile has no Open Messaging settings', async () => {
    rig = await startRig();
    const profile = await call<{ id: string }>(rig.engine, 'profiles.save', { name: 'Acme', region: 'eu-west-1' });
    const result = await rig.engine.dispatcher.dispatch('conversations.start', { profileId: profile.id, channel: 'openmessaging', persona: { name: 'X' } });
    expect(result).toMatchObject({ ok: false, error: { kind: 'InvalidRequest' } });
    expect(!result.ok && result.error.message).toMatch(/integration id and client id/);
  });
});
