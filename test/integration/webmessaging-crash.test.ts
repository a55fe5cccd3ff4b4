// The process is killed mid-conversation (SIGKILL, no goodbye) and started again on the same data
// folder: every thread is rebuilt from its journal and reconciled with the server, nothing lost or doubled.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result, ThreadItem } from '../../shared/contract';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../electron/sandbox';
import { serverHistory } from '../support/guest-history';
import { makeTempDir } from '../support/temp-dir';

const CHILD = path.resolve(__dirname, '..', 'support', 'engine-child.ts');

class EngineProcess {
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  readonly ready: Promise<void>;

  constructor(readonly child: ChildProcess) {
    this.ready = new Promise((resolve) => {
      child.on('message', (message: { ready?: boolean; id?: number; result?: Result<unknown> }) => {
        if (message.ready) resolve();
        if (message.id !== undefined) this.pending.get(message.id)?.(message.result!);
      });
    });
  }

  async call<T>(channel: string, payload: unknown): Promise<T> {
    const id = this.nextId++;
    const result = await new Promise<Result<unknown>>((resolve) => {
      this.pending.set(id, resolve);
      this.child.send({ id, channel, payload });
    });
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.data as T;
  }

  kill(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGKILL');
    });
  }
}

function startEngine(dataDirectory: string, sandbox: Sandbox): EngineProcess {
  const child = fork(CHILD, [dataDirectory, JSON.stringify({ baseUrl: sandbox.baseUrl, wsUrl: sandbox.wsUrl, org: sandbox.org })], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new EngineProcess(child);
}

async function startSandbox(options: SandboxOptions): Promise<{ sandbox: Sandbox; dir: ReturnType<typeof makeTempDir> }> {
  return { sandbox: await createSandbox({ replyLatency: 'instant', port: 0, ...options }), dir: makeTempDir('guest-console-crash-') };
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('a killed console', () => {
  it('rebuilds the thread from its journal and reconciles with the server: nothing lost, nothing doubled', async () => {
    const { sandbox, dir } = await startSandbox({ defaultAgentScript: 'operator' });
    let engine = startEngine(dir.path, sandbox);
    cleanup = async () => {
      engine.child.kill('SIGKILL');
      await sandbox.close();
      dir.remove();
    };
    await engine.ready;
    const guest = await engine.call<{ id: string }>('conversations.start', { profileId: 'sandbox', channel: 'webmessaging', persona: { name: 'Crash Test' } });
    const thread = () => engine.call<{ items: ThreadItem[] }>('conversations.thread', { conversationId: guest.id }).then((t) => t.items);
    await expect.poll(async () => (await engine.call<{ state: string }[]>('conversations.list', {}))[0]?.state, { timeout: 10_000 }).toBe('live');

    await engine.call('messages.send', { conversationId: guest.id, text: 'before the crash' });
    await expect.poll(() => sandbox.control.listConversations().length, { timeout: 10_000 }).toBe(1);
    const server = sandbox.control.listConversations()[0]!;
    for (let index = 1; index <= 3; index += 1) sandbox.control.operatorReply(server.id, { text: `agent ${index}` });
    await expect.poll(async () => (await thread()).filter((item) => item.from === 'agent').length, { timeout: 10_000 }).toBe(3);

    // Sent, then killed at once: the message may or may not have reached the server.
    await engine.call('messages.send', { conversationId: guest.id, text: 'sent as it died' });
    await engine.kill();
    for (let index = 4; index <= 6; index += 1) sandbox.control.operatorReply(server.id, { text: `agent ${index}` });

    engine = startEngine(dir.path, sandbox);
    await engine.ready;
    const expectedAgent = ['agent 1', 'agent 2', 'agent 3', 'agent 4', 'agent 5', 'agent 6'];
    await expect
      .poll(async () => (await thread()).filter((item) => item.from === 'agent').map((item) => item.text), { timeout: 15_000 })
      .toEqual(expectedAgent);
    await expect
      .poll(async () => (await thread()).filter((item) => item.from === 'guest').map((item) => `${item.text}:${item.delivery}`), { timeout: 15_000 })
      .toEqual(['before the crash:sent', 'sent as it died:sent']);

    // The server, read as a guest would: each guest message exactly once.
    const record = JSON.parse(fs.readFileSync(path.join(dir.path, 'transcripts', `${guest.id}.ndjson`), 'utf8').split('\n')[0]!);
    const history = await serverHistory(sandbox.wsUrl, sandbox.baseUrl, sandbox.org.deploymentId, record.conversation.guestToken);
    const inbound = history.filter((message) => message.direction === 'Inbound' && message.type !== 'Event').map((message) => message.text);
    expect(inbound).toEqual(['before the crash', 'sent as it died']);
    const outbound = history.filter((message) => message.direction === 'Outbound' && message.text).map((message) => message.text);
    expect(outbound).toEqual(expectedAgent);
  });

  it('skips a torn last line and keeps the rest of the thread', async () => {
    const { sandbox, dir } = await startSandbox({});
    let engine = startEngine(dir.path, sandbox);
    cleanup = async () => {
      engine.child.kill('SIGKILL');
      await sandbox.close();
      dir.remove();
    };
    await engine.ready;
    const guest = await engine.call<{ id: string }>('conversations.start', { profileId: 'sandbox', channel: 'webmessaging', persona: { name: 'Torn' } });
    await engine.call('messages.send', { conversationId: guest.id, text: 'echo still here' });
    await expect
      .poll(async () => (await engine.call<{ items: ThreadItem[] }>('conversations.thread', { conversationId: guest.id })).items.some((item) => item.text === 'still here'), {
        timeout: 10_000,
      })
      .toBe(true);
    await engine.kill();
    fs.appendFileSync(path.join(dir.path, 'transcripts', `${guest.id}.ndjson`), '{"t":"item","at":"2026-');

    engine = startEngine(dir.path, sandbox);
    await engine.ready;
    const info = await engine.call<{ notices: string[] }>('app.info', {});
    expect(info.notices.join(' ')).toMatch(/skipped 1 damaged line/);
    const items = (await engine.call<{ items: ThreadItem[] }>('conversations.thread', { conversationId: guest.id })).items;
    expect(items.filter((item) => item.text === 'still here')).toHaveLength(1);
    await engine.call('messages.send', { conversationId: guest.id, text: 'echo after repair' });
    await expect
      .poll(async () => (await engine.call<{ items: ThreadItem[] }>('conversations.thread', { conversationId: guest.id })).items.some((item) => item.text === 'after repair'), {
        timeout: 10_000,
      })
      .toBe(true);
  });
});
