// Load runs through the contract: start, live progress, saved JSON and CSV results, and the approval rule
// for real orgs.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadResultSummary, LoadResultView } from '../../shared/load-contract';
import { call, startRig, type Rig } from '../support/console-with-sandbox';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('load runs in the console', () => {
  it('runs, reports progress, and saves a result that can be opened again', async () => {
    rig = await startRig({ defaultAgentScript: 'echo' });
    const progress: string[] = [];
    rig.engine.bus.subscribe((event, payload) => {
      if (event === 'load.progress') progress.push((payload as { state: string }).state);
    });
    const limits = await call<{ isSandbox: boolean; messagesPerSecondPerSession: number }>(rig.engine, 'load.limits', { profileId: 'sandbox' });
    expect(limits).toMatchObject({ isSandbox: true });
    const { runId } = await call<{ runId: string }>(rig.engine, 'load.start', {
      plan: { profileId: 'sandbox', channel: 'webmessaging', guests: 5, rampPerSecond: 10, thinkTimeMs: 0, messagesPerGuest: 3, messages: ['ping'] },
    });
    await expect.poll(() => call(rig!.engine, 'load.current', {}), { timeout: 15_000 }).toBeNull();
    expect(progress.at(-1)).toBe('finished');

    const results = await call<LoadResultSummary[]>(rig.engine, 'load.results', {});
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ id: runId, guests: 5, sent: 15, answered: 15, state: 'finished' });
    const [json, csv] = results[0]!.files;
    expect(fs.existsSync(json!)).toBe(true);
    expect(fs.readFileSync(csv!, 'utf8').split('\n')[0]).toBe('t,sent,received,active,p50,p95,p99');
    const result = await call<LoadResultView>(rig.engine, 'load.result', { id: runId });
    expect(result.snapshot.latency.count).toBe(15);
    expect(result.snapshot.histogram.at(-1)?.upToMs).toBeNull();
  });

  it('refuses a large run against a real org until the user confirms it was approved', async () => {
    rig = await startRig();
    const profile = await call<{ id: string }>(rig.engine, 'profiles.save', { name: 'Acme', region: 'eu-west-1', webMessaging: { deploymentId: 'd-1' } });
    const plan = { profileId: profile.id, channel: 'webmessaging', guests: 50, rampPerSecond: 5, messagesPerGuest: 1 };
    const refused = await rig.engine.dispatcher.dispatch('load.start', { plan });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'Forbidden' } });
    expect(!refused.ok && refused.error.message).toMatch(/approved/);
    const plainLimits = await call<{ unapprovedGuestLimit: number; isSandbox: boolean }>(rig.engine, 'load.limits', { profileId: profile.id });
    expect(plainLimits).toMatchObject({ isSandbox: false, unapprovedGuestLimit: 10 });
  });
});

describe('an Open Messaging load run', () => {
  it('points the sandbox integration at the receiver and gets every reply', async () => {
    rig = await startRig({ defaultAgentScript: 'echo' });
    await call(rig.engine, 'load.start', {
      plan: { profileId: 'sandbox', channel: 'openmessaging', guests: 4, rampPerSecond: 10, thinkTimeMs: 0, messagesPerGuest: 2, messages: ['open load'] },
    });
    await expect.poll(() => call(rig!.engine, 'load.current', {}), { timeout: 20_000 }).toBeNull();
    const [summary] = await call<LoadResultSummary[]>(rig.engine, 'load.results', {});
    expect(summary).toMatchObject({ channel: 'openmessaging', sent: 8, answered: 8 });
  });
});
