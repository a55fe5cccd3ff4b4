// The sandbox's front door, over raw TCP: a request addressed to another host (DNS rebinding) or from a web
// page (an Origin header) on the control API, OAuth and the Platform API is refused before any work; a
// malformed request line, target, header or percent-encoding on the HTTP server, the WebSocket upgrade and
// the control API gets a 400 (in the Genesys error shape; the control API's routes use their own), and the
// sandbox keeps serving; slow headers and bodies are cut. The embedded sandbox answers only its own random
// credentials, never the published demo ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../../electron/sandbox';
import { DEMO_ORG } from '../../../electron/sandbox/demo-org';
import { rawExchange, slowClient, type RawAnswer } from '../../support/raw-http';
import { makeTempDir } from '../../support/temp-dir';
import { openGuest } from './guest-wire';

let sandbox: Sandbox;
let port: number;

beforeAll(async () => {
  sandbox = await createSandbox({ replyLatency: 'instant', autoStart: false, httpLimits: { headersTimeoutMs: 400, requestTimeoutMs: 600 } });
  port = Number(new URL(sandbox.baseUrl).port);
});
afterAll(() => sandbox.close());

const basic = (org: { clientId: string; clientSecret: string }) => Buffer.from(`${org.clientId}:${org.clientSecret}`).toString('base64');
const tokenRequest = (host: string, extra = '', org: { clientId: string; clientSecret: string } = sandbox.org) =>
  `POST /oauth/token HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Basic ${basic(org)}\r\nContent-Type: application/x-www-form-urlencoded\r\n${extra}` +
  `Content-Length: 29\r\nConnection: close\r\n\r\ngrant_type=client_credentials`;
const get = (target: string, headers = '') => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${headers}Connection: close\r\n\r\n`;
const upgrade = (target: string, headers = '') =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${headers}\r\n`;

function genesysError(answer: RawAnswer): { code: string; status: number; message: string } {
  return JSON.parse(answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4)) as { code: string; status: number; message: string };
}

async function stillServes(): Promise<void> {
  const answer = await rawExchange(port, get('/'));
  expect(answer.status).toBe(200);
}

describe('the sandbox front door', () => {
  it('answers only requests addressed to itself: a DNS-rebinding Host gets 403 before any work, on HTTP and the upgrade', async () => {
    expect((await rawExchange(port, tokenRequest(`127.0.0.1:${port}`))).status).toBe(200);
    expect((await rawExchange(port, tokenRequest(`localhost:${port}`))).status).toBe(200);
    for (const host of [`rebind.example:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`]) {
      const refused = await rawExchange(port, tokenRequest(host));
      expect(refused.status, host).toBe(403);
      expect(genesysError(refused)).toMatchObject({ code: 'forbidden', status: 403 });
      expect(refused.text).not.toContain('access_token');
    }
    const rebound = await rawExchange(port, upgrade(`/v1?deploymentId=${sandbox.org.deploymentId}`).replace(`Host: 127.0.0.1:${port}`, `Host: rebind.example:${port}`));
    expect(rebound.status).toBe(403);
    expect((await rawExchange(port, `GET / HTTP/1.0\r\n\r\n`)).status).toBe(400);
    await stillServes();
  });

  it('refuses any request with an Origin header on the control API, OAuth and the Platform API; the Guest API keeps its own rule', async () => {
    const origin = 'Origin: https://page.example\r\n';
    expect((await rawExchange(port, tokenRequest(`127.0.0.1:${port}`, origin))).status).toBe(403);
    expect((await rawExchange(port, tokenRequest(`127.0.0.1:${port}`, 'Origin: null\r\n'))).status).toBe(403);
    expect((await rawExchange(port, get('/sandbox/control/faults', `Authorization: Bearer ${sandbox.controlToken}\r\n${origin}`))).status).toBe(403);
    expect((await rawExchange(port, get('/sandbox/control/faults', `Authorization: Bearer ${sandbox.controlToken}\r\n`))).status).toBe(200);
    expect((await rawExchange(port, get('/api/v2/conversations/messaging/integrations/open', origin))).status).toBe(403);
    // the Guest API: the messenger's REST paths and the socket still take an Origin (the deployment decides)
    expect((await rawExchange(port, get(`/webdeployments/v1/deployments/${sandbox.org.deploymentId}/config.json`, origin))).status).toBe(200);
    const guest = await openGuest(sandbox.guestUrl, { Origin: 'https://page.example' });
    guest.close();
  });

  it('answers a malformed target or percent-encoding with 400 in the Genesys shape, on every part of the server, and keeps serving', async () => {
    const token = JSON.parse((await rawExchange(port, tokenRequest(`127.0.0.1:${port}`))).text.split('\r\n\r\n')[1]!) as { access_token: string };
    const bearer = `Authorization: Bearer ${token.access_token}\r\n`;
    const controlBearer = `Authorization: Bearer ${sandbox.controlToken}\r\n`;
    const cases: [string, string][] = [
      ['absolute-form, bad port', get('http://a:99999/')],
      ['absolute-form, upgrade', upgrade('http://a:99999/v1')],
      ['absolute-form, control', get(`http://127.0.0.1:${port}/sandbox/control/faults`, controlBearer)],
      ['asterisk-form', get('*')],
      ['protocol-relative', get('//evil.example/x')],
      ['Platform API path', get('/api/v2/conversations/messages/%c0', bearer)],
      ['download path', get('/api/v2/downloads/%c0%af')],
      ['upload path', `PUT /uploads/v1/% HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx`],
    ];
    for (const [what, request] of cases) {
      const answer = await rawExchange(port, request);
      expect(answer.status, what).toBe(400);
      expect(genesysError(answer), what).toMatchObject({ code: 'bad.request', status: 400 });
    }
    // the control API words its own errors as {error: {kind, message}}
    const control = await rawExchange(port, get('/sandbox/control/conversations/%E0%A4%A', controlBearer));
    expect(control.status).toBe(400);
    expect(JSON.parse(control.text.split('\r\n\r\n')[1]!)).toMatchObject({ error: { kind: 'InvalidRequest' } });
    for (const garbage of ['GARBAGE\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', `GET /${'a'.repeat(20_000)} HTTP/1.1\r\n\r\n`]) {
      const answer = await rawExchange(port, garbage);
      expect([400, 431]).toContain(answer.status);
      expect(genesysError(answer).status).toBe(answer.status);
    }
    expect((await rawExchange(port, upgrade('/nowhere'))).status).toBe(404);
    expect((await rawExchange(port, upgrade('/v1'))).status).toBe(400);
    await stillServes();
  });

  it('cuts slow headers and a slow body with 408 while a guest stays connected', async () => {
    const guest = await openGuest(sandbox.guestUrl);
    const headers = slowClient(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: 11111111111111111111\r\n', 50);
    const body = slowClient(port, `POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 500\r\n\r\ng`, 'r'.repeat(499), 50);
    const [slowHeaders, slowBody] = await Promise.all([headers.closed, body.closed]);
    expect([slowHeaders.status, slowBody.status]).toEqual([408, 408]);
    expect(Math.max(slowHeaders.afterMs, slowBody.afterMs)).toBeLessThan(3000);
    guest.send({ action: 'echo', message: { text: 'still here', type: 'Text' } });
    expect((await guest.take((f) => f.body?.text === 'still here')).code).toBe(200);
    guest.close();
    await stillServes();
  });
});

describe('the embedded sandbox', () => {
  it('uses its data folder’s random OAuth client and webhook secret, and refuses the published demo ones', async () => {
    const data = makeTempDir('guest-console-embedded-');
    const embedded = await createSandbox({ replyLatency: 'instant', autoStart: false, credentialsDirectory: data.path });
    try {
      const own = Number(new URL(embedded.baseUrl).port);
      expect(embedded.org.clientSecret).not.toBe(DEMO_ORG.clientSecret);
      expect(embedded.org.webhookSecret).not.toBe(DEMO_ORG.webhookSecret);
      expect(embedded.org.clientId).not.toBe(DEMO_ORG.clientId);
      const ask = (org: { clientId: string; clientSecret: string }) =>
        rawExchange(own, tokenRequest(`127.0.0.1:${own}`, '', org).replace(/Host: [^\r]+/, `Host: 127.0.0.1:${own}`));
      expect((await ask(DEMO_ORG)).status).toBe(401);
      expect((await ask(embedded.org)).status).toBe(200);
    } finally {
      await embedded.close();
      data.remove();
    }
  });
});
