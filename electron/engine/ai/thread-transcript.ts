// A thread as the AI customer reads it: each message's text, with what it offered turned into words it can act
// on — quick replies and postback buttons as options, links, cards and files named. Technical lifecycle lines
// (reconnected, resumed…) are left out; people joining and leaving, and the end, are kept.
import type { DisplayContent, ThreadItem } from '../../../shared/contract';
import type { AiTranscriptEntry } from './customer-prompt';

const SHOWN_EVENTS = new Set<ThreadItem['event']>(['agentJoined', 'agentLeft', 'readOnly', 'endedOnServer']);

/** An agent's or guest's message content in the AI's words. */
export function transcriptEntry(args: { from: 'agent' | 'guest'; name?: string; text?: string; content: readonly DisplayContent[]; itemId?: string }): AiTranscriptEntry {
  const options: NonNullable<AiTranscriptEntry['options']> = [];
  const extras: string[] = [];
  const texts = args.text ? [args.text] : [];
  for (const content of args.content) {
    switch (content.type) {
      case 'quickReplies':
        for (const reply of content.replies) options.push({ label: reply.text, payload: reply.payload, kind: 'QuickReply' });
        break;
      case 'card':
      case 'carousel':
        for (const card of content.type === 'card' ? [content.card] : content.cards) {
          extras.push(`card "${card.title}"${card.description ? `: ${card.description}` : ''}`);
          for (const action of card.actions) {
            if (action.type === 'Link') extras.push(`link "${action.text}"${action.url ? ` to ${action.url}` : ''}`);
            else options.push({ label: action.text, payload: action.payload ?? action.text, kind: 'Button' });
          }
        }
        break;
      case 'attachment':
        extras.push(`file "${content.attachment.name}"${content.attachment.mime ? ` (${content.attachment.mime})` : ''}`);
        break;
      case 'buttonResponse':
        if (!args.text) texts.push(content.text);
        break;
      case 'unsupported':
        extras.push(`content the chat cannot show (${content.contentType})`);
        break;
    }
  }
  return {
    from: args.from,
    ...(args.name ? { name: args.name } : {}),
    text: texts.join(' '),
    ...(options.length > 0 ? { options } : {}),
    ...(extras.length > 0 ? { extras } : {}),
    ...(args.itemId ? { itemId: args.itemId } : {}),
  };
}

export function threadTranscript(items: readonly ThreadItem[]): AiTranscriptEntry[] {
  return items.flatMap((item): AiTranscriptEntry[] => {
    if (item.from === 'system') return item.event && SHOWN_EVENTS.has(item.event) && item.text ? [{ from: 'system', text: item.text }] : [];
    if (item.from === 'guest' && item.delivery === 'failed') return [];
    return [transcriptEntry({ from: item.from, ...(item.senderName ? { name: item.senderName } : {}), ...(item.text ? { text: item.text } : {}), content: item.content, itemId: item.id })];
  });
}
