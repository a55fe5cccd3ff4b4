// A scenario as the runner takes it: the YAML document checked and normalized by scenario-parser.ts, with
// every step's line in the file. Texts may still hold `${env.X}` and `${name}` variables; the runner
// fills them in when the step runs.
import type { Channel } from '../../../shared/contract';

/** Conditions on one agent reply, all of which must hold. */
export interface ReplyMatcher {
  equals?: string;
  contains?: string;
  /** An RE2 pattern (scenario-pattern.ts) and the named groups it captures. */
  matches?: { source: string; flags: string; groups: string[] };
  from?: string;
  quickReplies?: string[];
  buttons?: string[];
  card?: string;
  carousel?: string[];
  attachment?: { name?: string; type?: string };
}

/** A participant-data value as expected: the whole value, part of it, or an RE2 pattern. */
export type ValueMatcher = { equals: string } | { contains: string } | { matches: { source: string; flags: string } };

export interface ParticipantMatcher {
  /** Whose attributes: customer unless the file says otherwise. */
  purpose: string;
  attributes?: Record<string, ValueMatcher>;
  /** Any participant's queue (an acd, or the agent it offered the conversation to). */
  queue?: ValueMatcher;
  /** Any agent's wrap-up code. */
  wrapup?: ValueMatcher;
}

export type Expectation =
  | { kind: 'reply'; matcher: ReplyMatcher }
  | { kind: 'anyOf'; matchers: ReplyMatcher[] }
  | { kind: 'unordered'; matchers: ReplyMatcher[] }
  | { kind: 'agentJoined'; name?: string }
  | { kind: 'agentLeft'; name?: string }
  | { kind: 'ended' }
  | { kind: 'readOnly' }
  | { kind: 'noReply'; withinMs: number }
  | { kind: 'participant'; matcher: ParticipantMatcher };

export type Act =
  | { kind: 'say'; text: string; attributes: Record<string, string> }
  | { kind: 'choose'; label: string }
  | { kind: 'attachment'; fileName: string; mime: string; source: { folder: string; file: string } | { content: string }; text?: string }
  | { kind: 'typing'; on: boolean }
  | { kind: 'attributes'; attributes: Record<string, string> }
  | { kind: 'wait'; ms: number }
  | { kind: 'reconnect'; offlineMs: number }
  | { kind: 'startNew' }
  | { kind: 'close' };

/** Who an AI step's customer is: a saved persona looked up by name when the step runs, or one written in the file. */
export type AiPersonaChoice = { saved: string } | { name: string; tone?: string; language?: string; facts?: string };

/** An `ai` step: the model plays the guest until its goal, `until`, the agent's end, or a limit. */
export interface AiStep {
  goal: string;
  /** Undefined: the scenario's persona (its name). */
  persona?: AiPersonaChoice;
  maxTurns: number;
  timeLimitMs: number;
  /** This step's own token limit; the run's budget caps it. */
  budget?: number;
  until?: ReplyMatcher;
  judge?: string;
}

export const DEFAULT_AI_STEP_TIME_LIMIT_MS = 5 * 60_000;

export type Step = { line: number } & (
  | { type: 'act'; act: Act }
  | { type: 'expect'; expectation: Expectation; timeoutMs: number }
  | { type: 'ai'; ai: AiStep }
  | { type: 'judge'; criterion: string }
);

export interface Scenario {
  name: string;
  description?: string;
  profile?: string;
  channels: Channel[];
  persona: { name: string; firstName?: string; lastName?: string; email?: string; customAttributes: Record<string, string> };
  /** How long expectations wait unless they say otherwise, and how long a message may take to be accepted. */
  timeoutMs: number;
  steps: Step[];
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** The reply conditions of an expectation (none for lifecycle and noReply expectations). */
export function matchersOf(expectation: Expectation): ReplyMatcher[] {
  if (expectation.kind === 'reply') return [expectation.matcher];
  if (expectation.kind === 'anyOf' || expectation.kind === 'unordered') return expectation.matchers;
  return [];
}
