// The page's one way to show data from the Node side: load it, follow its event, load again on demand or when
// the connection comes back, and apply the page's own edits (an edit counts like an event: newer than any reply
// in flight). The rules are in contract-data.ts; this binds them to React and to the page's api.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { EventChannel, RequestChannel, RequestOf, ResponseOf } from '../../../shared/contract';
import { api, onConnectionState } from '../transport/api';
import type { ConnectionState } from '../transport/websocket-transport';
import { emptyCore, followContractData, stepContractData, type Change, type ContractData, type DataSource, type Following } from './contract-data';

type Options<C extends RequestChannel, E extends EventChannel, T> = Omit<DataSource<C, E, T>, 'request' | 'payload'>;

export interface FollowedData<T> extends ContractData<T> {
  reload(): void;
  update(change: Change<T>): void;
}

/**
 * Loads `request` with `payload` and keeps the answer current. A new payload (compared by value) starts over;
 * the options are taken with it, so `apply` and `select` should depend on nothing but the payload they are given.
 */
export function useContractData<C extends RequestChannel, E extends EventChannel, T>(
  request: C,
  payload: RequestOf<C>,
  options: Options<C, E, T> & { select: (response: ResponseOf<C>) => T },
): FollowedData<T>;
export function useContractData<C extends RequestChannel, E extends EventChannel = never>(
  request: C,
  payload: RequestOf<C>,
  options?: Options<C, E, ResponseOf<C>>,
): FollowedData<ResponseOf<C>>;
export function useContractData<C extends RequestChannel, E extends EventChannel, T>(
  request: C,
  payload: RequestOf<C>,
  options: Options<C, E, T> = {},
): FollowedData<T> {
  const [core, step] = useReducer(stepContractData<T>, undefined, emptyCore<T>);
  const following = useRef<Following | null>(null);
  const key = JSON.stringify(payload);

  useEffect(() => {
    const current = followContractData(api, { ...options, request, payload }, step);
    following.current = current;
    return () => current.stop();
  }, [request, key, options.event]);

  // Events sent while the page's connection was down (the host restarted, say) never arrive: once it is back,
  // what the page shows is loaded again.
  useEffect(() => {
    let was: ConnectionState | undefined;
    return onConnectionState((state) => {
      if (state === 'connected' && was === 'reconnecting') following.current?.reload();
      was = state;
    });
  }, []);

  const reload = useCallback(() => following.current?.reload(), []);
  const update = useCallback((change: Change<T>) => step({ type: 'changed', change }), []);
  return { ...core.shown, reload, update };
}
