// A console engine in a child process, driven over IPC — so a test can SIGKILL it mid-conversation and
// start another on the same data folder. argv: <dataDirectory> <sandbox JSON>.
import { createConsoleEngine, type SandboxConnection } from '../../electron/engine/console/console-engine';
import { createConfBackend } from '../../electron/engine/profiles/conf-backend';
import { createMemoryVault } from '../../electron/engine/profiles/secret-vault';

const [dataDirectory, sandboxJson] = process.argv.slice(2);
const sandbox = JSON.parse(sandboxJson!) as SandboxConnection;
const engine = createConsoleEngine({
  host: 'web',
  version: '0.0.0-test',
  versions: {},
  dataDirectory: dataDirectory!,
  settings: createConfBackend(dataDirectory!),
  vault: createMemoryVault(),
  env: process.env,
  sandbox,
  session: { pingIntervalMs: 2_000, ackTimeoutMs: 4_000, maxReconnectDelayMs: 300 },
});

process.on('message', (message: { id: number; channel: string; payload: unknown }) => {
  void engine.dispatcher.dispatch(message.channel, message.payload).then((result) => process.send?.({ id: message.id, result }));
});
process.send?.({ ready: true });
