// The prebuilt Node side (vite.node.config.ts → dist/node/, scripts/build-node.mjs): built only when stale,
// once when processes find it stale together, stamped with the build's start; the bin answers from the build
// and runs a scenario on the sandbox (so the bundle finds the sandbox's scripts); what `--help` and the web
// host load at start leaves out the engine's schemas and the Platform SDK (code, not a timing).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/temp-dir';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'guest-console.mjs');
const buildIfStale = pathToFileURL(path.join(root, 'scripts', 'build-if-stale.mjs')).href;

let dir: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => {
  dir?.remove();
  dir = undefined;
});

/** A process that runs buildIfStale on `folder`: the "build" takes 300 ms, counts itself and writes the output. */
function builder(folder: string) {
  const build = `require('fs').appendFileSync('builds', 'x'); setTimeout(() => require('fs').writeFileSync('out/built', 'ok'), 300)`;
  const script = `import { buildIfStale } from ${JSON.stringify(buildIfStale)};
buildIfStale(${JSON.stringify(folder)}, { output: 'out/built', sources: ['src'], command: process.execPath, args: ['-e', ${JSON.stringify(build)}] });`;
  return spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: folder, stdio: ['ignore', 'inherit', 'inherit'] });
}
const exited = (child: ReturnType<typeof spawn>) => new Promise<number | null>((resolve) => child.once('exit', resolve));
const builds = (folder: string) => (fs.existsSync(path.join(folder, 'builds')) ? fs.readFileSync(path.join(folder, 'builds'), 'utf8').length : 0);

/** The chunk files an entry imports statically, itself included (what Node evaluates before the entry runs). */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/^import\s[^;]*?from\s*"(\.{1,2}\/[^"]+)"/gm)) visit(path.resolve(path.dirname(file), match[1]!));
  };
  visit(entry);
  return [...seen];
}

describe('the Node side build', () => {
  it('builds when a source is newer than the output, once for processes that start together, and not again until a source changes', async () => {
    dir = makeTempDir('guest-console-build-');
    const folder = dir.path;
    fs.mkdirSync(path.join(folder, 'src'));
    fs.mkdirSync(path.join(folder, 'out'));
    fs.writeFileSync(path.join(folder, 'src', 'a.ts'), 'export {};');

    const codes = await Promise.all([builder(folder), builder(folder), builder(folder)].map(exited));
    expect(codes).toEqual([0, 0, 0]);
    expect(builds(folder)).toBe(1);
    expect(fs.existsSync(path.join(folder, 'out', 'built.lock'))).toBe(false);
    // Stamped with the moment the build started, so a source saved during the build leaves it stale.
    expect(fs.statSync(path.join(folder, 'out', 'built')).mtimeMs).toBeLessThanOrEqual(Date.now() - 250);

    expect(await exited(builder(folder))).toBe(0);
    expect(builds(folder)).toBe(1);

    const later = new Date(Date.now() + 1000);
    fs.utimesSync(path.join(folder, 'src', 'a.ts'), later, later);
    expect(await exited(builder(folder))).toBe(0);
    expect(builds(folder)).toBe(2);
  }, 60_000);

  it('takes over a lock whose owner died', async () => {
    dir = makeTempDir('guest-console-build-');
    const folder = dir.path;
    fs.mkdirSync(path.join(folder, 'src'));
    fs.mkdirSync(path.join(folder, 'out', 'built.lock'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'src', 'a.ts'), 'export {};');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    fs.writeFileSync(path.join(folder, 'out', 'built.lock', 'pid'), dead);
    expect(await exited(builder(folder))).toBe(0);
    expect(builds(folder)).toBe(1);
  }, 60_000);
});

describe('the prebuilt command line and web host', () => {
  beforeAll(() => {
    // Builds dist/node/ if stale (as the bin would), so the checks below read a current build.
    const version = spawnSync(process.execPath, [bin, '--version'], { cwd: root, encoding: 'utf8' });
    expect(version.status).toBe(0);
  }, 120_000);

  it('answers --help and --version from the build, with nothing else on stdout', () => {
    const help = spawnSync(process.execPath, [bin, '--help'], { cwd: root, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: guest-console run /);
    expect(help.stdout).toContain('Load runs (guest-console load):');
    const version = spawnSync(process.execPath, [bin, '--version'], { cwd: root, encoding: 'utf8' });
    const { version: expected } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout).toBe(`${expected}\n`);
  });

  it('leaves the commands, the contract schemas and the Platform SDK out of what --help loads, and the SDK out of the web host start', () => {
    const cli = staticClosure(path.join(root, 'dist', 'node', 'cli', 'guest-console.mjs'));
    const cliText = cli.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
    expect(cliText).not.toContain('"ZodError"');
    expect(cliText).not.toContain('function createConsoleEngine');
    expect(cliText).not.toContain('class ApiClient');
    const web = staticClosure(path.join(root, 'dist', 'node', 'web.mjs'));
    const webText = web.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
    expect(webText).toContain('function createConsoleEngine');
    expect(webText).not.toContain('class ApiClient');
  });

  it('runs a scenario on the sandbox through the bin (the bundle finds the agent scripts) and exits 0', () => {
    dir = makeTempDir('guest-console-bin-');
    const run = spawnSync(process.execPath, [bin, 'run', path.join(root, 'scenarios', 'examples', 'greeting-and-echo.yaml'), '--profile', 'sandbox', '--data-dir', dir.path], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/scenarios: \d+ passed, 0 failed/);
  }, 120_000);
});
