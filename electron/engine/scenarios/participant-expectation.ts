// Whether a `participant` expectation holds against what the Platform API read of the conversation returned,
// and the words a failure shows: the expected participant data beside the actual. `purpose` picks whose
// attributes are checked (the customer by default); the queue may be on any participant (an acd participant,
// or the agent it offered the conversation to) and the wrap-up on any agent, as Genesys places them.
import type { ParticipantData, ParticipantsRead } from '../../../shared/participants-contract';
import type { ParticipantMatcher, ValueMatcher } from './scenario';
import { compilePattern } from './scenario-pattern';

export type ParticipantCheck = { status: 'passed'; actual: string } | { status: 'failed'; actual: string };

export function checkParticipants(matcher: ParticipantMatcher, read: ParticipantsRead): ParticipantCheck {
  if (!read.available) return { status: 'failed', actual: read.reason };
  const actual = describeParticipants(read.participants);
  const chosen = read.participants.filter((p) => p.purpose === matcher.purpose);
  if (chosen.length === 0) return { status: 'failed', actual: `no ${matcher.purpose} participant; ${actual}` };
  const attributesHold = (p: ParticipantData) =>
    Object.entries(matcher.attributes ?? {}).every(([key, expected]) => p.attributes[key] !== undefined && valueMatches(expected, p.attributes[key]));
  const queueHolds = !matcher.queue || read.participants.some((p) => p.queueId !== undefined && valueMatches(matcher.queue!, p.queueName ?? p.queueId));
  const wrapupHolds = !matcher.wrapup || read.participants.some((p) => p.wrapup !== undefined && valueMatches(matcher.wrapup!, p.wrapup.code));
  return chosen.some(attributesHold) && queueHolds && wrapupHolds ? { status: 'passed', actual } : { status: 'failed', actual };
}

export function valueMatches(expected: ValueMatcher, value: string): boolean {
  if ('equals' in expected) return value === expected.equals;
  if ('contains' in expected) return value.includes(expected.contains);
  const compiled = compilePattern(expected.matches.source, expected.matches.flags);
  return compiled.ok && compiled.pattern.exec(value) !== undefined;
}

const quoted = (text: string) => JSON.stringify(text);

function describeValue(expected: ValueMatcher): string {
  if ('equals' in expected) return quoted(expected.equals);
  if ('contains' in expected) return `containing ${quoted(expected.contains)}`;
  return `matching /${expected.matches.source}/${expected.matches.flags}`;
}

export function describeParticipantMatcher(matcher: ParticipantMatcher): string {
  const parts: string[] = [];
  const attributes = Object.entries(matcher.attributes ?? {});
  if (attributes.length > 0) parts.push(`${matcher.purpose} attributes ${attributes.map(([key, value]) => `${key} ${describeValue(value)}`).join(', ')}`);
  else parts.push(`a ${matcher.purpose} participant`);
  if (matcher.queue) parts.push(`queue ${describeValue(matcher.queue)}`);
  if (matcher.wrapup) parts.push(`wrap-up ${describeValue(matcher.wrapup)}`);
  return `participant data: ${parts.join('; ')}`;
}

/** Every participant in one line: purpose, name, state, queue, wrap-up and attributes. */
export function describeParticipants(participants: readonly ParticipantData[]): string {
  if (participants.length === 0) return 'the platform holds no participants';
  return participants
    .map((p) => {
      const details = [
        p.name ? quoted(p.name) : undefined,
        p.state,
        p.queueId ? `queue ${p.queueName ?? p.queueId}` : undefined,
        p.wrapup ? `wrap-up ${p.wrapup.code}` : undefined,
        Object.keys(p.attributes).length > 0 ? `attributes ${JSON.stringify(p.attributes)}` : undefined,
      ].filter((part): part is string => part !== undefined);
      return `${p.purpose}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
    })
    .join('; ');
}
