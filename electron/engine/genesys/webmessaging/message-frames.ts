// The port's intents as Guest API onMessage frames (spec §3.3, §5.5): a text as a Text message, a choice as
// a ButtonResponse (a quick reply is a Text message with empty text, a button a Structured one), files as
// one Attachment content item each beside the caption (as the mobile SDK sends them). tracingId and `metadata.customMessageId` both carry the client id.
import { clientFrame } from '../../../protocol/webmessaging/client-frame-builders';
import type { ClientFrameOf, GuestMessage as WireGuestMessage } from '../../../protocol/webmessaging/client-frames';
import type { OutgoingMessage } from '../../channels/guest-connection';

export function messageFrame(token: string, message: OutgoingMessage): ClientFrameOf<'onMessage'> {
  const customAttributes = message.customAttributes && Object.keys(message.customAttributes).length > 0 ? message.customAttributes : undefined;
  return clientFrame.onMessage({
    token,
    tracingId: message.clientId,
    message: {
      ...body(message),
      metadata: { customMessageId: message.clientId },
      ...(customAttributes ? { channel: { metadata: { customAttributes } } } : {}),
    },
  });
}

function body(message: OutgoingMessage): Pick<WireGuestMessage, 'type' | 'text' | 'content'> {
  switch (message.type) {
    case 'text':
      return { type: 'Text', text: message.text };
    case 'choice': {
      const buttonResponse = {
        text: message.text,
        payload: message.payload,
        type: message.kind,
        ...(message.offeredIn ? { originatingMessageId: message.offeredIn } : {}),
      };
      const quickReply = message.kind === 'QuickReply';
      return { type: quickReply ? 'Text' : 'Structured', text: quickReply ? '' : message.text, content: [{ contentType: 'ButtonResponse', buttonResponse }] };
    }
    case 'attachment':
      return { type: 'Text', text: message.text, content: message.attachments.map((attachment) => ({ contentType: 'Attachment', attachment })) };
  }
}
