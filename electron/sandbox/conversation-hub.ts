// The sandbox's channel-neutral core: conversations between one customer and the (scripted or
// operator) agent. Channel adapters (Web Messaging WebSocket, Open Messaging Platform API) turn wire
// frames into `CustomerInput` and render `AgentOutput` back onto their own wire.
// This file declares the contract between the core and the channel adapters; the implementation
// (`createConversationHub`) lives in `conversations.ts`.
import type { ContentItem, MessageEvent } from '../protocol/normalized/content';

export type SandboxChannel = 'webmessaging' | 'openmessaging';

export interface CustomerProfile {
  nickname?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  image?: string;
}

/** What the customer did, already validated by the channel adapter. */
export type CustomerInput =
  | {
      kind: 'message';
      /** Server-side message id (UUID) assigned by the adapter. */
      id: string;
      time: string;
      text: string;
      content: ContentItem[];
      customAttributes: Record<string, string>;
      metadata?: Record<string, string>;
    }
  /** An event may carry custom attributes too (Presence Join does, spec §3.3): they become participant data as a message's do. */
  | { kind: 'event'; id: string; time: string; events: MessageEvent[]; customAttributes?: Record<string, string>; metadata?: Record<string, string> }
  | { kind: 'receipt'; messageId: string; status: 'Delivered' | 'Read' | 'Failed'; time: string };

/** What the agent side produced, ready for a channel adapter to render. */
export type AgentOutput =
  | {
      kind: 'message';
      /** 32 hex characters, as Genesys outbound ids look. */
      id: string;
      time: string;
      type: 'Text' | 'Structured';
      text?: string;
      content: ContentItem[];
      originatingEntity: 'Human' | 'Bot';
      from: { nickname: string; image?: string };
      /** Filled in by the conversation when it goes out (`correlationId`, as Genesys' frames carry). */
      metadata?: Record<string, string>;
    }
  /** An event may carry custom attributes too (Presence Join does, spec §3.3): they become participant data as a message's do. */
  | { kind: 'event'; id: string; time: string; events: MessageEvent[]; customAttributes?: Record<string, string>; metadata?: Record<string, string> };

export interface StoredMessage {
  id: string;
  direction: 'Inbound' | 'Outbound';
  time: string;
  /** The normalized message as the Platform API / history would show it. */
  type: 'Text' | 'Structured' | 'Event' | 'Receipt';
  text?: string;
  content: ContentItem[];
  events: MessageEvent[];
  originatingEntity?: 'Human' | 'Bot';
  /** Who spoke, on agent messages: the same `channel.from` the live frame carried. */
  from?: { nickname: string; image?: string };
  metadata?: Record<string, string>;
  status?: string;
}

/** An agent's message as it is stored, and as every channel shows it — live and read back alike. */
export function storedAgentMessage(output: Extract<AgentOutput, { kind: 'message' }>): Omit<StoredMessage, 'status'> {
  return {
    id: output.id,
    direction: 'Outbound',
    time: output.time,
    type: output.type,
    ...(output.text !== undefined ? { text: output.text } : {}),
    content: output.content,
    events: [],
    originatingEntity: output.originatingEntity,
    from: output.from,
    ...(output.metadata ? { metadata: output.metadata } : {}),
  };
}

export interface Participant {
  id: string;
  purpose: 'customer' | 'agent' | 'workflow' | 'acd';
  name: string;
  state: 'alerting' | 'connected' | 'disconnected';
  connectedTime?: string;
  endTime?: string;
  messageIds: string[];
  /** Participant data set on it (Set Participant Data); the customer's also shows the guest's custom attributes. */
  attributes?: Record<string, string>;
  /** The ACD queue: on an acd participant, and on the agent it offered the conversation to. */
  queue?: SandboxQueue;
  /** The wrap-up code the agent chose when the conversation ended. */
  wrapup?: { code: string; notes?: string };
}

/** An ACD queue of the sandbox's org: named by the scripts that route to it, its id derived from the name. */
export interface SandboxQueue {
  id: string;
  name: string;
}

export interface SandboxConversation {
  readonly id: string; // UUID
  readonly channel: SandboxChannel;
  readonly customerId: string;
  readonly integrationOrDeploymentId: string;
  readonly state: 'active' | 'ended';
  readonly messages: readonly StoredMessage[];
  readonly participants: readonly Participant[];
  /** What the customer's channel said of them when the conversation opened (Open Messaging's sender). */
  readonly customer: CustomerProfile | undefined;
  /** The custom attributes the customer's messages carried, merged (the latest value of each). */
  readonly customAttributes: Readonly<Record<string, string>>;
  /** Customer → agent. The scripted agent (or the operator) answers through `subscribe`. */
  receive(input: CustomerInput): void;
  /** Agent → customer outputs, in the order the agent produced them. Returns an unsubscribe. */
  subscribe(listener: (output: AgentOutput) => void): () => void;
}

export interface ConversationHub {
  /** The customer's active conversation on that channel endpoint, or a new one routed to `agentScript`. */
  openOrJoin(args: {
    channel: SandboxChannel;
    endpointId: string; // deployment id or integration id
    customerId: string;
    customer?: CustomerProfile;
    agentScript?: string;
  }): SandboxConversation;
  get(conversationId: string): SandboxConversation | undefined;
  list(): SandboxConversation[];
  /** Operator-as-agent: a person answers as the agent (joining first, as `operatorJoin`). */
  operatorSend(conversationId: string, output: Omit<Extract<AgentOutput, { kind: 'message' }>, 'id' | 'time'>): void;
  /** Operator-as-agent: the typing indicator for `durationMs` (joining first, as `operatorJoin`). */
  operatorTyping(conversationId: string, nickname: string, durationMs: number): void;
  /** Operator-as-agent: a person joins as the human agent `nickname`; the agent answering until now leaves, and the
   *  scripted agent stays silent until `handBack`. */
  operatorJoin(conversationId: string, nickname: string): void;
  /** Operator-as-agent: the current agent leaves and the person `to` joins. */
  operatorTransfer(conversationId: string, to: string): void;
  /** The human agents leave and the conversation's scripted agent answers again. */
  handBack(conversationId: string): void;
  /** Ends the conversation; `wrapup` lands on the agent holding it (as the code the agent chose). */
  end(conversationId: string, wrapup?: { code: string; notes?: string }): void;
}
