// A load run of 200 Web Messaging guests against the sandbox: every message answered and counted once,
// the per-session rate never tripped, and no session, socket or timer left behind afterwards.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { builtInSandboxProfile } from '../../electron/engine/profiles/profile-service';
import { LoadPlanSchema } from '../../shared/load-plan';
import { systemClock, type Clock, type TimerHandle } from '../../electron/protocol/clock';
import { GuestConnector } from '../../electron/engine/genesys/guest-connector';
import { LoadRun } from '../../electron/engine/load/load-run';
import { createSandbox, type Sandbox } from '../../electron/sandbox';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** The system clock, counting the timers set on it that have neither fired nor been cleared. */
function countingClock() {
  const pending = new Set<TimerHandle>();
  const clock: Clock = {
    now: () => systemClock.now(),
    setTimeout: (fn, ms) => {
      const handle = systemClock.setTimeout(() => {
        pending.delete(handle);
        fn();
      }, ms);
      pending.add(handle);
      return handle;
    },
    clearTimeout: (handle) => {
      pending.delete(handle);
      systemClock.clearTimeout(handle);
    },
  };
  return { clock, pending: () => pending.size };
}

const openSockets = () => process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;

const sandboxProfile = (box: Sandbox) => builtInSandboxProfile(box.org);

describe('a load run', () => {
  it('runs 200 guests: every message answered once, rate limits held, every session closed', async () => {
    sandbox = await createSandbox({ replyLatency: 'instant', port: 0, defaultAgentScript: 'echo' });
    const connector = new GuestConnector({ clock: systemClock, sandbox: { baseUrl: sandbox.baseUrl, wsUrl: sandbox.wsUrl }, openMessaging: null });
    const plan = LoadPlanSchema.parse({
      profileId: 'sandbox',
      channel: 'webmessaging',
      guests: 200,
      rampPerSecond: 100,
      thinkTimeMs: 100,
      messagesPerGuest: 2,
      messages: ['load one', 'load two'],
      replyTimeoutMs: 20_000,
    });
    const progress: number[] = [];
    const run = new LoadRun({
      id: 'test-run',
      plan,
      profile: sandboxProfile(sandbox),
      connector,
      clock: systemClock,
      newId: randomUUID,
      onProgress: (snapshot) => progress.push(snapshot.sent),
      progressIntervalMs: 250,
    });
    const result = await run.run();

    expect(result.state).toBe('finished');
    expect(result.snapshot).toMatchObject({ guestsStarted: 200, guestsDone: 200, guestsActive: 0, sent: 400, acknowledged: 400, answered: 400, received: 400, rateLimited: 0 });
    expect(result.snapshot.errors).toEqual({});
    expect(result.snapshot.latency.count).toBe(400);
    expect(result.snapshot.histogram.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(400);
    expect(progress.length).toBeGreaterThan(0);

    // The server's view: 200 conversations, each with both guest messages and both replies exactly once.
    const conversations = sandbox.control.listConversations();
    expect(conversations).toHaveLength(200);
    expect(conversations.every((conversation) => conversation.messageCount === 4)).toBe(true);
    // No session left open on the server (closes finish their handshake just after the run resolves).
    await expect.poll(() => sandbox!.control.openConnections()).toBe(0);
  });

  it('stops on request, closing every session it opened', async () => {
    sandbox = await createSandbox({ replyLatency: 'instant', port: 0, defaultAgentScript: 'echo' });
    const connector = new GuestConnector({ clock: systemClock, sandbox: { baseUrl: sandbox.baseUrl, wsUrl: sandbox.wsUrl }, openMessaging: null });
    const plan = LoadPlanSchema.parse({ profileId: 'sandbox', channel: 'webmessaging', guests: 20, rampPerSecond: 20, thinkTimeMs: 500, durationSec: 600 });
    const run = new LoadRun({ id: 'stop-run', plan, profile: sandboxProfile(sandbox), connector, clock: systemClock, newId: randomUUID });
    const finished = run.run();
    await expect.poll(() => run.snapshot().answered, { timeout: 10_000 }).toBeGreaterThan(5);
    run.stop();
    const result = await finished;
    expect(result.state).toBe('stopped');
    expect(result.snapshot.guestsActive).toBe(0);
    expect(result.snapshot.errors).toEqual({});
    await expect.poll(() => sandbox!.control.openConnections()).toBe(0);
  });

  it('leaves no timer and no socket behind once run() resolves', async () => {
    sandbox = await createSandbox({ replyLatency: 'instant', port: 0, defaultAgentScript: 'echo' });
    const socketsBefore = openSockets();
    const { clock, pending } = countingClock();
    const connector = new GuestConnector({ clock, sandbox: { baseUrl: sandbox.baseUrl, wsUrl: sandbox.wsUrl }, openMessaging: null });
    const plan = LoadPlanSchema.parse({
      profileId: 'sandbox',
      channel: 'webmessaging',
      guests: 30,
      rampPerSecond: 100,
      thinkTimeMs: 50,
      messagesPerGuest: 3,
      messages: ['one', 'two'],
      replyTimeoutMs: 20_000,
    });
    const run = new LoadRun({ id: 'tidy-run', plan, profile: sandboxProfile(sandbox), connector, clock, newId: randomUUID, onProgress: () => undefined, progressIntervalMs: 100 });
    const result = await run.run();
    expect(result.snapshot).toMatchObject({ sent: 90, answered: 90, guestsDone: 30, errors: {} });
    // Every wait, acknowledgement, ping and progress timer of the run and its sessions is gone at once.
    expect(pending()).toBe(0);
    // Both ends of every socket close (the closing handshakes finish just after run() resolves).
    await expect.poll(() => sandbox!.control.openConnections()).toBe(0);
    await expect.poll(openSockets).toBe(socketsBefore);
  });
});

