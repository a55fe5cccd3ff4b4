// The web host keeps its port and access token per data folder (web-host.json, 0600), so an open tab
// reconnects by itself after a restart: the same address when the port is free, the same token on another
// port when it is not, a new token only on --new-token or when the file is missing or damaged.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebConsole, type RunningConsole } from '../../electron/host/web';
import { readWebHostIdentity, saveWebHostIdentity, WEB_HOST_FILE } from '../../electron/host/web-host-identity';
import { makeTempDir } from '../support/temp-dir';

const dirs: ReturnType<typeof makeTempDir>[] = [];
const consoles: RunningConsole[] = [];
afterEach(async () => {
  for (const running of consoles.splice(0)) await running.close();
  for (const dir of dirs.splice(0)) dir.remove();
});

function folder(): string {
  const dir = makeTempDir('guest-console-identity-');
  dirs.push(dir);
  return dir.path;
}

async function start(dataDirectory: string, options: { port?: number; newToken?: boolean } = {}): Promise<URL> {
  const running = await startWebConsole({ replyLatency: 'instant', dataDirectory, rendererDirectory: dataDirectory, ...options });
  consoles.push(running);
  return new URL(running.url);
}

async function stop(): Promise<void> {
  await consoles.pop()!.close();
}

describe('the web host identity file', () => {
  it('reads back what was saved, owner-only, and nothing from a missing, damaged or wrong-shaped file', () => {
    const dir = folder();
    expect(readWebHostIdentity(dir)).toBeUndefined();
    const identity = { port: 43_210, token: 'A'.repeat(32) };
    saveWebHostIdentity(dir, identity);
    const file = path.join(dir, WEB_HOST_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readWebHostIdentity(dir)).toEqual(identity);
    fs.chmodSync(file, 0o644);
    expect(readWebHostIdentity(dir)).toEqual(identity);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600); // tightened when read
    for (const damaged of ['{"port": 43210, "tok', '{"port": 0, "token": "' + 'A'.repeat(32) + '"}', '{"port": 43210, "token": "short"}', '[]']) {
      fs.writeFileSync(file, damaged);
      expect(readWebHostIdentity(dir), damaged).toBeUndefined();
    }
    expect(fs.readdirSync(dir)).toEqual([WEB_HOST_FILE]); // no temporary file left behind
  });
});

describe('a web console started again on the same data folder', () => {
  it('serves on the same port with the same token', async () => {
    const dir = folder();
    const first = await start(dir);
    await stop();
    const again = await start(dir);
    expect(again.href).toBe(first.href);
  });

  it('keeps the token on another port when its port is taken, and follows --port and --new-token', async () => {
    const dir = folder();
    const first = await start(dir);
    await stop();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(Number(first.port), '127.0.0.1', resolve));
    try {
      const moved = await start(dir);
      expect(moved.port).not.toBe(first.port);
      expect(moved.searchParams.get('token')).toBe(first.searchParams.get('token'));
      expect(readWebHostIdentity(dir)?.port).toBe(Number(moved.port));
      await stop();
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
    const pinned = await start(dir, { port: Number(first.port) });
    expect(pinned.port).toBe(first.port);
    await stop();
    const renewed = await start(dir, { newToken: true });
    expect(renewed.searchParams.get('token')).not.toBe(first.searchParams.get('token'));
    expect(readWebHostIdentity(dir)?.token).toBe(renewed.searchParams.get('token'));
  });
});
