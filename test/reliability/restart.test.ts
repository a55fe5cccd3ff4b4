// Restart: the console process that embeds the sandbox (startWebConsole on a data folder, as `npm start` runs
// it) is SIGKILLed at seeded random moments while a Web Messaging and an Open Messaging guest use the default
// agent's script — right after a `delay`, a `transfer` and a `bye` among them — and started again on the same
// folder. Afterwards the sandbox's persisted org is the ground truth: every message it holds is in the thread
// exactly once (nothing lost, nothing doubled), no thread was greeted twice, a thread the agent ended is
// read-only (and none says the server forgot it), every delayed reply arrived, every file the agent sent before
// any restart still opens, and the console came back on the same address with the same access token.
// Short: 4 kills (npm test). Soak: 20 kills (npm run test:soak). Replay a run with SEED=<n>.
import { afterAll, expect, it } from 'vitest';
import type { Channel, ConversationSummary, ThreadItem } from '../../shared/contract';
import { makeTempDir } from '../support/temp-dir';
import { ConsoleProcess } from './support/console-process';
import { guestTokenOf } from './support/journal-record';
import { sized } from './support/reliability-level';
import { recordFigures } from './support/run-figures';
import { seededRandom } from './support/seeded-random';
import { openMessagingTruth, webMessagingTruth, type ServerMessage } from './support/server-truth';
import { reconcileThread, type UserSend } from './support/transcript-reconciliation';

const KILLS = sized(4, 20);
const random = seededRandom('restart');
const dir = makeTempDir('guest-console-restart-');
let running: ConsoleProcess | undefined;

afterAll(async () => {
  await running?.kill();
  dir.remove();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const GREETING = "Hi, I'm Sandy";
const DELAYED_REPLY = 'This reply was delayed by three seconds.';
const GOODBYE = 'Thanks for chatting, goodbye!';
const PRICE_LIST = 'Sandbox price list';

/** The default agent's commands (electron/sandbox/scripts/default.yaml), matched whole and case-insensitively. */
const COMMANDS = {
  hello: ['hello', 'hi', 'hey'],
  delay: ['delay', 'delayed'],
  transfer: ['transfer', 'human', 'agent'],
  bye: ['bye', 'end', 'disconnect'],
  file: ['file', 'attachment'],
} as const;
type Command = keyof typeof COMMANDS | 'echo';

/** The n-th spelling of a command: the same word to the agent, a text of its own in the thread and on the server. */
function spelling(command: keyof typeof COMMANDS, n: number): string {
  const words = COMMANDS[command];
  const word = words[n % words.length]!;
  let variant = n / words.length;
  return [...word].map((letter) => {
    const upper = Math.floor(variant) % 2 === 1;
    variant /= 2;
    return upper ? letter.toUpperCase() : letter;
  }).join('');
}

interface Tracked {
  id: string;
  channel: Channel;
  holder: 'Sandy' | 'Alex';
  ended: boolean;
  /** Until then (wall clock) a reply is on its way: no bye or transfer that would cut it off. */
  busyUntil: number;
  sends: UserSend[];
}

it(`keeps every thread in step with the sandbox's kept org through ${KILLS} SIGKILLs of the console that embeds it`, async () => {
  running = await ConsoleProcess.start(dir.path);
  const address = running.url;
  const tracked: Tracked[] = [];
  const spellings = new Map<string, number>();
  let counter = 0;
  let echoes = 0;

  const start = async (channel: Channel) => {
    const summary = await running!.call<ConversationSummary>('conversations.start', { profileId: 'sandbox', channel, persona: { name: `Restart ${channel} ${tracked.length + 1}` } });
    tracked.push({ id: summary.id, channel, holder: 'Sandy', ended: false, busyUntil: 0, sends: [] });
  };
  const say = async (conversation: Tracked, command: Command): Promise<void> => {
    const n = spellings.get(command) ?? 0;
    spellings.set(command, n + 1);
    const text = command === 'echo' ? `echo r${(echoes += 1)}` : spelling(command, n);
    const send: UserSend = { text, confirmed: false };
    conversation.sends.push(send);
    const result = await running!.request('messages.send', { conversationId: conversation.id, text }).catch(() => undefined);
    if (result?.ok) send.confirmed = true;
    else if (result && !result.ok) conversation.sends.pop(); // refused up front: never shown
    const now = Date.now();
    if (command === 'delay') conversation.busyUntil = now + 4_500;
    if (command === 'transfer') {
      conversation.holder = 'Alex';
      conversation.busyUntil = now + 2_500;
    }
    if (command === 'bye') conversation.ended = true;
    counter += 1;
  };
  const threadOf = async (id: string) => (await running!.call<{ items: ThreadItem[] }>('conversations.thread', { conversationId: id })).items;

  // Before any restart: a file from the agent in each channel, to be opened again after every restart.
  for (const channel of ['webmessaging', 'openmessaging'] as const) await start(channel);
  for (const conversation of tracked) await say(conversation, 'file');
  for (const conversation of tracked) {
    await expect.poll(async () => (await threadOf(conversation.id)).some((item) => item.content.some((c) => c.type === 'attachment') && item.from === 'agent'), { timeout: 20_000 }).toBe(true);
  }

  // The first rounds kill right after the commands whose effect outlives the moment; later rounds at random.
  const forced: [Command, Channel][] = [
    ['delay', 'openmessaging'],
    ['transfer', 'webmessaging'],
    ['bye', 'webmessaging'], // Alex's goodbye, after the transfer
    ['delay', 'webmessaging'], // in the conversation started after that one ended
  ];
  const kinds: Record<string, number> = {};
  for (let kill = 1; kill <= KILLS; kill += 1) {
    for (const channel of ['webmessaging', 'openmessaging'] as const) {
      if (!tracked.some((conversation) => conversation.channel === channel && !conversation.ended)) await start(channel);
    }
    const now = Date.now();
    const open = tracked.filter((conversation) => !conversation.ended);
    const allowed = (conversation: Tracked): Command[] => {
      const calm = now >= conversation.busyUntil;
      if (conversation.holder === 'Alex') return calm ? ['echo', 'bye'] : ['echo'];
      return calm ? ['hello', 'echo', 'file', 'delay', 'transfer', 'bye'] : ['hello', 'echo', 'file', 'delay'];
    };
    const wanted = forced[kill - 1];
    const fitting = wanted && open.find((conversation) => conversation.channel === wanted[1] && allowed(conversation).includes(wanted[0]));
    const conversation = fitting ?? random.pick(open);
    const command = fitting ? wanted[0] : random.pick(allowed(conversation));
    await say(conversation, command);
    const lingering = command === 'delay' || command === 'transfer' || command === 'bye';
    const killAfter = fitting || (lingering && random.next() < 0.6) ? random.between(0, 250) : random.between(300, 2_500);
    const kind = `${command} ${conversation.channel} (${killAfter < 300 ? 'right after' : 'later'})`;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    await sleep(killAfter);
    await running.kill();
    await sleep(random.between(0, 1_500)); // the console is down for a while; due replies fall due meanwhile
    running = await ConsoleProcess.start(dir.path);
    expect(running.url).toBe(address); // same port, same token: an open tab reconnects by itself
  }

  // Settle: every reply that was on its way has fallen due, nothing is left sending, the threads caught up.
  await sleep(Math.max(0, Math.max(...tracked.map((conversation) => conversation.busyUntil)) - Date.now()) + 1_000);
  const summaries = async () => running!.call<ConversationSummary[]>('conversations.list', {});
  const truthOf = async (conversation: Tracked): Promise<ServerMessage[]> => {
    if (conversation.channel === 'webmessaging') return webMessagingTruth(running!.sandbox, guestTokenOf(dir.path, conversation.id));
    const listed = (await summaries()).find((summary) => summary.id === conversation.id);
    return listed?.platformConversationId ? openMessagingTruth(running!.sandbox, listed.platformConversationId) : [];
  };
  for (const conversation of tracked) {
    const sending = async () => (await threadOf(conversation.id)).filter((item) => item.delivery === 'sending').map((item) => item.text);
    await expect.poll(sending, { timeout: 60_000, interval: 500 }).toEqual([]);
  }

  const problems: string[] = [];
  let checked = 0;
  let retried = 0;
  let delayedReplies = 0;
  let filesOpened = 0;
  for (const conversation of tracked) {
    const label = `${conversation.channel} ${conversation.id}`;
    // A delay asked for just before the last kill falls due only after it: wait until the server has
    // answered every delay it received (the check below reports it if it never does).
    const unanswered = (messages: Awaited<ReturnType<typeof truthOf>>) =>
      messages.filter((message) => message.direction === 'Inbound' && /^delay(ed)?$/i.test(message.text)).length -
      messages.filter((message) => message.direction === 'Outbound' && message.text === DELAYED_REPLY).length;
    await expect.poll(async () => unanswered(await truthOf(conversation)), { timeout: 30_000, interval: 500 }).toBeLessThanOrEqual(0).catch(() => undefined);
    let truth = await truthOf(conversation);
    const outbound = truth.filter((message) => message.direction === 'Outbound').length;
    const agentCount = async () => (await threadOf(conversation.id)).filter((item) => item.from === 'agent' && item.text).length;
    await expect.poll(agentCount, { timeout: 60_000, interval: 500 }).toBeGreaterThanOrEqual(outbound);
    const summary = (await summaries()).find((candidate) => candidate.id === conversation.id)!;
    let items = await threadOf(conversation.id);
    let result = reconcileThread(label, items, truth, conversation.sends);
    for (const item of result.failed) {
      if (summary.state === 'live') {
        await running.call('messages.retry', { conversationId: conversation.id, itemId: item.id });
        retried += 1;
      } else if (truth.some((message) => message.direction === 'Inbound' && message.text === item.text)) {
        problems.push(`${label}: "${item.text}" is marked failed, but the server has it`);
      }
    }
    if (retried > 0 && summary.state === 'live' && result.failed.length > 0) {
      await expect.poll(async () => (await threadOf(conversation.id)).filter((item) => item.delivery === 'sending' || item.delivery === 'failed').length, { timeout: 30_000 }).toBe(0);
      truth = await truthOf(conversation);
      items = await threadOf(conversation.id);
      result = reconcileThread(label, items, truth, conversation.sends);
    }
    checked += result.checked;
    problems.push(...result.problems);
    if (result.problems.length > 0) {
      // What both sides hold, to tell a lost or doubled message from a reply the sandbox played twice.
      console.log(`${label}: thread ${JSON.stringify(items.map((item) => [item.from, item.serverId ?? item.id, item.time, item.text ?? item.event]))}`);
      console.log(`${label}: server ${JSON.stringify(truth.map((message) => [message.direction, message.id, message.text]))}`);
    }

    // No second greeting: the server's conversation was never swapped for a new one.
    const greetings = items.filter((item) => item.from === 'agent' && item.text?.startsWith(GREETING)).length;
    if (greetings > 1) problems.push(`${label}: greeted ${greetings} times`);
    if (summary.endedOnServer) problems.push(`${label}: says the server forgot it, but the sandbox kept it (${summary.stateDetail ?? ''})`);
    // Ended stays ended: read-only exactly when the agent said goodbye on the server.
    const endedOnServer = truth.some((message) => message.direction === 'Outbound' && message.text === GOODBYE);
    if (endedOnServer && summary.state !== 'readOnly') problems.push(`${label}: the agent ended it, but it is ${summary.state}`);
    if (!endedOnServer && summary.state !== 'live') problems.push(`${label}: open on the server, but ${summary.state} here (${summary.stateDetail ?? ''})`);
    // Every delay the server received was answered, after the downtime if it fell due then.
    const delays = truth.filter((message) => message.direction === 'Inbound' && /^delay(ed)?$/i.test(message.text)).length;
    const replies = truth.filter((message) => message.direction === 'Outbound' && message.text === DELAYED_REPLY).length;
    delayedReplies += replies;
    if (replies !== delays) problems.push(`${label}: ${delays} delays reached the server, ${replies} delayed replies`);
    // Files the agent sent still open, however many restarts ago.
    for (const item of items) {
      for (const content of item.content) {
        if (item.from !== 'agent' || content.type !== 'attachment' || !content.attachment.url) continue;
        const response = await fetch(content.attachment.url).catch((error: Error) => error);
        const body = response instanceof Response ? await response.text() : '';
        if (!(response instanceof Response) || !response.ok || !body.includes(PRICE_LIST)) {
          problems.push(`${label}: the agent's file ${content.attachment.url} no longer opens (${response instanceof Response ? response.status : response.message})`);
        } else filesOpened += 1;
      }
    }
  }
  recordFigures('restart', {
    seed: random.seed,
    kills: KILLS,
    conversations: tracked.length,
    userMessages: counter,
    commands: JSON.stringify(kinds),
    messagesChecked: checked,
    failedThenRetried: retried,
    delayedReplies,
    filesOpened,
    problems: problems.length,
  });
  expect(problems.slice(0, 30)).toEqual([]);
  expect(filesOpened).toBeGreaterThanOrEqual(2);
}, sized(240_000, 900_000));
