// A custom region: a base URL that serves every Genesys service itself (a proxy; here the sandbox, which speaks
// the same protocols) carries both channels and Test connection; a domain derives its hosts as a region's
// does, and one that does not resolve is named, with the cause, once; an unusable address is refused on save.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationSummary, Profile, ThreadItem } from '../../shared/contract';
import type { ConnectionCheck } from '../../shared/profile-files-contract';
import { DEMO_ORG } from '../../electron/sandbox/demo-org';
import { call, proxyProfile, startRig, threadOf, type Rig } from '../support/console-with-sandbox';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const conversation = async (id: string) => (await call<ConversationSummary[]>(rig!.engine, 'conversations.list', {})).find((candidate) => candidate.id === id);
const agentSaid = async (id: string) => (await threadOf(rig!.engine, id)).filter((item: ThreadItem) => item.from === 'agent').length;

describe('a custom region', () => {
  it('reaches sign-in, the Platform API and the Guest WebSocket through one base URL', async () => {
    rig = await startRig();
    const profile = await proxyProfile(rig, 'Through a proxy', { integrationId: DEMO_ORG.integrationId, receiveMode: 'poll' });
    expect(profile).toMatchObject({ region: 'custom', customHost: rig.sandbox.baseUrl });

    const { checks } = await call<{ checks: ConnectionCheck[] }>(rig.engine, 'profiles.testConnection', { profileId: profile.id });
    expect(checks.filter((check) => check.status !== 'skipped').map((check) => [check.name, check.status])).toEqual([
      ['Web Messaging deployment', 'passed'],
      ['Sign-in (OAuth client credentials)', 'passed'],
      ['Open Messaging integration', 'passed'],
    ]);

    for (const channel of ['webmessaging', 'openmessaging'] as const) {
      const started = await call<ConversationSummary>(rig.engine, 'conversations.start', { profileId: profile.id, channel, persona: { name: `Pat ${channel}` } });
      await expect.poll(async () => (await conversation(started.id))?.state, { timeout: 10_000 }).toBe('live');
      await call(rig.engine, 'messages.send', { conversationId: started.id, text: `hello over ${channel}` });
      await expect.poll(() => agentSaid(started.id), { timeout: 15_000 }).toBeGreaterThan(0);
    }
  });

  it('derives a domain\'s hosts as a region\'s, and names a host that does not resolve once, with the cause', async () => {
    rig = await startRig();
    const profile = await call<Profile>(rig.engine, 'profiles.save', {
      name: 'Staging',
      region: 'custom',
      customHost: 'nothing-here.invalid',
      webMessaging: { deploymentId: DEMO_ORG.deploymentId },
      openMessaging: { integrationId: DEMO_ORG.integrationId, clientId: DEMO_ORG.clientId, receiveMode: 'poll' },
    });
    await call(rig.engine, 'profiles.setSecret', { profileId: profile.id, kind: 'clientSecret', value: 'not-checked' });
    const { checks } = await call<{ checks: ConnectionCheck[] }>(rig.engine, 'profiles.testConnection', { profileId: profile.id });
    const signIn = checks.find((check) => check.name.startsWith('Sign-in'))!;
    expect(signIn.status).toBe('failed');
    expect(signIn.detail).toMatch(/^Could not reach login\.nothing-here\.invalid\b.*ENOTFOUND/);
    expect(signIn.detail.match(/nothing-here\.invalid/g)).toHaveLength(1);
    expect(checks.find((check) => check.name === 'Web Messaging deployment')!.detail).toBe('api-cdn.nothing-here.invalid could not be reached (ENOTFOUND).');

    const started = await call<ConversationSummary>(rig.engine, 'conversations.start', { profileId: profile.id, channel: 'webmessaging', persona: { name: 'Sam' } });
    // The Guest WebSocket's host does not resolve: the thread says so at once, not only that the connection dropped.
    await expect.poll(async () => (await conversation(started.id))?.stateDetail ?? '', { timeout: 3_000 }).toMatch(/webmessaging\.nothing-here\.invalid.*does not resolve \(ENOTFOUND\)/);
  });

  it('refuses an address that is not https (but for this machine), with the field named', async () => {
    rig = await startRig();
    for (const customHost of ['http://proxy.example.com', 'https://user:pass@proxy.example.com', 'not a host', '']) {
      const result = await rig.engine.dispatcher.dispatch('profiles.save', { name: `Bad ${customHost}`, region: 'custom', customHost });
      expect(result).toMatchObject({ ok: false, error: { kind: 'InvalidRequest', issues: [{ path: 'customHost' }] } });
    }
    const local = await call<Profile>(rig.engine, 'profiles.save', { name: 'Local proxy', region: 'custom', customHost: 'http://localhost:8443/genesys' });
    expect(local.customHost).toBe('http://localhost:8443/genesys');
    // Moving back to a region drops the custom host.
    expect((await call<Profile>(rig.engine, 'profiles.save', { ...local, region: 'eu-west-1' })).customHost).toBe('');
  });
});
