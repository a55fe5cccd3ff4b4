// The whole console in a child process, as `npm start` / `npm run web` runs it: startWebConsole on a data
// folder — the engine, the web host and the sandbox embedded in the same process (its org kept in
// <data>/sandbox/) — so a suite's SIGKILL takes the sandbox down with it. Tells the parent the console's URL
// (with its access token) and where the sandbox listens, for reading the server's side as an outside client.
// argv: <dataDirectory>.
import { startWebConsole } from '../../../electron/host/web';

const [dataDirectory] = process.argv.slice(2);
const running = await startWebConsole({ replyLatency: 'instant', dataDirectory: dataDirectory! });
const { baseUrl, wsUrl, org } = running.sandbox;
process.send?.({ ready: true, url: running.url, sandbox: { baseUrl, wsUrl, org } });
