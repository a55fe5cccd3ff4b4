// `guest-console load` from the command line: a run on its own sandbox with counts in the JSON result, a
// scenario's say steps as the script, and the approval rule for real orgs.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/host/cli/guest-console-cli';
import type { CommandContext } from '../../electron/host/cli/run-command';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => dir?.remove());

function context(cwd: string): CommandContext & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd, env: { GUEST_CONSOLE_DATA_DIR: path.join(cwd, 'home'), GUEST_CONSOLE_SANDBOX_REPLY_LATENCY: 'instant' }, stdout: { write: (text) => void out.push(text) }, stderr: { write: (text) => void err.push(text) }, version: '0.0.0-test', out, err };
}

describe('guest-console load', () => {
  it('runs guests on its own sandbox and writes the result with the expected counts', async () => {
    dir = makeTempDir();
    const ctx = context(dir.path);
    const code = await main(
      ['load', '--profile', 'sandbox', '--guests', '8', '--ramp', '8/s', '--messages-per-guest', '2', '--think', '50', '--message', 'echo load test', '--json', 'out/result.json', '--data-dir', 'data'],
      ctx,
    );
    expect(ctx.err.join('')).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(fs.readFileSync(path.join(dir.path, 'out', 'result.json'), 'utf8'));
    expect(result.snapshot).toMatchObject({ guestsStarted: 8, sent: 16, answered: 16, errors: {} });
    expect(fs.readdirSync(path.join(dir.path, 'data', 'load-results')).sort().map((name) => path.extname(name))).toEqual(['.csv', '.json']);
    expect(ctx.out.join('')).toMatch(/finished: 16 sent, 16 answered, 0 error/);
  });

  it('takes a scenario file\'s say steps as the message script', async () => {
    dir = makeTempDir();
    fs.writeFileSync(
      path.join(dir.path, 'greet.yaml'),
      ['name: Greet under load', 'profile: sandbox', 'channel: webmessaging', 'steps:', '  - say: echo first', '  - expect: { contains: first }', '  - say: echo second', ''].join('\n'),
    );
    const ctx = context(dir.path);
    const code = await main(['load', 'greet.yaml', '--profile', 'sandbox', '--guests', '3', '--ramp', '10', '--messages-per-guest', '2', '--think', '0', '--json', 'r.json'], ctx);
    expect(ctx.err.join('')).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir.path, 'r.json'), 'utf8')).plan.messages).toEqual(['echo first', 'echo second']);
    // Without --data-dir, the result is saved in the console's data folder (GUEST_CONSOLE_DATA_DIR), and it says where.
    const saved = fs.readdirSync(path.join(dir.path, 'home', 'load-results')).sort();
    expect(saved.map((name) => path.extname(name))).toEqual(['.csv', '.json']);
    expect(ctx.out.join('')).toContain(`saved: ${path.join(dir.path, 'home', 'load-results', saved[1]!)}`);
  });

  it('refuses a large run against a real org without --approved, and says so', async () => {
    dir = makeTempDir();
    fs.mkdirSync(path.join(dir.path, 'data'));
    fs.writeFileSync(
      path.join(dir.path, 'data', 'settings.json'),
      JSON.stringify({ schemaVersion: 1, profiles: [{ id: 'acme', name: 'Acme', region: 'eu-west-1', webMessaging: { deploymentId: 'd-1' } }] }),
    );
    const ctx = context(dir.path);
    const code = await main(['load', '--profile', 'Acme', '--guests', '50', '--ramp', '5', '--duration', '1m', '--data-dir', 'data'], ctx);
    expect(code).toBe(2);
    expect(ctx.err.join('')).toMatch(/approved.*--approved/s);
  });

  it('explains usage problems', async () => {
    dir = makeTempDir();
    const ctx = context(dir.path);
    expect(await main(['load', '--profile', 'sandbox', '--guests', '5', '--ramp', '5'], ctx)).toBe(2);
    expect(ctx.err.join('')).toMatch(/--duration or --messages-per-guest/);
  });
});
