// One Guest API WebSocket as the gateway sees it. Every frame (and the polite close) goes out in order:
// first once the sandbox's state holding what it reports is written (so no answer a kill could take back
// ever leaves), then through the fault latency, followed in hostile mode by some junk. An abrupt drop skips
// the queue, as a network failure would. Also the helpers for raw frames and refused upgrades.
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { Clock } from '../../protocol/clock';
import { createRateWindow } from '../../protocol/rate-window';
import type { Faults } from '../faults';
import { hostileGuestFrames } from '../hostile/hostile-guest-frames';
import type { GuestLimits } from './guest-deployment';
import type { GuestConnection } from './guest-sessions';

export function guestConnection(args: {
  ws: WebSocket;
  id: number;
  deploymentId: string;
  clock: Clock;
  faults: Faults;
  limits: GuestLimits;
  afterWrite: (action: () => void) => void;
}): GuestConnection {
  const { ws, clock, faults, limits } = args;
  const now = () => clock.now();
  /** Every frame and the close go the same way, so their order is kept. */
  const later = (action: () => void) =>
    args.afterWrite(() => {
      const latency = faults.get().latencyMs;
      if (latency > 0) clock.setTimeout(action, latency);
      else action();
    });
  return {
    id: args.id,
    deploymentId: args.deploymentId,
    session: undefined,
    requests: createRateWindow(now, limits.requestsPerConnectionPerMinute, 60_000),
    echoes: createRateWindow(now, limits.echoesPerConnectionPerMinute, 60_000),
    send: (frame) => {
      const text = JSON.stringify(frame);
      const junk = hostileGuestFrames(faults, text);
      later(() => {
        if (ws.readyState === WebSocket.OPEN) ws.send(text);
        for (const extra of junk) {
          if (ws.readyState === WebSocket.OPEN) ws.send(extra.kind === 'text' ? extra.text : extra.bytes, { binary: extra.kind === 'binary' });
        }
      });
    },
    close: (reason) => later(() => ws.close(1000, reason)),
    terminate: () => ws.terminate(),
  };
}

export function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

export function refuseUpgrade(socket: Duplex, status: number, statusText: string, message: string, retryAfterSec?: number): void {
  const code = status === 403 ? 'forbidden' : status === 429 ? 'too.many.requests' : 'bad.request';
  const body = JSON.stringify({ message, code, status });
  const retryAfter = retryAfterSec !== undefined ? `Retry-After: ${retryAfterSec}\r\n` : '';
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${retryAfter}Connection: close\r\n\r\n${body}`,
  );
}
