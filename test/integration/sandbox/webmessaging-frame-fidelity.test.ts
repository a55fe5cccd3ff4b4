// Fields real Guest API frames carry, checked with the plain spec-written client (guest-wire.ts) against the
// running sandbox: every message has a `metadata.correlationId`; agent typing says On and then Off; a live frame
// and the same message read back from history agree field for field (who spoke in `channel.from`, no empty
// `content: []` on either side).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../../electron/sandbox';
import { createFakeClock, type FakeClock } from './openmessaging-harness';
import { configuredGuest, inbound, isClass, outboundEvent, outboundText, type Frame } from './guest-wire';

const AGENT = `
persona: { name: Fay, originatingEntity: Bot, image: /avatar.png }
rules:
  - when: { text: hi }
    do: [{ typing: 700 }, { say: "Hello there" }, { quickReplies: { text: Pick one, replies: [Tea, Coffee] } }]
  - when: { text: human }
    do: [{ transfer: { to: Kim, say: "Kim here" } }]
humans:
  - name: Kim
    image: /kim.png
`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let sandbox: Sandbox;
let clock: FakeClock;

beforeAll(async () => {
  clock = createFakeClock();
  sandbox = await createSandbox({ clock, replyLatency: 'instant', scripts: { fay: AGENT }, defaultAgentScript: 'fay', limits: { messagesPerSecond: 100 } });
});
afterAll(() => sandbox.close());

async function history(guest: Awaited<ReturnType<typeof configuredGuest>>['guest'], token: string): Promise<Array<Record<string, unknown>>> {
  guest.send({ action: 'getJwt', token });
  const jwt = await guest.take(isClass('JwtResponse'));
  const page = await fetch(`${sandbox.baseUrl}/api/v2/webmessaging/messages?pageSize=100`, { headers: { Authorization: `Bearer ${jwt.body.jwt}` } });
  return ((await page.json()) as { entities: Array<Record<string, unknown>> }).entities;
}

describe('Guest API frames as Genesys sends them', () => {
  it('puts a correlationId in every message, says Typing Off after On, and history repeats the live frames exactly', async () => {
    const token = randomUUID();
    const { guest } = await configuredGuest(sandbox.guestUrl, sandbox.org.deploymentId, token);
    guest.send({ action: 'onMessage', token, tracingId: 't1', message: { type: 'Text', text: 'hi', metadata: { customMessageId: 'c-1' } } });
    const echo = await guest.take(inbound);
    expect(echo.body.metadata).toEqual({ customMessageId: 'c-1', correlationId: expect.stringMatching(UUID) });
    expect(echo.body).not.toHaveProperty('content');

    const on = await guest.take(outboundEvent('Typing'));
    expect(on.body.events[0].typing).toEqual({ type: 'On', duration: 700 });
    clock.advance(700);
    const off = await guest.take(outboundEvent('Typing'));
    expect(off.body.events[0].typing).toEqual({ type: 'Off', duration: 1000 });
    const hello = await guest.take(outboundText('Hello there'));
    const choices = await guest.take(outboundText('Pick one'));
    expect(hello.body).not.toHaveProperty('content');
    expect(choices.body.content).toHaveLength(2);
    for (const frame of [on, off, hello, choices]) expect(frame.body.metadata.correlationId).toMatch(UUID);
    expect(new Set([echo, on, off, hello, choices].map((f) => f.body.metadata.correlationId)).size).toBe(5);
    // an avatar given as a path is served from the sandbox itself
    expect(hello.body.channel.from).toEqual({ nickname: 'Fay', image: `${sandbox.baseUrl}/avatar.png` });

    guest.send({ action: 'onMessage', token, message: { type: 'Text', text: 'human' } });
    const kimEcho = await guest.take(inbound);
    const kim = await guest.take(outboundText('Kim here'));
    expect(kim.body).toMatchObject({ originatingEntity: 'Human', channel: { from: { nickname: 'Kim', image: `${sandbox.baseUrl}/kim.png` } } });

    // Typing is not kept (Genesys keeps it out of history); every message is, exactly as it went out live.
    const kept = await history(guest, token);
    const live: Frame[] = [echo, hello, choices, kimEcho, kim];
    for (const frame of live) expect(kept.find((e) => e.id === frame.body.id)).toEqual(frame.body);
    expect(kept.some((e) => e.type === 'Event' && JSON.stringify(e).includes('Typing'))).toBe(false);
    guest.close();
  });

  it('agrees on the Presence Disconnect too: metadata readOnly and correlationId, live and in history', async () => {
    const token = randomUUID();
    const { guest } = await configuredGuest(sandbox.guestUrl, sandbox.org.deploymentId, token);
    guest.send({ action: 'onMessage', token, message: { type: 'Text', text: 'hello?' } });
    await guest.take(inbound);
    const id = sandbox.control.listConversations().find((c) => c.customerId === token)?.id ?? sandbox.control.listConversations().at(-1)!.id;
    sandbox.control.endConversation(id);
    const end = await guest.take(outboundEvent('Presence'));
    expect(end.body.metadata).toEqual({ readOnly: 'true', correlationId: expect.stringMatching(UUID) });
    const kept = await history(guest, token);
    expect(kept.find((e) => e.id === end.body.id)).toEqual(end.body);
    guest.close();
  });
});
