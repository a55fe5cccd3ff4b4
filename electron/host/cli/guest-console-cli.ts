// The `guest-console` command line (bin/guest-console.mjs runs it through tsx): `run`, the scenario runner
// for CI, and `load`, a load run. Returns the exit code instead of exiting, so tests call it in process.
// Usage errors echo what was typed, so they are printed without control characters too.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SCENARIO_VARIABLE_PREFIX, unapprovableName } from '../../engine/scenarios/scenario-environment';
import { EXIT } from './exit-codes';
import type { CommandContext } from './run-command';
import { printableLine } from './terminal-text';

const HELP = `Usage: guest-console run <files or globs…> --profile <name|sandbox> [options]
       guest-console load [scenario] --profile <name|sandbox> --guests N --ramp R [options]

Runs scenario files (YAML, see docs/scenarios.md) as guests on Genesys Cloud messaging and reports
each step. Exit code 0 when every scenario passed, 1 when any failed, 2 for usage errors or invalid
files (then nothing runs).

Options:
  --profile <name>    the profile to run on, by name or id; "sandbox" starts a local sandbox
  --parallel <n>      how many scenario runs at once (default 1)
  --channel <name>    run every scenario on this channel only (webmessaging or openmessaging)
  --allow-env <NAME>  let \${env.NAME} read this variable too (repeatable, or NAME,NAME); variables
                      named ${SCENARIO_VARIABLE_PREFIX}… are always readable, profile secrets never
  --junit <file>      write a JUnit XML report
  --json <file>       write a JSON report
  --data-dir <dir>    the data folder: profiles, transcripts, load results; default: the console's
                      (GUEST_CONSOLE_DATA_DIR, else the desktop app's), so the console shows them
  --sandbox-agent <n> with --profile sandbox: the agent new conversations get (default: Sandy;
                      bot-flow is Flo, an Architect-like bot; echo, operator)
  -h, --help          show this help
  -v, --version       show the version

Secrets come from environment variables: GUEST_CONSOLE_<PROFILE>_CLIENT_SECRET and
GUEST_CONSOLE_<PROFILE>_WEBHOOK_SECRET, <PROFILE> being the profile's name (or id) in capitals with
other characters as _. Scenario "ai" and "judge" steps use the model GUEST_CONSOLE_AI_BASE_URL
(e.g. https://api.openai.com/v1, or http://localhost:11434/v1 for Ollama), GUEST_CONSOLE_AI_MODEL and,
for a hosted model, GUEST_CONSOLE_AI_API_KEY (or the data folder's AI settings). \${env.NAME} in a scenario reads ${SCENARIO_VARIABLE_PREFIX}… variables and those
named with --allow-env; never a variable that holds a profile secret (by its name or its value).

Load runs (guest-console load):
  --guests <n>        how many guests (required)
  --ramp <r>          new guests per second, e.g. 5 or 5/s (required)
  --duration <t>      how long, in seconds (or 90s, 5m)
  --messages-per-guest <n>   messages each guest sends (give this or --duration, or both; with both,
                      whichever comes first ends it: a guest stops after its messages, and after
                      the duration no guest starts or sends another)
  --think <ms>        pause after each reply (default 1000)
  --message <text>    a message of the script (repeatable; default "hello"); or name a scenario file,
                      whose "say" steps become the script (its expectations are not checked under load)
  --channel <name>    webmessaging (default) or openmessaging
  --approved          confirm that a run above 10 guests against a real org was approved
  --json <file>       copy the result (JSON) there; it is always saved in the data folder's
                      load-results/ too (the path is printed), where the console's Load runs lists it
  --ai-share <percent> a share of the guests played by the AI model (spread evenly); the rest send
                      the script. Needs a model: GUEST_CONSOLE_AI_BASE_URL, GUEST_CONSOLE_AI_MODEL and,
                      for a hosted model, GUEST_CONSOLE_AI_API_KEY (or the data folder's AI settings)
  --ai-goal <text>    what the AI guests want (required with --ai-share)
  --ai-max-turns <n>  messages each AI guest may send (default 4)
  --ai-budget <n>     tokens all AI guests of the run may spend together (default: the AI settings')
  --export-artillery <file>  write the run as an Artillery script (Web Messaging) instead of running it;
                      run it with NODE_PATH=<repo>/packages artillery run <file>
  --sandbox-url <url> with --profile sandbox and --export-artillery: a running \`npm run sandbox\`

Examples:
  guest-console run scenarios/examples/*.yaml --profile sandbox
  GUEST_CONSOLE_AI_BASE_URL=http://localhost:11434/v1 GUEST_CONSOLE_AI_MODEL=llama3.1 \\
    guest-console run scenarios/examples/ai-customer.yaml --profile sandbox
  guest-console load --profile sandbox --guests 50 --ramp 10/s --duration 60s
  guest-console run "tests/**/*.yaml" --profile "Acme Prod" --parallel 4 --junit reports/scenarios.xml
`;

export async function main(argv: string[], context: CommandContext = processContext()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    context.stdout.write(HELP);
    return command === undefined ? EXIT.usage : EXIT.passed;
  }
  if (command === '-v' || command === '--version') {
    context.stdout.write(`${context.version}\n`);
    return EXIT.passed;
  }
  if (command === 'load') return load(rest, context);
  if (command !== 'run') return usage(context, `Unknown command "${command}".`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        profile: { type: 'string' },
        parallel: { type: 'string' },
        channel: { type: 'string' },
        'allow-env': { type: 'string', multiple: true },
        junit: { type: 'string' },
        json: { type: 'string' },
        'data-dir': { type: 'string' },
        'sandbox-agent': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usage(context, (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    context.stdout.write(HELP);
    return EXIT.passed;
  }
  if (positionals.length === 0) return usage(context, 'Name at least one scenario file or glob.');
  if (values['sandbox-agent'] !== undefined && values.profile?.toLowerCase() !== 'sandbox') return usage(context, '--sandbox-agent goes with --profile sandbox.');
  if (!values.profile) return usage(context, 'Choose a profile with --profile <name> (or --profile sandbox).');
  const parallel = values.parallel === undefined ? 1 : Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64) return usage(context, '--parallel takes a whole number from 1 to 64.');
  // The commands, the engine and the contract's schemas are loaded only once a command runs (not for --help).
  const { ChannelSchema } = await import('../../../shared/contract');
  const channel = values.channel === undefined ? undefined : ChannelSchema.safeParse(values.channel);
  if (channel && !channel.success) return usage(context, '--channel takes webmessaging or openmessaging.');
  const allowEnv = (values['allow-env'] ?? []).flatMap((list) => list.split(',')).map((name) => name.trim()).filter(Boolean);
  for (const name of allowEnv) {
    const refusal = unapprovableName(name);
    if (refusal) return usage(context, `--allow-env ${refusal}.`);
  }
  const { runCommand } = await import('./run-command');
  return runCommand(
    {
      patterns: positionals,
      profile: values.profile,
      parallel,
      ...(channel?.success ? { channel: channel.data } : {}),
      ...(allowEnv.length > 0 ? { allowEnv } : {}),
      ...(values.junit ? { junit: values.junit } : {}),
      ...(values.json ? { json: values.json } : {}),
      ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
      ...(values['sandbox-agent'] ? { sandboxAgent: values['sandbox-agent'] } : {}),
    },
    context,
  );
}

/** `90s`, `5m`, `1h` or plain seconds. */
function seconds(value: string): number {
  const match = value.trim().match(/^(\d+(?:\.\d+)?)\s*(s|m|h)?$/);
  if (!match) return Number.NaN;
  return Number(match[1]) * (match[2] === 'h' ? 3600 : match[2] === 'm' ? 60 : 1);
}

async function load(argv: string[], context: CommandContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        profile: { type: 'string' },
        guests: { type: 'string' },
        ramp: { type: 'string' },
        duration: { type: 'string' },
        'messages-per-guest': { type: 'string' },
        think: { type: 'string' },
        message: { type: 'string', multiple: true },
        channel: { type: 'string' },
        approved: { type: 'boolean' },
        json: { type: 'string' },
        'data-dir': { type: 'string' },
        'export-artillery': { type: 'string' },
        'sandbox-url': { type: 'string' },
        'ai-share': { type: 'string' },
        'ai-goal': { type: 'string' },
        'ai-max-turns': { type: 'string' },
        'ai-budget': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usage(context, (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    context.stdout.write(HELP);
    return EXIT.passed;
  }
  if (!values.profile) return usage(context, 'Choose a profile with --profile <name> (or --profile sandbox).');
  const guests = Number(values.guests);
  if (!Number.isInteger(guests) || guests < 1) return usage(context, '--guests takes a whole number of guests.');
  const ramp = Number((values.ramp ?? '').replace(/\/s$/, ''));
  if (!(ramp > 0)) return usage(context, '--ramp takes new guests per second, e.g. 5 or 5/s.');
  const durationSec = values.duration === undefined ? undefined : seconds(values.duration);
  if (durationSec !== undefined && !(durationSec > 0)) return usage(context, '--duration takes seconds, e.g. 60, 90s or 5m.');
  const messagesPerGuest = values['messages-per-guest'] === undefined ? undefined : Number(values['messages-per-guest']);
  if (messagesPerGuest !== undefined && !(Number.isInteger(messagesPerGuest) && messagesPerGuest > 0)) {
    return usage(context, '--messages-per-guest takes a whole number.');
  }
  if (durationSec === undefined && messagesPerGuest === undefined) return usage(context, 'Give --duration or --messages-per-guest (or both).');
  const think = values.think === undefined ? 1000 : Number(values.think);
  if (!(think >= 0)) return usage(context, '--think takes milliseconds.');
  const { ChannelSchema } = await import('../../../shared/contract');
  const channel = ChannelSchema.safeParse(values.channel ?? 'webmessaging');
  if (!channel.success) return usage(context, '--channel takes webmessaging or openmessaging.');
  if (positionals.length > 1) return usage(context, 'Name at most one scenario file for a load run.');
  const ai = aiGuestsOf(values);
  if (typeof ai === 'string') return usage(context, ai);
  const { loadCommand } = await import('./load-command');
  return loadCommand(
    {
      ...(positionals[0] ? { scenario: positionals[0] } : {}),
      profile: values.profile,
      guests,
      rampPerSecond: ramp,
      ...(durationSec !== undefined ? { durationSec: Math.round(durationSec) } : {}),
      ...(messagesPerGuest !== undefined ? { messagesPerGuest } : {}),
      thinkTimeMs: think,
      ...(values.message ? { messages: values.message } : {}),
      channel: channel.data,
      approved: values.approved === true,
      ...(values.json ? { json: values.json } : {}),
      ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
      ...(values['export-artillery'] ? { exportArtillery: values['export-artillery'] } : {}),
      ...(values['sandbox-url'] ? { sandboxUrl: values['sandbox-url'] } : {}),
      ...(ai ? { ai } : {}),
    },
    context,
  );
}

/** The AI guests of a load run from its --ai-* flags; a usage message when they do not fit together. */
function aiGuestsOf(values: { 'ai-share'?: string; 'ai-goal'?: string; 'ai-max-turns'?: string; 'ai-budget'?: string }) {
  const share = values['ai-share'] === undefined ? undefined : Number(values['ai-share'].replace(/%$/, ''));
  if (share === undefined) {
    return values['ai-goal'] ?? values['ai-max-turns'] ?? values['ai-budget'] ? '--ai-goal, --ai-max-turns and --ai-budget go with --ai-share.' : undefined;
  }
  if (!(share >= 0 && share <= 100)) return '--ai-share takes a percent of the guests, 0 to 100.';
  if (!values['ai-goal']?.trim()) return 'Say what the AI guests want with --ai-goal "<goal>".';
  const maxTurns = values['ai-max-turns'] === undefined ? undefined : Number(values['ai-max-turns']);
  if (maxTurns !== undefined && !(Number.isInteger(maxTurns) && maxTurns >= 1)) return '--ai-max-turns takes a whole number of messages.';
  const tokenBudget = values['ai-budget'] === undefined ? undefined : Number(values['ai-budget']);
  if (tokenBudget !== undefined && !(Number.isInteger(tokenBudget) && tokenBudget >= 100)) return '--ai-budget takes a whole number of tokens, at least 100.';
  return { share, goal: values['ai-goal'], ...(maxTurns !== undefined ? { maxTurns } : {}), ...(tokenBudget !== undefined ? { tokenBudget } : {}) };
}

function usage(context: CommandContext, message: string): number {
  context.stderr.write(`${printableLine(message)}\nRun "guest-console --help" for usage.\n`);
  return EXIT.usage;
}

function processContext(): CommandContext {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: { write: (text) => void process.stdout.write(text), isTTY: process.stdout.isTTY, rows: process.stdout.rows },
    stderr: { write: (text) => void process.stderr.write(text) },
    version,
  };
}
