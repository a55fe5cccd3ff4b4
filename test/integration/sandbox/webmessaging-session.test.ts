// Guest API sessions over a real WebSocket: upgrade checks, configure/resume, errors before configure,
// malformed frames, connection limit, closeSession, echo, getConfiguration, pings and session expiry.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../../electron/sandbox';
import { createFakeClock, type FakeClock } from './openmessaging-harness';
import { configuredGuest, errorFrame, isClass, openGuest } from './guest-wire';

let sandbox: Sandbox;
let clock: FakeClock;
let deploymentId: string;

beforeAll(async () => {
  clock = createFakeClock();
  sandbox = await createSandbox({ replyLatency: 'instant', clock, scripts: { quiet: { persona: { name: 'Q' } } }, defaultAgentScript: 'quiet' });
  deploymentId = sandbox.org.deploymentId;
});
afterAll(() => sandbox.close());

const guestUrl = () => `${sandbox.wsUrl}/v1?deploymentId=${deploymentId}`;

describe('Guest WebSocket upgrade', () => {
  it('refuses an unknown deployment with 403 and a missing one with 400', async () => {
    await expect(openGuest(`${sandbox.wsUrl}/v1?deploymentId=${randomUUID()}`)).rejects.toMatchObject({ status: 403 });
    await expect(openGuest(`${sandbox.wsUrl}/v1`)).rejects.toMatchObject({ status: 400 });
  });

  it('accepts the optional application parameter', async () => {
    const guest = await openGuest(`${guestUrl()}&application=TransportSDK-2.14.0`);
    guest.send({ action: 'configureSession', deploymentId, token: randomUUID() });
    expect((await guest.take(isClass('SessionResponse'))).code).toBe(200);
    guest.close();
  });

  it('enforces an Origin allow-list with 403 on the upgrade', async () => {
    const strict = await createSandbox({ replyLatency: 'instant', allowedOrigins: ['app.example.com'], scriptsDir: null, scripts: { a: {} }, defaultAgentScript: 'a' });
    try {
      const url = `${strict.wsUrl}/v1?deploymentId=${deploymentId}`;
      await expect(openGuest(url, { Origin: 'https://evil.example.net' })).rejects.toMatchObject({ status: 403 });
      const ok = await openGuest(url, { Origin: 'https://app.example.com' });
      ok.close();
      const domains = await (await fetch(`${strict.baseUrl}/webdeployments/v1/deployments/${deploymentId}/domains.json`)).json();
      expect(domains).toEqual({ allowAllDomains: false, allowedDomains: ['app.example.com'] });
    } finally {
      await strict.close();
    }
  });
});

describe('configureSession', () => {
  it('creates a new session, then resumes it on another socket with the same token', async () => {
    const token = randomUUID();
    const first = await configuredGuest(guestUrl(), deploymentId, token, { tracingId: 'cfg-1' });
    expect(first.session).toMatchObject({
      type: 'response',
      code: 200,
      tracingId: 'cfg-1',
      body: { connected: true, newSession: true, readOnly: false, maxCustomDataBytes: 2048, allowedMedia: { inbound: { maxFileSizeKB: 10240 } } },
    });
    expect(first.session.body.expirationDate).toBe(Math.floor(clock.now() / 1000) + first.session.body.durationSeconds);
    first.guest.close();
    const second = await configuredGuest(guestUrl(), deploymentId, token);
    expect(second.session.body).toMatchObject({ connected: true, newSession: false });
    second.guest.close();
  });

  it('rejects a deploymentId that differs from the connection URL', async () => {
    const guest = await openGuest(guestUrl());
    guest.send({ action: 'configureSession', deploymentId: randomUUID(), token: randomUUID() });
    expect(await guest.take(errorFrame(403))).toMatchObject({ type: 'response', class: 'string' });
    guest.close();
  });
});

describe('errors before and outside configure', () => {
  it('refuses a non-configure action before configureSession with 4007', async () => {
    const guest = await openGuest(guestUrl());
    guest.send({ action: 'onMessage', token: randomUUID(), tracingId: 'early', message: { type: 'Text', text: 'hi' } });
    const reply = await guest.take(isClass('string'));
    expect(reply).toMatchObject({ type: 'response', code: 4007, tracingId: 'early' });
    expect(typeof reply.body).toBe('string');
    guest.close();
  });

  it('answers bad JSON and unknown actions with a 400 string error, missing fields with 4020', async () => {
    const guest = await openGuest(guestUrl());
    guest.sendRaw('{not json');
    expect(await guest.take(isClass('string'))).toMatchObject({ code: 400 });
    guest.send({ action: 'refreshSession', token: 't', tracingId: 'u1' });
    expect(await guest.take(isClass('string'))).toMatchObject({ code: 400, tracingId: 'u1' });
    guest.send({ action: 'configureSession', deploymentId });
    const missing = await guest.take(isClass('string'));
    expect(missing.code).toBe(4020);
    expect(missing.body).toContain('token');
    guest.close();
  });
});

describe('connections per session', () => {
  it('closes the oldest connection with ConnectionClosedEvent when a 4th one configures', async () => {
    const token = randomUUID();
    const guests = [];
    for (let i = 0; i < 3; i++) guests.push((await configuredGuest(guestUrl(), deploymentId, token)).guest);
    const oldestClosed = guests[0]!.closed();
    const fourth = await configuredGuest(guestUrl(), deploymentId, token);
    expect(await guests[0]!.take(isClass('ConnectionClosedEvent'))).toMatchObject({ type: 'message' });
    expect((await oldestClosed).code).toBe(1000);
    expect(await guests[1]!.quietFor(isClass('ConnectionClosedEvent'), 50)).toBe(true);
    for (const g of [...guests.slice(1), fourth.guest]) g.close();
  });

  it('closeSession closes the other connections and answers SessionResponse connected:false', async () => {
    const token = randomUUID();
    const a = await configuredGuest(guestUrl(), deploymentId, token);
    const b = await configuredGuest(guestUrl(), deploymentId, token);
    b.guest.send({ action: 'closeSession', token, closeAllConnections: true, tracingId: 'close-1' });
    expect(await b.guest.take(isClass('SessionResponse'))).toMatchObject({ tracingId: 'close-1', body: { connected: false } });
    expect(await a.guest.take(isClass('ConnectionClosedEvent'))).toBeTruthy();
    await a.guest.closed();
    b.guest.send({ action: 'getJwt', token });
    expect(await b.guest.take(isClass('string'))).toMatchObject({ code: 4007 });
    b.guest.close();
  });
});

describe('echo, getConfiguration and pings', () => {
  it('answers echo with a response StructuredMessage carrying the tracingId and session metadata', async () => {
    const token = randomUUID();
    const { guest } = await configuredGuest(guestUrl(), deploymentId, token);
    guest.send({ action: 'echo', token, tracingId: 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=', message: { type: 'Text', text: 'ping' } });
    const echo = await guest.take(isClass('StructuredMessage'));
    expect(echo).toMatchObject({ type: 'response', code: 200, tracingId: 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=', body: { text: 'ping', type: 'Text', direction: 'Inbound' } });
    expect(echo.body.metadata.durationSeconds).toMatch(/^\d+$/);
    expect(echo.body.metadata.expirationDate).toMatch(/^\d+$/);
    guest.close();
  });

  it('limits echo to 2 per minute per connection with TooManyRequestsErrorMessage', async () => {
    const token = randomUUID();
    const { guest } = await configuredGuest(guestUrl(), deploymentId, token);
    for (let i = 0; i < 3; i++) guest.send({ action: 'echo', token, tracingId: `e${i}`, message: { type: 'Text', text: 'ping' } });
    const limited = await guest.take(isClass('TooManyRequestsErrorMessage'));
    expect(limited).toMatchObject({ type: 'response', code: 429, tracingId: 'e2', body: { errorCode: 4029 } });
    expect(limited.body.retryAfter).toBeGreaterThanOrEqual(1);
    guest.close();
  });

  it('answers getConfiguration with the deployment limits', async () => {
    const token = randomUUID();
    const { guest } = await configuredGuest(guestUrl(), deploymentId, token);
    guest.send({ action: 'getConfiguration', token, deploymentId, tracingId: 'conf' });
    expect(await guest.take(isClass('GetConfigurationResponse'))).toMatchObject({
      tracingId: 'conf',
      body: { maxCustomDataBytes: 2048, messageRoutingEnabled: true, allowedMedia: { inbound: { maxFileSizeKB: 10240 } } },
    });
    guest.close();
  });

  it('answers RFC 6455 pings with pongs', async () => {
    const guest = await openGuest(guestUrl());
    const pong = new Promise<string>((resolve) => guest.ws.once('pong', (data) => resolve(data.toString())));
    guest.ws.ping('are-you-there');
    expect(await pong).toBe('are-you-there');
    guest.close();
  });
});

describe('session expiry', () => {
  it('sends SessionExpiredEvent after the inactivity TTL and then answers 4006', async () => {
    const fake = createFakeClock();
    const short = await createSandbox({ replyLatency: 'instant', clock: fake, limits: { sessionDurationSeconds: 60 }, scripts: { quiet: {} }, defaultAgentScript: 'quiet' });
    try {
      const url = `${short.wsUrl}/v1?deploymentId=${deploymentId}`;
      const token = randomUUID();
      const { guest, session } = await configuredGuest(url, deploymentId, token);
      expect(session.body.durationSeconds).toBe(60);
      fake.advance(30_000);
      guest.send({ action: 'onMessage', token, message: { type: 'Text', text: 'still here' } });
      await guest.take((f) => f.class === 'StructuredMessage' && f.body.direction === 'Inbound');
      fake.advance(59_000);
      expect(await guest.quietFor(isClass('SessionExpiredEvent'), 30)).toBe(true);
      fake.advance(1_000);
      expect(await guest.take(isClass('SessionExpiredEvent'))).toMatchObject({ code: 200, body: {} });
      guest.send({ action: 'onMessage', token, message: { type: 'Text', text: 'too late' } });
      expect(await guest.take(isClass('string'))).toMatchObject({ code: 4006 });
      const again = await openGuest(url);
      again.send({ action: 'configureSession', deploymentId, token });
      expect(await again.take(isClass('string'))).toMatchObject({ code: 4006 });
      guest.close();
      again.close();
    } finally {
      await short.close();
    }
  });
});
