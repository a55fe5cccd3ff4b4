// Guest API attachments (onAttachment → PUT → UploadSuccessEvent → message → download), attachment error
// codes, getJwt + history paging newest-first, the deployment config JSON, and authenticated sessions
// with a code minted by the control API — all over real loopback HTTP and WebSocket.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../../electron/sandbox';
import { createFakeClock, type FakeClock } from './openmessaging-harness';
import { configuredGuest, inbound, isClass, openGuest, outboundText, type GuestWire } from './guest-wire';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let sandbox: Sandbox;
let clock: FakeClock;
let deploymentId: string;
let url: string;

beforeAll(async () => {
  clock = createFakeClock();
  sandbox = await createSandbox({ replyLatency: 'instant', clock, limits: { messagesPerSecond: 100 } });
  deploymentId = sandbox.org.deploymentId;
  url = `${sandbox.wsUrl}/v1?deploymentId=${deploymentId}`;
});
afterAll(() => sandbox.close());

async function guest(): Promise<{ guest: GuestWire; token: string }> {
  const token = randomUUID();
  const { guest: g } = await configuredGuest(url, deploymentId, token);
  return { guest: g, token };
}

async function upload(g: GuestWire, token: string, fileName = 'pixel.png', bytes = PNG) {
  g.send({ action: 'onAttachment', token, fileName, fileType: 'image/png', fileSize: bytes.length, tracingId: `att-${fileName}` });
  const presigned = await g.take(isClass('PresignedUrlResponse'), 'PresignedUrlResponse');
  const put = await fetch(presigned.body.url, { method: 'PUT', headers: { ...presigned.body.headers, 'Content-Type': 'image/png' }, body: bytes });
  return { presigned, put };
}

describe('attachment upload and download', () => {
  it('uploads through the pre-signed URL, sends the attachment in a message, and downloads the same bytes', async () => {
    const { guest: g, token } = await guest();
    const { presigned, put } = await upload(g, token);
    expect(presigned).toMatchObject({ type: 'response', code: 200, tracingId: 'att-pixel.png' });
    expect(presigned.body.headers['x-amz-tagging']).toMatch(/organizationId=.*&originPlatform=PureCloud/);
    expect(put.status).toBe(200);
    const success = await g.take(isClass('UploadSuccessEvent'));
    expect(success.body.attachmentId).toBe(presigned.body.attachmentId);
    g.send({ action: 'onMessage', token, tracingId: 'with-file', message: { type: 'Text', text: 'my file', content: [{ contentType: 'Attachment', attachment: { id: presigned.body.attachmentId } }] } });
    const echo = await g.take(inbound);
    expect(echo.body.content[0].attachment).toMatchObject({ id: presigned.body.attachmentId, filename: 'pixel.png', mediaType: 'Image', mime: 'image/png', url: success.body.downloadUrl });
    await g.take(outboundText('Thanks, I received your file.'));
    const download = await fetch(success.body.downloadUrl);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);

    g.send({ action: 'getAttachment', token, attachmentId: presigned.body.attachmentId, tracingId: 'refresh' });
    const refreshed = await g.take(isClass('PresignedUrlResponse'));
    expect(refreshed).toMatchObject({ tracingId: 'refresh', body: { headers: {}, url: success.body.downloadUrl, fileName: 'pixel.png', fileSize: PNG.length } });
    g.send({ action: 'deleteAttachment', token, attachmentId: presigned.body.attachmentId });
    expect(await g.take(isClass('string'))).toMatchObject({ code: 400 });
    g.close();
  });

  it('deletes an uploaded attachment that was not sent', async () => {
    const { guest: g, token } = await guest();
    const { presigned } = await upload(g, token);
    await g.take(isClass('UploadSuccessEvent'));
    g.send({ action: 'deleteAttachment', token, attachmentId: presigned.body.attachmentId, tracingId: 'del' });
    expect(await g.take(isClass('AttachmentDeletedResponse'))).toMatchObject({ tracingId: 'del', body: { attachmentId: presigned.body.attachmentId } });
    g.send({ action: 'getAttachment', token, attachmentId: presigned.body.attachmentId });
    expect(await g.take(isClass('string'))).toMatchObject({ code: 4009 });
    g.close();
  });

  it('uses the client-chosen attachmentId when given', async () => {
    const { guest: g, token } = await guest();
    const attachmentId = randomUUID();
    g.send({ action: 'onAttachment', token, attachmentId, fileName: 'a.txt', fileType: 'text/plain', fileSize: 3, errorsAsJson: true });
    expect((await g.take(isClass('PresignedUrlResponse'))).body.attachmentId).toBe(attachmentId);
    g.close();
  });

  it('refuses a PUT without the x-amz-tagging header (403) and reports an empty file with UploadFailureEvent 4003', async () => {
    const { guest: g, token } = await guest();
    g.send({ action: 'onAttachment', token, fileName: 'empty.txt', fileType: 'text/plain', fileSize: 0 });
    const presigned = await g.take(isClass('PresignedUrlResponse'));
    expect((await fetch(presigned.body.url, { method: 'PUT', body: 'x' })).status).toBe(403);
    const tampered = presigned.body.url.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=00');
    expect((await fetch(tampered, { method: 'PUT', headers: presigned.body.headers, body: 'x' })).status).toBe(403);
    expect((await fetch(presigned.body.url, { method: 'PUT', headers: presigned.body.headers, body: '' })).status).toBe(200);
    const failure = await g.take(isClass('UploadFailureEvent'));
    expect(failure.body).toMatchObject({ attachmentId: presigned.body.attachmentId, errorCode: 4003 });
    g.close();
  });

  it('answers GenerateUrlError 4001/4002/4004/4005 for a blocked type, too large, empty and too long file names', async () => {
    const { guest: g, token } = await guest();
    const cases: Array<[object, number]> = [
      [{ fileName: 'setup.exe', fileType: 'application/octet-stream', fileSize: 10 }, 4001],
      [{ fileName: 'huge.png', fileType: 'image/png', fileSize: 10240 * 1000 + 1 }, 4002],
      [{ fileName: '', fileType: 'image/png', fileSize: 10 }, 4004],
      [{ fileName: `${'n'.repeat(1024)}.png`, fileType: 'image/png', fileSize: 10 }, 4005],
    ];
    for (const [fields, errorCode] of cases) {
      g.send({ action: 'onAttachment', token, ...fields });
      const refused = await g.take(isClass('GenerateUrlError'));
      expect(refused.code).toBeGreaterThanOrEqual(400);
      expect(refused.body.errorCode).toBe(errorCode);
    }
    g.close();
  });

  it('refuses messages naming an unknown (4009) or not-yet-uploaded (4010) attachment', async () => {
    const { guest: g, token } = await guest();
    g.send({ action: 'onMessage', token, message: { type: 'Text', text: 'x', content: [{ contentType: 'Attachment', attachment: { id: randomUUID() } }] } });
    expect(await g.take(isClass('string'))).toMatchObject({ code: 4009 });
    g.send({ action: 'onAttachment', token, fileName: 'later.png', fileType: 'image/png', fileSize: 10 });
    const presigned = await g.take(isClass('PresignedUrlResponse'));
    g.send({ action: 'onMessage', token, message: { type: 'Text', text: 'x', content: [{ contentType: 'Attachment', attachment: { id: presigned.body.attachmentId } }] } });
    expect(await g.take(isClass('string'))).toMatchObject({ code: 4010 });
    g.send({ action: 'getAttachment', token, attachmentId: presigned.body.attachmentId });
    expect(await g.take(isClass('string'))).toMatchObject({ code: 4010 });
    g.close();
  });

  it('serves an agent attachment from /api/v2/downloads/<id>', async () => {
    const { guest: g, token } = await guest();
    g.send({ action: 'onMessage', token, message: { type: 'Text', text: 'file' } });
    const reply = await g.take((f) => f.body?.content?.[0]?.contentType === 'Attachment' && f.body.direction === 'Outbound', 'agent attachment');
    const attachment = reply.body.content[0].attachment;
    expect(attachment.url).toBe(`${sandbox.baseUrl}/api/v2/downloads/${attachment.id}`);
    const body = await (await fetch(attachment.url)).text();
    expect(body).toContain('Sandbox price list');
    expect((await fetch(`${sandbox.baseUrl}/api/v2/downloads/${randomUUID()}`)).status).toBe(404);
    g.close();
  });
});

describe('getJwt and history', () => {
  it('pages history newest first with the session JWT', async () => {
    const { guest: g, token } = await guest();
    for (let i = 1; i <= 5; i++) {
      g.send({ action: 'onMessage', token, message: { type: 'Text', text: `echo m${i}` } });
      await g.take(outboundText(`m${i}`));
      clock.advance(1_000);
    }
    g.send({ action: 'getJwt', token, tracingId: 'jwt' });
    const jwt = await g.take(isClass('JwtResponse'));
    expect(jwt.tracingId).toBe('jwt');
    expect(jwt.body.exp).toBeGreaterThan(Math.floor(clock.now() / 1000));
    const auth = { Authorization: `Bearer ${jwt.body.jwt}` };
    const page1 = await (await fetch(`${sandbox.baseUrl}/api/v2/webmessaging/messages?pageSize=4&pageNumber=1`, { headers: auth })).json();
    expect(page1).toMatchObject({ pageSize: 4, pageNumber: 1, total: 10, pageCount: 3 });
    expect(page1.entities.map((e: { text: string }) => e.text)).toEqual(['m5', 'echo m5', 'm4', 'echo m4']);
    expect(page1.entities[0]).toMatchObject({ direction: 'Outbound', originatingEntity: 'Bot', type: 'Text' });
    const page3 = await (await fetch(`${sandbox.baseUrl}/api/v2/webmessaging/messages?pageSize=4&pageNumber=3`, { headers: auth })).json();
    expect(page3.entities.map((e: { text: string }) => e.text)).toEqual(['m1', 'echo m1']);
    const defaults = await (await fetch(`${sandbox.baseUrl}/api/v2/webmessaging/messages`, { headers: auth })).json();
    expect(defaults).toMatchObject({ pageSize: 25, pageNumber: 1, total: 10 });
    g.close();
  });

  it('answers 401 without, or with a forged, bearer JWT', async () => {
    expect((await fetch(`${sandbox.baseUrl}/api/v2/webmessaging/messages`)).status).toBe(401);
    const forged = await fetch(`${sandbox.baseUrl}/api/v2/webmessaging/messages`, { headers: { Authorization: 'Bearer a.b.c' } });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ status: 401, code: 'bad.credentials' });
  });

  it('limits history reads to 10 per minute per session (429 with Retry-After)', async () => {
    const { guest: g, token } = await guest();
    g.send({ action: 'getJwt', token });
    const jwt = await g.take(isClass('JwtResponse'));
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 11; i++) {
      const res = await fetch(`${sandbox.baseUrl}/api/v2/webmessaging/messages`, { headers: { Authorization: `Bearer ${jwt.body.jwt}` } });
      statuses.push(res.status);
      retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    g.close();
  });
});

describe('deployment configuration', () => {
  it('serves config.json with the messaging endpoint, and 404 for another deployment', async () => {
    const config = await (await fetch(`${sandbox.baseUrl}/webdeployments/v1/deployments/${deploymentId}/config.json`)).json();
    expect(config).toMatchObject({ id: deploymentId, status: 'Active', apiEndpoint: sandbox.baseUrl, messenger: { apps: { conversations: { messagingEndpoint: sandbox.wsUrl } } } });
    expect((await fetch(`${sandbox.baseUrl}/webdeployments/v1/deployments/${randomUUID()}/config.json`)).status).toBe(404);
  });
});

describe('authenticated sessions', () => {
  async function exchange(code: string) {
    return fetch(`${sandbox.baseUrl}/api/v2/webdeployments/token/oauthcodegrantjwtexchange`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ deploymentId, oauth: { code, redirectUri: 'https://app.example.com/callback' } }),
    });
  }

  it('exchanges a control-minted code for a JWT and configures an authenticated session; downgrade is 4017', async () => {
    const minted = await fetch(`${sandbox.baseUrl}/sandbox/control/auth-codes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sandbox.controlToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ subject: 'user-1', name: 'Robin' }),
    });
    const { code } = await minted.json();
    const exchanged = await exchange(code);
    expect(exchanged.status).toBe(200);
    const { jwt, refreshToken } = await exchanged.json();
    expect((await exchange(code)).status).toBe(400);

    const token = randomUUID();
    const g = await openGuest(url);
    g.send({ action: 'configureAuthenticatedSession', token, deploymentId, data: { code: jwt }, tracingId: 'auth' });
    expect(await g.take(isClass('SessionResponse'))).toMatchObject({ tracingId: 'auth', body: { connected: true, newSession: true } });
    g.send({ action: 'configureSession', token, deploymentId });
    expect(await g.take(isClass('string'))).toMatchObject({ code: 4017 });

    const refreshed = await fetch(`${sandbox.baseUrl}/api/v2/webdeployments/token/refresh`, { method: 'POST', body: JSON.stringify({ refreshToken }) });
    expect(refreshed.status).toBe(200);
    const revoke = await fetch(`${sandbox.baseUrl}/api/v2/webdeployments/token/revoke`, { method: 'DELETE', headers: { Authorization: `Bearer ${jwt}` } });
    expect(revoke.status).toBe(204);
    await g.take(isClass('LogoutEvent'));
    g.close();
  });

  it('refuses a bad authentication JWT with 403 "Session authentication failed"', async () => {
    const g = await openGuest(url);
    g.send({ action: 'configureAuthenticatedSession', token: randomUUID(), deploymentId, data: { code: 'not-a-jwt' } });
    const refused = await g.take(isClass('string'));
    expect(refused.code).toBe(403);
    expect(refused.body).toMatch(/^Session authentication failed/);
    g.close();
  });
});
