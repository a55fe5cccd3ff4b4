// Regression (found by the crash suite): a Web Messaging guest that resumed while the session's history
// budget was spent (many restarts in a minute → 429) gave up on the history: agent messages sent while it
// was away never reached the thread, and its unconfirmed messages were sent again blindly. Now it reads
// the history again after Retry-After, and holds its unconfirmed messages until it knows their fate.
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { GuestConnectionEvent } from '../../../electron/engine/channels/guest-connection';
import { GuestSession } from '../../../electron/engine/genesys/webmessaging/guest-session';
import { createSandbox, type Sandbox } from '../../../electron/sandbox';
import { createFakeClock, type FakeClock } from '../../integration/sandbox/openmessaging-harness';
import { serverHistory } from '../../support/guest-history';

let sandbox: Sandbox | undefined;
const sessions: GuestSession[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) session.disconnect();
  await sandbox?.close();
});

/** Moves the shared fake clock in small steps, letting real socket I/O happen between them. */
async function drive(clock: FakeClock, ms: number, until?: () => boolean): Promise<void> {
  for (let spent = 0; spent < ms && !until?.(); spent += 100) {
    clock.advance(100);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function guest(clock: FakeClock, token: string, events: GuestConnectionEvent[], knownMessageIds: string[] = []): GuestSession {
  const session = new GuestSession({
    endpoints: { webSocketUrl: `${sandbox!.wsUrl}/v1`, apiBaseUrl: sandbox!.baseUrl, configBaseUrl: sandbox!.baseUrl },
    deploymentId: sandbox!.org.deploymentId,
    token,
    clock,
    random: () => 0.5,
    resumed: knownMessageIds.length > 0,
    knownMessageIds,
    listener: (event) => events.push(event),
  });
  sessions.push(session);
  session.connect();
  return session;
}

it('reads the history again after a 429 instead of losing the gap or resending blindly', async () => {
  const clock = createFakeClock();
  sandbox = await createSandbox({ replyLatency: 'instant', port: 0, clock, defaultAgentScript: 'operator', autoStart: false, limits: { historyPerSessionPerMinute: 1 } });
  const token = randomUUID();
  const first: GuestConnectionEvent[] = [];
  const before = guest(clock, token, first);
  await drive(clock, 5_000, () => before.state === 'live');
  before.send({ type: 'text', clientId: 'c-1', text: 'hello' });
  await drive(clock, 5_000, () => first.some((event) => event.type === 'receipt' && event.status === 'sent'));
  const conversation = sandbox.control.listConversations()[0]!;
  sandbox.control.operatorReply(conversation.id, { text: 'seen live' });
  await drive(clock, 2_000, () => first.some((event) => event.type === 'message' && event.message.text === 'seen live'));
  // Spend the session's one history read of this minute, as another restart would.
  await serverHistory(sandbox.wsUrl, sandbox.baseUrl, sandbox.org.deploymentId, token).catch(() => undefined);
  before.disconnect();

  sandbox.control.operatorReply(conversation.id, { text: 'said while away' });
  const known = first.flatMap((event) => (event.type === 'message' || (event.type === 'receipt' && event.status === 'sent') ? [event.message.id] : []));
  const after: GuestConnectionEvent[] = [];
  const resumed = guest(clock, token, after, known);
  resumed.send({ type: 'text', clientId: 'c-2', text: 'typed before the restart' });
  await drive(clock, 5_000, () => after.some((event) => event.type === 'frame' && event.text.includes('could not read the history')));
  expect(after.some((event) => event.type === 'frame' && /could not read the history.*trying again/.test(event.text))).toBe(true);

  await drive(clock, 90_000, () => after.some((event) => event.type === 'message' && event.message.text === 'said while away'));
  expect(after.filter((event) => event.type === 'message').map((event) => (event as { message: { text?: string } }).message.text)).toEqual(['said while away']);
  await drive(clock, 10_000, () => after.some((event) => event.type === 'receipt' && event.status === 'sent'));
  const inbound = sandbox.control.listConversations()[0]!.messageCount;
  expect(inbound).toBe(4); // hello, seen live, said while away, typed before the restart — each once
});
