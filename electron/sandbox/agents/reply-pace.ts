// How fast a scripted agent answers: a reply-latency profile. `instant` answers at once (tests, benches);
// `bot` waits 300–800 ms, as a bot flow's round trip looks; `human` reads for a moment, then types for a few
// seconds before the reply. Each reply draws its own delay (jitter) from the injected randomness. The pace is
// written into the reply as ordinary `wait`/`typing` steps before the script's own, so a reply in progress is
// kept and resumed like any other.
import { z } from 'zod';
import type { AgentAction } from './agent-script';

export const LATENCY_PROFILES = ['instant', 'bot', 'human'] as const;
export const LatencyProfileSchema = z.enum(LATENCY_PROFILES);
export type LatencyProfile = z.infer<typeof LatencyProfileSchema>;

/** The ranges each profile draws from, in ms (inclusive). */
export const PACE_RANGES = {
  bot: { waitMs: [300, 800] },
  human: { readMs: [600, 1_500], typingMs: [2_000, 5_000] },
} as const;

const draw = ([low, high]: readonly [number, number], random: () => number): number => Math.round(low + (high - low) * random());

/** The steps a reply starts with at this pace, ahead of the script's own `actions`. */
export function pacedReply(profile: LatencyProfile, actions: AgentAction[], random: () => number): AgentAction[] {
  switch (profile) {
    case 'instant':
      return actions;
    case 'bot':
      return [{ kind: 'wait', body: draw(PACE_RANGES.bot.waitMs, random) }, ...actions];
    case 'human': {
      const read: AgentAction = { kind: 'wait', body: draw(PACE_RANGES.human.readMs, random) };
      // A reply that shows its own typing keeps it; otherwise the human types before answering.
      if (actions[0]?.kind === 'typing') return [read, ...actions];
      return [read, { kind: 'typing', body: draw(PACE_RANGES.human.typingMs, random) }, ...actions];
    }
  }
}

/** The environment variable that sets every agent's pace of the sandbox a console or command embeds (tests: instant). */
export const REPLY_LATENCY_VARIABLE = 'GUEST_CONSOLE_SANDBOX_REPLY_LATENCY';

/** `{replyLatency}` from the environment when it names a profile; nothing when unset; an error naming the choices when it names none. */
export function replyLatencyFromEnvironment(env: NodeJS.ProcessEnv): { replyLatency?: LatencyProfile } | Error {
  const wanted = env[REPLY_LATENCY_VARIABLE];
  if (wanted === undefined || wanted === '') return {};
  const profile = LATENCY_PROFILES.find((p) => p === wanted);
  return profile ? { replyLatency: profile } : new Error(`${REPLY_LATENCY_VARIABLE} must be one of ${LATENCY_PROFILES.join(', ')} (got "${wanted}").`);
}
