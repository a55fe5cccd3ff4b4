// "Load, then follow the event", written once: the state rules (`stepContractData`) and the wiring to the api
// (`followContractData`), both without React so tests drive them with a fake transport. The event is heard
// before the load request goes out, and what is heard while a request is in flight is replayed over its reply.
import type { ContractError, EventChannel, EventOf, GuestConsoleApi, RequestChannel, RequestOf, ResponseOf, Result } from '../../../shared/contract';

/** What a screen shows: the newest data (undefined until a reply or an event brings some) and why the newest load failed. */
export interface ContractData<T> {
  data: T | undefined;
  error: ContractError | null;
  /** A load request is in flight. */
  loading: boolean;
}

/** The same, for a view that draws loading, ready and failed differently. */
export type Loaded<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'failed'; message: string };

export function loadedOf<T>({ data, error }: Pick<ContractData<T>, 'data' | 'error'>): Loaded<T> {
  if (data !== undefined) return { status: 'ready', data };
  return error ? { status: 'failed', message: error.message } : { status: 'loading' };
}

/**
 * A change known to be newer than any reply still in flight: an event, or the page's own edit after an action.
 * It returns undefined when it needs data that is not there yet (it is then applied to the reply when that lands),
 * and the very data it was given when it changes nothing (an event about something else): nothing re-renders then.
 */
export type Change<T> = (data: T | undefined) => T | undefined;

export interface DataCore<T> {
  shown: ContractData<T>;
  /** The number of the newest load request; a reply to an older one is dropped. */
  request: number;
  /** The changes heard since the newest request went out, replayed over its reply; null when none is in flight. */
  heard: Change<T>[] | null;
}

export type DataStep<T> =
  /** A load request went out; `fresh` when it is for another key, so what was shown belongs to something else. */
  | { type: 'requested'; request: number; fresh: boolean }
  | { type: 'replied'; request: number; result: Result<T> }
  | { type: 'changed'; change: Change<T> };

export function emptyCore<T>(): DataCore<T> {
  return { shown: { data: undefined, error: null, loading: false }, request: 0, heard: null };
}

export function stepContractData<T>(core: DataCore<T>, step: DataStep<T>): DataCore<T> {
  switch (step.type) {
    case 'requested': {
      const shown = step.fresh ? { data: undefined, error: null } : core.shown;
      return { shown: { ...shown, loading: true }, request: step.request, heard: [] };
    }
    case 'changed': {
      const data = step.change(core.shown.data);
      const heard = core.heard && [...core.heard, step.change];
      if (data === undefined || data === core.shown.data) return heard ? { ...core, heard } : core;
      return { shown: { data, error: null, loading: core.shown.loading }, request: core.request, heard };
    }
    case 'replied': {
      if (step.request !== core.request || core.heard === null) return core;
      if (!step.result.ok) return { shown: { data: core.shown.data, error: step.result.error, loading: false }, request: core.request, heard: null };
      // The reply may predate what was heard meanwhile: it is the base, and the newer changes go on top.
      const data = core.heard.reduce<T>((current, change) => change(current) ?? current, step.result.data);
      return { shown: { data, error: null, loading: false }, request: core.request, heard: null };
    }
  }
}

/** Where the data comes from: a load request, and optionally the event that says it changed. */
export interface DataSource<C extends RequestChannel, E extends EventChannel, T> {
  request: C;
  payload: RequestOf<C>;
  /** The reply as the screen keeps it (sorted, say); the reply itself when absent. */
  select?: (response: ResponseOf<C>) => T;
  event?: E;
  /** How the event changes the data; given the payload, so that it can ignore an event about something else. */
  apply?: (data: T | undefined, event: EventOf<E>, payload: RequestOf<C>) => T | undefined;
  /** For an event that only says "changed": whether to load again. */
  reloadWhen?: (event: EventOf<E>, payload: RequestOf<C>) => boolean;
}

export interface Following {
  reload(): void;
  stop(): void;
}

const NO_ANSWER = (reason: unknown): Result<never> => ({
  ok: false,
  error: { kind: 'Unavailable', message: `The console host did not answer: ${reason instanceof Error ? reason.message : String(reason)}` },
});

/** Hears the source's event, then sends its load request; every outcome goes to `step` until `stop()`. */
export function followContractData<C extends RequestChannel, E extends EventChannel, T>(
  api: GuestConsoleApi,
  source: DataSource<C, E, T>,
  step: (next: DataStep<T>) => void,
): Following {
  let stopped = false;
  let latest = 0;
  const select = source.select ?? ((response: ResponseOf<C>) => response as unknown as T);
  const send = api[source.request] as (payload: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;

  const load = (fresh: boolean) => {
    const request = ++latest;
    step({ type: 'requested', request, fresh });
    void send(source.payload)
      .catch(NO_ANSWER)
      .then((result) => {
        if (!stopped) step({ type: 'replied', request, result: result.ok ? { ok: true, data: select(result.data) } : result });
      });
  };

  const { event, apply, reloadWhen } = source;
  const unlisten = event
    ? api.on(event, (payload) => {
        if (stopped) return;
        if (apply) step({ type: 'changed', change: (data) => apply(data, payload, source.payload) });
        if (reloadWhen?.(payload, source.payload)) load(false);
      })
    : undefined;
  load(true);

  return {
    reload: () => {
      if (!stopped) load(false);
    },
    stop: () => {
      stopped = true;
      unlisten?.();
    },
  };
}
