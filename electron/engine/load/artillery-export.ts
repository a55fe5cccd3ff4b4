// A load run as an Artillery test script, driven by the in-repo engine `artillery-engine-guest-console`
// (packages/), which connects guests with this console's own guest engine. One Artillery virtual user is
// one guest: arrivals at the plan's ramp rate until every guest has arrived, then each says the script's
// messages (waiting for the first agent reply to each) with the plan's think time. Web Messaging only:
// Open Messaging needs the profile's OAuth secret, which never goes into an exported file.
import { stringify } from 'yaml';
import type { LoadPlan } from '../../../shared/load-plan';
import { ConsoleError } from '../console-error';
import type { GuestSessionEndpoints } from '../genesys/webmessaging/guest-session';

export interface ArtilleryTarget {
  endpoints: GuestSessionEndpoints;
  deploymentId: string;
  origin?: string;
}

export function artilleryScript(plan: LoadPlan, target: ArtilleryTarget): string {
  if (plan.channel !== 'webmessaging') {
    throw new ConsoleError('InvalidRequest', 'Only Web Messaging load runs can be exported to Artillery (Open Messaging needs an OAuth secret, which is never written to a file).');
  }
  const arrivalSeconds = Math.max(1, Math.ceil(plan.guests / plan.rampPerSecond));
  const messages = plan.messagesPerGuest ?? Math.max(1, Math.floor(((plan.durationSec ?? 60) * 1000) / Math.max(1, plan.thinkTimeMs + 1000)));
  const flow = Array.from({ length: messages }, (_, index) => [
    { say: plan.messages[index % plan.messages.length]! },
    ...(plan.thinkTimeMs > 0 && index < messages - 1 ? [{ think: plan.thinkTimeMs / 1000 }] : []),
  ]).flat();
  const script = {
    config: {
      target: target.endpoints.webSocketUrl,
      phases: [{ name: 'guests arrive', duration: arrivalSeconds, arrivalRate: plan.rampPerSecond, maxVusers: plan.guests }],
      engines: { 'guest-console': {} },
      'guest-console': {
        webSocketUrl: target.endpoints.webSocketUrl,
        apiBaseUrl: target.endpoints.apiBaseUrl,
        configBaseUrl: target.endpoints.configBaseUrl,
        deploymentId: target.deploymentId,
        ...(target.origin ? { origin: target.origin } : {}),
        replyTimeoutMs: plan.replyTimeoutMs,
      },
    },
    scenarios: [{ name: `${plan.guests} guests × ${messages} messages`, engine: 'guest-console', flow }],
  };
  return `# Exported by Guest Console. Run with: NODE_PATH=<repo>/packages artillery run <this file>\n${stringify(script)}`;
}
