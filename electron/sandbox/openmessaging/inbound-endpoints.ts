// The customer side's inbound calls: message, event (typing), receipt, structured response, and the
// older `/inbound/open` form. Each validates its body (400 ErrorBody naming the field), checks the
// integration (404), and turns the call into `CustomerInput` on the sender's conversation.
// Idempotency: a repeated `channel.messageId` from the same sender on the same integration returns
// the first call's reply (same message id, same conversation) and adds nothing to the conversation; the
// remembered ids are kept in the sandbox's state, so a client retrying across a restart adds nothing either.
import { z } from 'zod';
import type { Clock } from '../../protocol/clock';
import type { ContentItem } from '../../protocol/normalized/content';
import {
  OpenInboundEventSchema,
  OpenInboundMessageSchema,
  OpenInboundReceiptSchema,
  OpenInboundStructuredResponseSchema,
  type OpenInboundMessage,
} from '../../protocol/openmessaging/inbound';
import { inboundTextBytes, MAX_INBOUND_TEXT_BYTES } from '../../protocol/openmessaging/limits';
import {
  OpenNormalizedMessageSchema,
  type OpenMessagingChannel,
  type OpenNormalizedMessage,
  type OpenRecipient,
} from '../../protocol/openmessaging/normalized-message';
import type { SandboxConversation } from '../conversation-hub';
import type { StateShelf } from '../state/sandbox-state';
import type { IntegrationRegistry } from './integration-registry';
import type { OpenConversations } from './open-conversations';
import { PlatformFailure, PlatformFailures, parseBody } from './platform-reply';

export interface InboundEndpoints {
  message(integrationId: string, body: unknown, prefetchConversationId: boolean): OpenNormalizedMessage | PlatformFailure;
  event(integrationId: string, body: unknown): OpenNormalizedMessage | PlatformFailure;
  receipt(integrationId: string, body: unknown): OpenNormalizedMessage | PlatformFailure;
  structuredResponse(integrationId: string, body: unknown): OpenNormalizedMessage | PlatformFailure;
  /** `POST /api/v2/conversations/messages/inbound/open` (deprecated): integration id in `channel.to.id` (or `channel.id`), kind in `type`. */
  legacy(body: unknown): OpenNormalizedMessage | PlatformFailure;
}

/** The first reply to a customer message id, by `integration \0 sender \0 message id`. */
export const AcceptedMessageSchema = z.strictObject({ reply: OpenNormalizedMessageSchema, conversationId: z.string() });
type Accepted = z.output<typeof AcceptedMessageSchema>;

export function createInboundEndpoints(deps: {
  clock: Clock;
  newId: () => string;
  integrations: IntegrationRegistry;
  conversations: OpenConversations;
  accepted: StateShelf<Accepted>;
  maxTextBytes?: number;
}): InboundEndpoints {
  const maxTextBytes = deps.maxTextBytes ?? MAX_INBOUND_TEXT_BYTES;
  const accepted = new Map<string, Accepted>(deps.accepted.restored);
  const nowIso = (): string => new Date(deps.clock.now()).toISOString();

  /** The body, once the integration exists (else 404) and the body fits its schema (else 400). */
  const validated = <T>(integrationId: string, schema: z.ZodType<T>, body: unknown): T | PlatformFailure => {
    const found = deps.integrations.get(integrationId);
    return found instanceof PlatformFailure ? found : parseBody(schema, body);
  };

  const replyChannel = (integrationId: string, from: OpenRecipient, time: string, messageId?: string): OpenMessagingChannel => ({
    id: integrationId,
    platform: 'Open',
    type: 'Private',
    ...(messageId !== undefined ? { messageId } : {}),
    to: { id: integrationId, idType: 'Opaque' },
    from: { ...from, idType: from.idType ?? 'Opaque' },
    time,
  });

  const withConversationId = (entry: Accepted, prefetch: boolean): OpenNormalizedMessage =>
    prefetch ? { ...entry.reply, conversationId: entry.conversationId } : entry.reply;

  /** Deliver one customer message (text and/or content) once per sender message id. */
  const acceptMessage = (
    integrationId: string,
    channel: OpenInboundMessage['channel'],
    build: (id: string) => { text: string; content: ContentItem[]; metadata?: Record<string, string>; reply: OpenNormalizedMessage },
  ): Accepted => {
    const key = channel.messageId !== undefined ? `${integrationId}\u0000${channel.from.id}\u0000${channel.messageId}` : null;
    const earlier = key !== null ? accepted.get(key) : undefined;
    if (earlier) return earlier;
    const conversation: SandboxConversation = deps.conversations.openOrJoin(integrationId, channel.from);
    const id = deps.newId();
    const built = build(id);
    conversation.receive({
      kind: 'message',
      id,
      time: nowIso(),
      text: built.text,
      content: built.content,
      customAttributes: channel.metadata?.customAttributes ?? {},
      ...(built.metadata ? { metadata: built.metadata } : {}),
    });
    const entry: Accepted = { reply: built.reply, conversationId: conversation.id };
    if (key !== null) {
      accepted.set(key, entry);
      deps.accepted.put(key, () => entry);
    }
    return entry;
  };

  const message: InboundEndpoints['message'] = (integrationId, body, prefetch) => {
    const parsed = validated(integrationId, OpenInboundMessageSchema, body);
    if (parsed instanceof PlatformFailure) return parsed;
    const text = parsed.text ?? '';
    const bytes = inboundTextBytes(text);
    if (bytes > maxTextBytes) {
      return PlatformFailures.badRequest(`Message text length ${bytes} bytes is larger than the limit of ${maxTextBytes}.`);
    }
    const content: ContentItem[] = (parsed.content ?? []).map((item) => ({ ...item, contentType: item.contentType ?? 'Attachment' }));
    if (text.trim() === '' && content.length === 0) {
      return PlatformFailures.badRequest('Invalid request body: a message needs text or content.');
    }
    const entry = acceptMessage(integrationId, parsed.channel, (id) => ({
      text,
      content,
      ...(parsed.metadata ? { metadata: parsed.metadata } : {}),
      reply: {
        id,
        channel: replyChannel(integrationId, parsed.channel.from, parsed.channel.time, parsed.channel.messageId),
        type: 'Text',
        ...(parsed.text !== undefined ? { text: parsed.text } : {}),
        ...(content.length > 0 ? { content } : {}),
        ...(parsed.metadata ? { metadata: parsed.metadata } : {}),
        direction: 'Inbound',
      },
    }));
    return withConversationId(entry, prefetch);
  };

  const event: InboundEndpoints['event'] = (integrationId, body) => {
    const parsed = validated(integrationId, OpenInboundEventSchema, body);
    if (parsed instanceof PlatformFailure) return parsed;
    const id = deps.newId();
    // Typing without an active conversation has nowhere to go: accepted and dropped, as a no-op.
    deps.conversations
      .findActive(integrationId, parsed.channel.from.id)
      ?.receive({ kind: 'event', id, time: nowIso(), events: parsed.events });
    return {
      id,
      channel: replyChannel(integrationId, parsed.channel.from, parsed.channel.time),
      type: 'Event',
      events: parsed.events,
      direction: 'Inbound',
    };
  };

  const receipt: InboundEndpoints['receipt'] = (integrationId, body) => {
    const parsed = validated(integrationId, OpenInboundReceiptSchema, body);
    if (parsed instanceof PlatformFailure) return parsed;
    const customerId = parsed.channel.to.id;
    const conversation = deps.conversations.findByOutboundMessage(integrationId, customerId, parsed.id);
    if (!conversation) {
      return PlatformFailures.notFound(`No outbound message ${parsed.id} was sent to ${customerId} on integration ${integrationId}.`);
    }
    conversation.receive({ kind: 'receipt', messageId: parsed.id, status: parsed.status, time: nowIso() });
    return {
      id: parsed.id,
      channel: {
        id: integrationId,
        platform: 'Open',
        type: 'Private',
        to: { ...parsed.channel.to, idType: parsed.channel.to.idType ?? 'Opaque' },
        from: { id: integrationId, idType: 'Opaque' },
        time: parsed.channel.time,
      },
      type: 'Receipt',
      status: parsed.status,
      ...(parsed.reasons ? { reasons: parsed.reasons } : {}),
      ...(parsed.isFinalReceipt !== undefined ? { isFinalReceipt: parsed.isFinalReceipt } : {}),
      direction: 'Inbound',
    };
  };

  const structuredResponse: InboundEndpoints['structuredResponse'] = (integrationId, body) => {
    const parsed = validated(integrationId, OpenInboundStructuredResponseSchema, body);
    if (parsed instanceof PlatformFailure) return parsed;
    const { buttonResponse, originatingMessageId } = parsed;
    const content: ContentItem[] = [
      { contentType: 'ButtonResponse', buttonResponse: { ...buttonResponse, originatingMessageId } },
    ];
    const entry = acceptMessage(integrationId, parsed.channel, (id) => ({
      text: buttonResponse.text,
      content,
      reply: {
        id,
        channel: replyChannel(integrationId, parsed.channel.from, parsed.channel.time, parsed.channel.messageId),
        type: 'Structured',
        content,
        direction: 'Inbound',
      },
    }));
    return entry.reply;
  };

  const legacy: InboundEndpoints['legacy'] = (body) => {
    const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const channel = typeof record.channel === 'object' && record.channel !== null ? (record.channel as Record<string, unknown>) : {};
    // The SDK's model and the route's public clients name the integration in `channel.to.id` (required);
    // `channel.id` is optional and, when given, must agree.
    const to = typeof channel.to === 'object' && channel.to !== null ? (channel.to as Record<string, unknown>).id : undefined;
    const integrationId = typeof to === 'string' && to !== '' ? to : channel.id;
    if (typeof integrationId !== 'string' || integrationId === '') {
      return PlatformFailures.badRequest('Invalid request body: channel.to.id: the integration id is required.');
    }
    if (typeof channel.id === 'string' && channel.id !== '' && channel.id !== integrationId) {
      return PlatformFailures.badRequest(`Invalid request body: channel.id (${channel.id}) and channel.to.id (${integrationId}) name different integrations.`);
    }
    switch (record.type) {
      case 'Text':
      case 'Structured':
        return message(integrationId, record, false);
      case 'Event':
        return event(integrationId, record);
      case 'Receipt':
        return receipt(integrationId, record);
      default:
        return PlatformFailures.badRequest('Invalid request body: type: must be Text, Structured, Event or Receipt.');
    }
  };

  return { message, event, receipt, structuredResponse, legacy };
}
