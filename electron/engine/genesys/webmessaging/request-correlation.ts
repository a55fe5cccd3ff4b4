// Requests that expect an answer (getJwt, onAttachment …): each has its tracingId and one timer, and is settled
// by the `response` carrying that tracingId (spec §5.3), or rejected with a GuestError (server error, timeout,
// dropped link). Also waits for frames that answer later without one (upload confirmed, session closed).
import type { Clock, TimerHandle } from '../../../protocol/clock';
import type { ServerFrame } from '../../../protocol/webmessaging/server-frames';
import { GuestError, guestErrorFromCode } from './guest-errors';

interface Pending {
  resolve: (frame: ServerFrame) => void;
  reject: (error: GuestError) => void;
  timer: TimerHandle;
}

interface Waiter {
  match: (frame: ServerFrame) => boolean;
  resolve: (frame: ServerFrame) => void;
  reject: (error: GuestError) => void;
  timer: TimerHandle;
}

function rateLimited(retryAfterSeconds: number, serverText: string): GuestError {
  const retryAfterMs = Math.max(1, retryAfterSeconds) * 1000;
  return new GuestError('RateLimited', `Genesys is rate-limiting this guest; it asked to wait ${retryAfterMs / 1000} s (${serverText}).`, { code: 429, retryAfterMs });
}

export interface RequestCorrelationOptions {
  clock: Clock;
  newId: () => string;
  timeoutMs: number;
}

export class RequestCorrelation {
  private readonly pending = new Map<string, Pending>();
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly options: RequestCorrelationOptions) {}

  /** Send a request (built with a fresh tracingId) and wait for its answer; `expected` names it in a timeout. */
  request(send: (tracingId: string) => void, expected: string): Promise<ServerFrame> {
    const tracingId = this.options.newId();
    return new Promise((resolve, reject) => {
      const timer = this.options.clock.setTimeout(() => {
        this.pending.delete(tracingId);
        reject(new GuestError('Timeout', `The server did not answer (${expected}) in time.`));
      }, this.options.timeoutMs);
      this.pending.set(tracingId, { resolve, reject, timer });
      send(tracingId);
    });
  }

  /** The first frame that `match`es, or `timeout()` after `timeoutMs`. */
  waitFor(match: (frame: ServerFrame) => boolean, timeoutMs: number, timeout: () => GuestError): Promise<ServerFrame> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve,
        reject,
        timer: this.options.clock.setTimeout(() => {
          this.waiters.delete(waiter);
          reject(timeout());
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /**
   * Offer an incoming frame. True when it was the answer to a request (nothing else should handle it);
   * waiters it matches are resolved, and the frame still goes on to its usual handling.
   */
  settle(frame: ServerFrame): boolean {
    if (frame.tracingId !== undefined && frame.type === 'response') {
      const pending = this.pending.get(frame.tracingId);
      if (pending) {
        this.pending.delete(frame.tracingId);
        this.options.clock.clearTimeout(pending.timer);
        if (frame.class === 'string') pending.reject(guestErrorFromCode(frame.code, frame.body));
        // The body's errorCode (4001 file type, 4002 size …) says more than the envelope's 400.
        else if (frame.class === 'GenerateUrlError') pending.reject(guestErrorFromCode(frame.body.errorCode || frame.code, frame.body.errorMessage || 'The request failed.'));
        else if (frame.class === 'TooManyRequestsErrorMessage') pending.reject(rateLimited(frame.body.retryAfter, frame.body.errorMessage));
        else pending.resolve(frame);
        return true;
      }
    }
    if (this.waiters.size > 0) {
      for (const waiter of [...this.waiters]) {
        if (!waiter.match(frame)) continue;
        this.waiters.delete(waiter);
        this.options.clock.clearTimeout(waiter.timer);
        waiter.resolve(frame);
      }
    }
    return false;
  }

  /** Whether any request or waiter is outstanding. */
  get busy(): boolean {
    return this.pending.size > 0 || this.waiters.size > 0;
  }

  /** The link dropped: no request sent on it will be answered. Waiters keep waiting (the answer may come on the next socket). */
  dropRequests(error: GuestError): void {
    for (const [tracingId, pending] of this.pending) {
      this.options.clock.clearTimeout(pending.timer);
      this.pending.delete(tracingId);
      pending.reject(error);
    }
  }

  /** The session stopped: nothing will be answered any more. */
  stop(error: GuestError): void {
    this.dropRequests(error);
    for (const waiter of this.waiters) {
      this.options.clock.clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiters.clear();
  }
}
