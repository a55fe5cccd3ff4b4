// `npm run sandbox -- [options]`: runs the sandbox alone for other tools (the official SDKs, other
// testers). Prints one line with the URLs, the control token and the demo org (or one JSON object with
// --json), then serves until SIGINT/SIGTERM. With --state DIR the org persists there across runs (and kills).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { RESTRICTED_DEPLOYMENT } from './demo-org';
import { createSandbox, LATENCY_PROFILES, SandboxStartError, type FaultSettings, type LatencyProfile, type Sandbox } from './index';

const HELP = `Usage: npm run sandbox -- [options]

Runs the Guest Console sandbox, a local Genesys Cloud look-alike, on 127.0.0.1.

Options:
  --port N                 port to listen on (default 0 = any free port)
  --json                   print the start line as one JSON object
  --drop-sockets-every S   close every Guest WebSocket every S seconds
  --latency MS             delay every HTTP response and WebSocket frame by MS milliseconds
  --429-burst N            answer the next N requests with 429 (Retry-After 1)
  --5xx-rate R             answer a fraction R (0..1) of requests with a server error
  --fail-webhooks N        fail the next N webhook deliveries (-1 = all)
  --token-lifetime S       OAuth access tokens expire after S seconds
  --scripts DIR            load agent scripts from DIR instead of the shipped ones
  --agent NAME             the agent script new conversations get (default: default; echo, operator, bot-flow, …)
  --reply-latency P        every agent answers at pace P: instant (tests), bot (300-800 ms) or human (reads,
                           types, then answers); default: each agent's own (the shipped ones: bot, human)
  --lenient                also read custom attributes from the request-level channel older clients send
                           (default: only message.channel.metadata.customAttributes, as Genesys documents)
  --idle-timeout S         close a Guest WebSocket the client sent nothing on for S seconds (default: never;
                           no source states Genesys' idle timeout)
  --connections-per-minute N  new Guest WebSockets per deployment per minute (default 1000, as documented)
  --state DIR              keep the org (conversations, sessions, files, pending replies, webhook queue) in DIR
                           and carry on from it; without it the sandbox forgets everything when it stops
  --help                   show this help`;

type Parsed =
  | {
      ok: true;
      port: number;
      json: boolean;
      faults: Partial<FaultSettings>;
      tokenLifetimeSec?: number;
      scriptsDir?: string;
      agent?: string;
      stateDirectory?: string;
      replyLatency?: LatencyProfile;
      lenient?: boolean;
      limits?: { idleTimeoutSec?: number; newConnectionsPerDeploymentPerMinute?: number };
    }
  | { ok: false; message: string };

export function parseCliArgs(argv: string[]): Parsed | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(argv),
      options: {
        port: { type: 'string' },
        json: { type: 'boolean' },
        'drop-sockets-every': { type: 'string' },
        latency: { type: 'string' },
        '429-burst': { type: 'string' },
        '5xx-rate': { type: 'string' },
        'fail-webhooks': { type: 'string' },
        'token-lifetime': { type: 'string' },
        scripts: { type: 'string' },
        agent: { type: 'string' },
        'reply-latency': { type: 'string' },
        lenient: { type: 'boolean' },
        'idle-timeout': { type: 'string' },
        'connections-per-minute': { type: 'string' },
        state: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (cause) {
    return { ok: false, message: (cause as Error).message };
  }
  if (values.help) return 'help';
  const number = (name: string, check: (n: number) => boolean, rule: string): number | undefined | Error => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    return Number.isFinite(n) && check(n) ? n : new Error(`--${name} must be ${rule} (got "${String(raw)}")`);
  };
  const port = number('port', (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'an integer from 0 to 65535');
  const drop = number('drop-sockets-every', (n) => n > 0, 'a positive number of seconds');
  const latency = number('latency', (n) => Number.isInteger(n) && n >= 0, 'a whole number of milliseconds');
  const burst = number('429-burst', (n) => Number.isInteger(n) && n >= 0, 'a whole number');
  const rate = number('5xx-rate', (n) => n >= 0 && n <= 1, 'between 0 and 1');
  const webhooks = number('fail-webhooks', (n) => Number.isInteger(n) && n >= -1, 'a whole number or -1');
  const lifetime = number('token-lifetime', (n) => Number.isInteger(n) && n > 0, 'a positive whole number of seconds');
  const idle = number('idle-timeout', (n) => Number.isInteger(n) && n > 0, 'a positive whole number of seconds');
  const perMinute = number('connections-per-minute', (n) => Number.isInteger(n) && n > 0, 'a positive whole number');
  const bad = [port, drop, latency, burst, rate, webhooks, lifetime, idle, perMinute].find((v): v is Error => v instanceof Error);
  if (bad) return { ok: false, message: bad.message };
  const pace = values['reply-latency'];
  const replyLatency = LATENCY_PROFILES.find((profile) => profile === pace);
  if (pace !== undefined && replyLatency === undefined) {
    return { ok: false, message: `--reply-latency must be one of ${LATENCY_PROFILES.join(', ')} (got "${String(pace)}")` };
  }
  const faults: Partial<FaultSettings> = {
    ...(drop !== undefined ? { dropSocketsEverySec: drop as number } : {}),
    ...(latency !== undefined ? { latencyMs: latency as number } : {}),
    ...(burst !== undefined ? { burst429: { count: burst as number, retryAfterSec: 1 } } : {}),
    ...(rate !== undefined ? { http5xxRate: rate as number } : {}),
    ...(webhooks !== undefined ? { failWebhookDeliveries: webhooks as number } : {}),
    ...(lifetime !== undefined ? { tokenLifetimeSec: lifetime as number } : {}),
  };
  return {
    ok: true,
    port: (port as number | undefined) ?? 0,
    json: values.json === true,
    faults,
    ...(lifetime !== undefined ? { tokenLifetimeSec: lifetime as number } : {}),
    ...(typeof values.scripts === 'string' ? { scriptsDir: values.scripts } : {}),
    ...(typeof values.agent === 'string' ? { agent: values.agent } : {}),
    ...(typeof values.state === 'string' ? { stateDirectory: path.resolve(values.state) } : {}),
    ...(replyLatency !== undefined ? { replyLatency } : {}),
    ...(values.lenient === true ? { lenient: true } : {}),
    ...(idle !== undefined || perMinute !== undefined
      ? {
          limits: {
            ...(idle !== undefined ? { idleTimeoutSec: idle as number } : {}),
            ...(perMinute !== undefined ? { newConnectionsPerDeploymentPerMinute: perMinute as number } : {}),
          },
        }
      : {}),
  };
}

/** `--fail-webhooks -1` → `--fail-webhooks=-1`: parseArgs would otherwise read `-1` as a flag. */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (arg.startsWith('--') && !arg.includes('=') && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

export function startLine(sandbox: Sandbox, json: boolean): string {
  const { org } = sandbox;
  const info = {
    baseUrl: sandbox.baseUrl,
    wsUrl: sandbox.wsUrl,
    guestUrl: sandbox.guestUrl,
    controlToken: sandbox.controlToken,
    clientId: org.clientId,
    clientSecret: org.clientSecret,
    integrationId: org.integrationId,
    webhookSecret: org.webhookSecret,
    deploymentId: org.deploymentId,
    restrictedDeploymentId: RESTRICTED_DEPLOYMENT.id,
  };
  if (json) return JSON.stringify(info);
  return Object.entries(info)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

async function main(): Promise<number> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n\n${HELP}\n`);
    return 2;
  }
  let sandbox: Sandbox;
  try {
    sandbox = await createSandbox({
      port: parsed.port,
      faults: parsed.faults,
      ...(parsed.tokenLifetimeSec !== undefined ? { tokenLifetimeSec: parsed.tokenLifetimeSec } : {}),
      ...(parsed.scriptsDir !== undefined ? { scriptsDir: parsed.scriptsDir } : {}),
      ...(parsed.agent !== undefined ? { defaultAgentScript: parsed.agent } : {}),
      ...(parsed.stateDirectory !== undefined ? { stateDirectory: parsed.stateDirectory } : {}),
      ...(parsed.replyLatency !== undefined ? { replyLatency: parsed.replyLatency } : {}),
      ...(parsed.lenient ? { lenient: true } : {}),
      ...(parsed.limits ? { limits: parsed.limits } : {}),
    });
  } catch (cause) {
    process.stderr.write(`${cause instanceof SandboxStartError ? cause.message : String(cause)}\n`);
    return 1;
  }
  for (const problem of sandbox.stateProblems) {
    process.stderr.write(`Sandbox state: ${problem.file}: ${problem.reason}${problem.setAsideIn ? ` (set aside in ${problem.setAsideIn})` : ''}\n`);
  }
  process.stdout.write(`${startLine(sandbox, parsed.json)}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sandbox.close();
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then((code) => process.exit(code));
}
