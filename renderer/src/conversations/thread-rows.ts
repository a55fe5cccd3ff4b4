// The thread as rows the virtualized log draws: a day separator before each new local day, lifecycle
// lines, and messages that know whether they continue the previous sender's group and how an offered
// quick reply was answered. Built in one pass, so a 10,000-message thread costs one walk per change.
import type { ThreadItem } from '../../../shared/contract';
import { dayKey } from './time-labels';

const GROUP_GAP_MS = 5 * 60 * 1000;

export type ThreadRow =
  | { kind: 'day'; key: string; time: string }
  | { kind: 'system'; key: string; item: ThreadItem }
  | { kind: 'message'; key: string; item: ThreadItem; continued: boolean; answered: { payload?: string } | null };

function isContinuation(previous: ThreadItem | undefined, item: ThreadItem): boolean {
  return (
    previous !== undefined &&
    previous.from === item.from &&
    item.from !== 'system' &&
    previous.senderName === item.senderName &&
    Date.parse(item.time) - Date.parse(previous.time) < GROUP_GAP_MS
  );
}

export function threadRows(items: ThreadItem[]): ThreadRow[] {
  // For each item, the first guest item after it: how an offered quick reply was answered, if at all.
  const nextGuest: (ThreadItem | undefined)[] = new Array(items.length);
  let next: ThreadItem | undefined;
  for (let index = items.length - 1; index >= 0; index -= 1) {
    nextGuest[index] = next;
    if (items[index]?.from === 'guest') next = items[index];
  }
  const rows: ThreadRow[] = [];
  let previousDay = '';
  items.forEach((item, index) => {
    const day = dayKey(item.time);
    const newDay = day !== previousDay;
    if (newDay) rows.push({ kind: 'day', key: `day-${day}`, time: item.time });
    previousDay = day;
    if (item.from === 'system') {
      rows.push({ kind: 'system', key: item.id, item });
      return;
    }
    const offersReplies = item.content.some((content) => content.type === 'quickReplies');
    const answer = offersReplies ? nextGuest[index] : undefined;
    rows.push({
      kind: 'message',
      key: item.id,
      item,
      continued: !newDay && isContinuation(items[index - 1], item),
      answered: answer ? { payload: answer.content.find((content) => content.type === 'buttonResponse')?.payload } : null,
    });
  });
  return rows;
}

/** The words a transcript search looks in: the text, the sender, and what cards, files and replies say. */
export function searchableText(item: ThreadItem): string {
  const parts = [item.text ?? '', item.senderName ?? ''];
  for (const content of item.content) {
    if (content.type === 'card') parts.push(content.card.title, content.card.description ?? '');
    if (content.type === 'carousel') parts.push(...content.cards.map((card) => card.title));
    if (content.type === 'attachment') parts.push(content.attachment.name);
    if (content.type === 'quickReplies') parts.push(...content.replies.map((reply) => reply.text));
  }
  return parts.join(' ').toLowerCase();
}
