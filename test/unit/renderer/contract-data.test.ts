// The renderer's one data hook, without React: its rules (stepContractData) and its wiring (followContractData)
// driven through the real `createApi` over a fake transport whose replies and events the test releases by hand.
import { describe, expect, it } from 'vitest';
import { createApi, type ContractTransport, type EventChannel, type Profile, type RequestChannel, type Result } from '../../../shared/contract';
import { emptyCore, followContractData, stepContractData, type DataCore, type DataStep } from '../../../renderer/src/data/contract-data';

type Call = { channel: RequestChannel; payload: unknown; answer: (result: Result<unknown>) => void; fail: (reason: unknown) => void };

function fakeHost() {
  const log: string[] = [];
  const calls: Call[] = [];
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const transport: ContractTransport = {
    invoke(channel, payload) {
      log.push(`request ${channel}`);
      return new Promise((resolve, reject) => calls.push({ channel, payload, answer: resolve, fail: reject }));
    },
    on(event, listener) {
      log.push(`listen ${event}`);
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => {
        log.push(`unlisten ${event}`);
        set.delete(listener);
      };
    },
  };
  const emit = (event: EventChannel, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  return { api: createApi(transport), log, calls, emit };
}

/** Applies every step to a core, as React's reducer would. */
function tracked<T>() {
  let core: DataCore<T> = emptyCore<T>();
  return {
    step: (next: DataStep<T>) => {
      core = stepContractData(core, next);
    },
    get shown() {
      return core.shown;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function profile(id: string, name: string): Profile {
  return {
    id,
    name,
    builtIn: false,
    region: 'us-east-1',
    webMessaging: { deploymentId: '', origin: '' },
    openMessaging: { integrationId: '', clientId: '', receiveMode: 'webhook', webhookHost: '127.0.0.1', webhookPort: 0 },
  } as Profile;
}

describe('contract data', () => {
  it('listens to the event before it sends the load request', () => {
    const host = fakeHost();
    followContractData(host.api, { request: 'profiles.list', payload: {}, event: 'profiles.changed', apply: (_, event) => event.profiles }, tracked<Profile[]>().step);
    expect(host.log).toEqual(['listen profiles.changed', 'request profiles.list']);
  });

  it('never lets a slow first reply overwrite the newer list an event already delivered', async () => {
    const host = fakeHost();
    const view = tracked<Profile[]>();
    followContractData(host.api, { request: 'profiles.list', payload: {}, event: 'profiles.changed', apply: (_, event) => event.profiles }, view.step);
    const older = [profile('sandbox', 'Sandbox')];
    const newer = [profile('sandbox', 'Sandbox'), profile('p1', 'Acme')];

    host.emit('profiles.changed', { profiles: newer });
    expect(view.shown.data).toEqual(newer);
    host.calls[0]!.answer({ ok: true, data: older });
    await settle();

    expect(view.shown).toEqual({ data: newer, error: null, loading: false });
  });

  it('applies changes heard during the load on top of the reply, in the order heard', async () => {
    const host = fakeHost();
    const view = tracked<string[]>();
    followContractData(
      host.api,
      {
        request: 'conversations.thread',
        payload: { conversationId: 'c1' },
        select: (reply) => reply.items.map((item) => item.id),
        event: 'conversation.items',
        apply: (ids, event, { conversationId }) =>
          ids && event.conversationId === conversationId ? [...ids.filter((id) => !event.items.some((item) => item.id === id)), ...event.items.map((item) => item.id)] : ids,
      },
      view.step,
    );
    const item = (id: string) => ({ id, from: 'agent', time: '2024-01-01T00:00:00.000Z', content: [] });
    host.emit('conversation.items', { conversationId: 'c1', items: [item('b'), item('c')] });
    host.emit('conversation.items', { conversationId: 'other', items: [item('x')] });
    expect(view.shown.data).toBeUndefined();
    host.calls[0]!.answer({ ok: true, data: { conversation: {}, items: [item('a'), item('b')] } });
    await settle();

    expect(view.shown.data).toEqual(['a', 'b', 'c']);
    host.emit('conversation.items', { conversationId: 'c1', items: [item('d')] });
    expect(view.shown.data).toEqual(['a', 'b', 'c', 'd']);
  });

  it('drops the reply to a load that a newer load replaced, whatever order they arrive in', async () => {
    for (const order of [[1, 0], [0, 1]]) {
      const host = fakeHost();
      const view = tracked<Profile[]>();
      const following = followContractData(host.api, { request: 'profiles.list', payload: {} }, view.step);
      following.reload();
      const answers = [[profile('p1', 'Older')], [profile('p2', 'Newer')]];
      for (const index of order) {
        host.calls[index]!.answer({ ok: true, data: answers[index] });
        await settle();
      }
      expect(view.shown.data?.map((each) => each.name), `answered in order ${order.join(', ')}`).toEqual(['Newer']);
    }
  });

  it('keeps showing the data while it loads again, and keeps it when that load fails', async () => {
    const host = fakeHost();
    const view = tracked<Profile[]>();
    const following = followContractData(host.api, { request: 'profiles.list', payload: {} }, view.step);
    host.calls[0]!.answer({ ok: true, data: [profile('p1', 'Acme')] });
    await settle();
    following.reload();
    expect(view.shown.loading).toBe(true);
    expect(view.shown.data).toHaveLength(1);

    host.calls[1]!.answer({ ok: false, error: { kind: 'Unavailable', message: 'down' } });
    await settle();
    expect(view.shown).toEqual({ data: [profile('p1', 'Acme')], error: { kind: 'Unavailable', message: 'down' }, loading: false });
  });

  it('reports a failed load, and an event that brings data clears the failure', async () => {
    const host = fakeHost();
    const view = tracked<Profile[]>();
    followContractData(host.api, { request: 'profiles.list', payload: {}, event: 'profiles.changed', apply: (_, event) => event.profiles }, view.step);
    host.calls[0]!.answer({ ok: false, error: { kind: 'Internal', message: 'broken' } });
    await settle();
    expect(view.shown).toEqual({ data: undefined, error: { kind: 'Internal', message: 'broken' }, loading: false });

    host.emit('profiles.changed', { profiles: [profile('p1', 'Acme')] });
    expect(view.shown.error).toBeNull();
    expect(view.shown.data).toHaveLength(1);
  });

  it('turns a request that throws into an Unavailable error', async () => {
    const host = fakeHost();
    const view = tracked<Profile[]>();
    followContractData(host.api, { request: 'profiles.list', payload: {} }, view.step);
    host.calls[0]!.fail(new Error('channel closed'));
    await settle();
    expect(view.shown.error).toEqual({ kind: 'Unavailable', message: 'The console host did not answer: channel closed' });
  });

  it('loads again when an event says so', async () => {
    const host = fakeHost();
    const following = followContractData(
      host.api,
      { request: 'operator.desk', payload: { conversationId: 'c1' }, event: 'conversation.items', reloadWhen: (event, { conversationId }) => event.conversationId === conversationId },
      tracked().step,
    );
    host.emit('conversation.items', { conversationId: 'other', items: [] });
    host.emit('conversation.items', { conversationId: 'c1', items: [] });
    expect(host.calls.map((call) => call.payload)).toEqual([{ conversationId: 'c1' }, { conversationId: 'c1' }]);
    following.stop();
  });

  it('after stop, stops listening and ignores late replies and reloads', async () => {
    const host = fakeHost();
    const steps: DataStep<Profile[]>[] = [];
    const following = followContractData(host.api, { request: 'profiles.list', payload: {}, event: 'profiles.changed', apply: (_, event) => event.profiles }, (step: DataStep<Profile[]>) => steps.push(step));
    following.stop();
    host.emit('profiles.changed', { profiles: [] });
    following.reload();
    host.calls[0]!.answer({ ok: true, data: [] });
    await settle();

    expect(host.log).toEqual(['listen profiles.changed', 'request profiles.list', 'unlisten profiles.changed']);
    expect(steps.map((step) => step.type)).toEqual(['requested']);
  });

  it('starts over for another key: what was shown is forgotten', () => {
    let core = emptyCore<string>();
    core = stepContractData(core, { type: 'requested', request: 1, fresh: true });
    core = stepContractData(core, { type: 'replied', request: 1, result: { ok: true, data: 'first' } });
    core = stepContractData(core, { type: 'requested', request: 1, fresh: true });
    expect(core.shown).toEqual({ data: undefined, error: null, loading: true });
  });
});
