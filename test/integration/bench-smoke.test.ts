// The benchmarks keep working: a small version of each runs here and is checked for counts, never times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareClients, startSandboxProcess, type SandboxProcess } from '../../bench/guests';

let sandbox: SandboxProcess;
beforeAll(async () => {
  sandbox = await startSandboxProcess();
});
afterAll(async () => {
  await sandbox?.stop();
});

describe('benchmark smoke runs', () => {
  it('guests: the floor client and the load runner each answer every message of every guest, figures present', async () => {
    const comparison = await compareClients(sandbox, { guests: 10, messagesPerGuest: 2, rampPerSecond: 50, thinkMs: 50 }, 1);
    for (const side of [comparison.floor, comparison.runner]) {
      expect(side).toMatchObject({ answered: '20/20', lost: 0, errors: 0 });
      expect(side.cpuMsPerAnswer).toBeGreaterThan(0);
      expect(side.peakRssMb).toBeGreaterThan(0);
    }
    expect(comparison.runs.map((run) => run.client).sort()).toEqual(['floor', 'runner']);
    expect(comparison.ratios.cpuPerAnswer).toBeGreaterThan(0);
  }, 60_000);
});
