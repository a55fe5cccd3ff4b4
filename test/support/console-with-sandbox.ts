// An engine wired to a real sandbox on loopback, in a temp data folder — the integration tier's rig.
// `restart()` closes the engine and opens a new one on the same folder (the journal rebuilds the threads).
import { expect } from 'vitest';
import type { ConversationSummary, Profile, ThreadItem } from '../../shared/contract';
import { createConsoleEngine, type ConsoleEngine } from '../../electron/engine/console/console-engine';
import { createConfBackend } from '../../electron/engine/profiles/conf-backend';
import { createMemoryVault } from '../../electron/engine/profiles/secret-vault';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../electron/sandbox';
import { DEMO_ORG } from '../../electron/sandbox/demo-org';
import { makeTempDir } from './temp-dir';

export const FAST_SESSIONS = { pingIntervalMs: 2_000, ackTimeoutMs: 4_000, maxReconnectDelayMs: 300 };

export interface Rig {
  sandbox: Sandbox;
  engine: ConsoleEngine;
  dataDirectory: string;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export function engineFor(sandbox: Sandbox, dataDirectory: string): ConsoleEngine {
  return createConsoleEngine({
    host: 'web',
    version: '0.0.0-test',
    versions: {},
    dataDirectory,
    settings: createConfBackend(dataDirectory),
    vault: createMemoryVault(),
    env: process.env,
    sandbox,
    session: FAST_SESSIONS,
  });
}

export async function startRig(options: SandboxOptions = {}): Promise<Rig> {
  const dir = makeTempDir('guest-console-it-');
  const sandbox = await createSandbox({ replyLatency: 'instant', port: 0, ...options });
  const rig: Rig = {
    sandbox,
    engine: engineFor(sandbox, dir.path),
    dataDirectory: dir.path,
    async restart() {
      await rig.engine.close();
      rig.engine = engineFor(sandbox, dir.path);
    },
    async close() {
      await rig.engine.close();
      await sandbox.close();
      dir.remove();
    },
  };
  return rig;
}

export async function call<T>(engine: ConsoleEngine, channel: string, payload: unknown): Promise<T> {
  const result = await engine.dispatcher.dispatch(channel, payload);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.kind}: ${result.error.message}`);
  return result.data as T;
}

export function startGuest(engine: ConsoleEngine, name = 'Ada'): Promise<ConversationSummary> {
  return call<ConversationSummary>(engine, 'conversations.start', { profileId: 'sandbox', channel: 'webmessaging', persona: { name } });
}

export async function threadOf(engine: ConsoleEngine, conversationId: string): Promise<ThreadItem[]> {
  return (await call<{ items: ThreadItem[] }>(engine, 'conversations.thread', { conversationId })).items;
}

export function agentTexts(items: ThreadItem[]): string[] {
  return items.filter((item) => item.from === 'agent').map((item) => item.text ?? '');
}

/** Wait until the conversation is live (configured on the server). */
export async function waitLive(engine: ConsoleEngine, conversationId: string): Promise<void> {
  await expect
    .poll(async () => (await call<ConversationSummary[]>(engine, 'conversations.list', {})).find((c) => c.id === conversationId)?.state, {
      timeout: 10_000,
    })
    .toBe('live');
}

/**
 * A profile that reaches the rig's sandbox as it would a real org: a custom base URL (a proxy) and the demo org's
 * deployment. With `openMessaging`, the profile also has the demo org's OAuth client (those fields beside its
 * client id, and its secret saved); without, it has no OAuth client.
 */
export async function proxyProfile(rig: Rig, name: string, openMessaging?: Record<string, unknown>): Promise<Profile> {
  const profile = await call<Profile>(rig.engine, 'profiles.save', {
    name,
    region: 'custom',
    customHost: rig.sandbox.baseUrl,
    webMessaging: { deploymentId: DEMO_ORG.deploymentId },
    ...(openMessaging ? { openMessaging: { ...openMessaging, clientId: DEMO_ORG.clientId } } : {}),
  });
  if (openMessaging) await call(rig.engine, 'profiles.setSecret', { profileId: profile.id, kind: 'clientSecret', value: DEMO_ORG.clientSecret });
  return profile;
}
