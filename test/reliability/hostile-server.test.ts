// Hostile input from the server: the sandbox's hostile mode follows a share of its Guest WebSocket frames
// and webhook deliveries with junk (random bytes, cut-off JSON, wrong types, unknown classes, huge and
// binary frames, unsigned / wrongly signed / malformed webhook posts, replays). The engine keeps running,
// says what it ignored in the inspector (and the receiver's attempt log), and keeps every good message:
// the threads match the sandbox's record exactly. Short: 12 messages per guest; soak: 80.
import { afterEach, expect, it } from 'vitest';
import type { ConversationSummary, InspectorFrame, OpenMessagingSetup, ThreadItem } from '../../shared/contract';
import { createSandbox, type Sandbox } from '../../electron/sandbox';
import { call, engineFor, threadOf } from '../support/console-with-sandbox';
import { makeTempDir } from '../support/temp-dir';
import type { ConsoleEngine } from '../../electron/engine/console/console-engine';
import { sized } from './support/reliability-level';
import { guestTokenOf } from './support/journal-record';
import { RELAY_AGENT } from './support/relay-agent';
import { recordFigures } from './support/run-figures';
import { seededRandom } from './support/seeded-random';
import { openMessagingTruth, webMessagingTruth } from './support/server-truth';
import { reconcileThread, type UserSend } from './support/transcript-reconciliation';

const MESSAGES = sized(12, 80);
const random = seededRandom('hostile-server');
const dir = makeTempDir('guest-console-hostile-');
let sandbox: Sandbox | undefined;
let engine: ConsoleEngine | undefined;
afterEach(async () => {
  await engine?.close();
  await sandbox?.close();
  dir.remove();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('keeps running and keeps every good message while the server sends junk', async () => {
  sandbox = await createSandbox({ replyLatency: 'instant', port: 0, random: random.next, scripts: { relay: RELAY_AGENT }, defaultAgentScript: 'relay', autoStart: false, faults: { hostileRate: 0.35 } });
  engine = engineFor(sandbox, dir.path);
  const guests: ConversationSummary[] = [];
  for (const channel of ['webmessaging', 'openmessaging'] as const) {
    guests.push(await call<ConversationSummary>(engine, 'conversations.start', { profileId: 'sandbox', channel, persona: { name: `Hostile ${channel}` } }));
  }
  const sends = new Map<string, UserSend[]>(guests.map((guest) => [guest.id, []]));
  for (let index = 1; index <= MESSAGES; index += 1) {
    for (const guest of guests) {
      const text = `hostile ${guest.channel} ${index}`;
      await call(engine, 'messages.send', { conversationId: guest.id, text });
      sends.get(guest.id)!.push({ text, confirmed: true });
    }
    await sleep(random.between(400, 700));
  }
  for (const guest of guests) {
    await expect
      .poll(async () => (await threadOf(engine!, guest.id)).filter((item) => item.from === 'agent' && item.text?.startsWith('re: ')).length, { timeout: 30_000 })
      .toBe(MESSAGES);
  }
  sandbox.control.faults.set({ hostileRate: 0 }); // the truth reader is a plain client, not under test
  const problems: string[] = [];
  let checked = 0;
  for (const guest of guests) {
    const listed = (await call<ConversationSummary[]>(engine, 'conversations.list', {})).find((c) => c.id === guest.id)!;
    expect(listed.state).toBe('live');
    const truth =
      guest.channel === 'webmessaging'
        ? await webMessagingTruth(sandbox, guestTokenOf(dir.path, guest.id))
        : await openMessagingTruth(sandbox, listed.platformConversationId!);
    const result = reconcileThread(guest.channel, await threadOf(engine, guest.id), truth, sends.get(guest.id)!);
    problems.push(...result.problems);
    checked += result.checked;
  }
  const wmFrames = await call<InspectorFrame[]>(engine, 'inspector.frames', { conversationId: guests[0]!.id });
  const ignored = wmFrames.filter((frame) => frame.direction === 'note' && frame.text.startsWith('ignored a frame')).length;
  const setup = await call<OpenMessagingSetup>(engine, 'openMessaging.setup', { profileId: 'sandbox' });
  const rejected = setup.attempts.filter((attempt) => attempt.outcome === 'rejected' || attempt.outcome === 'duplicate').length;
  recordFigures('hostile-server', { seed: random.seed, messagesPerGuest: MESSAGES, junkFramesIgnored: ignored, junkWebhookPostsRefused: rejected, messagesChecked: checked, problems: problems.length });
  expect(problems).toEqual([]);
  expect(ignored).toBeGreaterThan(0);
  expect(rejected).toBeGreaterThan(0);
  expect((await engine.dispatcher.dispatch('app.info', {})).ok).toBe(true);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const all: ThreadItem[] = (await Promise.all(guests.map((guest) => threadOf(engine!, guest.id)))).flat();
  expect(all.some((item) => item.text?.includes('tampered') || item.text?.startsWith('AAAA'))).toBe(false);
}, sized(60_000, 300_000));
