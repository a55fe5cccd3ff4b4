// `npm run web`: the engine, the sandbox and the renderer on loopback, without Electron.
// Prints the console's URL (with its access token). Secrets come from environment variables
// (GUEST_CONSOLE_<PROFILE>_CLIENT_SECRET …) or a file given with --secrets; never from the page's storage.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSandbox, type Sandbox } from '../sandbox';
import { createConsoleEngine } from '../engine/console/console-engine';
import { createConfBackend } from '../engine/profiles/conf-backend';
import { createEnvironmentVault } from '../engine/profiles/secret-vault';
import { defaultDataDirectory } from './data-directory';
import { startWebHost } from './web-host';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunningConsole {
  url: string;
  /** The sandbox this console runs against (tests drive its control API). */
  sandbox: Sandbox;
  close(): Promise<void>;
}

export async function startWebConsole(options: {
  port?: number;
  dataDirectory: string;
  secretsFile?: string;
  rendererDirectory?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<RunningConsole> {
  fs.mkdirSync(options.dataDirectory, { recursive: true });
  const sandbox = await createSandbox({ port: 0, credentialsDirectory: options.dataDirectory });
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
  const host = await startWebHost({
    engine,
    rendererDirectory: options.rendererDirectory ?? path.join(repoRoot, 'dist', 'renderer'),
    port: options.port,
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

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      secrets: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      [
        'Usage: npm run web -- [--port N] [--data-dir DIR] [--secrets FILE]',
        '',
        'Serves the Guest Console on http://127.0.0.1 with the built-in sandbox.',
        '  --port N         port to listen on (default: any free port)',
        '  --data-dir DIR   where settings and transcripts live (default: the desktop app\'s folder)',
        '  --secrets FILE   JSON file {"<profileId>": {"clientSecret": "…", "webhookSecret": "…"}}',
        'Secrets can also come from GUEST_CONSOLE_<PROFILE>_CLIENT_SECRET / _WEBHOOK_SECRET.',
      ].join('\n'),
    );
    return;
  }
  const running = await startWebConsole({
    port: values.port ? Number(values.port) : undefined,
    dataDirectory: values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDirectory(),
    secretsFile: values.secrets,
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
