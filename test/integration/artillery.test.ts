// A load run exported as an Artillery script completes under `artillery run` against the sandbox, its
// virtual users being this console's own guests (packages/artillery-engine-guest-console), with the
// expected counts. Artillery itself is installed once into a cache folder outside the repo (it is large and
// only this test needs it): ~/.cache/guest-console/artillery-<version>, or GUEST_CONSOLE_ARTILLERY_DIR.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../shared/contract';
import { LoadPlanSchema } from '../../shared/load-plan';
import { webMessagingEndpoints } from '../../electron/engine/genesys/endpoints';
import { artilleryScript } from '../../electron/engine/load/artillery-export';
import { createSandbox, type Sandbox } from '../../electron/sandbox';
import { makeTempDir } from '../support/temp-dir';

const ARTILLERY_VERSION = '2.0.21'; // the last release that runs on Node 20
const root = path.resolve(__dirname, '..', '..');
const home = process.env.GUEST_CONSOLE_ARTILLERY_DIR ?? path.join(os.homedir(), '.cache', 'guest-console', `artillery-${ARTILLERY_VERSION}`);
const binary = path.join(home, 'node_modules', '.bin', 'artillery');

let sandbox: Sandbox;
let dir: ReturnType<typeof makeTempDir>;

beforeAll(async () => {
  if (!fs.existsSync(binary)) {
    fs.mkdirSync(home, { recursive: true });
    const install = spawnSync('npm', ['install', '--prefix', home, `artillery@${ARTILLERY_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund'], {
      stdio: 'inherit',
    });
    if (install.status !== 0) throw new Error(`Could not install artillery@${ARTILLERY_VERSION} into ${home}`);
  }
  sandbox = await createSandbox({ replyLatency: 'instant', port: 0, defaultAgentScript: 'echo' });
  dir = makeTempDir('guest-console-artillery-');
}, 600_000);

afterAll(async () => {
  await sandbox?.close();
  dir?.remove();
});

describe('Artillery scale-out', () => {
  it('runs the exported script with artillery: every guest connects, says its messages and gets every reply', async () => {
    const profile = ProfileSchema.parse({ id: 'sandbox', name: 'Sandbox', builtIn: true, region: 'sandbox', webMessaging: { deploymentId: sandbox.org.deploymentId } });
    const plan = LoadPlanSchema.parse({ profileId: 'sandbox', channel: 'webmessaging', guests: 6, rampPerSecond: 3, thinkTimeMs: 200, messagesPerGuest: 3, messages: ['artillery one', 'artillery two'] });
    const script = path.join(dir.path, 'load.yml');
    fs.writeFileSync(script, artilleryScript(plan, { endpoints: webMessagingEndpoints(profile, sandbox), deploymentId: sandbox.org.deploymentId }));
    const report = path.join(dir.path, 'report.json');

    const code = await new Promise<number>((resolve) => {
      const child = spawn(binary, ['run', '--output', report, script], {
        cwd: root,
        env: { ...process.env, NODE_PATH: path.join(root, 'packages'), ARTILLERY_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: '1' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.once('exit', (status) => resolve(status ?? 1));
    });
    expect(code).toBe(0);

    const counters = (JSON.parse(fs.readFileSync(report, 'utf8')) as { aggregate: { counters: Record<string, number> } }).aggregate.counters;
    expect(counters['vusers.created']).toBe(6);
    expect(counters['vusers.completed']).toBe(6);
    expect(counters['vusers.failed'] ?? 0).toBe(0);
    expect(counters['guest_console.messages_sent']).toBe(18);
    expect(counters['guest_console.replies']).toBe(18);
    expect(sandbox.control.listConversations()).toHaveLength(6);
    expect(sandbox.control.listConversations().every((conversation) => conversation.messageCount === 6)).toBe(true);
    await expect.poll(() => sandbox.control.openConnections()).toBe(0);
  }, 120_000);
});
