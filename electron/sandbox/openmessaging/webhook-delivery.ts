// Outbound webhook delivery as Genesys does it: POST the OpenNormalizedMessage JSON to the
// integration's webhook, signed with `X-Hub-Signature-256`, retried with the SAME body (same message
// id) while the receiver fails or answers non-2xx. Deliveries of one conversation go out one at a
// time, in order; a message that exhausts its attempts is dropped and the next one proceeds.
// Retry delays run on the injected Clock; the HTTP exchange itself is real network I/O. In hostile mode
// junk posts (bad signatures, malformed bodies, replays) follow some deliveries. The queues are kept in
// the sandbox's state (an attempt leaves only once it is written): after a restart each queue carries on,
// an attempt a kill interrupted is made again with the same body (receivers deduplicate by message id).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { z } from 'zod';
import type { Clock, TimerHandle } from '../../protocol/clock';
import type { OpenNormalizedMessage } from '../../protocol/openmessaging/normalized-message';
import { WEBHOOK_SIGNATURE_HEADER, signWebhookBody } from '../../protocol/openmessaging/webhook-signature';
import type { Faults } from '../faults';
import { hostileWebhookPosts } from '../hostile/hostile-webhook-bodies';
import type { StateShelf } from '../state/sandbox-state';

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
   * The integration's target is read at each attempt, so a webhook URL or secret changed meanwhile applies
   * to retries; none (integration deleted) or an empty URL drops the delivery.
   */
  enqueue(orderKey: string, integrationId: string, message: OpenNormalizedMessage): void;
  close(): void;
}

const DeliveryJobSchema = z.strictObject({
  integrationId: z.string(),
  body: z.string(),
  attemptsMade: z.number().int().nonnegative(),
  /** When the next attempt is due (a retry's delay); absent: at once. */
  dueAt: z.number().optional(),
});
type Job = z.output<typeof DeliveryJobSchema>;
/** One conversation's deliveries, in order. */
export const WebhookQueueSchema = z.strictObject({ jobs: z.array(DeliveryJobSchema).min(1) });

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

export function createWebhookDelivery(deps: {
  clock: Clock;
  faults: Faults;
  /** The integration's webhook now, or null when it no longer exists. */
  target: (integrationId: string) => WebhookTarget | null;
  shelf: StateShelf<z.output<typeof WebhookQueueSchema>>;
  /** Holds an attempt back until the state change that queued it is written. */
  afterWrite: (action: () => void) => void;
  retryDelaysMs?: readonly number[];
  send?: WebhookSender;
}): WebhookDelivery {
  const delays = deps.retryDelaysMs ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS;
  const send = deps.send ?? postOverHttp;
  const queues = new Map<string, Job[]>();
  const timers = new Set<TimerHandle>();
  const aborter = new AbortController();
  let closed = false;

  const keep = (key: string) => {
    const jobs = queues.get(key);
    if (jobs) deps.shelf.put(key, () => ({ jobs }));
    else deps.shelf.remove(key);
  };
  const written = () => new Promise<void>((resolve) => deps.afterWrite(resolve));

  const attemptLater = (key: string, delayMs: number) => {
    const timer = deps.clock.setTimeout(() => {
      timers.delete(timer);
      void attemptHead(key);
    }, delayMs);
    timers.add(timer);
  };

  const finishHead = (key: string): void => {
    const queue = queues.get(key);
    queue?.shift();
    if (!queue || queue.length === 0) queues.delete(key);
    keep(key);
    if (queues.has(key)) void attemptHead(key);
  };

  const attemptHead = async (key: string): Promise<void> => {
    const job = queues.get(key)?.[0];
    if (!job || closed) return;
    const target = deps.target(job.integrationId);
    if (!target || target.url === '') {
      finishHead(key);
      return;
    }
    job.attemptsMade += 1;
    delete job.dueAt;
    keep(key);
    await written();
    if (closed) return;
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
    job.dueAt = deps.clock.now() + delay;
    keep(key);
    attemptLater(key, delay);
  };

  for (const [key, record] of deps.shelf.restored) {
    const jobs = record.jobs.map((job) => ({ ...job }));
    queues.set(key, jobs);
    attemptLater(key, Math.max(0, (jobs[0]!.dueAt ?? deps.clock.now()) - deps.clock.now()));
  }

  return {
    enqueue(orderKey, integrationId, message) {
      if (closed) return;
      const job: Job = { integrationId, body: JSON.stringify(message), attemptsMade: 0 };
      const queue = queues.get(orderKey);
      if (queue) queue.push(job);
      else queues.set(orderKey, [job]);
      keep(orderKey);
      if (!queue) void attemptHead(orderKey);
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
