// The web host's transport: the contract over one WebSocket to /contract. A new socket sends the access token and waits
// for `ready`; requests wait for it, and while the socket is down. A dropped socket reconnects with backoff and answers
// its sent requests as dropped (outcome unknown); a refused token stops it, since trying again cannot help.
import type { ContractTransport, EventChannel, Result } from '../../../shared/contract';
import { CLOSE_ACCESS_REFUSED, parseHostFrame, type AccessFrame, type RequestFrame } from '../../../shared/web-host-socket';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'refused';

const DROPPED: Result<never> = { ok: false, error: { kind: 'Unavailable', message: 'The connection to the console host dropped. Try again.' } };
const REFUSED: Result<never> = {
  ok: false,
  error: { kind: 'Forbidden', message: 'The console host refused this page. Open the console from the URL the web host printed.' },
};

export function createWebSocketTransport(
  url: string,
  token: string,
  onState: (state: ConnectionState) => void,
): ContractTransport {
  let socket: WebSocket | undefined;
  let ready = false;
  let refused = false;
  let nextId = 1;
  let attempt = 0;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const queued = new Map<number, string>(); // not sent yet
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const settle = (result: Result<never>, which: (id: number) => boolean) => {
    for (const [id, resolve] of pending) {
      if (!which(id)) continue;
      resolve(result);
      pending.delete(id);
    }
  };

  const connect = () => {
    onState(attempt === 0 ? 'connecting' : 'reconnecting');
    const ws = new WebSocket(url);
    socket = ws;
    ready = false;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'access', token } satisfies AccessFrame));
    ws.onmessage = (message) => {
      const frame = parseHostFrame(String(message.data));
      if (frame?.type === 'ready') {
        ready = true;
        attempt = 0;
        onState('connected');
        for (const queuedFrame of queued.values()) ws.send(queuedFrame);
        queued.clear();
      } else if (frame?.type === 'reply' && typeof frame.id === 'number') {
        pending.get(frame.id)?.(frame.result);
        pending.delete(frame.id);
      } else if (frame?.type === 'event') {
        for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
      }
    };
    ws.onclose = (event) => {
      ready = false;
      if (event.code === CLOSE_ACCESS_REFUSED) {
        refused = true;
        queued.clear();
        settle(REFUSED, () => true);
        onState('refused');
        return;
      }
      attempt += 1;
      onState('reconnecting');
      settle(DROPPED, (id) => !queued.has(id));
      setTimeout(connect, Math.min(5000, 250 * 2 ** Math.min(attempt, 5)));
    };
  };
  connect();

  return {
    invoke(channel, payload) {
      if (refused) return Promise.resolve(REFUSED);
      const id = nextId++;
      const frame = JSON.stringify({ type: 'request', id, channel, payload } satisfies RequestFrame);
      return new Promise((resolve) => {
        pending.set(id, resolve);
        if (ready && socket?.readyState === WebSocket.OPEN) socket.send(frame);
        else queued.set(id, frame);
      });
    },
    on(event: EventChannel, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}
