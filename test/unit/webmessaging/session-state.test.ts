import { describe, expect, it } from 'vitest';
import { GuestError } from '../../../electron/engine/genesys/webmessaging/guest-errors';
import {
  initialState,
  isConfigured,
  knownToServer,
  reported,
  transition,
  type SessionMove,
  type SessionState,
} from '../../../electron/engine/genesys/webmessaging/session-state';

const run = (state: SessionState, ...moves: SessionMove[]) => moves.reduce(transition, state);
const refused = new GuestError('Blocked', 'The deployment refused this guest (HTTP 403).');

describe('session state', () => {
  it('connects a new session as "connecting" and a resumed one as "reconnecting"', () => {
    expect(transition(initialState(false), { type: 'connect' })).toEqual({ name: 'connecting' });
    expect(transition(initialState(true), { type: 'connect' })).toEqual({ name: 'reconnecting', resumed: true });
  });

  it('goes live, or read-only, when the server accepts the configure', () => {
    const connecting = transition(initialState(false), { type: 'connect' });
    expect(transition(connecting, { type: 'configured', readOnly: false })).toEqual({ name: 'live' });
    expect(transition(connecting, { type: 'configured', readOnly: true })).toEqual({ name: 'readOnly' });
    expect(isConfigured({ name: 'live' }) && isConfigured({ name: 'readOnly' })).toBe(true);
    expect(isConfigured(connecting)).toBe(false);
  });

  it('remembers across drops and stops whether the server knows the session (history is read only then)', () => {
    const neverConfigured = run(initialState(false), { type: 'connect' }, { type: 'dropped' });
    expect(neverConfigured).toEqual({ name: 'reconnecting', resumed: false });
    expect(knownToServer(neverConfigured)).toBe(false);
    const afterLive = run(initialState(false), { type: 'connect' }, { type: 'configured', readOnly: false }, { type: 'dropped' });
    expect(afterLive).toEqual({ name: 'reconnecting', resumed: true });
    expect(run(afterLive, { type: 'stop' })).toEqual({ name: 'idle', resumed: true });
    expect(run(afterLive, { type: 'stop' }, { type: 'connect' })).toEqual({ name: 'reconnecting', resumed: true });
    expect(knownToServer({ name: 'readOnly' })).toBe(true);
  });

  it('ends a live conversation as read-only, and only a live one', () => {
    expect(transition({ name: 'live' }, { type: 'ended' })).toEqual({ name: 'readOnly' });
    const connecting: SessionState = { name: 'connecting' };
    expect(transition(connecting, { type: 'ended' })).toBe(connecting);
  });

  it('ignores moves that do not apply, returning the same state', () => {
    const live: SessionState = { name: 'live' };
    expect(transition(live, { type: 'connect' })).toBe(live);
    const idle = initialState(false);
    expect(transition(idle, { type: 'configured', readOnly: false })).toBe(idle);
    expect(transition(idle, { type: 'dropped' })).toBe(idle);
  });

  it('keeps a final state whatever comes after it', () => {
    for (const final of [{ name: 'closed' }, { name: 'expired' }, { name: 'failed', error: refused }] as SessionState[]) {
      for (const move of [{ type: 'connect' }, { type: 'configured', readOnly: false }, { type: 'dropped' }, { type: 'stop' }, { type: 'expire' }] as SessionMove[]) {
        expect(transition(final, move)).toBe(final);
      }
    }
  });

  it('reports the channel-neutral state with the words of a failure or of why it is reconnecting', () => {
    expect(reported(run({ name: 'live' }, { type: 'fail', error: refused }))).toEqual({ state: 'failed', detail: refused.message });
    const unreachable = new GuestError('Unreachable', 'Could not reach webmessaging.example: the host name does not resolve (ENOTFOUND).');
    expect(reported(run({ name: 'connecting' }, { type: 'dropped', cause: unreachable }))).toEqual({ state: 'reconnecting', detail: unreachable.message });
    expect(reported({ name: 'reconnecting', resumed: true })).toEqual({ state: 'reconnecting' });
    expect(reported({ name: 'closed' })).toEqual({ state: 'closed' });
  });
});
