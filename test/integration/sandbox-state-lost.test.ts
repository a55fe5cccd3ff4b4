// When the built-in org's kept state is damaged, the console says so and never pretends: a byte flipped in the
// sandbox's journal sets the damaged part aside; the next start lists it among the app's notices (with where it
// went), and the threads whose server conversations went with it say they ended on the server — read-only,
// Start new offered — on both channels, instead of being greeted anew under the old thread.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { AppInfo, ConversationSummary } from '../../shared/contract';
import type { ConsoleEngine } from '../../electron/engine/console/console-engine';
import { createSandbox, type Sandbox } from '../../electron/sandbox';
import { agentTexts, call, engineFor, threadOf } from '../support/console-with-sandbox';
import { makeTempDir } from '../support/temp-dir';

const dir = makeTempDir('guest-console-state-lost-');
const stateDirectory = path.join(dir.path, 'sandbox');
let sandbox: Sandbox | undefined;
let engine: ConsoleEngine | undefined;

afterAll(async () => {
  await engine?.close();
  await sandbox?.close();
  dir.remove();
});

async function open(): Promise<void> {
  sandbox = await createSandbox({ replyLatency: 'instant', port: 0, credentialsDirectory: dir.path, stateDirectory });
  engine = engineFor(sandbox, dir.path);
}

async function shut(): Promise<void> {
  await engine!.close();
  await sandbox!.close();
}

const summaryOf = async (id: string) => (await call<ConversationSummary[]>(engine!, 'conversations.list', {})).find((summary) => summary.id === id)!;

it('reports damaged sandbox state and marks the conversations it held as ended on the server, on both channels', async () => {
  await open();
  const conversations: ConversationSummary[] = [];
  for (const channel of ['webmessaging', 'openmessaging'] as const) {
    const started = await call<ConversationSummary>(engine!, 'conversations.start', { profileId: 'sandbox', channel, persona: { name: `Lost ${channel}` } });
    conversations.push(started);
    await call(engine!, 'messages.send', { conversationId: started.id, text: 'hello' });
    await expect.poll(async () => agentTexts(await threadOf(engine!, started.id)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  }
  await shut();

  // One byte of the journal's first line changed: its checksum no longer holds, so it and all after it go aside.
  const journal = fs.readdirSync(stateDirectory).find((name) => /^journal\.\d+\.ndjson$/.test(name))!;
  const bytes = fs.readFileSync(path.join(stateDirectory, journal));
  expect(bytes.length).toBeGreaterThan(100);
  bytes[40] = bytes[40] === 0x41 ? 0x42 : 0x41;
  fs.writeFileSync(path.join(stateDirectory, journal), bytes);

  await open();
  const info = await call<AppInfo>(engine!, 'app.info', {});
  const notice = info.notices.find((text) => text.startsWith("The built-in sandbox's saved state"));
  expect(notice).toContain(journal);
  expect(notice).toMatch(/moved to .*set-aside/);
  const setAside = /moved to (\S+)\./.exec(notice!)![1]!;
  expect(fs.existsSync(setAside)).toBe(true);

  for (const conversation of conversations) {
    await expect.poll(async () => (await summaryOf(conversation.id)).endedOnServer ?? false, { timeout: 20_000, interval: 200 }).toBe(true);
    const summary = await summaryOf(conversation.id);
    expect(summary.state).toBe('readOnly');
    const items = await threadOf(engine!, conversation.id);
    expect(items.some((item) => item.event === 'endedOnServer')).toBe(true);
    // No second greeting slipped in under the old thread.
    expect(agentTexts(items).filter((text) => text.startsWith("Hi, I'm Sandy")).length).toBeLessThanOrEqual(1);
    const refused = await engine!.dispatcher.dispatch('messages.send', { conversationId: conversation.id, text: 'anyone there?' });
    expect(refused.ok).toBe(false);
  }
}, 90_000);
