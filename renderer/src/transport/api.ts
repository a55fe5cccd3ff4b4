// The renderer's one way to the Node side. In the desktop app the preload exposes `window.guestConsole`
// (Electron IPC); in the web host the same contract travels over a WebSocket, opened with the access token
// the page took out of its address at boot. Code above this line never knows which.
import { createApi, type ContractTransport, type GuestConsoleApi } from '../../../shared/contract';
import { CONTRACT_SOCKET_PATH } from '../../../shared/web-host-socket';
import { takeAccessToken } from './access-token';
import { createWebSocketTransport, type ConnectionState } from './websocket-transport';

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
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}${CONTRACT_SOCKET_PATH}`;
}

function chooseTransport(): ContractTransport {
  if (window.guestConsole) {
    setState('connected');
    return window.guestConsole;
  }
  return createWebSocketTransport(webSocketUrl(), takeAccessToken(window), setState);
}

export const api: GuestConsoleApi = createApi(chooseTransport());

export function onConnectionState(listener: StateListener): () => void {
  stateListeners.add(listener);
  listener(connectionState);
  return () => stateListeners.delete(listener);
}
