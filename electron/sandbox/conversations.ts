// The sandbox's conversation store and router (implements `ConversationHub`): one conversation per
// customer and channel endpoint, its participants and messages, customer input routed to the agent holding
// the conversation (agents/agent-roster.ts), operator-as-agent replies, and the end of a conversation
// (Presence Disconnect, read-only).
// Typing events go to subscribers but are not stored, as Genesys keeps them out of message history.
import type { Clock } from '../protocol/clock';
import type { MessageEvent } from '../protocol/normalized/content';
import type {
  AgentOutput,
  ConversationHub,
  CustomerInput,
  CustomerProfile,
  Participant,
  SandboxChannel,
  SandboxConversation,
  StoredMessage,
} from './conversation-hub';
import type { AgentCatalog } from './agents/script-catalog';
import { createAgentRoster, type AgentRoster } from './agents/agent-roster';
import type { PublishedFile } from './agents/scripted-agent';
import type { AgentScript } from './agents/agent-script';

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
  /** Stops every scripted agent's pending timers (shutdown); conversations are left as they are. */
  close(): void;
}

export interface ConversationHubDeps {
  clock: Clock;
  newId: () => string;
  newHexId: () => string;
  /** The current catalog; read when a conversation opens, so a reload affects new conversations. */
  agents: () => AgentCatalog;
  defaultAgentScript: string;
  publishFile: (file: { filename: string; mime: string; bytes: Buffer }) => PublishedFile;
}

const SILENT_SCRIPT: AgentScript = {
  name: 'silent',
  source: 'built-in',
  persona: { name: 'Sandbox Agent', originatingEntity: 'Human' },
  onJoin: [],
  rules: [],
  fallback: [],
  humans: [],
  files: new Map(),
};

export function createConversationHub(deps: ConversationHubDeps): SandboxConversationHub {
  const { clock } = deps;
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

  class LiveConversation implements SandboxConversation {
    readonly id = deps.newId();
    state: 'active' | 'ended' = 'active';
    readonly messages: StoredMessage[] = [];
    readonly participants: Participant[] = [];
    private readonly listeners = new Set<(output: AgentOutput) => void>();
    private readonly customAttributes: Record<string, string> = {};
    readonly agents: AgentRoster;

    constructor(
      readonly channel: SandboxChannel,
      readonly integrationOrDeploymentId: string,
      readonly customerId: string,
      customer: CustomerProfile | undefined,
      readonly script: AgentScript,
    ) {
      this.participants.push(this.participant('customer', customer?.nickname ?? customer?.firstName ?? 'Customer'));
      this.agents = createAgentRoster({
        script,
        clock,
        newHexId: deps.newHexId,
        publishFile: deps.publishFile,
        stage: {
          emit: (output) => this.emit(output),
          join: (purpose, name) => {
            const joining = this.participant(purpose, name);
            this.participants.push(joining);
            return joining;
          },
          leave: (participant) => this.leave(participant),
          changed: () => announce({ kind: 'participants', conversationId: this.id, participants: this.participants.map((p) => ({ ...p })) }),
          disconnect: () => this.end(),
        },
      });
    }

    private participant(purpose: Participant['purpose'], name: string): Participant {
      return { id: deps.newId(), purpose, name, state: 'connected', connectedTime: now(), messageIds: [] };
    }

    private currentAgent(): Participant | undefined {
      return [...this.participants].reverse().find((p) => p.purpose !== 'customer' && p.state === 'connected');
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
        const kept = storedEvents(input.events);
        if (kept.length) {
          this.store(this.participants[0]!, { id: input.id, direction: 'Inbound', time: input.time, type: 'Event', content: [], events: kept });
        }
      } else {
        const target = this.messages.find((m) => m.id === input.messageId);
        if (target) target.status = input.status;
      }
      announce({ kind: 'customer', conversationId: this.id, input });
      if (input.kind !== 'receipt') this.agents.receive(input, { ...this.customAttributes });
    }

    subscribe(listener: (output: AgentOutput) => void): () => void {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    }

    emit(output: AgentOutput): void {
      if (this.state === 'ended') return;
      const speaker = this.currentAgent() ?? this.participants[1]!;
      if (output.kind === 'message') {
        this.store(speaker, {
          id: output.id,
          direction: 'Outbound',
          time: output.time,
          type: output.type,
          ...(output.text !== undefined ? { text: output.text } : {}),
          content: output.content,
          events: [],
          originatingEntity: output.originatingEntity,
          status: 'Sent',
        });
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
    }

    private store(by: Participant, message: StoredMessage) {
      this.messages.push(message);
      by.messageIds.push(message.id);
    }

    private leave(p: Participant) {
      p.state = 'disconnected';
      p.endTime = now();
    }

    end(): void {
      if (this.state === 'ended') return;
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
      announce({ kind: 'ended', conversationId: this.id, time: now() });
    }
  }

  return {
    openOrJoin({ channel, endpointId, customerId, customer, agentScript }) {
      const key = customerKey(channel, endpointId, customerId);
      const activeId = activeByCustomer.get(key);
      const active = activeId !== undefined ? conversations.get(activeId) : undefined;
      if (active && active.state === 'active') return active;
      const catalog = deps.agents();
      const script = catalog.get(agentScript ?? deps.defaultAgentScript) ?? catalog.get(deps.defaultAgentScript) ?? SILENT_SCRIPT;
      const conversation = new LiveConversation(channel, endpointId, customerId, customer, script);
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
    operatorJoin: (conversationId, nickname) => active(conversationId)?.agents.operatorJoin(nickname),
    operatorTransfer: (conversationId, to) => active(conversationId)?.agents.operatorTransfer(to),
    handBack: (conversationId) => active(conversationId)?.agents.handBack(),
    end(conversationId) {
      conversations.get(conversationId)?.end();
    },
    watch(listener) {
      watchers.add(listener);
      return () => watchers.delete(listener);
    },
    agentScriptOf: (id) => conversations.get(id)?.script.name,
    close() {
      for (const conversation of conversations.values()) conversation.agents.stop();
    },
  };
}

function customerKey(channel: SandboxChannel, endpointId: string, customerId: string): string {
  return `${channel}\u0000${endpointId}\u0000${customerId}`;
}

/** Typing is transient; presence and other events belong in the conversation's history. */
function storedEvents(events: MessageEvent[]): MessageEvent[] {
  return events.filter((e) => e.eventType !== 'Typing');
}

