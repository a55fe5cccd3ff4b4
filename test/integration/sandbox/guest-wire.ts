// A plain `ws` Guest API client for the sandbox tests, written from the spec and NOT from the sandbox's
// own codecs: frames are written by hand as JSON objects, replies are read as raw JSON. It records every
// frame so a test can wait for the first one matching a predicate.
import WebSocket from 'ws';

// Frames are plain JSON as they came off the wire; tests read fields by name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Frame = { type: string; class: string; code: number; body: any; tracingId?: string };

export interface GuestWire {
  readonly ws: WebSocket;
  readonly frames: Frame[];
  send(frame: object): void;
  sendRaw(text: string): void;
  /** The first not-yet-taken frame matching `match`, waiting for it if needed. */
  take(match: (f: Frame) => boolean, what?: string, timeoutMs?: number): Promise<Frame>;
  /** Resolves true if no frame matching `match` arrives within `ms` (a short real wait; use sparingly). */
  quietFor(match: (f: Frame) => boolean, ms: number): Promise<boolean>;
  closed(): Promise<{ code: number; reason: string }>;
  close(): void;
}

export function openGuest(url: string, headers: Record<string, string> = {}): Promise<GuestWire> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const frames: Frame[] = [];
    const taken = new Set<Frame>();
    const waiters = new Set<() => void>();
    let closeInfo: { code: number; reason: string } | undefined;
    const closeWaiters: Array<(c: { code: number; reason: string }) => void> = [];
    ws.on('message', (data) => {
      frames.push(JSON.parse(data.toString()) as Frame);
      for (const wake of [...waiters]) wake();
    });
    ws.on('close', (code, reason) => {
      closeInfo = { code, reason: reason.toString() };
      for (const w of closeWaiters) w(closeInfo);
      for (const wake of [...waiters]) wake();
    });
    ws.on('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })));
    ws.on('error', (e) => reject(e));
    ws.on('open', () =>
      resolve({
        ws,
        frames,
        send: (frame) => ws.send(JSON.stringify(frame)),
        sendRaw: (text) => ws.send(text),
        take(match, what = 'a matching frame', timeoutMs = 4000) {
          return new Promise((res, rej) => {
            const look = () => {
              const found = frames.find((f) => !taken.has(f) && match(f));
              if (!found) return false;
              taken.add(found);
              waiters.delete(look as () => void);
              clearTimeout(timer);
              res(found);
              return true;
            };
            const timer = setTimeout(() => {
              waiters.delete(look as () => void);
              rej(new Error(`timed out waiting for ${what}; received:\n${frames.map((f) => JSON.stringify(f).slice(0, 200)).join('\n')}`));
            }, timeoutMs);
            if (!look()) waiters.add(look as () => void);
          });
        },
        quietFor(match, ms) {
          return new Promise((res) => setTimeout(() => res(!frames.some((f) => !taken.has(f) && match(f))), ms));
        },
        closed: () => (closeInfo ? Promise.resolve(closeInfo) : new Promise((res) => closeWaiters.push(res))),
        close: () => ws.close(),
      }),
    );
  });
}

export const isClass = (cls: string) => (f: Frame) => f.class === cls;
export const inbound = (f: Frame) => f.class === 'StructuredMessage' && f.body.direction === 'Inbound';
export const outboundText = (text: string | RegExp) => (f: Frame) =>
  f.class === 'StructuredMessage' &&
  f.body.direction === 'Outbound' &&
  typeof f.body.text === 'string' &&
  (typeof text === 'string' ? f.body.text === text : text.test(f.body.text));
export const outboundEvent = (eventType: string) => (f: Frame) =>
  f.class === 'StructuredMessage' && f.body.direction === 'Outbound' && f.body.type === 'Event' && f.body.events?.[0]?.eventType === eventType;
export const errorFrame = (code: number) => (f: Frame) => f.class === 'string' && f.code === code;

/** Opens a socket and configures a session with `token`; returns the socket and the SessionResponse. */
export async function configuredGuest(url: string, deploymentId: string, token: string, extra: object = {}) {
  const guest = await openGuest(url);
  guest.send({ action: 'configureSession', deploymentId, token, ...extra });
  const session = await guest.take(isClass('SessionResponse'), 'SessionResponse');
  return { guest, session };
}
