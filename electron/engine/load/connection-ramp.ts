// A Web Messaging deployment accepts a limited number of new WebSocket connections per minute (1000, the
// documented value, configurable per org; spec §6.3): a load run's guests arrive within it. The ramp is the
// plan's rate, slowed to the limit when the plan asks for more; the note says so before the run starts.
import { connectionLimitNote as sharedNote, type LoadPlan } from '../../../shared/load-plan';
import { GUEST_API_LIMITS } from '../../protocol/webmessaging';

export const NEW_CONNECTIONS_PER_MINUTE = GUEST_API_LIMITS.newConnectionsPerDeploymentPerMinute;

/** The runner counts the minute with a margin: the deployment counts upgrades as they arrive, and connections opened a
 *  minute apart can arrive closer together (the first one delayed on the way) — as the send queue's rate window does. */
export const CONNECTION_WINDOW_MS = 60_000 + 2_000;

/** The plan's note at this deployment limit (words and rule in shared/load-plan.ts, which the console's form shows live). */
export function connectionLimitNote(plan: LoadPlan, perMinute = NEW_CONNECTIONS_PER_MINUTE): string | null {
  return sharedNote(plan, perMinute);
}
