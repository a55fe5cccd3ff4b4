// The web host's transport: the contract over one WebSocket to /contract, authorised by the token in the
// page URL (and the cookie the host set). Requests made while the socket is down wait for it to come back;
// the socket reconnects by itself with backoff.
import type { ContractTransport, EventChannel, Result } from '../../../shared/contract';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

export function createWebSocketTransport(
  url: string,
  onState: (state: ConnectionState) => void,
): ContractTransport {
  let socket: WebSocket | undefined;
  let nextId = 1;
  let attempt = 0;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const queued: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const connect = () => {
    onState(attempt === 0 ? 'connecting' : 'reconnecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      onState('connected');
      for (const frame of queued.splice(0)) ws.send(frame);
    };
    ws.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as { type: string; id?: number; result?: Result<unknown>; event?: string; payload?: unknown };
      if (frame.type === 'reply' && typeof frame.id === 'number') {
        pending.get(frame.id)?.(frame.result as Result<unknown>);
        pending.delete(frame.id);
      } else if (frame.type === 'event' && frame.event) {
        for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
      }
    };
    ws.onclose = () => {
      attempt += 1;
      onState('reconnecting');
      for (const [id, resolve] of pending) {
        resolve({ ok: false, error: { kind: 'Unavailable', message: 'The connection to the console host dropped. Try again.' } });
        pending.delete(id);
      }
      setTimeout(connect, Math.min(5000, 250 * 2 ** Math.min(attempt, 5)));
    };
  };
  connect();

  return {
    invoke(channel, payload) {
      const id = nextId++;
      const frame = JSON.stringify({ type: 'request', id, channel, payload });
      return new Promise((resolve) => {
        pending.set(id, resolve);
        if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
        else queued.push(frame);
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
