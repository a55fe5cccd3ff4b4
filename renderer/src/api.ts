// The renderer's one way to the Node side. In the desktop app the preload exposes `window.guestConsole`
// (Electron IPC); in the web host the same contract travels over a WebSocket. Code above this line
// never knows which.
import { createApi, type ContractTransport, type GuestConsoleApi } from '../../shared/contract';
import { createWebSocketTransport, type ConnectionState } from './transport/websocket-transport';

declare global {
  interface Window {
    guestConsole?: ContractTransport;
  }
}

type StateListener = (state: ConnectionState) => void;
const stateListeners = new Set<StateListener>();
let connectionState: ConnectionState = 'connecting';

function setState(state: ConnectionState) {
  connectionState = state;
  for (const listener of stateListeners) listener(state);
}

function webSocketUrl(): string {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/contract?token=${encodeURIComponent(token)}`;
}

function chooseTransport(): ContractTransport {
  if (window.guestConsole) {
    setState('connected');
    return window.guestConsole;
  }
  return createWebSocketTransport(webSocketUrl(), setState);
}

export const api: GuestConsoleApi = createApi(chooseTransport());

export function onConnectionState(listener: StateListener): () => void {
  stateListeners.add(listener);
  listener(connectionState);
  return () => stateListeners.delete(listener);
}
