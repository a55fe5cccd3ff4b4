// The floor for a Node load client: guests written with nothing but `ws`. Each opens the Guest API socket,
// configures its session, then sends a message, waits for the agent's reply, thinks, and repeats — no more
// than 2 messages in any 1.15 s (the session limit with the engine's margin), waiting out a 429's
// retryAfter — and ends with closeSession before closing the socket, so the server ends every session as it
// does for the engine. No validation, no events, one timer at a time per guest. Run as its own process by
// bench/guests.ts; prints one JSON line of figures (bench/guest-client.ts).
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { clientArgs, latencyPercentiles, report } from './guest-client';

interface ClientTally {
  sent: number;
  /** Guest message sent → first agent reply, ms: one per answered message. */
  latencies: number[];
  errors: number;
  rateLimited: number;
}

const WINDOW_MS = 1150;
const PER_WINDOW = 2;

function guest(url: string, deploymentId: string, messages: readonly string[], count: number, thinkMs: number, tally: ClientTally): Promise<void> {
  return new Promise((resolve) => {
    const token = randomUUID();
    const socket = new WebSocket(url);
    const sentAt: number[] = [];
    let sent = 0;
    let waitingSince = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (timer) clearTimeout(timer);
      if (socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ action: 'closeSession', token }));
        socket.close(1000);
      }
      resolve();
    };
    const sendNext = () => {
      timer = undefined;
      if (sent >= count) return finish();
      const now = Date.now();
      if (sentAt.length >= PER_WINDOW) {
        const wait = sentAt[sentAt.length - PER_WINDOW]! + WINDOW_MS - now;
        if (wait > 0) {
          timer = setTimeout(sendNext, wait);
          return;
        }
      }
      sentAt.push(now);
      if (sentAt.length > PER_WINDOW) sentAt.shift();
      waitingSince = now;
      socket.send(JSON.stringify({ action: 'onMessage', token, message: { type: 'Text', text: messages[sent % messages.length] } }));
      tally.sent += 1;
    };
    socket.on('open', () => socket.send(JSON.stringify({ action: 'configureSession', token, deploymentId })));
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { class?: string; type?: string; body?: { connected?: boolean; direction?: string; retryAfter?: number } };
      if (frame.class === 'SessionResponse') {
        if (frame.body?.connected && sent === 0 && waitingSince === 0) sendNext();
      } else if (frame.class === 'StructuredMessage' && frame.type === 'message' && frame.body?.direction === 'Outbound' && waitingSince > 0) {
        tally.latencies.push(Date.now() - waitingSince);
        waitingSince = 0;
        sent += 1;
        timer = setTimeout(sendNext, thinkMs);
      } else if (frame.class === 'TooManyRequestsErrorMessage') {
        tally.rateLimited += 1;
        tally.sent -= 1;
        sentAt.length = 0;
        timer = setTimeout(sendNext, Math.max(1, frame.body?.retryAfter ?? 1) * 1000);
      }
    });
    socket.on('error', () => {
      tally.errors += 1;
      finish();
    });
    socket.on('close', () => {
      if (sent < count) tally.errors += 1;
      finish();
    });
  });
}

async function main() {
  const args = clientArgs(process.argv.slice(2));
  const tally: ClientTally = { sent: 0, latencies: [], errors: 0, rateLimited: 0 };
  // The Guest API's path (/v1) when the sandbox names only its origin, as the engine's endpoints do.
  const url = new URL(args.wsUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1';
  url.searchParams.set('deploymentId', args.deploymentId);
  const guests: Promise<void>[] = [];
  for (let index = 0; index < args.guests; index += 1) {
    guests.push(guest(url.toString(), args.deploymentId, args.messages, args.messagesPerGuest, args.thinkMs, tally));
    if (index < args.guests - 1) await new Promise((resolve) => setTimeout(resolve, 1000 / args.rampPerSecond));
  }
  await Promise.all(guests);
  report({ sent: tally.sent, answered: tally.latencies.length, errors: tally.errors, rateLimited: tally.rateLimited, ...latencyPercentiles(tally.latencies) });
}

void main();
