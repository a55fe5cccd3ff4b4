// A conversation while the console runs: its thread (the journaled state, changed only by the reducer) and
// what is never journaled — the guest's connection, files waiting to be sent, the agent's typing hint, the
// inspector's frames — and how the conversation list shows it.
import type { ConversationState, ConversationSummary, InspectorFrame, ThreadItem } from '../../../shared/contract';
import type { TimerHandle } from '../../protocol/clock';
import { GUEST_API_LIMITS } from '../../protocol/webmessaging';
import type { GuestConnection, GuestConnectionLimits } from '../channels/guest-connection';
import type { ConversationThread } from './conversation-reducer';

export interface OutgoingFile {
  fileName: string;
  mime: string;
  bytes: Uint8Array;
}

export interface LiveConversation {
  readonly thread: ConversationThread;
  /** Made when the conversation starts or is restored; absent only if it could not resume. */
  session?: GuestConnection;
  /** A message's files (bytes) and caption kept until it is delivered, so a failed upload can be retried. */
  readonly files: Map<string, { files: OutgoingFile[]; text: string }>;
  agentTyping: boolean;
  typingTimer?: TimerHandle | undefined;
  readonly frames: InspectorFrame[];
  frameSeq: number;
  maxCustomDataBytes: number;
  /** Why it could not resume after a restart (e.g. its profile is gone): shown as failed, never journaled,
   *  since the cause may be gone next time. */
  cannotResume?: string;
}

export function liveConversation(thread: ConversationThread): LiveConversation {
  return { thread, files: new Map(), agentTyping: false, frames: [], frameSeq: 0, maxCustomDataBytes: GUEST_API_LIMITS.maxCustomDataBytes };
}

export function shownState(conversation: LiveConversation): { state: ConversationState; detail?: string | undefined } {
  // Closing it ends it for good; the reason it could not resume no longer matters.
  if (conversation.cannotResume && conversation.thread.state !== 'ended') return { state: 'failed', detail: conversation.cannotResume };
  return { state: conversation.thread.state, detail: conversation.thread.stateDetail };
}

export function cannotSendReason(conversation: LiveConversation): string | undefined {
  const { state, detail } = shownState(conversation);
  switch (state) {
    case 'readOnly':
      if (conversation.thread.endedOnServer) return 'This conversation has ended on the server. Choose “Start new” to keep talking.';
      return 'The agent ended this conversation. Choose “Start new” to keep talking.';
    case 'ended':
      return detail ?? 'This conversation has ended.';
    case 'failed':
      return detail ?? 'This guest could not connect.';
    default:
      return undefined;
  }
}

/** The thread in order (by time; of equal times, in the order the items came). */
export function threadItems(conversation: LiveConversation): ThreadItem[] {
  return [...conversation.thread.items.values()].sort((a, b) => a.time.localeCompare(b.time));
}

export function summaryOf(conversation: LiveConversation): ConversationSummary {
  const { thread } = conversation;
  const last = thread.lastMessage;
  const lastText = last?.text || (last?.content[0]?.type === 'attachment' ? `📎 ${last.content[0].attachment.name}` : undefined);
  const { state, detail } = shownState(conversation);
  const reason = cannotSendReason(conversation);
  return {
    id: thread.record.id,
    profileId: thread.record.profileId,
    profileName: thread.record.profileName,
    channel: thread.record.channel,
    personaName: thread.record.persona.name,
    state,
    ...(detail ? { stateDetail: detail } : {}),
    unread: thread.unread,
    ...(lastText ? { lastText: lastText.slice(0, 200) } : {}),
    updatedAt: thread.updatedAt,
    agentTyping: conversation.agentTyping,
    ...(reason ? { cannotSendReason: reason } : {}),
    ...(thread.platformConversationId ? { platformConversationId: thread.platformConversationId } : {}),
    ...(thread.endedOnServer && state === 'readOnly' ? { endedOnServer: true } : {}),
    ...(Object.keys(thread.record.persona.customAttributes).length > 0 ? { customAttributes: thread.record.persona.customAttributes } : {}),
    ...fileLimitsOf(conversation.session?.limits),
  };
}

function fileLimitsOf(limits: GuestConnectionLimits | undefined): Pick<ConversationSummary, 'fileLimits'> {
  const inbound = limits?.allowedMedia?.inbound;
  const blocked = limits?.blockedExtensions ?? [];
  if (!inbound && blocked.length === 0) return {};
  return {
    fileLimits: {
      ...(inbound ? { maxFileSizeKB: inbound.maxFileSizeKB, fileTypes: inbound.fileTypes.map(({ type }) => type) } : {}),
      ...(blocked.length > 0 ? { blockedExtensions: blocked } : {}),
    },
  };
}
