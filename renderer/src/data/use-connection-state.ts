// The state of the page's connection to the console host (connecting, connected, reconnecting, refused),
// followed for as long as the component is mounted.
import { useEffect, useState } from 'react';
import { onConnectionState } from '../transport/api';
import type { ConnectionState } from '../transport/websocket-transport';

export function useConnectionState(): ConnectionState {
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => onConnectionState(setState), []);
  return state;
}
