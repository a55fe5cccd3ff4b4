// The shipped `bot-flow` agent (an Architect-like bot flow) over the Guest API with the plain spec-written client:
// it asks by quick reply, accepts a pressed or typed option, asks again twice on anything else and then hands the
// conversation over to a human queue (Sam), who answers as a Human; choosing "An agent" hands over at once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../../electron/sandbox';
import { createFakeClock } from './openmessaging-harness';
import { configuredGuest, inbound, outboundText, type Frame, type GuestWire } from './guest-wire';

const QUESTION = "Hi, I'm Flo, the virtual assistant. What can I help you with?";
const RETRY = "Sorry, I didn't get that. Please choose one of the options below.";

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await createSandbox({ clock: createFakeClock(), replyLatency: 'instant', defaultAgentScript: 'bot-flow', limits: { messagesPerSecond: 100 } });
});
afterAll(() => sandbox.close());

async function joined(): Promise<{ guest: GuestWire; token: string; question: Frame }> {
  const token = randomUUID();
  const { guest } = await configuredGuest(sandbox.guestUrl, sandbox.org.deploymentId, token);
  guest.send({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] } });
  const question = await guest.take(outboundText(QUESTION), 'the question');
  return { guest, token, question };
}

const say = (guest: GuestWire, token: string, text: string) => guest.send({ action: 'onMessage', token, message: { type: 'Text', text } });
const press = (guest: GuestWire, token: string, text: string, payload: string) =>
  guest.send({
    action: 'onMessage',
    token,
    message: { type: 'Structured', text, content: [{ contentType: 'ButtonResponse', buttonResponse: { text, payload, type: 'QuickReply' } }] },
  });

describe('the bot-flow agent', () => {
  it('asks by quick reply and goes on with a pressed or a typed option', async () => {
    const { guest, token, question } = await joined();
    expect(question.body).toMatchObject({ type: 'Structured', originatingEntity: 'Bot', channel: { from: { nickname: 'Flo' } } });
    expect(question.body.content.map((c: { quickReply: { payload: string } }) => c.quickReply.payload)).toEqual(['BILLING', 'ORDER', 'AGENT']);
    press(guest, token, 'Billing', 'BILLING');
    await guest.take(outboundText(/invoice was paid/), 'the billing answer');
    await guest.take(outboundText('Is there anything else?'), 'the follow-up');
    say(guest, token, 'no, thanks');
    await guest.take(outboundText('Thanks for contacting us. Goodbye!'), 'the goodbye');
    guest.close();
  });

  it('asks again twice after answers that are not an option, then hands over to the human queue', async () => {
    const { guest, token } = await joined();
    for (const wrong of ['pizza', 'what?']) {
      say(guest, token, wrong);
      await guest.take(outboundText(RETRY), `the retry after ${wrong}`);
      await guest.take(outboundText(QUESTION), `the question again after ${wrong}`);
    }
    say(guest, token, 'still no');
    await guest.take(outboundText("I'm having trouble understanding. Let me find someone who can help."), 'the hand-over');
    const sam = await guest.take(outboundText(/^Hi, Sam from Support here/), "Sam's hello");
    expect(sam.body).toMatchObject({ originatingEntity: 'Human', channel: { from: { nickname: 'Sam' } } });

    say(guest, token, 'my router is broken');
    await guest.take((f) => inbound(f) && f.body.text === 'my router is broken');
    await guest.take(outboundText('Thanks, I\'m looking into "my router is broken" for you.'), 'Sam answers');
    const conversation = sandbox.control.listConversations().find((c) => c.participants.some((p) => p.messageIds.includes(sam.body.id)))!;
    expect(conversation.participants.filter((p) => p.purpose !== 'customer').map(({ name, purpose, state }) => ({ name, purpose, state }))).toEqual([
      { name: 'Flo', purpose: 'workflow', state: 'disconnected' },
      { name: 'Sam', purpose: 'agent', state: 'connected' },
    ]);
    guest.close();
  });

  it('hands over at once when the customer asks for an agent', async () => {
    const { guest, token } = await joined();
    press(guest, token, 'An agent', 'AGENT');
    await guest.take(outboundText(/Transferring you to the Support queue/), 'the transfer');
    await guest.take(outboundText('Hi, Sam from Support here. How can I help?'), "Sam's hello");
    guest.close();
  });
});
