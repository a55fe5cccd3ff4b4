// `npm run web`: the engine, the sandbox and the renderer on loopback, without Electron.
// Prints the console's URL (with its access token). Secrets come from environment variables
// (GUEST_CONSOLE_<PROFILE>_CLIENT_SECRET …) or a file given with --secrets; never from the page's storage.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSandbox, type LatencyProfile, type Sandbox } from '../sandbox';
import { createConsoleEngine } from '../engine/console/console-engine';
import { createConfBackend } from '../engine/profiles/conf-backend';
import { createEnvironmentVault } from '../engine/profiles/secret-vault';
import { defaultDataDirectory } from './data-directory';
import { startWebHost, type WebHost, type WebHostOptions } from './web-host';
import { readWebHostIdentity, saveWebHostIdentity } from './web-host-identity';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunningConsole {
  url: string;
  /** The sandbox this console runs against (tests drive its control API). */
  sandbox: Sandbox;
  close(): Promise<void>;
}

export async function startWebConsole(options: {
  /** Pins the port; without it the port this data folder's host had last time, when free, else any. */
  port?: number;
  dataDirectory: string;
  secretsFile?: string;
  rendererDirectory?: string;
  env?: NodeJS.ProcessEnv;
  /** Makes a new access token instead of the one kept for this data folder (pages holding the old one are refused). */
  newToken?: boolean;
  /** The sandbox's agents all answer at this pace (tests: `instant`); unset, at their scripts' realistic pace. */
  replyLatency?: LatencyProfile;
}): Promise<RunningConsole> {
  fs.mkdirSync(options.dataDirectory, { recursive: true });
  const sandbox = await createSandbox({
    port: 0,
    credentialsDirectory: options.dataDirectory,
    stateDirectory: path.join(options.dataDirectory, 'sandbox'),
    ...(options.replyLatency ? { replyLatency: options.replyLatency } : {}),
  });
  const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const engine = createConsoleEngine({
    host: 'web',
    version,
    versions: { node: process.versions.node, v8: process.versions.v8 },
    dataDirectory: options.dataDirectory,
    settings: createConfBackend(options.dataDirectory),
    vault: createEnvironmentVault(options.env ?? process.env, options.secretsFile),
    env: options.env ?? process.env,
    sandbox,
  });
  const host = await startKeptWebHost(options, {
    engine,
    rendererDirectory: options.rendererDirectory ?? path.join(repoRoot, 'dist', 'renderer'),
    sandboxOrigin: sandbox.baseUrl,
  });
  return {
    url: host.url,
    sandbox,
    async close() {
      await host.close();
      await engine.close();
      await sandbox.close();
    },
  };
}

/**
 * The web host on this data folder's port and token (web-host.json), so an open tab reconnects by itself after
 * a restart. A port taken meanwhile gives way to any free one, unless --port pinned it; the token stays.
 */
async function startKeptWebHost(
  options: { port?: number | undefined; dataDirectory: string; newToken?: boolean | undefined },
  hostOptions: Omit<WebHostOptions, 'port' | 'token'>,
): Promise<WebHost> {
  const kept = readWebHostIdentity(options.dataDirectory);
  const token = options.newToken ? undefined : kept?.token;
  const start = (port: number | undefined) => startWebHost({ ...hostOptions, ...(port !== undefined ? { port } : {}), ...(token ? { token } : {}) });
  let host: WebHost;
  if (options.port !== undefined || kept === undefined) host = await start(options.port);
  else host = await start(kept.port).catch(() => start(undefined));
  saveWebHostIdentity(options.dataDirectory, { port: host.port, token: host.token });
  return host;
}

/** `npm run web` (scripts/start.mjs calls it in its own process): arguments as after `--`. */
export async function main(args: string[] = process.argv.slice(2)) {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      secrets: { type: 'string' },
      'new-token': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      [
        'Usage: npm run web -- [--port N] [--data-dir DIR] [--secrets FILE]',
        '',
        'Serves the Guest Console on http://127.0.0.1 with the built-in sandbox.',
        '  --port N         port to listen on (default: the one this data folder used last time, when free)',
        '  --data-dir DIR   where settings and transcripts live (default: the desktop app\'s folder)',
        '  --secrets FILE   JSON file {"<profileId>": {"clientSecret": "…", "webhookSecret": "…"}}',
        '  --new-token      make a new access token (open tabs and saved URLs stop working)',
        'The port and access token are kept in the data folder (web-host.json, readable only by you), so an open',
        'tab reconnects by itself after a restart.',
        'Secrets can also come from GUEST_CONSOLE_<PROFILE>_CLIENT_SECRET / _WEBHOOK_SECRET.',
      ].join('\n'),
    );
    return;
  }
  const running = await startWebConsole({
    port: values.port ? Number(values.port) : undefined,
    dataDirectory: values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDirectory(),
    secretsFile: values.secrets,
    newToken: values['new-token'] === true,
  });
  console.log(`Guest Console is running at ${running.url}`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`The web host could not start: ${(error as Error).message}`);
    process.exit(1);
  });
}
