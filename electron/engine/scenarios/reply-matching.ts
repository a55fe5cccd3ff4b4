// Whether an expectation holds, as pure functions over what the guest has received so far: the agent
// messages and lifecycle lines of one conversation in the order they arrived, and a cursor (the first
// entry the next expectation may use). Expectations in sequence match replies in arrival order, skipping
// replies that match nothing; `unordered` takes its replies in any order. Also the words for expected
// and actual that a failure shows.
import type { ConversationState, ThreadItem } from '../../../shared/contract';
import type { Expectation, ReplyMatcher } from './scenario';
import { describeParticipantMatcher } from './participant-expectation';
import { compilePattern } from './scenario-pattern';

export interface ReceivedSoFar {
  /** Agent messages and lifecycle (system) items, in arrival order. */
  log: readonly ThreadItem[];
  cursor: number;
  state: ConversationState;
}

export type Evaluation =
  | { status: 'passed'; cursor: number; actual: string; captures: Record<string, string> }
  | { status: 'waiting' }
  | { status: 'failed'; actual: string };

/** Lines that end a conversation: the agent ended it, the guest closed it, the session expired, or the server forgot it. */
const ENDED_EVENTS = new Set<ThreadItem['event']>(['ended', 'readOnly', 'closed', 'expired', 'endedOnServer']);

export function evaluate(expectation: Expectation, received: ReceivedSoFar): Evaluation {
  const { log, cursor } = received;
  const candidates = log.map((item, index) => ({ item, index })).slice(cursor);
  switch (expectation.kind) {
    case 'reply':
    case 'anyOf': {
      const matchers = expectation.kind === 'reply' ? [expectation.matcher] : expectation.matchers;
      for (const { item, index } of candidates) {
        if (item.from !== 'agent') continue;
        const captures = matchers.map((matcher) => matchReply(item, matcher)).find((result) => result !== undefined);
        if (captures) return { status: 'passed', cursor: index + 1, actual: describeItem(item), captures };
      }
      return { status: 'waiting' };
    }
    case 'unordered':
      return unordered(expectation.matchers, candidates);
    case 'agentJoined':
    case 'agentLeft': {
      const found = expectation.kind === 'agentJoined' ? findJoin(log, cursor, expectation.name) : findLeave(log, cursor, expectation.name);
      return found ? { status: 'passed', cursor: found.cursor, actual: found.actual, captures: {} } : { status: 'waiting' };
    }
    case 'ended':
    case 'readOnly': {
      const done = expectation.kind === 'readOnly' ? received.state === 'readOnly' : received.state === 'readOnly' || received.state === 'ended';
      if (!done) return { status: 'waiting' };
      const line = candidates.find(({ item }) => item.from === 'system' && item.event !== undefined && ENDED_EVENTS.has(item.event));
      return { status: 'passed', cursor: line ? line.index + 1 : cursor, actual: `the conversation is ${received.state === 'readOnly' ? 'read-only' : 'ended'}`, captures: {} };
    }
    case 'noReply': {
      const reply = candidates.find(({ item }) => item.from === 'agent');
      return reply ? { status: 'failed', actual: `a reply arrived: ${describeItem(reply.item)}` } : { status: 'waiting' };
    }
    case 'participant':
      // Not in the thread: the runner reads it through the Platform API (participant-expectation.ts).
      return { status: 'waiting' };
  }
}

/** The named groups of a `matches` when every condition holds; undefined when one does not (or the pattern cannot run). */
export function matchReply(item: ThreadItem, matcher: ReplyMatcher): Record<string, string> | undefined {
  const text = item.text ?? '';
  if (matcher.equals !== undefined && text.trim() !== matcher.equals.trim()) return undefined;
  if (matcher.contains !== undefined && !text.includes(matcher.contains)) return undefined;
  if (matcher.from !== undefined && item.senderName !== matcher.from) return undefined;
  const quickReplies = item.content.flatMap((content) => (content.type === 'quickReplies' ? content.replies.map((reply) => reply.text) : []));
  if (matcher.quickReplies && !matcher.quickReplies.every((label) => quickReplies.includes(label))) return undefined;
  const cards = item.content.flatMap((content) => (content.type === 'card' ? [content.card] : content.type === 'carousel' ? content.cards : []));
  const buttons = cards.flatMap((card) => card.actions.map((action) => action.text));
  if (matcher.buttons && !matcher.buttons.every((label) => buttons.includes(label))) return undefined;
  if (matcher.card !== undefined && !item.content.some((content) => content.type === 'card' && content.card.title === matcher.card)) return undefined;
  if (matcher.carousel) {
    const titles = matcher.carousel;
    if (!item.content.some((content) => content.type === 'carousel' && titles.every((title) => content.cards.some((card) => card.title === title)))) return undefined;
  }
  if (matcher.attachment) {
    const { name, type } = matcher.attachment;
    const fits = item.content.some(
      (content) =>
        content.type === 'attachment' &&
        (name === undefined || content.attachment.name === name) &&
        (type === undefined || [content.attachment.mime, content.attachment.mediaType].some((value) => value?.toLowerCase() === type.toLowerCase())),
    );
    if (!fits) return undefined;
  }
  if (matcher.matches) {
    const compiled = compilePattern(matcher.matches.source, matcher.matches.flags);
    return compiled.ok ? compiled.pattern.exec(text) : undefined;
  }
  return {};
}

/** Each matcher takes a different reply, in any order (a small search, so a greedy first pick never blocks a later one). */
function unordered(matchers: ReplyMatcher[], candidates: { item: ThreadItem; index: number }[]): Evaluation {
  const replies = candidates.filter(({ item }) => item.from === 'agent');
  const fits = matchers.map((matcher) => replies.flatMap((reply) => (matchReply(reply.item, matcher) ? [reply] : [])));
  const chosen: { item: ThreadItem; index: number }[] = [];
  const assign = (position: number): boolean => {
    if (position === matchers.length) return true;
    for (const reply of fits[position]!) {
      if (chosen.includes(reply)) continue;
      chosen.push(reply);
      if (assign(position + 1)) return true;
      chosen.pop();
    }
    return false;
  };
  if (!assign(0)) return { status: 'waiting' };
  const captures = Object.assign({}, ...chosen.map((reply, position) => matchReply(reply.item, matchers[position]!))) as Record<string, string>;
  const arrival = [...chosen].sort((a, b) => a.index - b.index);
  return {
    status: 'passed',
    cursor: arrival[arrival.length - 1]!.index + 1,
    actual: arrival.map((reply) => describeItem(reply.item)).join('\n'),
    captures,
  };
}

/**
 * An agent joined: a lifecycle line saying so, or (the Guest API often sends no such event) the first
 * message from a sender not heard before. An inferred join leaves that message for the next expectation.
 */
function findJoin(log: readonly ThreadItem[], cursor: number, name: string | undefined): { cursor: number; actual: string } | undefined {
  for (let index = cursor; index < log.length; index += 1) {
    const item = log[index]!;
    if (item.from === 'system' && item.event === 'agentJoined' && (name === undefined || (item.text ?? '').includes(name))) {
      return { cursor: index + 1, actual: item.text ?? 'an agent joined' };
    }
    if (item.from === 'agent' && item.senderName && (name === undefined || item.senderName === name)) {
      const heardBefore = log.slice(0, index).some((earlier) => earlier.from === 'agent' && earlier.senderName === item.senderName);
      if (!heardBefore) return { cursor: index, actual: `${item.senderName} spoke for the first time: ${describeItem(item)}` };
    }
  }
  return undefined;
}

/**
 * An agent left: a lifecycle line saying so, another agent speaking after them (a transfer), or the end of
 * the conversation. An inferred leave leaves the next agent's message for the next expectation.
 */
function findLeave(log: readonly ThreadItem[], cursor: number, name: string | undefined): { cursor: number; actual: string } | undefined {
  const lastSpeaker = (before: number) => [...log.slice(0, before)].reverse().find((item) => item.from === 'agent' && item.senderName)?.senderName;
  for (let index = cursor; index < log.length; index += 1) {
    const item = log[index]!;
    if (item.from === 'system' && item.event === 'agentLeft' && (name === undefined || (item.text ?? '').includes(name))) {
      return { cursor: index + 1, actual: item.text ?? 'an agent left' };
    }
    if (item.from === 'system' && item.event !== undefined && ENDED_EVENTS.has(item.event)) {
      return { cursor: index + 1, actual: `the conversation ended: ${item.text ?? ''}`.trim() };
    }
    const previous = lastSpeaker(index);
    if (item.from === 'agent' && item.senderName && previous && previous !== item.senderName && (name === undefined || previous === name)) {
      return { cursor: index, actual: `${item.senderName} took over from ${previous}: ${describeItem(item)}` };
    }
  }
  return undefined;
}

// ---- words ------------------------------------------------------------------------------------------

const quoted = (text: string) => JSON.stringify(text);

export function describeMatcher(matcher: ReplyMatcher): string {
  const parts: string[] = [];
  if (matcher.equals !== undefined) parts.push(`equal to ${quoted(matcher.equals)}`);
  if (matcher.contains !== undefined) parts.push(`containing ${quoted(matcher.contains)}`);
  if (matcher.matches) parts.push(`matching /${matcher.matches.source}/${matcher.matches.flags}`);
  if (matcher.from !== undefined) parts.push(`from ${matcher.from}`);
  if (matcher.quickReplies) parts.push(`offering quick replies ${matcher.quickReplies.join(', ')}`);
  if (matcher.buttons) parts.push(`with buttons ${matcher.buttons.join(', ')}`);
  if (matcher.card !== undefined) parts.push(`with a card ${quoted(matcher.card)}`);
  if (matcher.carousel) parts.push(`with a carousel of ${matcher.carousel.join(', ')}`);
  if (matcher.attachment) {
    const { name, type } = matcher.attachment;
    parts.push(`with an attachment${name ? ` named ${name}` : ''}${type ? ` of type ${type}` : ''}`);
  }
  return `a reply ${parts.join(' and ')}`;
}

export function describeExpectation(expectation: Expectation): string {
  switch (expectation.kind) {
    case 'reply':
      return describeMatcher(expectation.matcher);
    case 'anyOf':
      return `one of: ${expectation.matchers.map(describeMatcher).join('; or ')}`;
    case 'unordered':
      return `in any order: ${expectation.matchers.map(describeMatcher).join('; and ')}`;
    case 'agentJoined':
      return expectation.name ? `${expectation.name} joins` : 'an agent joins';
    case 'agentLeft':
      return expectation.name ? `${expectation.name} leaves` : 'an agent leaves';
    case 'ended':
      return 'the conversation ends';
    case 'readOnly':
      return 'the conversation is read-only';
    case 'noReply':
      return `no reply for ${seconds(expectation.withinMs)}`;
    case 'participant':
      return describeParticipantMatcher(expectation.matcher);
  }
}

/** One received entry in a line: who, the text, and the rich content by label and title. */
export function describeItem(item: ThreadItem): string {
  if (item.from === 'system') return `— ${item.text ?? item.event ?? 'event'}`;
  const parts: string[] = [];
  if (item.text) parts.push(quoted(item.text.length > 160 ? `${item.text.slice(0, 157)}…` : item.text));
  for (const content of item.content) {
    if (content.type === 'quickReplies') parts.push(`[quick replies: ${content.replies.map((reply) => reply.text).join(' | ')}]`);
    else if (content.type === 'card') parts.push(`[card ${quoted(content.card.title)}: ${content.card.actions.map((action) => action.text).join(' | ')}]`);
    else if (content.type === 'carousel') parts.push(`[carousel: ${content.cards.map((card) => card.title).join(' | ')}]`);
    else if (content.type === 'attachment') parts.push(`[attachment ${content.attachment.name}${content.attachment.mime ? ` (${content.attachment.mime})` : ''}]`);
    else if (content.type === 'buttonResponse') parts.push(`[chose ${content.text}]`);
    else parts.push(`[${content.contentType}]`);
  }
  return `${item.senderName ?? 'Agent'}: ${parts.join(' ') || '(empty)'}`;
}

export function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
