import { describe, expect, it } from 'vitest';
import { toDisplayContent } from '../../electron/engine/channels/display-content';

describe('display content', () => {
  it('groups quick replies and maps cards, carousels, attachments and unknown types', () => {
    const shown = toDisplayContent([
      { contentType: 'QuickReply', quickReply: { text: 'Yes', payload: 'Y' } },
      { contentType: 'QuickReply', quickReply: { text: 'No', payload: 'N' } },
      { contentType: 'Card', card: { title: 'Plan', actions: [{ type: 'Postback', text: 'Buy', payload: 'BUY' }, { type: 'Link', text: 'More', url: 'https://x' }] } },
      { contentType: 'Carousel', carousel: { cards: [{ title: 'A', actions: [] }, { title: 'B', actions: [] }] } },
      { contentType: 'Attachment', attachment: { mediaType: 'Image', url: 'http://h/a.png', mime: 'image/png', filename: 'a.png' } },
      { contentType: 'DatePicker', datePicker: {} },
    ]);
    expect(shown).toEqual([
      { type: 'card', card: { title: 'Plan', actions: [{ type: 'Postback', text: 'Buy', payload: 'BUY' }, { type: 'Link', text: 'More', url: 'https://x' }] } },
      { type: 'carousel', cards: [{ title: 'A', actions: [] }, { title: 'B', actions: [] }] },
      { type: 'attachment', attachment: { name: 'a.png', mime: 'image/png', mediaType: 'Image', url: 'http://h/a.png' } },
      { type: 'unsupported', contentType: 'DatePicker' },
      { type: 'quickReplies', replies: [{ text: 'Yes', payload: 'Y' }, { text: 'No', payload: 'N' }] },
    ]);
  });
});
