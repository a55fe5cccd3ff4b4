// Receiving by webhook: one local HTTP server per profile that takes Genesys' outbound deliveries
// (spec §6). Each POST is verified on its raw bytes — `X-Hub-Signature-256` against the integration's
// webhook secret, compared in constant time — before anything else: a missing signature gets 401, a
// wrong one 403, and the attempt is recorded in the receiver's own log only (an unsigned post could name
// any guest; it must not write into that guest's inspector). A delivery whose `channel.time` is outside
// the replay window is refused (400); a good one is answered 200 at once, then dropped if its message id
// was handed on before (Genesys retries with the same id; the ids are kept on disk), else handed to the
// guest whose customer id is `channel.to.id`. The same server serves hosted attachment files
// (HostedFiles). Genesys only delivers to a public HTTPS URL: a real org needs a tunnel in front of this
// address, which is why there is no Host check here (a tunnel forwards its public name); a malformed
// request gets 400, and slow, oversized and too many connections are bounded (RECEIVER_HTTP_LIMITS).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../../protocol/clock';
import { createGuardedServer, type HttpServerLimits } from '../../../protocol/http/guarded-server';
import { parseRequestTarget } from '../../../protocol/http/request-target';
import { OpenNormalizedMessageSchema, type OpenNormalizedMessage } from '../../../protocol/openmessaging/normalized-message';
import { WEBHOOK_SIGNATURE_HEADER, verifyWebhookSignature } from '../../../protocol/openmessaging/webhook-signature';
import { PlatformError } from './platform-error';
import type { HostedFiles } from './hosted-files';
import type { WebhookAttemptRecord } from './open-messaging-guests';
import type { WebhookReplayGuard } from './webhook-replay-guard';

export const WEBHOOK_PATH = '/openmessaging/webhook';
const MAX_BODY_BYTES = 1024 * 1024;
const ATTEMPTS_KEPT = 200;

/** Genesys gives an attempt about 10 s and delivers one message of a conversation at a time: a delivery slower
 *  than 15 s is not one, and 256 connections leave room for 256 conversations mid-delivery. */
export const RECEIVER_HTTP_LIMITS: HttpServerLimits = {
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 256,
};

export type WebhookDelivery = OpenNormalizedMessage & { id: string };

export interface WebhookRecipient {
  deliver(message: WebhookDelivery): void;
}

export interface WebhookReceiverOptions {
  host: string;
  port: number;
  clock: Clock;
  /** The integration's webhook secret, read at each delivery (it may change in Profiles). */
  secret: () => string | undefined;
  files: HostedFiles;
  /** The profile's seen delivery ids and age window (shared by the receivers a profile has over time). */
  replays: WebhookReplayGuard;
  /** Unspecified ones keep RECEIVER_HTTP_LIMITS. */
  limits?: Partial<HttpServerLimits>;
}

export class WebhookReceiver {
  private server: Server | undefined;
  private starting: Promise<string> | undefined;
  private readonly recipients = new Map<string, WebhookRecipient>();
  private readonly attempts: WebhookAttemptRecord[] = [];
  private baseUrl = '';

  constructor(private readonly options: WebhookReceiverOptions) {}

  get settings(): { host: string; port: number } {
    return { host: this.options.host, port: this.options.port };
  }

  /** Listen (once) and return the webhook URL to register on the integration. */
  start(): Promise<string> {
    this.starting ??= this.listen().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  /** The address files are served from (after start). */
  fileUrl(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  register(customerId: string, recipient: WebhookRecipient): void {
    this.recipients.set(customerId, recipient);
  }

  unregister(customerId: string, recipient: WebhookRecipient): void {
    if (this.recipients.get(customerId) === recipient) this.recipients.delete(customerId);
  }

  /** The latest delivery attempts, newest last (rejected ones included). */
  recentAttempts(): WebhookAttemptRecord[] {
    return [...this.attempts];
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.starting = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async listen(): Promise<string> {
    const refusal = (_status: number, message: string) => ({ contentType: 'text/plain; charset=utf-8', body: message });
    const server = createGuardedServer({ ...RECEIVER_HTTP_LIMITS, ...this.options.limits }, refusal, (req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.record(500, 'rejected', `the receiver failed on this request: ${(error as Error).message}`);
        if (!res.headersSent) answer(res, 500, 'The receiver failed on this request.');
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (cause: NodeJS.ErrnoException) =>
        reject(
          new PlatformError(
            'NotConfigured',
            `The webhook receiver could not listen on ${this.options.host}:${this.options.port} (${cause.code ?? cause.message}). Choose another host or port in the profile (0 = any free port).`,
          ),
        ),
      );
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    this.baseUrl = `http://${host}:${port}`;
    return `${this.baseUrl}${WEBHOOK_PATH}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseRequestTarget(req.url);
    if (!url) return answer(res, 400, 'The request target must be a path such as /openmessaging/webhook.');
    if (req.method === 'GET') return this.serveFile(url.pathname, res);
    if (url.pathname !== WEBHOOK_PATH) return answer(res, 404, 'Not a Guest Console path.');
    if (req.method !== 'POST') return answer(res, 405, 'POST only.');
    const raw = await readBody(req);
    if (raw === 'tooLarge') {
      this.record(413, 'rejected', 'body over 1 MiB');
      return answer(res, 413, 'Body too large.');
    }
    if (raw === 'cutOff') return this.record(408, 'rejected', 'the body did not arrive in full (the sender stopped, or was slower than the time limit)');
    const secret = this.options.secret();
    const signature = req.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()];
    if (!secret || signature === undefined || !verifyWebhookSignature(secret, raw, signature)) {
      const status = !secret || signature === undefined ? 401 : 403;
      const why = !secret
        ? 'no webhook secret is set in this profile'
        : signature === undefined
          ? `no ${WEBHOOK_SIGNATURE_HEADER} header`
          : `the ${WEBHOOK_SIGNATURE_HEADER} signature does not match the webhook secret`;
      this.record(status, 'rejected', why);
      return answer(res, status, 'Signature required and must match.');
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      this.record(400, 'rejected', 'signed, but not JSON');
      return answer(res, 400, 'Body must be JSON.');
    }
    const parsed = OpenNormalizedMessageSchema.safeParse(json);
    if (!parsed.success || !parsed.data.id) {
      const issue = parsed.success ? 'no message id' : `${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`;
      this.record(400, 'rejected', `signed, but not an Open Messaging message (${issue})`);
      return answer(res, 400, 'Body must be an OpenNormalizedMessage.');
    }
    const message = parsed.data as WebhookDelivery;
    const verdict = this.options.replays.judge(message.id, message.channel.time);
    if (verdict.kind === 'outOfWindow') {
      const minutes = Math.round(Math.abs(verdict.offMs) / 60_000);
      const side = verdict.offMs > 0 ? 'old' : 'in the future';
      this.record(400, 'rejected', `message ${message.id} is dated ${message.channel.time}, ${minutes} min ${side} by this computer's clock: a replay, or a clock that is off; refused`);
      return answer(res, 400, 'The delivery is outside the replay window (channel.time).');
    }
    answer(res, 200, '');
    if (verdict.kind === 'seen') {
      this.record(200, 'duplicate', `message ${message.id} again (a retried delivery); dropped`);
      return;
    }
    const recipient = this.recipients.get(message.channel.to.id);
    if (!recipient) {
      this.record(200, 'noGuest', `message ${message.id} for customer ${message.channel.to.id}, which no open guest uses`);
      return;
    }
    const notKept = this.options.replays.remember(message.id, message.channel.time);
    this.record(200, 'delivered', `message ${message.id} (${message.type})${notKept ? `; ${notKept}` : ''}`);
    recipient.deliver(message);
  }

  private serveFile(pathname: string, res: ServerResponse): void {
    const file = this.options.files.find(pathname);
    if (!file) return answer(res, 404, 'No such file.');
    res.writeHead(200, {
      'Content-Type': file.mime,
      'Content-Length': String(file.bytes.byteLength),
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'Cache-Control': 'no-store',
    });
    res.end(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
  }

  private record(status: number, outcome: WebhookAttemptRecord['outcome'], detail: string): void {
    this.attempts.push({ time: new Date(this.options.clock.now()).toISOString(), status, outcome, detail });
    if (this.attempts.length > ATTEMPTS_KEPT) this.attempts.shift();
  }
}

function answer(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** The body, or why there is none: over the size limit, or cut off (the sender stopped, or took longer than the limit). */
function readBody(req: IncomingMessage): Promise<Buffer | 'tooLarge' | 'cutOff'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'tooLarge' : Buffer.concat(chunks)));
    req.on('error', () => resolve('cutOff'));
  });
}
