// Faults soak: two Web Messaging and two Open Messaging guests talk to the relay agent (and an operator
// talks back unprompted) while the sandbox cycles through seeded faults — sockets dropped every few
// seconds, 429 bursts, 5xx replies, short-lived and expired tokens, failing webhook deliveries (retried by
// the sandbox), a slow server. Afterwards the faults stop and the UI state (conversations.list and
// conversations.thread) must match the sandbox: nothing lost, nothing doubled, every conversation live,
// unread counts right, and every message that failed goes through on Retry.
// Short: ~12 s of faults; soak: ~150 s.
import { afterAll, expect, it } from 'vitest';
import type { ConversationSummary, ThreadItem } from '../../shared/contract';
import type { ConsoleEngine } from '../../electron/engine/console/console-engine';
import { createSandbox, type FaultSettings, type Sandbox } from '../../electron/sandbox';
import { call, engineFor, threadOf } from '../support/console-with-sandbox';
import { makeTempDir } from '../support/temp-dir';
import { guestTokenOf } from './support/journal-record';
import { sized } from './support/reliability-level';
import { RELAY_AGENT, startAgentChatter } from './support/relay-agent';
import { recordFigures } from './support/run-figures';
import { seededRandom } from './support/seeded-random';
import { openMessagingTruth, webMessagingTruth } from './support/server-truth';
import { reconcileThread, type UserSend } from './support/transcript-reconciliation';

const FAULT_ROUNDS = sized(6, 75);
const random = seededRandom('faults-soak');
const dir = makeTempDir('guest-console-faults-');
let sandbox: Sandbox | undefined;
let engine: ConsoleEngine | undefined;
afterAll(async () => {
  await engine?.close();
  await sandbox?.close();
  dir.remove();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One round's faults, picked by the seed: each round lasts about two seconds. */
function faultRound(): { name: string; patch: Partial<FaultSettings> } {
  return random.pick([
    () => ({ name: 'sockets dropped every 2 s', patch: { dropSocketsEverySec: 2 } }),
    () => ({ name: '429 burst', patch: { burst429: { count: random.between(2, 6), retryAfterSec: 1 } } }),
    () => ({ name: '5xx replies', patch: { http5xxRate: 0.15 } }),
    () => ({ name: 'tokens expire after 3 s', patch: { tokenLifetimeSec: 3 } }),
    () => ({ name: 'webhook deliveries fail', patch: { failWebhookDeliveries: random.between(1, 3) } }),
    () => ({ name: 'slow server', patch: { latencyMs: random.between(100, 600) } }),
  ])();
}

it(`keeps every message and the right UI state through ${FAULT_ROUNDS} rounds of faults`, async () => {
  sandbox = await createSandbox({ replyLatency: 'instant', port: 0, random: random.next, scripts: { relay: RELAY_AGENT }, defaultAgentScript: 'relay', autoStart: false, webhookRetryDelaysMs: [300, 600, 1200, 2400] });
  engine = engineFor(sandbox, dir.path);
  const guests: ConversationSummary[] = [];
  for (const channel of ['webmessaging', 'webmessaging', 'openmessaging', 'openmessaging'] as const) {
    guests.push(await call<ConversationSummary>(engine, 'conversations.start', { profileId: 'sandbox', channel, persona: { name: `Soak ${guests.length + 1}` } }));
  }
  await sleep(1000);
  const sends = new Map<string, UserSend[]>(guests.map((guest) => [guest.id, []]));
  const chatter = startAgentChatter(sandbox, random.next, 700);
  const injected: Record<string, number> = {};
  let counter = 0;
  for (let round = 0; round < FAULT_ROUNDS; round += 1) {
    const fault = faultRound();
    injected[fault.name] = (injected[fault.name] ?? 0) + 1;
    sandbox.control.faults.set(fault.patch);
    const roundEnds = Date.now() + 2000;
    while (Date.now() < roundEnds) {
      const guest = random.pick(guests);
      const text = `soak ${(counter += 1)}`;
      const result = await engine.dispatcher.dispatch('messages.send', { conversationId: guest.id, text });
      if (result.ok) sends.get(guest.id)!.push({ text, confirmed: true });
      await sleep(random.between(250, 600));
    }
    sandbox.control.faults.reset();
  }
  chatter.stop();

  const threadItems = (id: string) => threadOf(engine!, id);
  const settled = async (id: string) => (await threadItems(id)).every((item) => item.delivery !== 'sending');
  for (const guest of guests) {
    for (let waited = 0; waited < 90_000 && !(await settled(guest.id)); waited += 500) await sleep(500);
  }
  const problems: string[] = [];
  let checked = 0;
  let retried = 0;
  for (const guest of guests) {
    const truth = async () => {
      if (guest.channel === 'webmessaging') return webMessagingTruth(sandbox!, guestTokenOf(dir.path, guest.id));
      const listed = (await call<ConversationSummary[]>(engine!, 'conversations.list', {})).find((c) => c.id === guest.id)!;
      return openMessagingTruth(sandbox!, listed.platformConversationId!);
    };
    const expectedAgent = (await truth()).filter((message) => message.direction === 'Outbound').length;
    const agentCount = async () => (await threadItems(guest.id)).filter((item) => item.from === 'agent' && item.text).length;
    for (let waited = 0; waited < 75_000 && (await agentCount()) < expectedAgent; waited += 500) await sleep(500);
    let result = reconcileThread(`${guest.channel} ${guest.personaName}`, await threadItems(guest.id), await truth(), sends.get(guest.id)!);
    for (const item of result.failed) {
      await call(engine, 'messages.retry', { conversationId: guest.id, itemId: item.id });
      retried += 1;
    }
    if (result.failed.length > 0) {
      for (let waited = 0; waited < 30_000 && !(await settled(guest.id)); waited += 500) await sleep(500);
      await sleep(1500); // the relay's answers to the retried messages
      result = reconcileThread(`${guest.channel} ${guest.personaName}`, await threadItems(guest.id), await truth(), sends.get(guest.id)!);
      problems.push(...result.failed.map((item) => `"${item.text}" failed again on Retry without faults: ${item.failure}`));
    }
    problems.push(...result.problems);
    checked += result.checked;
  }
  const list = await call<ConversationSummary[]>(engine, 'conversations.list', {});
  for (const guest of guests) {
    const summary = list.find((c) => c.id === guest.id)!;
    const items: ThreadItem[] = await threadItems(guest.id);
    if (summary.state !== 'live') problems.push(`${guest.personaName} is ${summary.state} (${summary.stateDetail ?? ''})`);
    const agentItems = items.filter((item) => item.from === 'agent').length;
    if (summary.unread !== agentItems) problems.push(`${guest.personaName} shows ${summary.unread} unread, the thread has ${agentItems} agent messages`);
  }
  recordFigures('faults-soak', {
    seed: random.seed,
    faultRounds: FAULT_ROUNDS,
    faultsInjected: JSON.stringify(injected),
    userMessages: [...sends.values()].flat().length,
    agentChatter: chatter.sent(),
    messagesChecked: checked,
    failedThenRetried: retried,
    problems: problems.length,
  });
  expect(problems.slice(0, 30)).toEqual([]);
}, sized(150_000, 600_000));
