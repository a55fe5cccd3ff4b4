// The console's own features against a real sandbox: the operator's agent desk (every action reaches the
// guest's thread), Test connection on the sandbox profile, profile export/import without secrets, and
// Reset demo. The desk reaches the sandbox only over its HTTP control API, with the control token.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../shared/contract';
import type { OperatorDesk } from '../../shared/operator-contract';
import type { ConnectionCheck, ProfileImportResult } from '../../shared/profile-files-contract';
import type { ExportedFile } from '../../shared/transcripts-contract';
import { call, startGuest, startRig, threadOf, waitLive, type Rig } from '../support/console-with-sandbox';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const act = (conversationId: string, action: unknown) => call<OperatorDesk>(rig!.engine, 'operator.act', { conversationId, action });

describe('the operator answers as the agent', () => {
  it('sends text, quick replies, a card, a file, typing, transfers and ends — all reach the guest', async () => {
    rig = await startRig({ defaultAgentScript: 'operator' });
    const guest = await startGuest(rig.engine, 'Demo Guest');
    await waitLive(rig.engine, guest.id);
    const before = await call<OperatorDesk>(rig.engine, 'operator.desk', { conversationId: guest.id });
    expect(before.available).toBe(false);
    expect(before.reason).toMatch(/first message/);

    await call(rig.engine, 'messages.send', { conversationId: guest.id, text: 'hello, anyone?' });
    await expect.poll(async () => (await call<OperatorDesk>(rig!.engine, 'operator.desk', { conversationId: guest.id })).available, { timeout: 10_000 }).toBe(true);

    await act(guest.id, { type: 'text', text: 'Hi, I am the operator.' });
    await act(guest.id, { type: 'quickReplies', text: 'Tea or coffee?', replies: ['Tea', 'Coffee'] });
    await act(guest.id, { type: 'card', title: 'Premium plan', description: 'All features', buttons: ['Upgrade'], link: 'https://example.com/premium' });
    await act(guest.id, { type: 'attachment', fileName: 'terms.txt', mime: 'text/plain', data: Buffer.from('the terms').toString('base64') });
    await act(guest.id, { type: 'typing' });
    await expect.poll(async () => (await call<ConversationSummary[]>(rig!.engine, 'conversations.list', {}))[0]?.agentTyping).toBe(true);
    const transferred = await act(guest.id, { type: 'transfer', to: 'Alex Specialist' });
    expect(transferred.agentName).toBe('Alex Specialist');
    expect(transferred.participants.map((participant) => participant.name)).toContain('Alex Specialist');
    await act(guest.id, { type: 'text', text: 'Alex here, taking over.' });

    await expect
      .poll(async () => (await threadOf(rig!.engine, guest.id)).filter((item) => item.from === 'agent').length, { timeout: 10_000 })
      .toBe(5);
    const agentItems = (await threadOf(rig.engine, guest.id)).filter((item) => item.from === 'agent');
    expect(agentItems.map((item) => item.senderName)).toEqual(['Operator', 'Operator', 'Operator', 'Operator', 'Alex Specialist']);
    expect(agentItems[1]?.content[0]).toMatchObject({ type: 'quickReplies', replies: [{ text: 'Tea' }, { text: 'Coffee' }] });
    expect(agentItems[2]?.content[0]).toMatchObject({ type: 'card', card: { title: 'Premium plan', actions: [{ text: 'Upgrade' }, { type: 'Link', url: 'https://example.com/premium' }] } });
    expect(agentItems[3]?.content[0]).toMatchObject({ type: 'attachment', attachment: { name: 'terms.txt' } });

    const ended = await act(guest.id, { type: 'end' });
    expect(ended.available).toBe(false);
    await expect.poll(async () => (await call<ConversationSummary[]>(rig!.engine, 'conversations.list', {}))[0]?.state, { timeout: 10_000 }).toBe('readOnly');
  });

  it('is not offered for a real-org conversation, and refuses to act there', async () => {
    rig = await startRig();
    const result = await rig.engine.dispatcher.dispatch('operator.act', { conversationId: 'missing', action: { type: 'end' } });
    expect(result).toMatchObject({ ok: false, error: { kind: 'NotFound' } });
  });
});

describe('profiles: Test connection, export and import', () => {
  it('passes every check of the sandbox profile', async () => {
    rig = await startRig();
    const { checks } = await call<{ checks: ConnectionCheck[] }>(rig.engine, 'profiles.testConnection', { profileId: 'sandbox' });
    expect(checks.map((check) => [check.name, check.status])).toEqual([
      ['Web Messaging deployment', 'passed'],
      ['Sign-in (OAuth client credentials)', 'passed'],
      ['Open Messaging integration', 'passed'],
      ['Webhook receiver', 'passed'],
    ]);
  });

  it('says what is missing on a real-org profile without settings or secret', async () => {
    rig = await startRig();
    const empty = await call<{ id: string }>(rig.engine, 'profiles.save', { name: 'Empty', region: 'eu-west-1' });
    const nothing = await call<{ checks: ConnectionCheck[] }>(rig.engine, 'profiles.testConnection', { profileId: empty.id });
    expect(nothing.checks).toMatchObject([{ status: 'failed', fix: expect.stringContaining('deployment ID') }]);

    const noSecret = await call<{ id: string }>(rig.engine, 'profiles.save', { name: 'No secret', region: 'eu-west-1', openMessaging: { integrationId: 'i-1', clientId: 'c-1' } });
    const { checks } = await call<{ checks: ConnectionCheck[] }>(rig.engine, 'profiles.testConnection', { profileId: noSecret.id });
    expect(checks[0]).toMatchObject({ name: 'Sign-in (OAuth client credentials)', status: 'failed', fix: 'Set the client secret in Secrets below.' });
    expect(checks[1]).toMatchObject({ status: 'skipped' });
  });

  it('exports profiles without secrets and imports them, skipping names in use', async () => {
    rig = await startRig();
    const acme = await call<{ id: string }>(rig.engine, 'profiles.save', { name: 'Acme', region: 'eu-west-1', webMessaging: { deploymentId: 'dep-9' } });
    await call(rig.engine, 'profiles.setSecret', { profileId: acme.id, kind: 'clientSecret', value: 'do-not-export-me' });
    const file = await call<ExportedFile>(rig.engine, 'profiles.export', {});
    expect(file.content).not.toContain('do-not-export-me');
    expect(file.content).not.toContain('sandbox-');
    expect(JSON.parse(file.content)).toMatchObject({ format: 'guest-console-profiles', profiles: [{ name: 'Acme', region: 'eu-west-1', webMessaging: { deploymentId: 'dep-9' } }] });

    const renamed = file.content.replace('"Acme"', '"Acme copy"').replace('"profiles": [', '"profiles": [{"name":"Acme","region":"us-east-1"},{"name":"Bad","region":"mars-1"},');
    const result = await call<ProfileImportResult>(rig.engine, 'profiles.import', { content: renamed });
    expect(result.imported).toEqual(['Acme copy']);
    expect(result.skipped.map((skip) => skip.name)).toEqual(['Acme', 'Bad']);
    const refused = await rig.engine.dispatcher.dispatch('profiles.import', { content: '{"hello":1}' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'InvalidRequest', message: expect.stringContaining('not a Guest Console profiles file') } });
  });
});

describe('Reset demo', () => {
  it('ends and removes every conversation', async () => {
    rig = await startRig();
    const guests = await Promise.all([startGuest(rig.engine, 'One'), startGuest(rig.engine, 'Two')]);
    for (const guest of guests) {
      await expect.poll(async () => (await threadOf(rig!.engine, guest.id)).some((item) => item.from === 'agent'), { timeout: 10_000 }).toBe(true);
    }
    expect(await call(rig.engine, 'demo.reset', {})).toEqual({ removed: 2 });
    expect(await call(rig.engine, 'conversations.list', {})).toEqual([]);
    await expect.poll(() => rig!.sandbox.control.listConversations().every((conversation) => conversation.state === 'ended')).toBe(true);
  });
});
