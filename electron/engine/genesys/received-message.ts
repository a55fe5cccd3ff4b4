// A message Genesys sent the guest, in the normalized form both channels carry, as the port's events: its
// events become typing, presence or `ended`; text and content become a `message`. The channels differ only
// in how an end reads (Web Messaging says read-only in the message's metadata; Open Messaging always is),
// so each passes that in. Events go to `emit` one by one: nothing is collected per message.
import type { MessageEvent } from '../../protocol/normalized/content';
import type { GuestConnectionEvent, GuestMessage } from '../channels/guest-connection';

/** A normalized message as it arrives, events included. */
export interface ReceivedMessage extends GuestMessage {
  events?: MessageEvent[];
}

export function reportReceived(message: ReceivedMessage, endIsReadOnly: boolean, emit: (event: GuestConnectionEvent) => void): void {
  const events = message.events;
  if (message.type === 'Event' || (events !== undefined && events.length > 0)) {
    // The guest's own events (typing, Join from another connection) say nothing to the guest.
    if (message.direction !== 'Outbound' || events === undefined) return;
    for (const event of events) reportEvent(message, event, endIsReadOnly, emit);
    return;
  }
  if (message.type === 'Receipt') {
    emit({ type: 'frame', direction: 'note', text: `receipt ${message.id} (a delivery status, not a message)` });
    return;
  }
  emit({ type: 'message', message });
}

function reportEvent(message: ReceivedMessage, event: MessageEvent, endIsReadOnly: boolean, emit: (event: GuestConnectionEvent) => void): void {
  if (event.eventType === 'Typing') {
    if (event.typing?.type === 'Off') emit({ type: 'typing', on: false });
    else emit({ type: 'typing', on: true, ...(event.typing?.duration !== undefined ? { durationMs: event.typing.duration } : {}) });
    return;
  }
  if (event.eventType !== 'Presence') return;
  const agentName = message.channel?.from?.nickname;
  const about = { id: message.id, ...(message.channel?.time ? { time: message.channel.time } : {}), ...(agentName ? { agentName } : {}) };
  switch (event.presence?.type) {
    case 'Join':
      return emit({ type: 'presence', change: 'joined', ...about });
    case 'Leave':
      return emit({ type: 'presence', change: 'left', ...about });
    case 'Clear':
      return emit({ type: 'presence', change: 'cleared', ...about });
    case 'Disconnect':
      return emit({ type: 'ended', readOnly: endIsReadOnly, ...about });
    default:
      return;
  }
}
