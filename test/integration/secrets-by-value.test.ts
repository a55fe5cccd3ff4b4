// Every vault secret is hidden by value wherever conversation text leaves the engine, against a real
// sandbox: a guest message holding one is refused before anything is sent (the agent never sees it), and
// an agent message holding one reaches the thread, the journal, the inspector and every export as [redacted].
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InspectorFrame } from '../../shared/contract';
import type { ExportedFile } from '../../shared/transcripts-contract';
import type { HubActivity } from '../../electron/sandbox/conversations';
import { call, startGuest, startRig, threadOf, waitLive, type Rig } from '../support/console-with-sandbox';

const CLIENT_SECRET = 'acme-client-secret-Zr81kQ2v';
const WEBHOOK_SECRET = 'acme-webhook-secret-Pw40xT7m';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function acmeWithSecrets(current: Rig): Promise<string> {
  const acme = await call<{ id: string }>(current.engine, 'profiles.save', { name: 'Acme', region: 'us-east-1' });
  await call(current.engine, 'profiles.setSecret', { profileId: acme.id, kind: 'clientSecret', value: CLIENT_SECRET });
  await call(current.engine, 'profiles.setSecret', { profileId: acme.id, kind: 'webhookSecret', value: WEBHOOK_SECRET });
  return acme.id;
}

describe('vault secrets by value', () => {
  it('refuses a guest message that holds a secret, says which one, and sends nothing', async () => {
    rig = await startRig({ defaultAgentScript: 'operator' });
    const seen: HubActivity[] = [];
    rig.sandbox.control.watch((event) => {
      if (event.kind !== 'faults') seen.push(event);
    });
    const guest = await startGuest(rig.engine, 'Careful Guest');
    await waitLive(rig.engine, guest.id);
    // Set after the conversation started: the redactor learns it at once.
    await acmeWithSecrets(rig);

    const refused = await rig.engine.dispatcher.dispatch('messages.send', { conversationId: guest.id, text: `my key is ${CLIENT_SECRET}, ok?` });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'InvalidRequest', message: expect.stringContaining('the client secret of the profile "Acme"') } });
    expect(JSON.stringify(refused)).not.toContain(CLIENT_SECRET);
    const sandboxSecret = await rig.engine.dispatcher.dispatch('messages.send', { conversationId: guest.id, text: `try ${rig.sandbox.org.webhookSecret}` });
    expect(sandboxSecret).toMatchObject({ ok: false, error: { message: expect.stringContaining("the sandbox's webhook secret") } });
    const inAttribute = await rig.engine.dispatcher.dispatch('messages.send', { conversationId: guest.id, text: 'hi', customAttributes: { key: WEBHOOK_SECRET } });
    expect(inAttribute).toMatchObject({ ok: false, error: { message: 'The custom attribute "key" contains the webhook secret of the profile "Acme", so nothing was sent. Remove it and try again.' } });
    const file = Buffer.from(`CLIENT_SECRET=${CLIENT_SECRET}\n`).toString('base64');
    const inFile = await rig.engine.dispatcher.dispatch('attachments.send', { conversationId: guest.id, fileName: 'settings.env', mime: 'text/plain', data: file });
    expect(inFile).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^The file contains the client secret of the profile "Acme"/) } });

    await call(rig.engine, 'messages.send', { conversationId: guest.id, text: 'only this one goes out' });
    const guestTexts = () => seen.flatMap((event) => (event.kind === 'customer' && event.input.kind === 'message' ? [event.input.text] : []));
    await expect.poll(guestTexts, { timeout: 10_000 }).toEqual(['only this one goes out']);
    expect(JSON.stringify(seen)).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify(seen)).not.toContain(rig.sandbox.org.webhookSecret);
    expect((await threadOf(rig.engine, guest.id)).filter((item) => item.from === 'guest').map((item) => item.text)).toEqual(['only this one goes out']);
  });

  it('shows an agent message holding a secret as [redacted] in the thread, journal, inspector and exports', async () => {
    rig = await startRig({ defaultAgentScript: 'operator' });
    await acmeWithSecrets(rig);
    const guest = await startGuest(rig.engine, 'Ada');
    await waitLive(rig.engine, guest.id);
    await call(rig.engine, 'messages.send', { conversationId: guest.id, text: 'hello' });
    await expect.poll(() => rig!.sandbox.control.listConversations().length, { timeout: 10_000 }).toBe(1);
    const sandboxConversation = rig.sandbox.control.listConversations()[0]!.id;
    rig.sandbox.control.operatorReply(sandboxConversation, { text: `Your keys: ${CLIENT_SECRET} and ${WEBHOOK_SECRET}`, nickname: 'Leaky' });

    await expect.poll(async () => (await threadOf(rig!.engine, guest.id)).find((item) => item.from === 'agent')?.text, { timeout: 10_000 }).toBe(
      'Your keys: [redacted] and [redacted]',
    );
    const frames = await call<InspectorFrame[]>(rig.engine, 'inspector.frames', { conversationId: guest.id });
    expect(frames.some((frame) => frame.text.includes('Your keys: [redacted]'))).toBe(true);
    const places: Record<string, string> = { inspector: JSON.stringify(frames) };
    for (const format of ['json', 'markdown', 'html'] as const) {
      places[`${format} export`] = (await call<ExportedFile>(rig.engine, 'transcripts.export', { conversationId: guest.id, format })).content;
    }
    places.journal = fs.readFileSync(path.join(rig.dataDirectory, 'transcripts', `${guest.id}.ndjson`), 'utf8');
    for (const [place, text] of Object.entries(places)) {
      expect(text, place).not.toContain(CLIENT_SECRET);
      expect(text, place).not.toContain(WEBHOOK_SECRET);
    }
    expect(places['markdown export']).toContain('Your keys: \\[redacted\\] and \\[redacted\\]');

    // After a restart the thread is rebuilt from the journal: still hidden.
    await rig.restart();
    expect((await threadOf(rig.engine, guest.id)).find((item) => item.from === 'agent')?.text).toBe('Your keys: [redacted] and [redacted]');
  });
});
