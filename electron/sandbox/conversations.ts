// The sandbox's conversation store and router (implements `ConversationHub`): one conversation per
// customer and channel endpoint, its participants and messages, customer input routed to the agent holding
// the conversation (agents/agent-roster.ts), operator-as-agent replies, and the end of a conversation
// (Presence Disconnect, read-only).
// Typing events go to subscribers but are not stored, as Genesys keeps them out of message history.
// Conversations and messages are kept in the sandbox's state (conversation-records.ts); restored ones carry
// on once `resume` starts their agents, which play any reply that fell due while the sandbox was down.
import { createHash } from 'node:crypto';
import type { Clock } from '../protocol/clock';
import type { Card as ContentCard, ContentItem, MessageEvent } from '../protocol/normalized/content';
import { resolveImage } from './agent-assets';
import {
  storedAgentMessage,
  type AgentOutput,
  type ConversationHub,
  type CustomerProfile,
  type CustomerInput,
  type Participant,
  type SandboxChannel,
  type SandboxConversation,
  type SandboxQueue,
  type StoredMessage,
} from './conversation-hub';
import type { AgentCatalog } from './agents/script-catalog';
import { createAgentRoster, type AgentRoster, type RosterProgress } from './agents/agent-roster';
import type { PublishedFile } from './agents/scripted-agent';
import type { AgentScript } from './agents/agent-script';
import type { LatencyProfile } from './agents/reply-pace';
import { CONVERSATION_RECORD_KINDS, type ConversationRecord } from './conversation-records';
import { memoryState, type SandboxState } from './state/sandbox-state';

/** Everything that happens in any conversation, for the operator feed and the control API. */
export type HubActivity =
  | { kind: 'opened'; conversationId: string; channel: SandboxChannel; customerId: string; agentScript: string; time: string }
  | { kind: 'customer'; conversationId: string; input: CustomerInput }
  | { kind: 'agent'; conversationId: string; output: AgentOutput }
  | { kind: 'participants'; conversationId: string; participants: Participant[] }
  | { kind: 'ended'; conversationId: string; time: string };

export interface SandboxConversationHub extends ConversationHub {
  /** Every activity of every conversation. Returns an unsubscribe. */
  watch(listener: (activity: HubActivity) => void): () => void;
  /** The agent script a conversation was routed to. */
  agentScriptOf(conversationId: string): string | undefined;
  /** Starts the agents of the conversations restored from the state (replies that fell due meanwhile play now);
   *  their attachments point at `fileUrl(id)`, the sandbox as it listens now, where it still holds the file. */
  resume(fileUrl: (fileId: string) => string | undefined): void;
  /** Stops every scripted agent's pending timers (shutdown); conversations are left as they are. */
  close(): void;
}

export interface ConversationHubDeps {
  /** The sandbox's address: an agent's image given as a path (`/assets/…`) is served from there. */
  baseUrl?: () => string;
  clock: Clock;
  newId: () => string;
  newHexId: () => string;
  /** The current catalog; read when a conversation opens, so a reload affects new conversations. */
  agents: () => AgentCatalog;
  defaultAgentScript: string;
  publishFile: (file: { filename: string; mime: string; bytes: Buffer }) => PublishedFile;
  /** Every agent answers at this pace; unset, each at its script's own `latency`. */
  replyLatency?: LatencyProfile;
  /** Jitter for the agents' pace. Default Math.random. */
  random?: () => number;
  /** Where conversations and their messages are kept. Default: nowhere (memory only). */
  state?: SandboxState<typeof CONVERSATION_RECORD_KINDS>;
}

/** A conversation as it starts (new) or as it was kept (restored, with where its agents were). */
type Opening = Omit<ConversationRecord, 'script' | 'participants'> & { script: AgentScript; participants: Participant[] };

const SILENT_SCRIPT: AgentScript = {
  name: 'silent',
  source: 'built-in',
  persona: { name: 'Sandbox Agent', originatingEntity: 'Human' },
  latency: 'instant',
  onJoin: [],
  rules: [],
  fallback: [],
  humans: [],
  files: new Map(),
};

export function createConversationHub(deps: ConversationHubDeps): SandboxConversationHub {
  const { clock } = deps;
  const state = deps.state ?? memoryState();
  const shelves = { conversations: state.shelf('conversation'), messages: state.shelf('message') };
  const conversations = new Map<string, LiveConversation>();
  const activeByCustomer = new Map<string, string>();
  const watchers = new Set<(activity: HubActivity) => void>();
  const now = () => new Date(clock.now()).toISOString();
  const announce = (activity: HubActivity) => {
    for (const watcher of watchers) watcher(activity);
  };
  const active = (conversationId: string) => {
    const conversation = conversations.get(conversationId);
    return conversation?.state === 'active' ? conversation : undefined;
  };
  const participant = (purpose: Participant['purpose'], name: string): Participant => ({
    id: deps.newId(),
    purpose,
    name,
    state: 'connected',
    connectedTime: now(),
    messageIds: [],
  });

  class LiveConversation implements SandboxConversation {
    readonly id: string;
    readonly channel: SandboxChannel;
    readonly integrationOrDeploymentId: string;
    readonly customerId: string;
    readonly script: AgentScript;
    state: 'active' | 'ended';
    readonly messages: StoredMessage[] = [];
    readonly participants: Participant[];
    private readonly listeners = new Set<(output: AgentOutput) => void>();
    readonly customAttributes: Record<string, string>;
    /** Not kept across a restart: the participant's name is, and a new message's sender says the rest again. */
    customer: CustomerProfile | undefined = undefined;
    private roster: AgentRoster | undefined;
    /** Restored and not started yet: where its agents were. */
    private resumeFrom: RosterProgress | undefined;

    constructor(opening: Opening, resumeFrom?: RosterProgress) {
      this.id = opening.id;
      this.channel = opening.channel;
      this.integrationOrDeploymentId = opening.endpointId;
      this.customerId = opening.customerId;
      this.script = opening.script;
      this.state = opening.state;
      this.participants = opening.participants;
      this.customAttributes = opening.customAttributes;
      this.resumeFrom = resumeFrom;
    }

    /** Who answers the customer. */
    get agents(): AgentRoster {
      return this.start();
    }

    /** Seats the agents: a new conversation's bot joins; a restored conversation's agents resume where they were. */
    start(): AgentRoster {
      this.roster ??= this.seat();
      return this.roster;
    }

    private seat(): AgentRoster {
      const holder = this.resumeFrom && this.participants.find((p) => p.id === this.resumeFrom!.holder.participantId);
      const resume = this.resumeFrom && holder ? { progress: this.resumeFrom, holder } : undefined;
      this.resumeFrom = undefined;
      return createAgentRoster({
        script: this.script,
        clock,
        newHexId: deps.newHexId,
        publishFile: deps.publishFile,
        ...(deps.replyLatency ? { pace: deps.replyLatency } : {}),
        ...(deps.random ? { random: deps.random } : {}),
        stage: {
          emit: (output) => this.emit(output),
          join: (purpose, name) => {
            const joining = participant(purpose, name);
            // The agent an ACD queue offered the conversation to carries the queue; the acd participant leaves.
            const waiting = purpose === 'agent' ? this.participants.find((p) => p.purpose === 'acd' && p.state !== 'disconnected') : undefined;
            if (waiting?.queue) {
              joining.queue = waiting.queue;
              this.leave(waiting);
            }
            this.participants.push(joining);
            return joining;
          },
          leave: (participant) => this.leave(participant),
          changed: () => {
            this.keep();
            announce({ kind: 'participants', conversationId: this.id, participants: this.participants.map((p) => ({ ...p })) });
          },
          disconnect: () => this.end(),
          setParticipantData: (data) => {
            const customer = this.participants[0]!;
            customer.attributes = { ...customer.attributes, ...data };
            this.keep();
          },
          route: (queueName) => {
            const acd = participant('acd', queueName);
            acd.queue = sandboxQueue(queueName);
            this.participants.push(acd);
            this.keep();
            announce({ kind: 'participants', conversationId: this.id, participants: this.participants.map((p) => ({ ...p })) });
          },
        },
        ...(resume ? { resume } : {}),
      });
    }

    /** Keeps the conversation as it is at the end of this turn (participants, state, where its agents are). */
    keep(): void {
      shelves.conversations.put(this.id, () => ({
        id: this.id,
        channel: this.channel,
        endpointId: this.integrationOrDeploymentId,
        customerId: this.customerId,
        script: this.script.name,
        state: this.state,
        participants: this.participants.map(({ messageIds: _ids, ...kept }) => kept),
        customAttributes: this.customAttributes,
        roster: this.state === 'active' ? (this.roster?.progress() ?? this.resumeFrom) : undefined,
      }));
    }

    /** A message read back from the state, in the order it was stored. */
    restore(by: string, message: StoredMessage): void {
      this.messages.push(message);
      this.participants.find((p) => p.id === by)?.messageIds.push(message.id);
    }

    /** The restored attachments point at the sandbox as it listens now. */
    repoint(fileUrl: (fileId: string) => string | undefined): void {
      for (const item of this.messages.flatMap((m): ContentItem[] => m.content)) {
        const url = item.attachment?.id !== undefined ? fileUrl(item.attachment.id) : undefined;
        if (url !== undefined) item.attachment!.url = url;
      }
    }

    /** Silences the scripted agent without ending the conversation (sandbox shutdown). */
    halt(): void {
      this.roster?.stop();
    }

    /** Who speaks for the agent side: never the customer, nor a queue (an acd participant sends nothing). */
    private currentAgent(): Participant | undefined {
      return [...this.participants].reverse().find((p) => p.purpose !== 'customer' && p.purpose !== 'acd' && p.state === 'connected');
    }

    receive(input: CustomerInput): void {
      if (this.state === 'ended') return;
      if (input.kind === 'message') {
        Object.assign(this.customAttributes, input.customAttributes);
        const structured = input.content.some((c) => c.contentType === 'ButtonResponse' && c.buttonResponse?.type !== 'QuickReply');
        this.store(this.participants[0]!, {
          id: input.id,
          direction: 'Inbound',
          time: input.time,
          type: structured ? 'Structured' : 'Text',
          ...(input.text ? { text: input.text } : {}),
          content: input.content,
          events: [],
          ...(input.metadata ? { metadata: input.metadata } : {}),
        });
      } else if (input.kind === 'event') {
        Object.assign(this.customAttributes, input.customAttributes ?? {});
        const kept = storedEvents(input.events);
        if (kept.length) {
          this.store(this.participants[0]!, {
            id: input.id,
            direction: 'Inbound',
            time: input.time,
            type: 'Event',
            content: [],
            events: kept,
            ...(input.metadata ? { metadata: input.metadata } : {}),
          });
        }
      } else {
        const target = this.messages.find((m) => m.id === input.messageId);
        const by = target && this.participants.find((p) => p.messageIds.includes(target.id));
        if (target && by) {
          target.status = input.status;
          this.keepMessage(by, target);
        }
      }
      announce({ kind: 'customer', conversationId: this.id, input });
      if (input.kind !== 'receipt') this.agents.receive(input, { ...this.customAttributes });
      this.keep();
    }

    subscribe(listener: (output: AgentOutput) => void): () => void {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    }

    emit(agentOutput: AgentOutput): void {
      if (this.state === 'ended') return;
      const speaker = this.currentAgent() ?? this.participants[1]!;
      // Every message and event Genesys sends carries a correlation id in its metadata (spec §4.2).
      const output: AgentOutput = { ...withSandboxImages(agentOutput, deps.baseUrl?.() ?? ''), metadata: { correlationId: deps.newId(), ...agentOutput.metadata } };
      if (output.kind === 'message') {
        this.store(speaker, { ...storedAgentMessage(output), status: 'Sent' });
      } else {
        const kept = storedEvents(output.events);
        if (kept.length) {
          this.store(speaker, {
            id: output.id,
            direction: 'Outbound',
            time: output.time,
            type: 'Event',
            content: [],
            events: kept,
            ...(output.metadata ? { metadata: output.metadata } : {}),
          });
        }
      }
      for (const listener of [...this.listeners]) listener(output);
      announce({ kind: 'agent', conversationId: this.id, output });
      this.keep();
    }

    private store(by: Participant, message: StoredMessage) {
      this.messages.push(message);
      by.messageIds.push(message.id);
      this.keepMessage(by, message);
    }

    private keepMessage(by: Participant, message: StoredMessage) {
      shelves.messages.put(`${this.id}/${message.id}`, () => ({ conversationId: this.id, by: by.id, message }));
    }

    private leave(p: Participant) {
      p.state = 'disconnected';
      p.endTime = now();
    }

    end(wrapup?: { code: string; notes?: string }): void {
      if (this.state === 'ended') return;
      const agent = wrapup && [...this.participants].reverse().find((p) => p.purpose === 'agent');
      if (agent && wrapup) agent.wrapup = wrapup;
      this.agents.stop();
      this.emit({
        kind: 'event',
        id: deps.newHexId(),
        time: now(),
        events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }],
        metadata: { readOnly: 'true' },
      });
      this.state = 'ended';
      for (const p of this.participants) if (p.state !== 'disconnected') this.leave(p);
      if (activeByCustomer.get(customerKey(this.channel, this.integrationOrDeploymentId, this.customerId)) === this.id) {
        activeByCustomer.delete(customerKey(this.channel, this.integrationOrDeploymentId, this.customerId));
      }
      this.keep();
      announce({ kind: 'ended', conversationId: this.id, time: now() });
    }
  }

  /** A kept script, or the default one when it is no longer in the catalog. */
  const scriptNamed = (name: string | undefined): AgentScript => {
    const catalog = deps.agents();
    return catalog.get(name ?? deps.defaultAgentScript) ?? catalog.get(deps.defaultAgentScript) ?? SILENT_SCRIPT;
  };

  for (const { roster, participants, script, ...record } of shelves.conversations.restored.values()) {
    const opening = { ...record, script: scriptNamed(script), participants: participants.map((p) => ({ ...p, messageIds: [] })) };
    const conversation = new LiveConversation(opening, roster);
    conversations.set(conversation.id, conversation);
    if (conversation.state === 'active') activeByCustomer.set(customerKey(record.channel, record.endpointId, record.customerId), conversation.id);
  }
  for (const { conversationId, by, message } of shelves.messages.restored.values()) conversations.get(conversationId)?.restore(by, message);

  return {
    openOrJoin({ channel, endpointId, customerId, customer, agentScript }) {
      const key = customerKey(channel, endpointId, customerId);
      const activeId = activeByCustomer.get(key);
      const active = activeId !== undefined ? conversations.get(activeId) : undefined;
      if (active && active.state === 'active') {
        if (customer) active.customer = customer;
        return active;
      }
      const script = scriptNamed(agentScript);
      const conversation = new LiveConversation({
        id: deps.newId(),
        channel,
        endpointId,
        customerId,
        script,
        state: 'active',
        participants: [participant('customer', customer?.nickname ?? customer?.firstName ?? 'Customer')],
        customAttributes: {},
      });
      conversation.customer = customer;
      conversation.start();
      conversation.keep();
      conversations.set(conversation.id, conversation);
      activeByCustomer.set(key, conversation.id);
      announce({ kind: 'opened', conversationId: conversation.id, channel, customerId, agentScript: script.name, time: now() });
      return conversation;
    },
    get: (id) => conversations.get(id),
    list: () => [...conversations.values()],
    operatorSend(conversationId, output) {
      const conversation = active(conversationId);
      if (!conversation) return;
      conversation.agents.operatorJoin(output.from.nickname);
      conversation.emit({ ...output, id: deps.newHexId(), time: now() });
    },
    operatorTyping(conversationId, nickname, durationMs) {
      const conversation = active(conversationId);
      if (!conversation) return;
      conversation.agents.operatorJoin(nickname);
      conversation.emit({ kind: 'event', id: deps.newHexId(), time: now(), events: [{ eventType: 'Typing', typing: { type: 'On', duration: durationMs } }] });
    },
    operatorJoin(conversationId, nickname) {
      const conversation = active(conversationId);
      conversation?.agents.operatorJoin(nickname);
      conversation?.keep();
    },
    operatorTransfer: (conversationId, to) => active(conversationId)?.agents.operatorTransfer(to),
    handBack: (conversationId) => active(conversationId)?.agents.handBack(),
    end(conversationId, wrapup) {
      conversations.get(conversationId)?.end(wrapup);
    },
    watch(listener) {
      watchers.add(listener);
      return () => watchers.delete(listener);
    },
    agentScriptOf: (id) => conversations.get(id)?.script.name,
    resume(fileUrl) {
      for (const conversation of conversations.values()) {
        conversation.repoint(fileUrl);
        if (conversation.state === 'active') conversation.start();
      }
    },
    close() {
      for (const conversation of conversations.values()) conversation.halt();
    },
  };
}

/** The sandbox's queue of that name: the same id for the same name, in every run (the Platform API names it back). */
export function sandboxQueue(name: string): SandboxQueue {
  const hex = createHash('sha256').update(`queue:${name}`).digest('hex');
  return { id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`, name };
}

function customerKey(channel: SandboxChannel, endpointId: string, customerId: string): string {
  return `${channel}\u0000${endpointId}\u0000${customerId}`;
}

/** Typing is transient; presence and other events belong in the conversation's history. */
function storedEvents(events: MessageEvent[]): MessageEvent[] {
  return events.filter((e) => e.eventType !== 'Typing');
}

/** Card, carousel and avatar images given as paths point at the sandbox itself (offline means offline). */
function withSandboxImages(output: AgentOutput, baseUrl: string): AgentOutput {
  if (output.kind !== 'message' || baseUrl === '') return output;
  const card = (c: ContentCard): ContentCard => {
    const image = resolveImage(c.image, baseUrl);
    return image !== undefined ? { ...c, image } : c;
  };
  const image = resolveImage(output.from.image, baseUrl);
  return {
    ...output,
    from: { ...output.from, ...(image !== undefined ? { image } : {}) },
    content: output.content.map((item) => ({
      ...item,
      ...(item.card ? { card: card(item.card) } : {}),
      ...(item.carousel ? { carousel: { ...item.carousel, cards: item.carousel.cards.map(card) } } : {}),
    })),
  };
}
