// Receiving by webhook: one local HTTP server per profile that takes Genesys' outbound deliveries
// (spec §6). Each POST is verified on its raw bytes — `X-Hub-Signature-256` against the integration's
// webhook secret, compared in constant time — before anything else: a missing signature gets 401, a
// wrong one 403, and the attempt is recorded (per-profile log, plus a note on the guest it names).
// A good delivery is answered 200 at once, then dropped if its message id was seen before (Genesys
// retries with the same id), else handed to the guest whose customer id is `channel.to.id`.
// The same server serves hosted attachment files (HostedFiles). Genesys only delivers to a public
// HTTPS URL: a real org needs a tunnel in front of this address.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../../protocol/clock';
import { OpenNormalizedMessageSchema, type OpenNormalizedMessage } from '../../../protocol/openmessaging/normalized-message';
import { WEBHOOK_SIGNATURE_HEADER, verifyWebhookSignature } from '../../../protocol/openmessaging/webhook-signature';
import { PlatformError } from './platform-error';
import type { HostedFiles } from './hosted-files';
import type { WebhookAttemptRecord } from './open-messaging-guests';

export const WEBHOOK_PATH = '/openmessaging/webhook';
const MAX_BODY_BYTES = 1024 * 1024;
const SEEN_IDS_KEPT = 10_000;
const ATTEMPTS_KEPT = 200;

export type WebhookDelivery = OpenNormalizedMessage & { id: string };

export interface WebhookRecipient {
  deliver(message: WebhookDelivery): void;
  note(text: string): void;
}

export interface WebhookReceiverOptions {
  host: string;
  port: number;
  clock: Clock;
  /** The integration's webhook secret, read at each delivery (it may change in Profiles). */
  secret: () => string | undefined;
  files: HostedFiles;
}

export class WebhookReceiver {
  private server: Server | undefined;
  private starting: Promise<string> | undefined;
  private readonly recipients = new Map<string, WebhookRecipient>();
  private readonly seen = new Set<string>();
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
    const server = createServer((req, res) => void this.handle(req, res));
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
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (req.method === 'GET') return this.serveFile(url.pathname, res);
    if (url.pathname !== WEBHOOK_PATH) return answer(res, 404, 'Not a Guest Console path.');
    if (req.method !== 'POST') return answer(res, 405, 'POST only.');
    const raw = await readBody(req);
    if (raw === 'tooLarge') {
      this.record(413, 'rejected', 'body over 1 MiB');
      return answer(res, 413, 'Body too large.');
    }
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
      this.recipientNamedIn(raw)?.note(`rejected a webhook delivery (HTTP ${status}): ${why}`);
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
    answer(res, 200, '');
    if (this.seen.has(message.id)) {
      this.record(200, 'duplicate', `message ${message.id} again (a retried delivery); dropped`);
      return;
    }
    const recipient = this.recipients.get(message.channel.to.id);
    if (!recipient) {
      this.record(200, 'noGuest', `message ${message.id} for customer ${message.channel.to.id}, which no open guest uses`);
      return;
    }
    this.remember(message.id);
    this.record(200, 'delivered', `message ${message.id} (${message.type})`);
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

  private recipientNamedIn(raw: Buffer): WebhookRecipient | undefined {
    try {
      const to = (JSON.parse(raw.toString('utf8')) as { channel?: { to?: { id?: unknown } } }).channel?.to?.id;
      return typeof to === 'string' ? this.recipients.get(to) : undefined;
    } catch {
      return undefined;
    }
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > SEEN_IDS_KEPT) this.seen.delete(this.seen.values().next().value as string);
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

function readBody(req: IncomingMessage): Promise<Buffer | 'tooLarge'> {
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
    req.on('error', () => resolve(Buffer.alloc(0)));
  });
}
