// Limits a real org enforces, against the running sandbox with the plain spec-written client (guest-wire.ts) and
// plain fetch: new connections per deployment per minute (429 at the upgrade, Retry-After), an idle socket closed
// when the deployment says so, allowed domains against the socket's Origin (the demo deployment admits the
// console, the second demo deployment only its own domain), custom attributes only from the documented place
// unless lenient, and pre-signed upload URLs that expire.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../../electron/sandbox';
import { RESTRICTED_DEPLOYMENT } from '../../../electron/sandbox/demo-org';
import { createFakeClock, type FakeClock } from './openmessaging-harness';
import { configuredGuest, isClass, openGuest, outboundText } from './guest-wire';

const ECHO = { persona: { name: 'Eko' }, rules: [{ when: { any: true }, do: [{ say: 'got {{text}} ({{attr.tier}})' }] }] };

let sandbox: Sandbox | undefined;
let clock: FakeClock;

async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  clock = createFakeClock();
  sandbox = await createSandbox({ clock, replyLatency: 'instant', scripts: { eko: ECHO }, defaultAgentScript: 'eko', ...options });
  return sandbox;
}
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** The HTTP answer to a WebSocket upgrade that was refused, or 101. */
function upgradeStatus(url: string, origin?: string): Promise<{ status: number; retryAfter?: string | undefined; body?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { headers: { Origin: origin } } : {});
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101 });
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body }));
    });
    ws.on('error', (e) => reject(e));
  });
}

describe('new connections per deployment per minute', () => {
  it('refuses the upgrade past the limit with 429 and Retry-After, per deployment, and admits again a minute later', async () => {
    const s = await start({ limits: { newConnectionsPerDeploymentPerMinute: 3 } });
    for (let i = 0; i < 3; i++) expect((await upgradeStatus(s.guestUrl)).status).toBe(101);
    clock.advance(20_000);
    const refused = await upgradeStatus(s.guestUrl);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('40');
    expect(JSON.parse(refused.body!)).toMatchObject({ status: 429, code: 'too.many.requests', message: expect.stringContaining('3 new connections per minute') });
    // the other deployment counts on its own
    expect((await upgradeStatus(`${s.wsUrl}/v1?deploymentId=${RESTRICTED_DEPLOYMENT.id}`, RESTRICTED_DEPLOYMENT.allowedOrigins[0])).status).toBe(101);
    clock.advance(40_000);
    expect((await upgradeStatus(s.guestUrl)).status).toBe(101);
  });
});

describe('idle sockets', () => {
  it('closes a socket the client sent nothing on for idleTimeoutSec; a frame or a ping keeps it open', async () => {
    const s = await start({ limits: { idleTimeoutSec: 60 } });
    const token = randomUUID();
    const { guest } = await configuredGuest(s.guestUrl, s.org.deploymentId, token);
    clock.advance(59_000);
    guest.send({ action: 'echo', token, message: { type: 'Text', text: 'ping' } });
    await guest.take(isClass('StructuredMessage'), 'the echo');
    clock.advance(59_000);
    await new Promise<void>((resolve) => guest.ws.ping(undefined, undefined, () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 50)); // the ping reaches the sandbox
    clock.advance(59_000);
    expect(guest.ws.readyState).toBe(WebSocket.OPEN);
    clock.advance(1_000);
    expect(await guest.closed()).toEqual({ code: 1000, reason: 'Idle timeout' });
  });

  it('never closes an idle socket by default (no source states a timeout)', async () => {
    const s = await start();
    const { guest } = await configuredGuest(s.guestUrl, s.org.deploymentId, randomUUID());
    clock.advance(24 * 3600_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(guest.ws.readyState).toBe(WebSocket.OPEN);
    guest.close();
  });
});

describe('allowed domains', () => {
  it('admits any Origin on the demo deployment, and only its own domain on the restricted one', async () => {
    const s = await start();
    for (const origin of [undefined, 'http://127.0.0.1:5173', 'app://guest-console', 'https://anywhere.example.org']) {
      expect((await upgradeStatus(s.guestUrl, origin)).status).toBe(101);
    }
    const restricted = `${s.wsUrl}/v1?deploymentId=${RESTRICTED_DEPLOYMENT.id}`;
    expect((await upgradeStatus(restricted, 'https://shop.example.com')).status).toBe(101);
    expect((await upgradeStatus(restricted, 'shop.example.com')).status).toBe(101); // the mobile SDK sends a bare host
    for (const origin of [undefined, 'http://127.0.0.1:5173', 'https://evil.example.com']) {
      const refused = await upgradeStatus(restricted, origin);
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body!).message).toContain('is not an allowed domain');
    }
    const domains = await (await fetch(`${s.baseUrl}/webdeployments/v1/deployments/${RESTRICTED_DEPLOYMENT.id}/domains.json`)).json();
    expect(domains).toEqual({ allowAllDomains: false, allowedDomains: ['https://shop.example.com'] });
    const config = await (await fetch(`${s.baseUrl}/webdeployments/v1/deployments/${RESTRICTED_DEPLOYMENT.id}/config.json`)).json();
    expect(config).toMatchObject({ id: RESTRICTED_DEPLOYMENT.id, status: 'Active' });
    expect(await (await fetch(`${s.baseUrl}/webdeployments/v1/deployments/${s.org.deploymentId}/domains.json`)).json()).toMatchObject({ allowAllDomains: true });
  });

  it('serves the restricted deployment as a deployment of its own: a session there, its id checked in frames', async () => {
    const s = await start();
    const guest = await openGuest(`${s.wsUrl}/v1?deploymentId=${RESTRICTED_DEPLOYMENT.id}`, { Origin: 'https://shop.example.com' });
    const token = randomUUID();
    guest.send({ action: 'configureSession', token, deploymentId: s.org.deploymentId });
    expect(await guest.take(isClass('string'))).toMatchObject({ code: 403 });
    guest.send({ action: 'configureSession', token, deploymentId: RESTRICTED_DEPLOYMENT.id });
    expect((await guest.take(isClass('SessionResponse'))).body).toMatchObject({ connected: true, newSession: true });
    guest.send({ action: 'onMessage', token, message: { type: 'Text', text: 'hello' } });
    await guest.take(outboundText('got hello ()'));
    expect(s.control.listConversations().at(-1)).toMatchObject({ endpointId: RESTRICTED_DEPLOYMENT.id });
    guest.close();
  });
});

describe('custom attributes placement', () => {
  const requestLevel = (token: string) => ({
    action: 'onMessage',
    token,
    tracingId: 'old-client',
    channel: { metadata: { customAttributes: { tier: 'silver' } } },
    message: { type: 'Text', text: 'b' },
  });

  it('refuses the request-level place with a 400 frame that says where they belong, and loses nothing', async () => {
    const s = await start();
    const token = randomUUID();
    const { guest } = await configuredGuest(s.guestUrl, s.org.deploymentId, token);
    guest.send(requestLevel(token));
    const refused = await guest.take(isClass('string'));
    expect(refused).toMatchObject({ type: 'response', code: 400, tracingId: 'old-client' });
    expect(refused.body).toContain('message.channel.metadata.customAttributes');
    clock.advance(1_000);
    guest.send({ action: 'onMessage', token, message: { type: 'Text', text: 'c', channel: { metadata: { customAttributes: { tier: 'gold' } } } } });
    await guest.take(outboundText('got c (gold)'));
    guest.close();
  });

  it('reads both places with lenient (the message level wins)', async () => {
    const s = await start({ lenient: true });
    const token = randomUUID();
    const { guest } = await configuredGuest(s.guestUrl, s.org.deploymentId, token);
    guest.send(requestLevel(token));
    await guest.take(outboundText('got b (silver)'));
    clock.advance(1_000);
    guest.send({ ...requestLevel(token), message: { type: 'Text', text: 'd', channel: { metadata: { customAttributes: { tier: 'gold' } } } } });
    await guest.take(outboundText('got d (gold)'));
    guest.close();
  });
});

describe('upload URLs expire', () => {
  const upload = async (token: string, guest: Awaited<ReturnType<typeof configuredGuest>>['guest']) => {
    guest.send({ action: 'onAttachment', token, fileName: 'note.txt', fileType: 'text/plain', fileSize: 5 });
    return (await guest.take(isClass('PresignedUrlResponse'))).body as { url: string; headers: Record<string, string>; attachmentId: string };
  };
  const put = (presigned: { url: string; headers: Record<string, string> }, url = presigned.url) =>
    fetch(url, { method: 'PUT', headers: { ...presigned.headers, 'Content-Type': 'text/plain' }, body: 'hello' });

  it('accepts a PUT within X-Amz-Expires (600 s) and refuses one after with 403; a new URL works', async () => {
    const s = await start();
    const token = randomUUID();
    const { guest } = await configuredGuest(s.guestUrl, s.org.deploymentId, token);
    const first = await upload(token, guest);
    const url = new URL(first.url);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(url.searchParams.get('X-Amz-Date')).toMatch(/^\d{8}T\d{6}Z$/);
    clock.advance(601_000);
    const late = await put(first);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('Request has expired');
    // a longer X-Amz-Expires is not honoured: it is under the signature
    const stretched = new URL(first.url);
    stretched.searchParams.set('X-Amz-Expires', '100000');
    expect((await put(first, stretched.toString())).status).toBe(403);

    const second = await upload(token, guest);
    clock.advance(599_000);
    expect((await put(second)).status).toBe(200);
    await guest.take(isClass('UploadSuccessEvent'));
    guest.close();
  });
});
