// The webhook receiver against clients no Genesys delivery looks like: malformed request lines, targets,
// headers and percent-encodings (400, and it keeps serving), slow headers and bodies (cut with 408), a
// header block too large (431) and more connections than its cap (closed at accept). Short limits here so
// the slow cases take under a second; RECEIVER_HTTP_LIMITS holds the real ones.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/protocol/clock';
import { signWebhookBody, WEBHOOK_SIGNATURE_HEADER } from '../../electron/protocol/openmessaging/webhook-signature';
import { HostedFiles } from '../../electron/engine/genesys/openmessaging/hosted-files';
import { WEBHOOK_PATH, WebhookReceiver } from '../../electron/engine/genesys/openmessaging/webhook-receiver';
import { WebhookReplayGuard } from '../../electron/engine/genesys/openmessaging/webhook-replay-guard';
import { rawExchange, slowClient } from '../support/raw-http';

const SECRET = 'limits-test-webhook-secret';
const CAP = 6;
let receiver: WebhookReceiver;
let port: number;

beforeEach(async () => {
  receiver = new WebhookReceiver({
    host: '127.0.0.1',
    port: 0,
    clock: systemClock,
    secret: () => SECRET,
    files: new HostedFiles(),
    replays: new WebhookReplayGuard({ clock: systemClock }),
    limits: { headersTimeoutMs: 400, requestTimeoutMs: 600, maxConnections: CAP },
  });
  port = Number(new URL(await receiver.start()).port);
});
afterEach(() => receiver.close());

function signedDelivery(id: string): string {
  const body = JSON.stringify({
    id,
    channel: { id: 'i', platform: 'Open', type: 'Private', to: { id: 'nobody' }, from: { id: 'i' }, time: new Date().toISOString() },
    type: 'Text',
    text: 'hello',
    direction: 'Outbound',
  });
  return (
    `POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
    `${WEBHOOK_SIGNATURE_HEADER}: ${signWebhookBody(SECRET, body)}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

const stillServes = async (id: string) => expect((await rawExchange(port, signedDelivery(id))).status).toBe(200);

describe('the webhook receiver against hostile clients', () => {
  it('answers a malformed request line, target, header or percent-encoding with 400 and keeps serving', async () => {
    const malformed = [
      'GET http://a:99999/ HTTP/1.1\r\nHost: a\r\n\r\n',
      `POST http://a:99999${WEBHOOK_PATH} HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}`,
      'GET * HTTP/1.1\r\nHost: a\r\n\r\n',
      'GET //evil.example/x HTTP/1.1\r\nHost: a\r\n\r\n',
      'CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: a\r\n\r\n',
      '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n',
      'GET / HTTP/1.1\r\nHo st: a\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: a\r\nX-Bad: \x00\r\n\r\n',
      `POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
      `POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
    ];
    for (const request of malformed) {
      const answer = await rawExchange(port, request);
      expect(answer.status === 400 || (answer.status === undefined && answer.closedByServer), JSON.stringify(request)).toBe(true);
    }
    // a bad percent-encoding is only a path that names no file
    expect((await rawExchange(port, 'GET /openmessaging/files/%c0/%zz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')).status).toBe(404);
    await stillServes('after-malformed');
    expect(receiver.recentAttempts().at(-1)).toMatchObject({ status: 200, outcome: 'noGuest' });
  });

  it('cuts slow headers and a slow body with 408, and keeps serving meanwhile', async () => {
    const headers = slowClient(port, `POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: a\r\n`, 'X-Slow: 1111111111111111111111\r\n', 50);
    const body = slowClient(port, `POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n{`, '"'.repeat(999), 50);
    await stillServes('during-slow');
    const [slowHeaders, slowBody] = await Promise.all([headers.closed, body.closed]);
    expect(slowHeaders.status).toBe(408);
    expect(slowBody.status).toBe(408);
    expect(slowHeaders.afterMs).toBeLessThan(3000);
    expect(slowBody.afterMs).toBeLessThan(3000);
    await stillServes('after-slow');
    expect(receiver.recentAttempts().map((a) => a.status)).toEqual([200, 408, 200]);
  });

  it('answers a header block over its limit with 431', async () => {
    const answer = await rawExchange(port, `GET / HTTP/1.1\r\nHost: a\r\nX-Huge: ${'h'.repeat(20 * 1024)}\r\n\r\n`);
    expect(answer.status).toBe(431);
    await stillServes('after-huge');
  });

  it('closes connections over its cap at once, and serves again when they are gone', async () => {
    const hogs = Array.from({ length: CAP }, () => slowClient(port, 'GET / HTTP/1.1\r\n', 'H'.repeat(100), 100));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await rawExchange(port, signedDelivery('over-the-cap'), { timeoutMs: 1000 });
    expect(refused).toMatchObject({ status: undefined, closedByServer: true });
    for (const hog of hogs) hog.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stillServes('after-the-cap');
  });
});
