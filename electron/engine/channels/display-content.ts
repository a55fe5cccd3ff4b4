// Genesys normalized content (both channels) → what the thread shows. Unknown content types become an
// "unsupported" item naming the type, so nothing disappears silently.
import type { DisplayCard, DisplayContent } from '../../../shared/contract';
import type { Card, ContentItem } from '../../protocol/normalized/content';

function card(value: Card): DisplayCard {
  return {
    title: value.title,
    ...(value.description ? { description: value.description } : {}),
    ...(value.image ? { image: value.image } : {}),
    actions: (value.actions ?? []).map((action) => ({
      type: action.type === 'Link' || (action.url && action.type !== 'Postback') ? ('Link' as const) : ('Postback' as const),
      text: action.text ?? action.payload ?? action.url ?? '',
      ...(action.url ? { url: action.url } : {}),
      ...(action.payload ? { payload: action.payload } : {}),
    })),
  };
}

export function toDisplayContent(items: readonly ContentItem[] | undefined): DisplayContent[] {
  const out: DisplayContent[] = [];
  const replies: { text: string; payload: string }[] = [];
  for (const item of items ?? []) {
    if (item.contentType === 'QuickReply' && item.quickReply) {
      replies.push({ text: item.quickReply.text, payload: item.quickReply.payload });
    } else if (item.contentType === 'Card' && item.card) {
      out.push({ type: 'card', card: card(item.card) });
    } else if (item.contentType === 'Carousel' && item.carousel) {
      out.push({ type: 'carousel', cards: item.carousel.cards.map(card) });
    } else if (item.contentType === 'Attachment' && item.attachment) {
      const attachment = item.attachment;
      out.push({
        type: 'attachment',
        attachment: {
          ...(attachment.id ? { id: attachment.id } : {}),
          name: attachment.filename ?? attachment.text ?? 'attachment',
          ...(attachment.mime ? { mime: attachment.mime } : {}),
          mediaType: attachment.mediaType ?? 'File',
          ...(attachment.url ? { url: attachment.url } : {}),
          ...((attachment.fileSize ?? attachment.contentSizeBytes) !== undefined ? { size: attachment.fileSize ?? attachment.contentSizeBytes } : {}),
        },
      });
    } else if (item.contentType === 'ButtonResponse' && item.buttonResponse) {
      out.push({ type: 'buttonResponse', text: item.buttonResponse.text, payload: item.buttonResponse.payload });
    } else {
      out.push({ type: 'unsupported', contentType: item.contentType });
    }
  }
  if (replies.length > 0) out.push({ type: 'quickReplies', replies });
  return out;
}
