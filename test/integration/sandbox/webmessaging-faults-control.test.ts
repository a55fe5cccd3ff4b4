// Faults switched on and off while a guest stays connected (latency, 429 burst, 5xx, socket drops), and the
// control API over HTTP: the Bearer control token, faults, conversations, operator replies, session
// expiry, script reload and the event feed.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../../electron/sandbox';
import { createFakeClock, type FakeClock } from './openmessaging-harness';
import { configuredGuest, errorFrame, inbound, isClass, outboundText } from './guest-wire';

let sandbox: Sandbox;
let clock: FakeClock;
let deploymentId: string;
let url: string;

beforeAll(async () => {
  clock = createFakeClock();
  sandbox = await createSandbox({ replyLatency: 'instant', clock, random: () => 0.5, limits: { messagesPerSecond: 100 } });
  deploymentId = sandbox.org.deploymentId;
  url = `${sandbox.wsUrl}/v1?deploymentId=${deploymentId}`;
});
afterAll(() => sandbox.close());

const control = (path: string, init: RequestInit = {}) =>
  fetch(`${sandbox.baseUrl}/sandbox/control/${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${sandbox.controlToken}`, 'Content-Type': 'application/json', ...init.headers },
  });

describe('faults while a guest is connected', () => {
  it('latency delays WebSocket frames and HTTP responses on the Clock, and stops when switched off', async () => {
    const token = randomUUID();
    const { guest } = await configuredGuest(url, deploymentId, token);
    sandbox.control.faults.set({ latencyMs: 500 });
    guest.send({ action: 'getJwt', token, tracingId: 'slow' });
    expect(await guest.quietFor(isClass('JwtResponse'), 100)).toBe(true);
    clock.advance(500);
    const jwt = await guest.take(isClass('JwtResponse'));
    const history = fetch(`${sandbox.baseUrl}/api/v2/webmessaging/messages`, { headers: { Authorization: `Bearer ${jwt.body.jwt}` } });
    let settled = false;
    void history.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    clock.advance(500);
    expect((await history).status).toBe(200);

    sandbox.control.faults.set({ latencyMs: 0 });
    guest.send({ action: 'getJwt', token, tracingId: 'fast' });
    expect((await guest.take(isClass('JwtResponse'))).tracingId).toBe('fast');
    guest.close();
  });

  it('a 429 burst answers the next N requests with TooManyRequestsErrorMessage / HTTP 429, then stops', async () => {
    const token = randomUUID();
    const { guest } = await configuredGuest(url, deploymentId, token);
    sandbox.control.faults.set({ burst429: { count: 2, retryAfterSec: 7 } });
    guest.send({ action: 'onMessage', token, tracingId: 'b1', message: { type: 'Text', text: 'one' } });
    expect(await guest.take(isClass('TooManyRequestsErrorMessage'))).toMatchObject({ code: 429, tracingId: 'b1', body: { retryAfter: 7 } });
    const config = await fetch(`${sandbox.baseUrl}/webdeployments/v1/deployments/${deploymentId}/config.json`);
    expect(config.status).toBe(429);
    expect(config.headers.get('retry-after')).toBe('7');
    guest.send({ action: 'onMessage', token, tracingId: 'b3', message: { type: 'Text', text: 'three' } });
    expect((await guest.take(inbound)).tracingId).toBe('b3');
    expect(sandbox.control.faults.get().burst429).toBeNull();
    guest.close();
  });

  it('a 5xx rate answers requests with 5000 / HTTP 503 while on, and normally once off', async () => {
    const token = randomUUID();
    const { guest } = await configuredGuest(url, deploymentId, token);
    sandbox.control.faults.set({ http5xxRate: 1 });
    guest.send({ action: 'getJwt', token, tracingId: 'err' });
    expect(await guest.take(errorFrame(5000))).toMatchObject({ tracingId: 'err', body: 'Request failed.' });
    expect((await fetch(`${sandbox.baseUrl}/webdeployments/v1/deployments/${deploymentId}/config.json`)).status).toBe(503);
    sandbox.control.faults.set({ http5xxRate: 0.4 });
    guest.send({ action: 'getJwt', token, tracingId: 'lucky' });
    expect((await guest.take(isClass('JwtResponse'))).tracingId).toBe('lucky');
    sandbox.control.faults.set({ http5xxRate: 0 });
    expect((await fetch(`${sandbox.baseUrl}/webdeployments/v1/deployments/${deploymentId}/config.json`)).status).toBe(200);
    guest.close();
  });

  it('drops every socket every N seconds of Clock time; the guest resumes; switching it off stops the drops', async () => {
    const token = randomUUID();
    const first = await configuredGuest(url, deploymentId, token);
    sandbox.control.faults.set({ dropSocketsEverySec: 10 });
    clock.advance(9_999);
    expect(await first.guest.quietFor(() => false, 30)).toBe(true);
    expect(first.guest.ws.readyState).toBe(first.guest.ws.OPEN);
    clock.advance(1);
    expect((await first.guest.closed()).code).toBe(1006);
    const second = await configuredGuest(url, deploymentId, token);
    expect(second.session.body.newSession).toBe(false);
    clock.advance(10_000);
    await second.guest.closed();
    const third = await configuredGuest(url, deploymentId, token);
    sandbox.control.faults.set({ dropSocketsEverySec: null });
    clock.advance(30_000);
    third.guest.send({ action: 'getJwt', token });
    await third.guest.take(isClass('JwtResponse'));
    third.guest.close();
  });
});

describe('control API over HTTP', () => {
  it('refuses requests without the control token', async () => {
    expect((await fetch(`${sandbox.baseUrl}/sandbox/control/faults`)).status).toBe(401);
    expect((await fetch(`${sandbox.baseUrl}/sandbox/control/faults`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('reads, patches, validates and resets faults', async () => {
    const patched = await control('faults', { method: 'PATCH', body: JSON.stringify({ latencyMs: 0, failWebhookDeliveries: 3, tokenLifetimeSec: 5 }) });
    expect(await patched.json()).toMatchObject({ failWebhookDeliveries: 3, tokenLifetimeSec: 5 });
    expect((await control('faults', { method: 'PATCH', body: JSON.stringify({ http5xxRate: 2 }) })).status).toBe(400);
    expect((await control('faults', { method: 'PATCH', body: JSON.stringify({ bogus: 1 }) })).status).toBe(400);
    expect(await (await control('faults', { method: 'DELETE' })).json()).toMatchObject({ failWebhookDeliveries: 0, tokenLifetimeSec: null });
  });

  it('lists conversations, sends an operator reply, and ends a conversation', async () => {
    const token = randomUUID();
    const { guest } = await configuredGuest(url, deploymentId, token);
    guest.send({ action: 'onMessage', token, message: { type: 'Text', text: 'echo operator test' } });
    await guest.take(outboundText('operator test'));
    const { entities } = await (await control('conversations')).json();
    const conversation = entities.at(-1);
    expect(conversation).toMatchObject({ channel: 'webmessaging', endpointId: deploymentId, state: 'active', agentScript: 'default' });
    const reply = await control(`conversations/${conversation.id}/messages`, { method: 'POST', body: JSON.stringify({ text: 'Operator here', quickReplies: [{ text: 'OK', payload: 'OK' }] }) });
    expect(reply.status).toBe(200);
    const operator = await guest.take(outboundText('Operator here'));
    expect(operator.body).toMatchObject({ type: 'Structured', originatingEntity: 'Human', content: [{ contentType: 'QuickReply' }] });
    expect((await control(`conversations/${conversation.id}/messages`, { method: 'POST', body: JSON.stringify({}) })).status).toBe(400);
    expect((await control(`conversations/${conversation.id}/end`, { method: 'POST' })).status).toBe(200);
    await guest.take((f) => f.body?.events?.[0]?.presence?.type === 'Disconnect');
    expect((await control(`conversations/${conversation.id}/end`, { method: 'POST' })).status).toBe(409);
    expect((await control(`conversations/${randomUUID()}`)).status).toBe(404);
    guest.close();
  });

  it('expires guest sessions on demand', async () => {
    const token = randomUUID();
    const { guest } = await configuredGuest(url, deploymentId, token);
    const expired = await (await control('sessions/expire', { method: 'POST', body: JSON.stringify({ token }) })).json();
    expect(expired).toEqual({ expired: 1 });
    await guest.take(isClass('SessionExpiredEvent'));
    guest.send({ action: 'getJwt', token });
    expect(await guest.take(isClass('string'))).toMatchObject({ code: 4006 });
    guest.close();
  });

  it('streams conversation activity as server-sent events', async () => {
    const abort = new AbortController();
    const feed = await control('events', { signal: abort.signal });
    expect(feed.headers.get('content-type')).toBe('text/event-stream');
    const reader = feed.body!.getReader();
    const token = randomUUID();
    const { guest } = await configuredGuest(url, deploymentId, token);
    guest.send({ action: 'onMessage', token, message: { type: 'Text', text: 'echo feed me' } });
    let seen = '';
    while (!seen.includes('event: agent')) seen += new TextDecoder().decode((await reader.read()).value);
    expect(seen).toContain('event: customer');
    expect(seen).toContain('feed me');
    abort.abort();
    guest.close();
  });
});

describe('script reload', () => {
  it('reloads scripts from disk, and reports problems with the file name and path without replacing them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-scripts-'));
    writeFileSync(join(dir, 'greeter.yaml'), 'fallback:\n  - say: first version\n');
    const local = await createSandbox({ replyLatency: 'instant', scriptsDir: dir, defaultAgentScript: 'greeter' });
    try {
      writeFileSync(join(dir, 'greeter.yaml'), 'fallback:\n  - say: second version\n');
      expect(local.control.reloadScripts()).toEqual({ ok: true, value: { scripts: ['greeter'] } });
      const token = randomUUID();
      const { guest } = await configuredGuest(`${local.wsUrl}/v1?deploymentId=${deploymentId}`, deploymentId, token);
      guest.send({ action: 'onMessage', token, message: { type: 'Text', text: 'hi' } });
      await guest.take(outboundText('second version'));
      guest.close();
      writeFileSync(join(dir, 'greeter.yaml'), 'fallback:\n  - shout: loud\n');
      const broken = local.control.reloadScripts();
      expect(broken).toMatchObject({ ok: false, error: { kind: 'ScriptsInvalid' } });
      expect(!broken.ok && broken.error.kind === 'ScriptsInvalid' && broken.error.problems[0]).toMatch(/^greeter\.yaml at fallback\.0: /);
    } finally {
      await local.close();
    }
  });
});
