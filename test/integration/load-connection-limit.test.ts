// A load run against a deployment's new-connection limit (spec §6.3): guests arrive within it however fast the
// plan asks, so every guest connects; a runner told a higher limit than the deployment's is refused (429 at the
// upgrade) and its guests past the limit time out connecting, which shows the sandbox enforces it. Both sides run
// on one clock 5 times faster than the wall (a minute in twelve seconds: slack enough for a loaded machine). Also the note for a plan past the limit.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { builtInSandboxProfile } from '../../electron/engine/profiles/profile-service';
import { LoadPlanSchema } from '../../shared/load-plan';
import type { Clock } from '../../electron/protocol/clock';
import { GuestConnector } from '../../electron/engine/genesys/guest-connector';
import { connectionLimitNote } from '../../electron/engine/load/connection-ramp';
import { LoadRun } from '../../electron/engine/load/load-run';
import { createSandbox, type Sandbox } from '../../electron/sandbox';

const SPEED = 5;

/** Clock time runs SPEED times faster than the wall: now() and every timer alike. */
function fastClock(): Clock {
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * SPEED,
    setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms / SPEED)),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

/** Long enough for a loaded machine to connect (11 s of wall time), shorter than the minute a refused guest waits. */
const CONNECT_TIMEOUT_MS = 55_000;

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const plan = LoadPlanSchema.parse({
  profileId: 'sandbox',
  channel: 'webmessaging',
  guests: 24,
  rampPerSecond: 200,
  thinkTimeMs: 0,
  messagesPerGuest: 1,
  messages: ['hi'],
  replyTimeoutMs: 60_000,
});

async function runAgainstLimit(runnerLimit: number, connectTimeoutMs = CONNECT_TIMEOUT_MS) {
  const clock = fastClock();
  sandbox = await createSandbox({ port: 0, clock, replyLatency: 'instant', defaultAgentScript: 'echo', limits: { newConnectionsPerDeploymentPerMinute: 10 } });
  const connector = new GuestConnector({ clock, sandbox: { baseUrl: sandbox.baseUrl, wsUrl: sandbox.wsUrl }, openMessaging: null });
  const profile = builtInSandboxProfile(sandbox.org);
  const startedAt = clock.now();
  const run = new LoadRun({ id: 'limit-run', plan, profile, connector, clock, newId: randomUUID, connectionsPerMinute: runnerLimit, connectTimeoutMs });
  const result = await run.run();
  return { result, minutes: (clock.now() - startedAt) / 60_000 };
}

describe('a load run and the new-connection limit', () => {
  it('ramps within the deployment limit: every guest connects and is answered, over the minutes it takes', async () => {
    // A guest's connect may wait out a loaded machine's stalls (five clock minutes): what is checked is that the
    // ramp holds arrivals to the limit (the minutes it takes) and that every guest gets through.
    const { result, minutes } = await runAgainstLimit(10, 300_000);
    expect(result.snapshot.errors).toEqual({});
    expect(result.snapshot).toMatchObject({ guestsStarted: 24, guestsDone: 24, sent: 24, answered: 24 });
    expect(minutes).toBeGreaterThanOrEqual(2); // 10 + 10 + 4 arrivals: the third batch starts two minutes in
    expect(sandbox!.control.listConversations()).toHaveLength(24);
  }, 90_000);

  it('without the ramp, the guests past the limit are refused at the upgrade and time out connecting', async () => {
    const { result } = await runAgainstLimit(1_000);
    expect(result.snapshot.guestsStarted).toBe(24);
    // 10 connect at once; the other 14 are refused (429) until the minute frees a slot, past their 55 s connect timeout
    expect(result.snapshot.errors.connectTimeout).toBe(14);
    expect(result.snapshot.answered).toBe(10);
  }, 90_000);
});

describe('the note for a plan that would exceed the limit', () => {
  it('says how the ramp is slowed, only for Web Messaging plans past the limit', () => {
    const big = LoadPlanSchema.parse({ profileId: 'p', channel: 'webmessaging', guests: 5000, rampPerSecond: 50, messagesPerGuest: 1 });
    expect(connectionLimitNote(big)).toBe(
      'This plan opens 5000 guests at 50 per second, more than the 1000 new connections per minute a Web Messaging deployment accepts; ' +
        'guests arrive at most 1000 in any minute instead (about 5 minutes until every guest has started).',
    );
    expect(connectionLimitNote({ ...big, rampPerSecond: 16 })).toBeNull(); // 960 a minute fits
    expect(connectionLimitNote({ ...big, guests: 1000 })).toBeNull(); // never more than 1000 in a minute
    expect(connectionLimitNote({ ...big, channel: 'openmessaging' })).toBeNull();
  });
});
