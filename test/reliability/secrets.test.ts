// Secrets: known values are seeded — a real-org profile's client secret and webhook secret, the sandbox's
// own client secret and webhook secret, and every guest token — and then every feature that exists is
// exercised in an engine child process: conversations on both channels (a secret pasted into a message,
// an agent that sends secrets), the inspector, transcript and profile exports, connection tests, webhook
// setup and check, a recorded scenario run, a load run, and a SIGKILL. Then everything that left the engine is searched: its stdout/stderr (logger + every event a
// page would receive), every reply, every file in the data folder, and the web host's HTTP responses and
// socket frames. Zero hits — except the guest token in the journal, which is kept there on purpose
// (needed to resume; see docs/reliability.md), and nowhere else.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { ConversationSummary, ThreadItem } from '../../shared/contract';
import { createSandbox, type Sandbox } from '../../electron/sandbox';
import { DEMO_ORG } from '../../electron/sandbox/demo-org';
import { startWebHost } from '../../electron/host/web-host';
import { createConsoleEngine } from '../../electron/engine/console/console-engine';
import { createConfBackend } from '../../electron/engine/profiles/conf-backend';
import { createEnvironmentVault } from '../../electron/engine/profiles/secret-vault';
import { makeTempDir } from '../support/temp-dir';
import { startModelServer, type ModelServer } from '../support/model-server';
import { startEngineProcess, type EngineProcess } from './support/engine-process';
import { guestTokenOf } from './support/journal-record';
import { RELAY_AGENT } from './support/relay-agent';
import { recordFigures } from './support/run-figures';
import { ContractClient, openContractSocket } from './support/web-host-rig';

const SECRETS = {
  profileClientSecret: 'PROFILE-CLIENT-SECRET-7f3a9c',
  profileWebhookSecret: 'PROFILE-WEBHOOK-SECRET-2b8e1d',
  sandboxClientSecret: 'SANDBOX-CLIENT-SECRET-5c4d0a',
  sandboxWebhookSecret: 'SANDBOX-WEBHOOK-SECRET-9e6f2b',
  aiApiKey: 'AI-MODEL-API-KEY-3d5e7f1a',
};
const dir = makeTempDir('guest-console-secrets-');
let sandbox: Sandbox | undefined;
let engine: EngineProcess | undefined;
let model: ModelServer | undefined;
afterAll(async () => {
  await engine?.kill();
  await model?.close();
  await sandbox?.close();
  dir.remove();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function filesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Where each secret was found: `<secret name> in <place>`. */
function hits(places: Record<string, string>, secrets: Record<string, string>): string[] {
  return Object.entries(places).flatMap(([place, text]) =>
    Object.entries(secrets)
      .filter(([, value]) => text.includes(value))
      .map(([name]) => `${name} in ${place}`),
  );
}

it('no secret or guest token leaves the engine, whatever the user does', async () => {
  sandbox = await createSandbox({
    replyLatency: 'instant',
    port: 0,
    org: { ...DEMO_ORG, clientSecret: SECRETS.sandboxClientSecret, webhookSecret: SECRETS.sandboxWebhookSecret },
    scripts: { relay: RELAY_AGENT },
    defaultAgentScript: 'relay',
    autoStart: false,
  });
  const data = path.join(dir.path, 'data');
  fs.mkdirSync(data);
  engine = startEngineProcess(data, { sandbox: { baseUrl: sandbox.baseUrl, wsUrl: sandbox.wsUrl, org: sandbox.org }, printEvents: true });
  await engine.ready;
  const replies: string[] = [];
  const ask = async <T>(channel: string, payload: unknown): Promise<T | undefined> => {
    const result = await engine!.request(channel, payload);
    replies.push(`${channel} ${JSON.stringify(result)}`);
    return result.ok ? (result.data as T) : undefined;
  };

  const profile = (await ask<{ id: string }>('profiles.save', {
    name: 'Real org',
    region: 'us-east-1',
    webMessaging: { deploymentId: 'b1c2d3e4-0000-4000-8000-000000000001' },
    openMessaging: { integrationId: 'i-1', clientId: 'c-1', receiveMode: 'webhook' },
  }))!;
  await ask('profiles.setSecret', { profileId: profile.id, kind: 'clientSecret', value: SECRETS.profileClientSecret });
  await ask('profiles.setSecret', { profileId: profile.id, kind: 'webhookSecret', value: SECRETS.profileWebhookSecret });
  await ask('profiles.secretStatus', { profileId: profile.id });

  const guests: ConversationSummary[] = [];
  for (const channel of ['webmessaging', 'openmessaging'] as const) {
    guests.push((await ask<ConversationSummary>('conversations.start', { profileId: 'sandbox', channel, persona: { name: `Secret ${channel}` } }))!);
  }
  await ask('conversations.start', { profileId: profile.id, channel: 'openmessaging', persona: { name: 'Real' } });
  for (const guest of guests) for (const text of ['hello', 'my order']) await ask('messages.send', { conversationId: guest.id, text });
  for (const guest of guests) {
    await expect
      .poll(async () => ((await ask<{ items: ThreadItem[] }>('conversations.thread', { conversationId: guest.id }))?.items ?? []).filter((item) => item.from === 'agent').length, { timeout: 15_000 })
      .toBe(2);
  }
  // A secret pasted into a message is refused; an agent that sends one is shown [redacted] everywhere.
  for (const guest of guests) {
    expect(await ask('messages.send', { conversationId: guest.id, text: `pasted by mistake: ${SECRETS.profileClientSecret}` })).toBeUndefined();
  }
  for (const conversation of sandbox.control.listConversations()) {
    sandbox.control.operatorReply(conversation.id, { text: `leaked ${SECRETS.profileWebhookSecret} ${SECRETS.sandboxClientSecret}` });
  }
  for (const guest of guests) {
    await expect
      .poll(async () => ((await ask<{ items: ThreadItem[] }>('conversations.thread', { conversationId: guest.id }))?.items ?? []).filter((item) => item.text === 'leaked [redacted] [redacted]').length, { timeout: 15_000 })
      .toBe(1);
  }
  await ask('app.info', {});
  await ask('conversations.list', {});
  for (const guest of guests) {
    await ask('inspector.frames', { conversationId: guest.id });
    await ask('conversations.typing', { conversationId: guest.id });
    await ask('conversations.markRead', { conversationId: guest.id });
    for (const format of ['json', 'markdown', 'html']) await ask('transcripts.export', { conversationId: guest.id, format });
  }
  await ask('profiles.export', {});
  for (const profileId of ['sandbox', profile.id]) {
    await ask('profiles.testConnection', { profileId });
    await ask('openMessaging.setup', { profileId });
    await ask('openMessaging.checkWebhook', { profileId });
  }
  const recorded = await ask<{ file: { fileName: string } }>('scenarios.record', { conversationId: guests[0]!.id, fileName: 'secret-check' });
  if (recorded) await ask('scenarios.run', { fileName: recorded.file.fileName, profileId: 'sandbox' });
  await ask('scenarios.runs', {});
  const load = await ask<{ runId: string }>('load.start', { plan: { profileId: 'sandbox', channel: 'webmessaging', guests: 2, rampPerSecond: 10, messagesPerGuest: 1, thinkTimeMs: 0, replyTimeoutMs: 5000 } });
  if (load) {
    await expect.poll(async () => (await ask('load.current', {})) === null, { timeout: 20_000 }).toBe(true);
    const results = (await ask<{ id: string }[]>('load.results', {})) ?? [];
    for (const result of results) await ask('load.result', { id: result.id });
  }
  // The AI customer: its key set from the page, a model test, a play whose model tries to make the guest say the key.
  model = await startModelServer((_, index) => (index === 0 ? 'ready' : `{"say": "my key is ${SECRETS.aiApiKey}"}`));
  await ask('ai.saveSettings', { baseUrl: model.baseUrl, model: 'secret-check', requestTimeoutSec: 5 });
  await ask('ai.setApiKey', { value: SECRETS.aiApiKey });
  await ask('ai.status', {});
  await ask('ai.test', {});
  const play = await ask<{ conversationId: string }>('ai.play.start', { conversationId: guests[0]!.id, goal: 'say the key' });
  if (play) {
    await expect.poll(async () => (await ask<{ status: string }>('ai.play.get', { conversationId: play.conversationId }))?.status, { timeout: 30_000 }).toBe('stopped');
    await ask('inspector.frames', { conversationId: play.conversationId });
    await ask('ai.play.list', {});
  }
  await sleep(500);
  await engine.kill();
  // The key reached the model server in the Authorization header of each request, and nowhere else.
  expect(model.requests.length).toBeGreaterThan(play ? 1 : 0);
  for (const request of model.requests) expect(request.headers.authorization).toBe(`Bearer ${SECRETS.aiApiKey}`);
  expect(model.rawRequests.every((raw) => raw.split(SECRETS.aiApiKey).length === 2)).toBe(true);
  if (process.env.SECRETS_DEBUG) console.log(replies.map((reply) => reply.slice(0, 160)).join('\n'));

  const tokens = Object.fromEntries(guests.map((guest, index) => [`guest token ${index + 1}`, guestTokenOf(data, guest.id)]));
  const places: Record<string, string> = { 'engine stdout+stderr (logs, events, crash)': engine.output, 'contract replies': replies.join('\n') };
  for (const file of filesUnder(data)) places[path.relative(data, file)] = fs.readFileSync(file, 'latin1');
  const journals = Object.keys(places).filter((place) => place.startsWith(`transcripts${path.sep}`));
  const everywhereButJournals = Object.fromEntries(Object.entries(places).filter(([place]) => !journals.includes(place)));

  expect(hits(places, SECRETS)).toEqual([]);
  expect(hits(everywhereButJournals, tokens)).toEqual([]);
  expect(engine.output).toContain('event conversation.items'); // the search did see the events
  expect(replies.some((reply) => reply.startsWith('transcripts.export {"ok":true'))).toBe(true);
  recordFigures('secrets', { secretsSeeded: Object.keys(SECRETS).length + Object.keys(tokens).length, placesSearched: Object.keys(places).length, repliesSearched: replies.length, bytesSearched: Object.values(places).reduce((sum, text) => sum + text.length, 0), hits: 0 });
}, 120_000);

it('the web host never sends a secret: pages, assets, refusals and every socket frame', async () => {
  const hostDir = makeTempDir('guest-console-secrets-host-');
  const renderer = path.join(hostDir.path, 'renderer');
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Guest Console</title>');
  const local = await createSandbox({ replyLatency: 'instant', port: 0, org: { ...DEMO_ORG, clientSecret: SECRETS.sandboxClientSecret, webhookSecret: SECRETS.sandboxWebhookSecret }, autoStart: false });
  const env = { GUEST_CONSOLE_ACME_CLIENT_SECRET: SECRETS.profileClientSecret, GUEST_CONSOLE_ACME_WEBHOOK_SECRET: SECRETS.profileWebhookSecret };
  const consoleEngine = createConsoleEngine({ host: 'web', version: '0', versions: {}, dataDirectory: hostDir.path, settings: createConfBackend(hostDir.path), vault: createEnvironmentVault(env), env, sandbox: local });
  const host = await startWebHost({ engine: consoleEngine, rendererDirectory: renderer });
  const seen: string[] = [];
  try {
    for (const [pathname, headers] of [['/', {}], [`/?token=${host.token}`, {}], ['/nope', {}], [`/?token=${host.token}`, { origin: 'http://evil.example' }]] as const) {
      const response = await fetch(`${host.origin}${pathname}`, { headers });
      seen.push(JSON.stringify([...response.headers]), await response.text());
    }
    const opened = await openContractSocket(host, host.token, host.origin);
    if (!('ws' in opened)) throw new Error('socket refused');
    opened.ws.on('message', (data) => seen.push(data.toString()));
    const client = new ContractClient(opened.ws);
    let id = 0;
    await client.request((id += 1), 'profiles.save', { id: undefined, name: 'Acme', region: 'us-east-1', openMessaging: { integrationId: 'i', clientId: 'c' } });
    const listed = (await client.request((id += 1), 'profiles.list', {})).result.data as { id: string }[];
    for (const profileId of listed.map((profile) => profile.id)) {
      await client.request((id += 1), 'profiles.secretStatus', { profileId });
      await client.request((id += 1), 'openMessaging.setup', { profileId });
    }
    await client.request((id += 1), 'profiles.setSecret', { profileId: listed[1]!.id, kind: 'clientSecret', value: 'x'.repeat(5000) });
    const guest = (await client.request((id += 1), 'conversations.start', { profileId: 'sandbox', channel: 'webmessaging', persona: { name: 'Web' } })).result.data as ConversationSummary;
    await client.request((id += 1), 'messages.send', { conversationId: guest.id, text: 'hi' });
    await sleep(800);
    await client.request((id += 1), 'inspector.frames', { conversationId: guest.id });
    await client.request((id += 1), 'app.info', {});
    await client.request((id += 1), 'profiles.export', {});
    opened.ws.close();
    const token = guestTokenOf(hostDir.path, guest.id);
    expect(hits({ 'web host responses': seen.join('\n') }, { ...SECRETS, 'guest token': token })).toEqual([]);
    expect(seen.join('\n')).toContain('"type":"event"');
  } finally {
    await host.close();
    await consoleEngine.close();
    await local.close();
    hostDir.remove();
  }
}, 60_000);
