// The sandbox as an org that persists: `npm run sandbox -- --state DIR` in a child process, driven by a plain
// `ws` guest written from the spec and by the official SDK, killed with SIGKILL while a `delay`ed reply is
// pending on both channels, then started again on the same folder once that reply fell due. Afterwards the
// same guest token resumes the same conversation with its history and no second greeting, the delayed
// replies arrive once (the guest's in its history, the Open Messaging one at the webhook), the conversation
// the agent ended stays read-only, a conversation handed to Alex is still Alex's, an uploaded file and an
// agent's file still download from their old URLs, the SDK's old access token still works and a retried
// inbound message id adds nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/temp-dir';
import { configuredGuest, errorFrame, inbound, isClass, outboundEvent, outboundText, type GuestWire } from './guest-wire';
import { startWebhookReceiver, type WebhookReceiver } from './openmessaging-harness';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'electron', 'sandbox', 'cli.ts');
const GREETING = "Hi, I'm Sandy, the sandbox agent. Type help to see what I can do.";
const DELAYED = 'This reply was delayed by three seconds.';
const DELAY_MS = 3_000;
/** The Guest API allows 2 messages a second per session (spec §6.4). */
const MESSAGE_GAP_MS = 550;

interface Started {
  child: ChildProcess;
  info: { baseUrl: string; guestUrl: string; controlToken: string; clientId: string; clientSecret: string; integrationId: string; deploymentId: string };
}

async function startSandbox(stateDirectory: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--json', '--reply-latency', 'instant', '--state', stateDirectory], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => Promise.reject(new Error(`the sandbox exited: ${stderr}`)))])) as [string];
  return { child, info: JSON.parse(line) as Started['info'] };
}

async function kill(started: Started, signal: NodeJS.Signals): Promise<void> {
  const exited = once(started.child, 'exit');
  started.child.kill(signal);
  await exited;
}

const text = (token: string, body: string, extra: object = {}) => ({ action: 'onMessage', token, message: { type: 'Text', text: body, ...extra } });
const join = (token: string) => ({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** The sandbox's conversations, from the control API. */
async function conversations(started: Started): Promise<Array<{ channel: string; state: string; messageCount: number }>> {
  const res = await fetch(`${started.info.baseUrl}/sandbox/control/conversations`, { headers: { Authorization: `Bearer ${started.info.controlToken}` } });
  return ((await res.json()) as { entities: Array<{ channel: string; state: string; messageCount: number }> }).entities;
}

/** Every message of the guest's history, oldest first (the JWT from getJwt, the REST history endpoint of spec §7.1). */
async function history(guest: GuestWire, token: string, baseUrl: string): Promise<Array<{ id: string; text?: string; direction: string; type: string }>> {
  guest.send({ action: 'getJwt', token });
  const { body } = await guest.take(isClass('JwtResponse'), 'JwtResponse');
  const res = await fetch(`${baseUrl}/api/v2/webmessaging/messages?pageSize=100`, { headers: { Authorization: `Bearer ${body.jwt}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { entities: Array<{ id: string; text?: string; direction: string; type: string }> }).entities.reverse();
}

describe('a sandbox with a state folder, killed and started again', () => {
  const state = makeTempDir('sandbox-restart-');
  let receiver: WebhookReceiver;
  let first: Started;
  let second: Started;
  const talker = 'guest-who-waits';
  const leaver = 'guest-who-left';
  const transferred = 'guest-with-alex';
  const before: {
    conversations?: Awaited<ReturnType<typeof conversations>>;
    history?: Awaited<ReturnType<typeof history>>;
    uploadUrl?: string;
    agentFileUrl?: string;
    openConversationId?: string;
    openReplyId?: string;
    token?: string;
  } = {};

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    first = await startSandbox(state.path);
    const { info } = first;

    const client = new platformClient.ApiClientClass();
    const port = Number(new URL(info.baseUrl).port);
    client.setGateway({ host: '127.0.0.1', port, protocol: 'http', path_params_login: '', path_params_api: '' });
    const login = await client.loginClientCredentialsGrant(info.clientId, info.clientSecret);
    before.token = login.accessToken;
    const api = new platformClient.ConversationsApi(client);
    await api.patchConversationsMessagingIntegrationsOpenIntegrationId(info.integrationId, { name: 'Sandbox Open Messaging', outboundNotificationWebhookUrl: receiver.url });
    const say = (messageId: string, body: string) =>
      api.postConversationsMessageInboundOpenMessage(
        info.integrationId,
        { channel: { messageId, from: { id: 'open-customer', idType: 'Opaque', nickname: 'Ola' }, time: new Date().toISOString() }, text: body },
        { prefetchConversationId: true },
      );

    // A guest who is greeted, uploads a file, gets the agent's file, then asks for a delayed reply.
    const { guest, session } = await configuredGuest(info.guestUrl, info.deploymentId, talker);
    expect(session.body).toMatchObject({ newSession: true, readOnly: false });
    guest.send(join(talker));
    await guest.take(outboundText(GREETING), 'the greeting');
    guest.send({ action: 'onAttachment', token: talker, fileName: 'receipt.txt', fileType: 'text/plain', fileSize: 14 });
    const slot = await guest.take(isClass('PresignedUrlResponse'), 'the upload URL');
    expect((await fetch(slot.body.url, { method: 'PUT', headers: slot.body.headers, body: 'receipt #12345' })).status).toBe(200);
    before.uploadUrl = (await guest.take(isClass('UploadSuccessEvent'), 'UploadSuccessEvent')).body.downloadUrl;
    await sleep(MESSAGE_GAP_MS);
    guest.send(text(talker, 'here is my receipt', { content: [{ contentType: 'Attachment', attachment: { id: slot.body.attachmentId } }] }));
    await guest.take(outboundText('Thanks, I received your file.'), 'the file thanks');
    await sleep(MESSAGE_GAP_MS);
    guest.send(text(talker, 'file'));
    const agentFile = await guest.take(outboundText('Here is the sandbox price list.'), "the agent's file");
    before.agentFileUrl = agentFile.body.content[0].attachment.url;

    // A guest the agent said goodbye to: the conversation is read-only.
    const ended = await configuredGuest(info.guestUrl, info.deploymentId, leaver);
    ended.guest.send(text(leaver, 'bye'));
    await ended.guest.take(outboundEvent('Presence'), 'the Disconnect');
    ended.guest.close();

    // A guest Sandy handed over to Alex (a human the script plays: he answers echo, nothing else).
    const handed = await configuredGuest(info.guestUrl, info.deploymentId, transferred);
    handed.guest.send(text(transferred, 'transfer'));
    await handed.guest.take(outboundText('Hi, Alex here. How can I help?'), "Alex's hello");
    handed.guest.close();

    // An Open Messaging customer who is answered, then asks for a delayed reply too.
    const hello = await say('om-1', 'hello');
    before.openConversationId = hello.conversationId;
    await receiver.waitFor(3); // typing On, typing Off, then the reply
    expect(receiver.deliveries.map((d) => d.json.text)).toContain("Hello! I'm Sandy. Type help to see what I can do.");

    // Both delays are acknowledged (the echo, the 200) only once they are written; then the process is killed.
    await sleep(MESSAGE_GAP_MS);
    guest.send(text(talker, 'delay'));
    await guest.take((f) => inbound(f) && f.body.text === 'delay', 'the echo of delay');
    before.openReplyId = (await say('om-2', 'delay')).id;
    const askedAt = Date.now();
    before.history = await history(guest, talker, info.baseUrl);
    before.conversations = await conversations(first);
    await kill(first, 'SIGKILL');
    guest.close();
    expect(receiver.deliveries.map((d) => d.json.text)).not.toContain(DELAYED);

    await sleep(Math.max(0, askedAt + DELAY_MS + 200 - Date.now())); // the replies fall due while the sandbox is down
    second = await startSandbox(state.path);
  }, 60_000);

  afterAll(async () => {
    if (second) await kill(second, 'SIGTERM');
    await receiver?.close();
    state.remove();
  });

  it('listens on the same port, so URLs handed out before still point at it', () => {
    expect(second.info.baseUrl).toBe(first.info.baseUrl);
  });

  it('resumes the same guest session and conversation, with the delayed reply once and no second greeting', async () => {
    const { guest, session } = await configuredGuest(second.info.guestUrl, second.info.deploymentId, talker);
    expect(session.body).toMatchObject({ connected: true, newSession: false, readOnly: false });
    const after = await history(guest, talker, second.info.baseUrl);
    expect(after.slice(0, before.history!.length)).toEqual(before.history);
    expect(after.filter((m) => m.text === DELAYED)).toHaveLength(1);
    expect(after.filter((m) => m.text === GREETING)).toHaveLength(1);
    const now = await conversations(second);
    expect(now.map(({ channel, state }) => ({ channel, state }))).toEqual(before.conversations!.map(({ channel, state }) => ({ channel, state })));

    guest.send(join(talker)); // a client that auto-starts again: the conversation has opened, nobody greets
    await sleep(MESSAGE_GAP_MS);
    guest.send(text(talker, 'echo still here'));
    await guest.take(outboundText('still here'), 'the echo reply');
    expect(await guest.quietFor((f) => outboundText(GREETING)(f) || outboundText(DELAYED)(f), 500)).toBe(true);
    guest.close();
  });

  it('keeps a conversation handed to Alex with Alex: he answers, Sandy stays silent', async () => {
    const { guest, session } = await configuredGuest(second.info.guestUrl, second.info.deploymentId, transferred);
    expect(session.body).toMatchObject({ newSession: false, readOnly: false });
    guest.send(text(transferred, 'echo hello Alex'));
    const reply = await guest.take(outboundText('hello Alex'), "Alex's echo");
    expect(reply.body).toMatchObject({ originatingEntity: 'Human', channel: { from: { nickname: 'Alex' } } });
    await sleep(MESSAGE_GAP_MS);
    guest.send(text(transferred, 'help'));
    expect(await guest.quietFor((f) => outboundText(/sandbox agent/)(f), 500)).toBe(true);
    guest.close();
  });

  it('keeps the conversation the agent ended read-only', async () => {
    const { guest, session } = await configuredGuest(second.info.guestUrl, second.info.deploymentId, leaver);
    expect(session.body).toMatchObject({ newSession: false, readOnly: true });
    guest.send(text(leaver, 'are you there?'));
    await guest.take(errorFrame(403), 'the read-only refusal');
    guest.close();
  });

  it('delivers the Open Messaging reply that fell due while it was down, once, to the webhook', async () => {
    await until(() => receiver.deliveries.some((d) => d.json.text === DELAYED), 'the delayed reply at the webhook');
    const delayed = receiver.deliveries.filter((d) => d.json.text === DELAYED);
    expect(delayed).toHaveLength(1);
    expect(delayed[0]!.json).toMatchObject({ conversationId: before.openConversationId, direction: 'Outbound' });
    await sleep(300);
    expect(receiver.deliveries.filter((d) => d.json.id === delayed[0]!.json.id)).toHaveLength(1);
  });

  it('still serves the old access token, the same conversation, and adds nothing for a retried message id', async () => {
    const client = new platformClient.ApiClientClass();
    client.setGateway({ host: '127.0.0.1', port: Number(new URL(second.info.baseUrl).port), protocol: 'http', path_params_login: '', path_params_api: '' });
    client.setAccessToken(before.token!);
    const api = new platformClient.ConversationsApi(client);
    const conversation = await api.getConversationsMessage(before.openConversationId!);
    const count = (conversation.participants ?? []).flatMap((p) => p.messages ?? []).length;
    const retried = await api.postConversationsMessageInboundOpenMessage(
      second.info.integrationId,
      { channel: { messageId: 'om-2', from: { id: 'open-customer', idType: 'Opaque' }, time: new Date().toISOString() }, text: 'delay' },
      { prefetchConversationId: true },
    );
    expect(retried).toMatchObject({ id: before.openReplyId, conversationId: before.openConversationId });
    const again = await api.getConversationsMessage(before.openConversationId!);
    expect((again.participants ?? []).flatMap((p) => p.messages ?? [])).toHaveLength(count);
  });

  it('still downloads the uploaded file and the agent file from the URLs handed out before the kill', async () => {
    const upload = await fetch(before.uploadUrl!);
    expect(upload.status).toBe(200);
    expect(await upload.text()).toBe('receipt #12345');
    const agentFile = await fetch(before.agentFileUrl!);
    expect(agentFile.status).toBe(200);
    expect(await agentFile.text()).toContain('Sandbox price list');
  });
});
