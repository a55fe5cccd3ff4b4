// Crash: the engine runs in a child process with one Web Messaging and one Open Messaging guest against
// the sandbox (in this process), and is SIGKILLed at seeded random moments while the guests type and the
// agents keep talking; each time it restarts on the same data folder. At the end the sandbox is the
// ground truth: every message it received or sent is in the transcript exactly once, and every message
// the user sent is delivered or marked failed — and a failed one goes through on Retry.
// Short: 5 kills (npm test). Soak: 24 kills (npm run test:soak). Replay a run with SEED=<n>.
import { afterAll, expect, it } from 'vitest';
import type { ConversationSummary, ThreadItem } from '../../shared/contract';
import { createSandbox, type Sandbox } from '../../electron/sandbox';
import { makeTempDir } from '../support/temp-dir';
import { startEngineProcess, type EngineProcess } from './support/engine-process';
import { guestTokenOf } from './support/journal-record';
import { sized } from './support/reliability-level';
import { recordFigures } from './support/run-figures';
import { RELAY_AGENT, startAgentChatter } from './support/relay-agent';
import { seededRandom } from './support/seeded-random';
import { openMessagingTruth, webMessagingTruth, type ServerMessage } from './support/server-truth';
import { reconcileThread, type UserSend } from './support/transcript-reconciliation';

const KILLS = sized(5, 24);
const random = seededRandom('crash');
const dir = makeTempDir('guest-console-crash-soak-');
let sandbox: Sandbox | undefined;
let engine: EngineProcess | undefined;

afterAll(async () => {
  await engine?.kill();
  await sandbox?.close();
  dir.remove();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function start(): EngineProcess {
  return startEngineProcess(dir.path, { sandbox: { baseUrl: sandbox!.baseUrl, wsUrl: sandbox!.wsUrl, org: sandbox!.org } });
}

it(`keeps every message through ${KILLS} SIGKILLs on both channels`, async () => {
  sandbox = await createSandbox({ replyLatency: 'instant', port: 0, scripts: { relay: RELAY_AGENT }, defaultAgentScript: 'relay', autoStart: false, webhookRetryDelaysMs: [300, 600, 1200, 2400] });
  const chatter = startAgentChatter(sandbox, random.next);
  const sends = new Map<string, UserSend[]>();
  let counter = 0;

  engine = start();
  await engine.ready;
  const conversations: ConversationSummary[] = [];
  for (const channel of ['webmessaging', 'openmessaging'] as const) {
    conversations.push(await engine.call<ConversationSummary>('conversations.start', { profileId: 'sandbox', channel, persona: { name: `Crash ${channel}` } }));
  }
  for (const conversation of conversations) sends.set(conversation.id, []);

  for (let kill = 1; kill <= KILLS; kill += 1) {
    const current = engine;
    const killAfter = random.between(200, 2500);
    const typing = (async () => {
      while (current.alive) {
        const conversation = random.pick(conversations);
        const send: UserSend = { text: `guest ${(counter += 1)}`, confirmed: false };
        sends.get(conversation.id)!.push(send);
        const result = await current.request('messages.send', { conversationId: conversation.id, text: send.text }).catch(() => undefined);
        if (result?.ok) send.confirmed = true;
        else if (result && !result.ok) sends.get(conversation.id)!.pop(); // refused up front (not live yet): never shown
        await sleep(random.between(300, 1000)); // a fast typist, within the Guest API rate limits
      }
    })();
    await sleep(killAfter);
    await current.kill();
    await typing;
    await sleep(random.between(0, 400)); // the agents keep talking while the console is down
    engine = start();
    await engine.ready;
  }
  chatter.stop();

  // Settle: nothing left sending, and the thread has caught up with the server.
  const truthOf = async (conversation: ConversationSummary): Promise<ServerMessage[]> => {
    if (conversation.channel === 'webmessaging') return webMessagingTruth(sandbox!, guestTokenOf(dir.path, conversation.id));
    const listed = (await engine!.call<ConversationSummary[]>('conversations.list', {})).find((c) => c.id === conversation.id);
    return listed?.platformConversationId ? openMessagingTruth(sandbox!, listed.platformConversationId) : [];
  };
  const threadOf = async (id: string) => (await engine!.call<{ items: ThreadItem[] }>('conversations.thread', { conversationId: id })).items;
  for (const conversation of conversations) {
    const sending = async () => (await threadOf(conversation.id)).filter((item) => item.delivery === 'sending');
    for (let waited = 0; waited < 75_000 && (await sending()).length > 0; waited += 500) await sleep(500);
    const stuck = await sending();
    if (stuck.length > 0) {
      const frames = await engine.call<{ direction: string; text: string }[]>('inspector.frames', { conversationId: conversation.id });
      const list = (await engine.call<ConversationSummary[]>('conversations.list', {})).find((c) => c.id === conversation.id);
      console.log(`${conversation.channel} stuck: ${JSON.stringify(stuck.map((item) => item.text))} state ${list?.state} ${list?.stateDetail ?? ''}`);
      console.log(frames.slice(-40).map((frame) => `${frame.direction} ${frame.text.slice(0, 300)}`).join('\n'));
    }
    expect(stuck.map((item) => item.text)).toEqual([]);
  }
  let checked = 0;
  const problems: string[] = [];
  let retried = 0;
  for (const conversation of conversations) {
    const truth = await truthOf(conversation);
    const agentCount = async () => (await threadOf(conversation.id)).filter((item) => item.from === 'agent' && item.text).length;
    const expected = truth.filter((message) => message.direction === 'Outbound').length;
    for (let waited = 0; waited < 75_000 && (await agentCount()) < expected; waited += 500) await sleep(500);
    let result = reconcileThread(conversation.channel, await threadOf(conversation.id), truth, sends.get(conversation.id)!);
    for (const item of result.failed) {
      await engine.call('messages.retry', { conversationId: conversation.id, itemId: item.id });
      retried += 1;
    }
    if (result.failed.length > 0) {
      await expect
        .poll(async () => (await threadOf(conversation.id)).filter((item) => item.delivery !== undefined && item.delivery !== 'sent').length, { timeout: 20_000 })
        .toBe(0);
      result = reconcileThread(conversation.channel, await threadOf(conversation.id), await truthOf(conversation), sends.get(conversation.id)!);
    }
    checked += result.checked;
    problems.push(...result.problems);
  }
  recordFigures('crash', {
    seed: random.seed,
    kills: KILLS,
    userMessages: [...sends.values()].flat().length,
    agentChatter: chatter.sent(),
    messagesChecked: checked,
    failedThenRetried: retried,
    problems: problems.length,
  });
  expect(problems.slice(0, 30)).toEqual([]);
}, sized(120_000, 600_000));
