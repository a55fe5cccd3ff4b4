// The benchmarks keep working: a small version of each runs here and is checked for counts, never times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGuests, startSandboxProcess, type SandboxProcess } from '../../bench/guests';

let sandbox: SandboxProcess;
beforeAll(async () => {
  sandbox = await startSandboxProcess();
});
afterAll(async () => {
  await sandbox?.stop();
});

describe('benchmark smoke runs', () => {
  it('guests: every message of every guest answered, no errors, figures present', async () => {
    const figures = await runGuests(sandbox, 10, 2);
    expect(figures).toMatchObject({ guests: 10, sent: 20, answered: 20, errors: {}, rateLimited: 0 });
    expect(figures.cpuSeconds).toBeGreaterThan(0);
    expect(figures.peakRssMb).toBeGreaterThan(0);
    expect(figures.p95Ms).toBeDefined();
  });
});
