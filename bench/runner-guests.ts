// The project's load runner as bench/guests.ts measures it, in its own process: one LoadRun of Web Messaging
// guests through the engine's GuestConnector against the sandbox, as the console and the CLI start it.
// Prints one JSON line of figures (bench/guest-client.ts).
import { randomUUID } from 'node:crypto';
import type { Profile } from '../shared/contract';
import type { LoadPlan } from '../shared/load-plan';
import { systemClock } from '../electron/protocol/clock';
import { GuestConnector } from '../electron/engine/genesys/guest-connector';
import { LoadRun } from '../electron/engine/load/load-run';
import { clientArgs, report } from './guest-client';

async function main() {
  const args = clientArgs(process.argv.slice(2));
  const profile = {
    id: 'sandbox',
    name: 'Sandbox',
    builtIn: true,
    region: 'sandbox',
    webMessaging: { deploymentId: args.deploymentId, origin: '' },
  } as Profile;
  const connector = new GuestConnector({ clock: systemClock, sandbox: { baseUrl: args.baseUrl, wsUrl: args.wsUrl }, openMessaging: null });
  const plan: LoadPlan = {
    profileId: 'sandbox',
    channel: 'webmessaging',
    guests: args.guests,
    rampPerSecond: args.rampPerSecond,
    thinkTimeMs: args.thinkMs,
    messagesPerGuest: args.messagesPerGuest,
    messages: args.messages,
    replyTimeoutMs: 30_000,
  };
  const result = await new LoadRun({ id: 'bench', plan, profile, connector, clock: systemClock, newId: randomUUID }).run();
  const { snapshot } = result;
  report({
    sent: snapshot.sent,
    answered: snapshot.answered,
    errors: Object.values(snapshot.errors).reduce((sum, count) => sum + count, 0),
    rateLimited: snapshot.rateLimited,
    p50Ms: Math.round(snapshot.latency.p50 ?? 0),
    p95Ms: Math.round(snapshot.latency.p95 ?? 0),
  });
}

void main();
