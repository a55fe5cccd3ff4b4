// The bodies a simulated customer POSTs to the inbound endpoints (spec §5), built from the persona and
// the port's intents: a text, or files with a caption, as one inbound message, a choice as a structured response.
// Every message carries `channel.messageId` = the console's client id, so a retry after a timeout is
// recognised by Genesys instead of creating a duplicate.
//
// Custom attributes (spec §5, placement uncertain): sent in BOTH places a reading allows —
// `channel.metadata.customAttributes` (the reading the sandbox and Genesys' Open Messaging docs use, and
// what inbound flows read as `Message.CustomAttributes`) and merged into the body's `metadata` map
// (the other reading). `metadata.customMessageId` always carries the client id, so the message can be
// recognised when the read API returns it before the send's own reply arrives.
import type { Persona } from '../../../../shared/contract';
import type {
  OpenInboundEvent,
  OpenInboundMessage,
  OpenInboundReceipt,
  OpenInboundStructuredResponse,
} from '../../../protocol/openmessaging/inbound';
import type { OpenRecipient } from '../../../protocol/openmessaging/normalized-message';
import type { OutgoingMessage } from '../../channels/guest-connection';

export const CUSTOM_MESSAGE_ID = 'customMessageId';

export function customerRecipient(customerId: string, persona: Persona): OpenRecipient {
  const firstName = persona.firstName ?? persona.name.split(/\s+/)[0];
  const lastName = persona.lastName ?? (persona.name.includes(' ') ? persona.name.slice(persona.name.indexOf(' ') + 1) : undefined);
  return {
    id: customerId,
    idType: 'Opaque',
    nickname: persona.name,
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...(persona.email ? { email: persona.email } : {}),
  };
}

type Intent<T extends OutgoingMessage['type']> = Extract<OutgoingMessage, { type: T }>;

export function inboundMessage(args: { from: OpenRecipient; message: Intent<'text' | 'attachment'>; time: string }): OpenInboundMessage {
  const { message } = args;
  const attributes = message.customAttributes && Object.keys(message.customAttributes).length > 0 ? message.customAttributes : undefined;
  return {
    channel: {
      from: args.from,
      time: args.time,
      messageId: message.clientId,
      ...(attributes ? { metadata: { customAttributes: attributes } } : {}),
    },
    ...(message.text ? { text: message.text } : {}),
    ...(message.type === 'attachment' ? { content: message.attachments.map((attachment) => ({ contentType: 'Attachment', attachment })) } : {}),
    metadata: { ...attributes, [CUSTOM_MESSAGE_ID]: message.clientId },
  };
}

export function structuredResponse(args: { from: OpenRecipient; message: Intent<'choice'>; originatingMessageId: string; time: string }): OpenInboundStructuredResponse {
  const { message } = args;
  return {
    channel: { from: args.from, time: args.time, messageId: message.clientId },
    buttonResponse: { type: message.kind, text: message.text, payload: message.payload },
    originatingMessageId: args.originatingMessageId,
  };
}

export function typingEvent(args: { customerId: string; time: string }): OpenInboundEvent {
  return {
    channel: { from: { id: args.customerId, idType: 'Opaque' }, time: args.time },
    events: [{ eventType: 'Typing', typing: { type: 'On', duration: 5000 } }],
  };
}

export function receipt(args: { customerId: string; messageId: string; status: 'Delivered' | 'Read'; time: string }): OpenInboundReceipt {
  return {
    id: args.messageId,
    channel: { to: { id: args.customerId, idType: 'Opaque' }, time: args.time },
    status: args.status,
    isFinalReceipt: args.status === 'Read',
  };
}
