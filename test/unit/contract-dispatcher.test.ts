import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsoleEngine, type ConsoleEngine } from '../../electron/engine/console/console-engine';
import { ContractDispatcher, type ContractHandlers } from '../../electron/engine/console/contract-dispatcher';
import type { Logger } from '../../electron/engine/logger';
import { createConfBackend } from '../../electron/engine/profiles/conf-backend';
import { createMemoryVault } from '../../electron/engine/profiles/secret-vault';
import { makeTempDir } from '../support/temp-dir';

const sandbox = {
  baseUrl: 'http://127.0.0.1:1',
  wsUrl: 'ws://127.0.0.1:1',
  org: { deploymentId: 'dep-1', integrationId: 'int-1', clientId: 'client-1', clientSecret: 'sandbox-secret', webhookSecret: 'hook-secret' },
};

describe('the contract dispatcher', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: ConsoleEngine;

  beforeEach(() => {
    dir = makeTempDir();
    engine = createConsoleEngine({
      host: 'web',
      version: '0.0.0-test',
      versions: {},
      dataDirectory: dir.path,
      settings: createConfBackend(dir.path),
      vault: createMemoryVault(),
      env: {},
      sandbox,
    });
  });
  afterEach(() => dir.remove());

  it('answers a valid request with data', async () => {
    const result = await engine.dispatcher.dispatch('profiles.list', {});
    expect(result.ok).toBe(true);
    expect(result.ok && (result.data as { id: string }[]).map((profile) => profile.id)).toEqual(['sandbox']);
  });

  it.each([
    ['a number', 42],
    ['a string', 'profiles'],
    ['an array', []],
    ['unknown fields', { surprise: true }],
  ])('gives a typed InvalidRequest error for %s as payload and keeps running', async (_label, payload) => {
    const result = await engine.dispatcher.dispatch('app.info', payload);
    expect(result).toMatchObject({ ok: false, error: { kind: 'InvalidRequest' } });
    expect((await engine.dispatcher.dispatch('app.info', {})).ok).toBe(true);
  });

  it('reports field problems of a bad profile with their paths', async () => {
    const result = await engine.dispatcher.dispatch('profiles.save', { name: '', region: 'moon-1' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('InvalidRequest');
    const paths = result.error.issues?.map((issue) => issue.path);
    expect(paths).toContain('name');
    expect(paths).toContain('region');
  });

  it('refuses a channel that is not in the contract', async () => {
    for (const channel of ['profiles.delete', '__proto__', 'constructor', 7, null]) {
      const result = await engine.dispatcher.dispatch(channel, {});
      expect(result).toMatchObject({ ok: false, error: { kind: 'UnknownChannel' } });
    }
  });

  it('turns an engine refusal into its own kind', async () => {
    const result = await engine.dispatcher.dispatch('profiles.remove', { id: 'sandbox' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'Forbidden' } });
  });

  it('answers a reply that fails its own schema as an internal error, and logs it', async () => {
    const logged: { message: string; fields?: Record<string, unknown> }[] = [];
    const logger: Logger = { info() {}, warn() {}, error: (message, fields) => logged.push({ message, fields }) };
    const broken = { 'app.info': () => ({ version: 42 }) } as unknown as ContractHandlers;
    const result = await new ContractDispatcher(broken, logger).dispatch('app.info', {});
    expect(result).toMatchObject({ ok: false, error: { kind: 'Internal' } });
    expect(logged).toEqual([expect.objectContaining({ message: 'reply failed its schema', fields: expect.objectContaining({ channel: 'app.info' }) })]);
  });
});
