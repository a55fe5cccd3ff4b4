// Outbound webhook delivery as Genesys does it: POST the OpenNormalizedMessage JSON to the
// integration's webhook, signed with `X-Hub-Signature-256`, retried with the SAME body (same message
// id) while the receiver fails or answers non-2xx. Deliveries of one conversation go out one at a
// time, in order; a message that exhausts its attempts is dropped and the next one proceeds.
// Retry delays run on the injected Clock; the HTTP exchange itself is real network I/O. In hostile mode
// junk posts (bad signatures, malformed bodies, replays) follow some deliveries.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Clock, TimerHandle } from '../../protocol/clock';
import type { OpenNormalizedMessage } from '../../protocol/openmessaging/normalized-message';
import { WEBHOOK_SIGNATURE_HEADER, signWebhookBody } from '../../protocol/openmessaging/webhook-signature';
import type { Faults } from '../faults';
import { hostileWebhookPosts } from '../hostile/hostile-webhook-bodies';

/** Delays before attempts 2…5: 5 attempts over about 85 s, like Genesys' documented "about 5 over ~85 s". */
export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [5_000, 10_000, 20_000, 50_000];
const ATTEMPT_TIMEOUT_MS = 10_000;

export interface WebhookTarget {
  url: string;
  secret: string;
  headers: Record<string, string>;
}

export type WebhookAttemptResult = { ok: true; status: number } | { ok: false; reason: string };

/** One HTTP POST of an already-signed body. Injected so tests could swap the network. */
export type WebhookSender = (url: string, headers: Record<string, string>, body: string, signal: AbortSignal) => Promise<WebhookAttemptResult>;

export interface WebhookDelivery {
  /**
   * Queue `message` behind earlier deliveries with the same `orderKey` (the conversation id).
   * `target` is read at each attempt, so a webhook URL or secret changed meanwhile applies to retries;
   * null (integration deleted) or an empty URL drops the delivery.
   */
  enqueue(orderKey: string, message: OpenNormalizedMessage, target: () => WebhookTarget | null): void;
  close(): void;
}

export const postOverHttp: WebhookSender = (url, headers, body, signal) =>
  new Promise((resolve) => {
    const parsed = new URL(url);
    const send = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(parsed, { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, signal });
    req.setTimeout(ATTEMPT_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${ATTEMPT_TIMEOUT_MS} ms`)));
    req.on('response', (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, reason: `receiver answered HTTP ${status}` });
    });
    req.on('error', (error) => resolve({ ok: false, reason: error.message }));
    req.end(body);
  });

interface Job {
  body: string;
  target: () => WebhookTarget | null;
  attemptsMade: number;
}

export function createWebhookDelivery(deps: {
  clock: Clock;
  faults: Faults;
  retryDelaysMs?: readonly number[];
  send?: WebhookSender;
}): WebhookDelivery {
  const delays = deps.retryDelaysMs ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS;
  const send = deps.send ?? postOverHttp;
  const queues = new Map<string, Job[]>();
  const timers = new Set<TimerHandle>();
  const aborter = new AbortController();
  let closed = false;

  const finishHead = (key: string): void => {
    const queue = queues.get(key);
    queue?.shift();
    if (queue && queue.length > 0) void attemptHead(key);
    else queues.delete(key);
  };

  const attemptHead = async (key: string): Promise<void> => {
    const job = queues.get(key)?.[0];
    if (!job || closed) return;
    const target = job.target();
    if (!target || target.url === '') {
      finishHead(key);
      return;
    }
    job.attemptsMade += 1;
    const headers: Record<string, string> = {
      ...target.headers,
      'Content-Type': 'application/json',
      [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(target.secret, job.body),
    };
    const result: WebhookAttemptResult = deps.faults.takeWebhookFailure()
      ? { ok: false, reason: 'sandbox fault: failWebhookDeliveries' }
      : await send(target.url, headers, job.body, aborter.signal);
    for (const junk of hostileWebhookPosts(deps.faults, job.body, target.secret)) {
      const { [WEBHOOK_SIGNATURE_HEADER]: _signature, ...unsigned } = headers;
      void send(target.url, junk.signature === undefined ? unsigned : { ...unsigned, [WEBHOOK_SIGNATURE_HEADER]: junk.signature }, junk.body, aborter.signal);
    }
    if (closed) return;
    const delay = delays[job.attemptsMade - 1];
    if (result.ok || delay === undefined) {
      finishHead(key);
      return;
    }
    const timer = deps.clock.setTimeout(() => {
      timers.delete(timer);
      void attemptHead(key);
    }, delay);
    timers.add(timer);
  };

  return {
    enqueue(orderKey, message, target) {
      if (closed) return;
      const job: Job = { body: JSON.stringify(message), target, attemptsMade: 0 };
      const queue = queues.get(orderKey);
      if (queue) {
        queue.push(job);
        return;
      }
      queues.set(orderKey, [job]);
      void attemptHead(orderKey);
    },
    close() {
      closed = true;
      aborter.abort();
      for (const timer of timers) deps.clock.clearTimeout(timer);
      timers.clear();
      queues.clear();
    },
  };
}
