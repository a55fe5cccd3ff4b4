// Poller benchmark: the engine's adaptive Open Messaging poller against the usual workaround — read the
// whole conversation every 2 s (GET the conversation, then a bulk read of ALL its message ids) — in one
// process, against one sandbox and the same scripted agent, with the same guest script sent at the same
// moments. Each side talks through its own counting proxy, so requests are counted on the wire.
// Prints API requests per delivered agent message and the p50/p95 delay from the agent's reply (the
// server's message timestamp) to its arrival at the client; writes bench/results/poller.json.
// Then the idle timeline: a 10-minute, mostly idle conversation (agent replies at 5 s and 40 s, unprompted
// messages at 3, 6 and 9.5 min) received three ways at once — the adaptive poller, the webhook (with its
// catch-up reads) and the 2 s full read — on one simulated clock shared by the sandbox and all three clients
// (advanced in 100 ms steps, real I/O finishing between steps), so it takes seconds, not 10 minutes.
//   npx tsx bench/poller.ts            full run (20 guest messages, idle stretches; about 3 minutes) + the idle timeline
//   npx tsx bench/poller.ts --quick    smoke run (5 messages; about 25 seconds) + the idle timeline
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import platformClient from 'purecloud-platform-client-v2';
import { ProfileSchema } from '../shared/contract';
import { systemClock, type Clock } from '../electron/protocol/clock';
import type { GuestConnectionEvent } from '../electron/engine/channels/guest-connection';
import { createOpenMessagingGuests } from '../electron/engine/genesys/openmessaging/open-messaging-channel';
import { createSandbox } from '../electron/sandbox';
import { startCountingProxy, startOpenMessagingRig, type CountingProxy } from '../test/integration/openmessaging-rig';
import { ratio } from './figures';

const quick = process.argv.includes('--quick');

// The agent thinks 1, 3 or 6 s, or answers twice (1.5 s, then 2.5 s later), by the guest's prefix.
const AGENT = `
name: bench
description: Replies after a think time chosen by the guest's prefix.
persona: { name: Bench Agent, originatingEntity: Human }
rules:
  - when: { regex: "^t1 (.+)$" }
    do: [ { wait: 1000 }, { say: "{{match.1}}" } ]
  - when: { regex: "^t3 (.+)$" }
    do: [ { wait: 3000 }, { say: "{{match.1}}" } ]
  - when: { regex: "^t6 (.+)$" }
    do: [ { wait: 6000 }, { say: "{{match.1}}" } ]
  - when: { regex: "^tt (.+)$" }
    do: [ { wait: 1500 }, { say: "{{match.1}} (1/2)" }, { wait: 2500 }, { say: "{{match.1}} (2/2)" } ]
fallback:
  - say: "{{text}}"
`;

/** The guest script: when each message goes out (ms from the start) and what it says. */
function guestScript(): { at: number; text: string }[] {
  const count = quick ? 5 : 20;
  const prefixes = ['t1', 't3', 't6', 'tt'];
  const out: { at: number; text: string }[] = [];
  let at = 500;
  for (let index = 0; index < count; index += 1) {
    out.push({ at, text: `${prefixes[index % prefixes.length]} message ${index + 1}` });
    at += quick ? 4_000 : index % 2 === 0 ? 5_000 : 8_000; // the customer reads and types
    if (!quick && (index === 6 || index === 13)) at += 20_000; // idle stretches: the customer looks away
  }
  return out;
}

interface SideResult {
  delivered: number;
  expected: number;
  readRequests: number;
  totalRequests: number;
  delaysMs: number[];
}

const isRead = (path: string) => /^\/api\/v2\/conversations\/messages\/[^/]+(\/messages\/bulk)?$/.test(path);

function summarise(proxy: CountingProxy, delaysMs: number[], expected: number): SideResult {
  const api = proxy.requests.filter((r) => r.path.startsWith('/api/v2/'));
  return { delivered: delaysMs.length, expected, readRequests: api.filter((r) => isRead(r.path)).length, totalRequests: api.length, delaysMs };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function runEnginePoller(sandboxUrl: string, org: { integrationId: string; clientId: string; clientSecret: string }, script: { at: number; text: string }[], start: number, expected: number) {
  const proxy = await startCountingProxy(sandboxUrl, systemClock);
  const guests = createOpenMessagingGuests({
    clock: systemClock,
    secrets: (_id, kind) => (kind === 'clientSecret' ? org.clientSecret : undefined),
    sandbox: { baseUrl: proxy.baseUrl },
    deliveryReceipts: false, // the baseline sends none either: compare reading cost only
  });
  const profile = ProfileSchema.parse({
    id: 'bench',
    name: 'Bench',
    region: 'sandbox',
    openMessaging: { integrationId: org.integrationId, clientId: org.clientId, receiveMode: 'poll' },
  });
  const delaysMs: number[] = [];
  const guest = guests.createGuest({
    profile,
    customerId: 'bench-poller',
    persona: { name: 'Poller Guest', customAttributes: {} },
    knownMessageIds: [],
    listener: (event) => {
      if (event.type === 'message' && event.message.direction === 'Outbound' && event.message.type === 'Text' && event.message.channel?.time) {
        delaysMs.push(Date.now() - Date.parse(event.message.channel.time));
      }
      if (event.type === 'receipt' && event.status === 'failed') console.error(`poller side: a message failed: ${event.reason}`);
    },
  });
  guest.connect();
  for (const [index, step] of script.entries()) {
    await sleep(start + step.at - Date.now());
    guest.send({ type: 'text', clientId: `bench-${index}`, text: step.text });
  }
  await waitFor(() => delaysMs.length >= expected, 30_000);
  await guests.close();
  await proxy.close();
  return summarise(proxy, delaysMs, expected);
}

type ConversationsApi = InstanceType<typeof platformClient.ConversationsApi>;

/** The baseline's own SDK client, logged in through its counting proxy. */
async function baselineApi(proxyUrl: string, org: { clientId: string; clientSecret: string }): Promise<ConversationsApi> {
  const url = new URL(proxyUrl);
  const client = new platformClient.ApiClientClass();
  client.setGateway({ host: url.hostname, port: Number(url.port), protocol: 'http', path_params_login: '', path_params_api: '' });
  await client.loginClientCredentialsGrant(org.clientId, org.clientSecret);
  return new platformClient.ConversationsApi(client);
}

/** The baseline's read: the conversation, then a bulk read of all its message ids; each agent message not seen before is handed on with its timestamp. */
async function fullRead(api: ConversationsApi, conversationId: string, seen: Set<string>, onAgentMessage: (timestamp: string) => void): Promise<void> {
  const conversation = await api.getConversationsMessage(conversationId);
  const ids = (conversation.participants ?? []).flatMap((p) => p.messages ?? []).map((m) => m.messageId!);
  const listing = await api.postConversationsMessageMessagesBulk(conversationId, { body: ids });
  for (const data of listing.entities ?? []) {
    if (seen.has(data.id!)) continue;
    seen.add(data.id!);
    if (data.normalizedMessage?.direction === 'Outbound' && data.timestamp) onAgentMessage(data.timestamp);
  }
}

async function runBaseline(sandboxUrl: string, org: { integrationId: string; clientId: string; clientSecret: string }, script: { at: number; text: string }[], start: number, expected: number) {
  const proxy = await startCountingProxy(sandboxUrl, systemClock);
  const api = await baselineApi(proxy.baseUrl, org);
  const delaysMs: number[] = [];
  const seen = new Set<string>();
  let conversationId: string | undefined;
  let sending = true;
  const poll = async () => {
    while (sending || delaysMs.length < expected) {
      if (conversationId) await fullRead(api, conversationId, seen, (timestamp) => delaysMs.push(Date.now() - Date.parse(timestamp)));
      await sleep(2_000);
      if (Date.now() - start > script.at(-1)!.at + 60_000) break;
    }
  };
  const polling = poll();
  for (const [index, step] of script.entries()) {
    await sleep(start + step.at - Date.now());
    const reply = await api.postConversationsMessageInboundOpenMessage(
      org.integrationId,
      { channel: { from: { id: 'bench-baseline', idType: 'Opaque', nickname: 'Baseline Guest' }, time: new Date().toISOString(), messageId: `baseline-${index}` }, text: step.text },
      { prefetchConversationId: true },
    );
    conversationId ??= reply.conversationId;
  }
  sending = false;
  await polling;
  await proxy.close();
  return summarise(proxy, delaysMs, expected);
}

async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done() && Date.now() < until) await sleep(100);
}

// ---- the idle timeline ------------------------------------------------------------------------------

// The guest writes at 0 s and 30 s; the agent answers 5 s and 10 s later, then writes unprompted at 3, 6 and 9.5 min.
const IDLE_AGENT = `
name: idle
description: Two answers, then three unprompted messages over ten minutes.
persona: { name: Idle Agent, originatingEntity: Human }
rules:
  - when: { regex: "^first" }
    do: [ { wait: 5000 }, { say: "reply at 5 s" } ]
  - when: { regex: "^second" }
    do: [ { wait: 10000 }, { say: "reply at 40 s" }, { wait: 140000 }, { say: "unprompted at 3 min" }, { wait: 180000 }, { say: "unprompted at 6 min" }, { wait: 210000 }, { say: "unprompted at 9.5 min" } ]
fallback:
  - say: "{{text}}"
`;
const IDLE_GUEST = [
  { at: 0, text: 'first message' },
  { at: 30_000, text: 'second message' },
];
const IDLE_AGENT_MESSAGES = 5;
const IDLE_LENGTH_MS = 10 * 60_000 + 30_000;
const IDLE_STEP_MS = 100;

/** One way of receiving: sends the guest's messages when due, and collects each agent message's delay. */
interface IdleSide {
  name: string;
  proxy: CountingProxy;
  delaysMs: number[];
  send(index: number, text: string): Promise<void> | void;
}

/** Arrival delays of agent texts, in clock time, from a guest's events. */
function delaysFrom(clock: Clock, delaysMs: number[]) {
  return (event: GuestConnectionEvent) => {
    if (event.type === 'message' && event.message.direction === 'Outbound' && event.message.type === 'Text' && event.message.channel?.time) {
      delaysMs.push(clock.now() - Date.parse(event.message.channel.time));
    }
    if (event.type === 'receipt' && event.status === 'failed') console.error(`idle timeline: a message failed: ${event.reason}`);
  };
}

export async function idleTimeline() {
  const rig = await startOpenMessagingRig({
    sandbox: { replyLatency: 'instant', scripts: { idle: IDLE_AGENT }, defaultAgentScript: 'idle', scriptsDir: null },
    engine: { deliveryReceipts: false }, // the 2 s read sends none either: compare the cost of receiving
  });
  const { clock, sandbox } = rig;
  const sides: IdleSide[] = [];

  // The webhook (the rig's engine, through the rig's counting proxy), catch-up reads included.
  const webhookProfile = rig.profile();
  await rig.registerWebhook(webhookProfile);
  rig.proxy.requests.length = 0; // setting the webhook up is not receiving
  const webhookDelays: number[] = [];
  const webhookGuest = rig.guests.createGuest({ profile: webhookProfile, customerId: 'idle-webhook', persona: { name: 'Webhook Guest', customAttributes: {} }, knownMessageIds: [], listener: delaysFrom(clock, webhookDelays) });
  webhookGuest.connect();
  sides.push({ name: 'webhook (engine)', proxy: rig.proxy, delaysMs: webhookDelays, send: (index, text) => webhookGuest.send({ type: 'text', clientId: `webhook-${index}`, text }) });

  // The adaptive poller: the same engine, its own instance and proxy.
  const pollProxy = await startCountingProxy(sandbox.baseUrl, clock);
  const pollGuests = createOpenMessagingGuests({
    clock,
    secrets: (_id, kind) => (kind === 'clientSecret' ? sandbox.org.clientSecret : undefined),
    sandbox: { baseUrl: pollProxy.baseUrl },
    random: () => 0.5,
    deliveryReceipts: false,
  });
  const pollDelays: number[] = [];
  const pollGuest = pollGuests.createGuest({ profile: rig.profile({ receiveMode: 'poll' }), customerId: 'idle-poller', persona: { name: 'Poller Guest', customAttributes: {} }, knownMessageIds: [], listener: delaysFrom(clock, pollDelays) });
  pollGuest.connect();
  sides.push({ name: 'adaptive poller (engine)', proxy: pollProxy, delaysMs: pollDelays, send: (index, text) => pollGuest.send({ type: 'text', clientId: `poll-${index}`, text }) });

  // The usual workaround: every 2 s (of the same clock), the conversation and a bulk read of all its ids.
  const baselineProxy = await startCountingProxy(sandbox.baseUrl, clock);
  const api = await baselineApi(baselineProxy.baseUrl, sandbox.org);
  const baselineDelays: number[] = [];
  const seen = new Set<string>();
  let conversationId: string | undefined;
  let stopped = false;
  const readAll = async () => {
    try {
      if (conversationId) await fullRead(api, conversationId, seen, (timestamp) => baselineDelays.push(clock.now() - Date.parse(timestamp)));
    } catch (error) {
      // Counted on the wire like any request; a message it missed shows as not delivered.
      console.error(`idle timeline, 2 s read: ${(error as Error).message}`);
    }
    if (!stopped) clock.setTimeout(() => void readAll(), 2_000);
  };
  clock.setTimeout(() => void readAll(), 2_000);
  sides.push({
    name: 'baseline: full read every 2 s',
    proxy: baselineProxy,
    delaysMs: baselineDelays,
    send: async (index, text) => {
      const reply = await api.postConversationsMessageInboundOpenMessage(
        sandbox.org.integrationId,
        { channel: { from: { id: 'idle-baseline', idType: 'Opaque', nickname: 'Baseline Guest' }, time: new Date(clock.now()).toISOString(), messageId: `baseline-${index}` }, text },
        { prefetchConversationId: true },
      );
      conversationId ??= reply.conversationId;
    },
  });

  // Real I/O finishes between clock steps: every proxy idle (and a webhook delivery given its turns).
  const settle = async () => {
    for (let round = 0; round < 50; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (sides.every((side) => side.proxy.inFlight() === 0) && round >= 1) return;
    }
  };
  const start = clock.now();
  let next = 0;
  await settle();
  while (clock.now() - start < IDLE_LENGTH_MS) {
    while (next < IDLE_GUEST.length && clock.now() - start >= IDLE_GUEST[next]!.at) {
      const { text } = IDLE_GUEST[next]!;
      for (const side of sides) await side.send(next, text);
      next += 1;
      await settle();
    }
    clock.advance(IDLE_STEP_MS);
    await settle();
  }
  stopped = true;
  await pollGuests.close();
  await pollProxy.close();
  await baselineProxy.close();
  await rig.close();

  const rows = sides.map((side) => {
    const summary = summarise(side.proxy, side.delaysMs, IDLE_AGENT_MESSAGES);
    return {
      side: side.name,
      'agent msgs': `${summary.delivered}/${summary.expected}`,
      'read requests': summary.readRequests,
      'all requests': summary.totalRequests,
      'requests per msg': +(summary.totalRequests / Math.max(1, summary.delivered)).toFixed(2),
      'p50 delay ms': Math.round(percentile(summary.delaysMs, 50)),
      'p95 delay ms': Math.round(percentile(summary.delaysMs, 95)),
    };
  });
  const [webhook, poller, baseline] = rows as [(typeof rows)[number], (typeof rows)[number], (typeof rows)[number]];
  // "×N fewer requests" reads better than a small ratio: baseline / side for requests, side / baseline for delay.
  const versus = (side: (typeof rows)[number]) => ({
    fewerRequestsPerMessage: ratio(baseline['requests per msg'], side['requests per msg']),
    p50Delay: ratio(side['p50 delay ms'], baseline['p50 delay ms']),
    p95Delay: ratio(side['p95 delay ms'], baseline['p95 delay ms']),
  });
  return { lengthMs: IDLE_LENGTH_MS, stepMs: IDLE_STEP_MS, agentMessages: IDLE_AGENT_MESSAGES, rows, ratios: { poller: versus(poller), webhook: versus(webhook) } };
}

async function main(): Promise<void> {
  const sandbox = await createSandbox({ replyLatency: 'instant', port: 0, scripts: { bench: AGENT }, defaultAgentScript: 'bench', scriptsDir: null });
  const script = guestScript();
  const expected = script.reduce((sum, step) => sum + (step.text.startsWith('tt') ? 2 : 1), 0);
  const start = Date.now() + 1_000;
  console.log(`poller benchmark (${quick ? 'quick' : 'full'}): ${script.length} guest messages, ${expected} agent replies, about ${Math.round((script.at(-1)!.at + 10_000) / 1000)} s`);
  const [poller, baseline] = await Promise.all([
    runEnginePoller(sandbox.baseUrl, sandbox.org, script, start, expected),
    runBaseline(sandbox.baseUrl, sandbox.org, script, start, expected),
  ]);
  await sandbox.close();

  const row = (name: string, side: SideResult) => ({
    side: name,
    'agent msgs': `${side.delivered}/${side.expected}`,
    'read requests': side.readRequests,
    'all requests': side.totalRequests,
    'reads per msg': +(side.readRequests / Math.max(1, side.delivered)).toFixed(2),
    'requests per msg': +(side.totalRequests / Math.max(1, side.delivered)).toFixed(2),
    'p50 delay ms': Math.round(percentile(side.delaysMs, 50)),
    'p95 delay ms': Math.round(percentile(side.delaysMs, 95)),
  });
  const rows = [row('adaptive poller (engine)', poller), row('baseline: full read every 2 s', baseline)];
  console.table(rows);
  const ratios = {
    requestsPerMessage: ratio(rows[0]!['requests per msg'], rows[1]!['requests per msg']),
    p50Delay: ratio(rows[0]!['p50 delay ms'], rows[1]!['p50 delay ms']),
    p95Delay: ratio(rows[0]!['p95 delay ms'], rows[1]!['p95 delay ms']),
  };
  console.log(`Engine / baseline: requests per message ×${ratios.requestsPerMessage}, p50 delay ×${ratios.p50Delay}, p95 delay ×${ratios.p95Delay}`);

  console.log('\nIdle timeline: 10 minutes, agent replies at 5 s and 40 s, unprompted at 3, 6 and 9.5 min (simulated clock, 100 ms steps)');
  const idle = await idleTimeline();
  console.table(idle.rows);
  for (const [name, figures] of Object.entries(idle.ratios)) {
    console.log(`${name} vs the 2 s read: ×${figures.fewerRequestsPerMessage} fewer requests per message, p50 delay ×${figures.p50Delay}, p95 delay ×${figures.p95Delay}`);
  }
  const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  // Quick (smoke) runs never overwrite the committed full figures.
  const file = quick ? 'poller.quick.json' : 'poller.json';
  writeFileSync(
    `${resultsDir}${file}`,
    `${JSON.stringify({ mode: quick ? 'quick' : 'full', date: new Date().toISOString(), guestMessages: script.length, agentReplies: expected, rows, ratios, idleTimeline: idle }, null, 2)}\n`,
  );
  console.log(`written: bench/results/${file}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
