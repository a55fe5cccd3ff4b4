// A Web Messaging deployment accepts a limited number of new WebSocket connections per minute (1000, the
// documented value, configurable per org; spec §6.3): a load run's guests arrive within it. The ramp is the
// plan's rate, slowed to the limit when the plan asks for more; the note says so before the run starts.
import type { LoadPlan } from '../../../shared/load-plan';
import { GUEST_API_LIMITS } from '../../protocol/webmessaging';

export const NEW_CONNECTIONS_PER_MINUTE = GUEST_API_LIMITS.newConnectionsPerDeploymentPerMinute;

/** Whether this plan's arrivals would open more new connections in a minute than the deployment accepts. */
export function exceedsConnectionLimit(plan: LoadPlan, perMinute = NEW_CONNECTIONS_PER_MINUTE): boolean {
  return plan.channel === 'webmessaging' && plan.guests > perMinute && plan.rampPerSecond * 60 > perMinute;
}

/** What a person should know before the run: the plan's ramp is slowed to the limit, and how long arrivals take. */
export function connectionLimitNote(plan: LoadPlan, perMinute = NEW_CONNECTIONS_PER_MINUTE): string | null {
  if (!exceedsConnectionLimit(plan, perMinute)) return null;
  const minutes = Math.ceil(plan.guests / perMinute);
  return (
    `This plan opens ${plan.guests} guests at ${plan.rampPerSecond} per second, more than the ${perMinute} new connections ` +
    `per minute a Web Messaging deployment accepts; guests arrive at most ${perMinute} in any minute instead ` +
    `(about ${minutes} minutes until every guest has started).`
  );
}
