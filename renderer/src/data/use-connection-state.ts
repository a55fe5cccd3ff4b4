// Small hooks over the contract: load a request's data, and follow the host connection state.
import { useEffect, useState } from 'react';
import type { ContractError, Result } from '../../../shared/contract';
import { onConnectionState } from '../transport/api';
import type { ConnectionState } from '../transport/websocket-transport';

export function useConnectionState(): ConnectionState {
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => onConnectionState(setState), []);
  return state;
}

export type Loaded<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'failed'; error: ContractError };

export function useLoaded<T>(load: () => Promise<Result<T>>, deps: unknown[]): [Loaded<T>, (data: T) => void] {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    void load().then((result) => {
      if (!live) return;
      setState(result.ok ? { status: 'ready', data: result.data } : { status: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, deps);
  return [state, (data: T) => setState({ status: 'ready', data })];
}
