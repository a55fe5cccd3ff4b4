// Authenticated Web Messaging guests: an authorization code (minted by the sandbox's stand-in identity
// provider) is exchanged for a Genesys JWT and presented with configureAuthenticatedSession.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../shared/contract';
import { agentTexts, call, startRig, threadOf, waitLive, type Rig } from '../support/console-with-sandbox';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const startSignedIn = (code: string) =>
  call<ConversationSummary>(rig!.engine, 'conversations.start', {
    profileId: 'sandbox',
    channel: 'webmessaging',
    persona: { name: 'Signed In' },
    authentication: { code, redirectUri: 'https://customer.example.com/callback' },
  });

const stateOf = async (id: string) => (await call<ConversationSummary[]>(rig!.engine, 'conversations.list', {})).find((c) => c.id === id);

describe('an authenticated Web Messaging guest', () => {
  it('signs in with an authorization code, converses, and needs a new sign-in after a restart', async () => {
    rig = await startRig();
    const { code } = rig.sandbox.control.mintAuthCode({ subject: 'customer-42', name: 'Alex Member' });
    const guest = await startSignedIn(code);
    await waitLive(rig.engine, guest.id);
    await call(rig.engine, 'messages.send', { conversationId: guest.id, text: 'echo signed in' });
    await expect.poll(async () => agentTexts(await threadOf(rig!.engine, guest.id)), { timeout: 10_000 }).toContain('signed in');
    const frames = await call<{ text: string }[]>(rig.engine, 'inspector.frames', { conversationId: guest.id });
    expect(frames.some((frame) => frame.text.includes('configureAuthenticatedSession'))).toBe(true);
    expect(frames.some((frame) => frame.text.includes(code))).toBe(false);

    await rig.restart();
    const after = await stateOf(guest.id);
    expect(after?.state).toBe('ended');
    expect(after?.stateDetail).toMatch(/new sign-in/);
  });

  it('says the sign-in was refused when the code is not valid, and does not fall back to an anonymous guest', async () => {
    rig = await startRig();
    const guest = await startSignedIn('not-a-real-code');
    await expect.poll(async () => (await stateOf(guest.id))?.state, { timeout: 10_000 }).toBe('failed');
    expect((await stateOf(guest.id))?.stateDetail).toMatch(/refused the sign-in/);
    expect(rig.sandbox.control.listConversations()).toHaveLength(0);
  });
});
