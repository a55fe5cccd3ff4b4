// A guest session's lifecycle as one value, and the named moves between its states, so "may this happen
// now?" has one answer. Pure — no sockets, no timers; GuestSession applies the moves. The state names are
// the channel-neutral GuestConnectionState; the data they carry is what the old booleans spelt out.
import type { GuestConnectionState } from '../../channels/guest-connection';
import type { GuestError } from './guest-errors';

export type SessionState =
  /** Not connected. `resumed`: the server already knows this session (the next connect is a reconnect). */
  | { name: 'idle'; resumed: boolean }
  /** First contact: the socket is opening, or the first configure is on its way. */
  | { name: 'connecting' }
  /** Waiting to reopen, reopening, or configuring again. `cause`: why the last socket could not be used. */
  | { name: 'reconnecting'; resumed: boolean; cause?: GuestError }
  /** Configured on the current socket; messages may go out. */
  | { name: 'live' }
  /** Configured, but the agent ended the conversation: only "start new" is possible. */
  | { name: 'readOnly' }
  | { name: 'closed' }
  /** The server no longer has this session (it expired, or a resume was answered with a new one). */
  | { name: 'expired'; reason: string }
  | { name: 'failed'; error: GuestError };

export type SessionMove =
  | { type: 'connect' }
  | { type: 'configured'; readOnly: boolean }
  /** The agent ended the conversation in read-only mode. */
  | { type: 'ended' }
  | { type: 'dropped'; cause?: GuestError }
  /** Stopped without ending the session (quitting, removed from the console). */
  | { type: 'stop' }
  | { type: 'close' }
  | { type: 'expire'; reason: string }
  | { type: 'fail'; error: GuestError };

export const initialState = (resumed: boolean): SessionState => ({ name: 'idle', resumed });

export function isFinal(state: SessionState): boolean {
  return state.name === 'closed' || state.name === 'expired' || state.name === 'failed';
}

/** A SessionResponse was accepted on the current socket (requests other than configure are allowed). */
export function isConfigured(state: SessionState): boolean {
  return state.name === 'live' || state.name === 'readOnly';
}

/** The server has configured this session before (so a new configure resumes it, and history fills the gap). */
export function knownToServer(state: SessionState): boolean {
  switch (state.name) {
    case 'idle':
    case 'reconnecting':
      return state.resumed;
    case 'connecting':
      return false;
    default:
      return true;
  }
}

/** The next state; the same object when the move does not apply (final states absorb every move). */
export function transition(state: SessionState, move: SessionMove): SessionState {
  if (isFinal(state)) return state;
  switch (move.type) {
    case 'connect':
      if (state.name !== 'idle') return state;
      return state.resumed ? { name: 'reconnecting', resumed: true } : { name: 'connecting' };
    case 'configured':
      if (state.name === 'idle') return state;
      return { name: move.readOnly ? 'readOnly' : 'live' };
    case 'ended':
      return state.name === 'live' ? { name: 'readOnly' } : state;
    case 'dropped':
      if (state.name === 'idle') return state;
      return { name: 'reconnecting', resumed: knownToServer(state), ...(move.cause ? { cause: move.cause } : {}) };
    case 'stop':
      return { name: 'idle', resumed: knownToServer(state) };
    case 'close':
      return { name: 'closed' };
    case 'expire':
      return { name: 'expired', reason: move.reason };
    case 'fail':
      return { name: 'failed', error: move.error };
  }
}

/** The state as the channel-neutral port reports it, with the words to show for it. */
export function reported(state: SessionState): { state: GuestConnectionState; detail?: string } {
  if (state.name === 'failed') return { state: 'failed', detail: state.error.message };
  if (state.name === 'expired') return { state: 'expired', detail: state.reason };
  if (state.name === 'reconnecting' && state.cause) return { state: 'reconnecting', detail: state.cause.message };
  return { state: state.name };
}
