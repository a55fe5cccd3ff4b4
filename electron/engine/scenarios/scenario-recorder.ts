// A conversation held by hand in the console → a scenario file to edit: the guest's messages become acts
// (say, choose, attachment, startNew, close) and what came back becomes expectations — `contains` with the
// first line of each text, quick replies and buttons by label, cards and carousels by title, attachments
// by name. Several replies to one act become an `unordered` group, since replies often arrive out of order.
// File bytes are not kept in transcripts, so a recorded attachment is written as a text placeholder.
import { Document, isMap, isScalar, visit } from 'yaml';
import type { ConversationSummary, ThreadItem } from '../../../shared/contract';

type Entry = Record<string, unknown>;

const FIRST_LINE_MAX = 80;

export function recordScenario(conversation: ConversationSummary, items: readonly ThreadItem[], recordedAt: string): string {
  const steps: Entry[] = [];
  let replies: ThreadItem[] = [];
  const flush = () => {
    const matchers = replies.map(matcherOf).filter((matcher): matcher is Entry => matcher !== undefined);
    replies = [];
    if (matchers.length === 1) steps.push({ expect: matchers[0] });
    else if (matchers.length > 1) steps.push({ expect: { unordered: matchers } });
  };
  for (const item of items) {
    if (item.from === 'agent') {
      replies.push(item);
      continue;
    }
    if (item.from === 'guest') {
      flush();
      const act = actOf(item);
      if (act) steps.push(act);
      continue;
    }
    switch (item.event) {
      case 'startedNew':
        flush();
        steps.push({ startNew: true });
        break;
      case 'closed':
        flush();
        steps.push({ close: true });
        break;
      case 'readOnly':
        flush();
        steps.push({ expect: { readOnly: true } });
        break;
      case 'ended':
        flush();
        steps.push({ expect: { ended: true } });
        break;
      case 'agentJoined':
      case 'agentLeft': {
        flush();
        const name = /^(.+?) (joined|left) the conversation/.exec(item.text ?? '')?.[1];
        steps.push({ expect: { [item.event]: name ?? true } });
        break;
      }
      default:
        break;
    }
  }
  flush();
  const document = new Document({
    name: `Recorded: ${conversation.personaName} on ${conversation.profileName}`,
    description: `Recorded from conversation ${conversation.id} on ${recordedAt}. Edit the expectations down to what matters.`,
    profile: conversation.profileId === 'sandbox' ? 'sandbox' : conversation.profileName,
    channel: conversation.channel,
    persona: { name: conversation.personaName },
    steps: steps.length > 0 ? steps : [{ expect: { noReply: '1s' } }],
  });
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'expect' && isMap(pair.value) && !pair.value.has('unordered')) pair.value.flow = true;
      if (isScalar(pair.key) && pair.key.value === 'content' && isScalar(pair.value)) {
        pair.value.comment = ' the original file is not kept in transcripts: put its text here, or use `file:` with a path';
      }
    },
  });
  document.commentBefore = ' Recorded by Guest Console. Format: docs/scenarios.md';
  return document.toString({ lineWidth: 0 });
}

function actOf(item: ThreadItem): Entry | undefined {
  const chosen = item.content.find((content) => content.type === 'buttonResponse');
  if (chosen?.type === 'buttonResponse') return { choose: chosen.text };
  const attachment = item.content.find((content) => content.type === 'attachment');
  if (attachment?.type === 'attachment') {
    return {
      attachment: {
        name: attachment.attachment.name,
        ...(attachment.attachment.mime ? { mime: attachment.attachment.mime } : {}),
        content: `(${attachment.attachment.name})`,
        ...(item.text ? { text: item.text } : {}),
      },
    };
  }
  return item.text ? { say: item.text } : undefined;
}

function matcherOf(item: ThreadItem): Entry | undefined {
  const matcher: Entry = {};
  const firstLine = item.text?.split('\n').find((line) => line.trim().length > 0)?.trim();
  if (firstLine) matcher.contains = firstLine.length > FIRST_LINE_MAX ? firstLine.slice(0, FIRST_LINE_MAX).replace(/\s+\S*$/, '') : firstLine;
  for (const content of item.content) {
    if (content.type === 'quickReplies') matcher.quickReplies = content.replies.map((reply) => reply.text);
    else if (content.type === 'card') matcher.card = content.card.title;
    else if (content.type === 'carousel') matcher.carousel = content.cards.map((card) => card.title);
    else if (content.type === 'attachment') matcher.attachment = content.attachment.name;
  }
  return Object.keys(matcher).length > 0 ? matcher : undefined;
}
