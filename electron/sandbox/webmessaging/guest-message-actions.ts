// The Guest API's `onMessage` (spec §3.3, §5.2): the message rate, custom attributes, text limits and the
// attachments it refers to are checked; the message is echoed to every connection of the session (Inbound,
// with the request's tracingId) and handed to the session's conversation. Events: typing goes to the active
// conversation only, Presence Join opens one, Presence Clear ends it and forgets the session.
import { mediaTypeOf, type ContentItem } from '../../protocol/normalized/content';
import { customAttributesBytes, GuestErrorCode, serverFrame, textBytes, type ClientFrameOf, type WebMessagingMessage } from '../../protocol/webmessaging';
import type { GuestActionDeps, GuestActions, Reply } from './guest-session-bridge';
import type { GuestConnection, GuestSession } from './guest-sessions';

export function createMessageActions(deps: GuestActionDeps): GuestActions<'onMessage'> {
  const { bridge, deployment, attachments } = deps;
  const { sessions, error } = bridge;
  const limits = deployment.limits;

  /** Genesys reads custom attributes from `message.channel.metadata.customAttributes` (spec §3.3); the request-level
   *  `channel` (the Java SDK's) is read only by a lenient sandbox, the message level winning. */
  const customAttributesOf = (frame: ClientFrameOf<'onMessage'>): Record<string, string> => ({
    ...(deployment.lenient ? (frame.channel?.metadata?.customAttributes ?? {}) : {}),
    ...(frame.message.channel?.metadata?.customAttributes ?? {}),
  });

  /** The message's content with each attachment looked up by id, or the error frame. */
  const contentOf = (session: GuestSession, items: ContentItem[], tracingId?: string): ContentItem[] | { error: Reply } => {
    const content: ContentItem[] = [];
    for (const item of items) {
      if (item.contentType !== 'Attachment') {
        content.push(item);
        continue;
      }
      const attachmentId = item.attachment?.id;
      if (!attachmentId) return { error: error(GuestErrorCode.MissingParameter, 'Missing parameter "attachment.id" in Attachment content.', tracingId) };
      const file = attachments.get(attachmentId);
      if (!file || file.sessionId !== session.id) return { error: error(GuestErrorCode.AttachmentNotFound, `Attachment ${attachmentId} not found.`, tracingId) };
      if (file.state !== 'uploaded') {
        return { error: error(GuestErrorCode.AttachmentNotUploaded, `Attachment ${attachmentId} was not successfully uploaded.`, tracingId) };
      }
      content.push({
        contentType: 'Attachment',
        attachment: {
          id: file.id,
          url: attachments.downloadUrl(file.id),
          filename: file.fileName,
          mime: file.mime,
          mediaType: mediaTypeOf(file.mime),
          fileSize: file.bytes.length,
        },
      });
    }
    return content;
  };

  const clear = (session: GuestSession, tracingId?: string): Reply | undefined => {
    if (!deployment.conversationClear) {
      return error(GuestErrorCode.Forbidden, 'Presence events Conversation Clear are not supported', tracingId);
    }
    const connections = [...session.connections];
    session.unsubscribe?.();
    session.unsubscribe = undefined;
    if (session.conversationId !== undefined) deps.hub.end(session.conversationId);
    attachments.dropSession(session.id);
    sessions.remove(session);
    for (const connection of connections) {
      connection.session = undefined;
      connection.send(serverFrame.sessionCleared());
      bridge.closeConnection(connection, serverFrame.connectionClosed(), 'Conversation cleared');
    }
    return undefined;
  };

  const onMessage = (connection: GuestConnection, frame: ClientFrameOf<'onMessage'>): Reply | undefined => {
    const { tracingId, message } = frame;
    const session = bridge.sessionFor(connection, frame);
    if ('error' in session) return session.error;
    const rate = session.messages.hit();
    if (!rate.allowed) {
      return serverFrame.tooManyRequests(
        { retryAfter: rate.retryAfterSec, errorCode: GuestErrorCode.RequestRateTooHigh, errorMessage: 'Message rate too high for this session' },
        tracingId,
      );
    }
    if (frame.channel?.metadata?.customAttributes && !deployment.lenient) {
      return error(
        GuestErrorCode.BadRequest,
        'Custom attributes belong in message.channel.metadata.customAttributes; a request-level channel.metadata.customAttributes is not read. Move them into the message (a sandbox started with --lenient reads both).',
        tracingId,
      );
    }
    const attributes = customAttributesOf(frame);
    if (customAttributesBytes(attributes) > limits.maxCustomDataBytes) {
      return error(GuestErrorCode.CustomAttributesTooLarge, `Custom Attributes in channel metadata is larger than ${limits.maxCustomDataBytes} bytes`, tracingId);
    }
    Object.assign(session.customAttributes, attributes);
    const id = deps.newId();
    const time = new Date(deps.clock.now()).toISOString();
    // The guest's own metadata is echoed; the correlation id every Genesys message carries is added (spec §4.2).
    const metadata = { correlationId: deps.newId(), ...message.metadata };
    const echo = (view: Partial<WebMessagingMessage>) =>
      bridge.fanOut(
        session,
        serverFrame.structuredMessage(
          {
            id,
            channel: { time, ...(message.type === 'Event' ? {} : { messageId: id }), type: 'Private' },
            type: message.type,
            direction: 'Inbound',
            ...view,
            metadata,
          },
          tracingId,
        ),
      );

    if (message.type === 'Event') {
      const events = message.events ?? [];
      if (events.length === 0) return error(GuestErrorCode.MissingParameter, 'Missing parameter "message.events" for an Event message.', tracingId);
      if (events.some((e) => e.eventType === 'Presence' && e.presence?.type === 'Clear')) return clear(session, tracingId);
      if (session.readOnly) return bridge.readOnlyError(tracingId);
      const conversation = events.every((e) => e.eventType === 'Typing') ? bridge.activeConversation(session) : bridge.ensureConversation(session);
      echo({ events });
      conversation?.receive({ kind: 'event', id, time, events, ...(Object.keys(attributes).length > 0 ? { customAttributes: attributes } : {}), metadata });
      sessions.touch(session);
      return undefined;
    }

    if (session.readOnly) return bridge.readOnlyError(tracingId);
    const text = message.text ?? '';
    const length = textBytes(text);
    if (length > limits.maxTextBytes) {
      return error(GuestErrorCode.MessageTooLong, `Message length ${length} is larger than ${limits.maxTextBytes}`, tracingId);
    }
    const content = contentOf(session, message.content ?? [], tracingId);
    if ('error' in content) return content.error;
    if (text.length === 0 && content.length === 0) {
      return error(GuestErrorCode.MissingParameter, 'Missing parameter "message.text": a message needs text or content.', tracingId);
    }
    for (const item of content) if (item.contentType === 'Attachment' && item.attachment?.id) attachments.markSent(item.attachment.id);
    const conversation = bridge.ensureConversation(session);
    echo({ ...(text ? { text } : {}), ...(content.length ? { content } : {}) });
    conversation.receive({
      kind: 'message',
      id,
      time,
      text,
      content,
      customAttributes: attributes,
      metadata,
    });
    sessions.touch(session);
    return undefined;
  };

  return { onMessage };
}
