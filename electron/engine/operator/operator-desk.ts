// The operator's agent desk for sandbox conversations: the operator answers as the agent (text, quick
// replies, a card, a file, typing, join, transfer, hand back to the bot, end) so both sides of a demo show on
// one screen; the sandbox's scripted agent is silent while the operator is in the conversation. It talks
// to the sandbox's control API over HTTP with the control token, building each request and reading each
// answer with the API's schemas in protocol/ — the engine never imports the sandbox. A console conversation
// is found in the sandbox by its platform id, or by the message ids both share.
import type { ThreadItem } from '../../../shared/contract';
import type { OperatorAction, OperatorDesk } from '../../../shared/operator-contract';
import {
  ControlErrorBodySchema,
  controlMethod,
  controlPath,
  controlRoutes,
  type ControlError,
  type ControlRequest,
  type ControlResponse,
  type ControlRoute,
  type ConversationSummary,
} from '../../protocol/sandbox-control/control-api';
import { ConsoleError } from '../console-error';

export interface SandboxControlEndpoint {
  /** `${sandbox.baseUrl}/sandbox/control/` */
  url: string;
  token: string;
}

/** What the desk needs to know of a console conversation. */
export interface DeskConversation {
  id: string;
  isSandbox: boolean;
  platformConversationId?: string;
  items: ThreadItem[];
}

const DEFAULT_AGENT = 'Operator';

/** Who held the conversation before a desk action and who holds it after (Genesys tells the guest neither). */
export interface HandOver {
  left?: string;
  joined: string;
  /** A transfer, rather than the operator joining or handing back. */
  transferred: boolean;
}

/** What each refusal of the sandbox is to the console. */
const ERROR_KINDS: Record<ControlError['kind'], ConsoleError['kind']> = {
  ConversationNotFound: 'NotFound',
  ConversationEnded: 'Conflict',
  InvalidRequest: 'InvalidRequest',
  ScriptsInvalid: 'InvalidRequest',
  Unauthorized: 'InvalidRequest',
  NotFound: 'NotFound',
};

export class OperatorDeskService {
  /** Who the operator speaks as, per console conversation (a transfer changes it). */
  private readonly agentNames = new Map<string, string>();

  constructor(
    private readonly control: SandboxControlEndpoint | null,
    /** Told when a desk action changed who holds a console conversation, so its thread can say so. */
    private readonly onHandOver: (conversationId: string, change: HandOver) => void = () => undefined,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async desk(conversation: DeskConversation): Promise<OperatorDesk> {
    const agentName = this.agentNames.get(conversation.id) ?? DEFAULT_AGENT;
    if (!conversation.isSandbox) {
      return { available: false, reason: 'The agent desk works with sandbox conversations; on a real org, answer from Genesys Cloud.', agentName, participants: [] };
    }
    if (!this.control) return { available: false, reason: 'The built-in sandbox is not running in this console.', agentName, participants: [] };
    const found = await this.find(conversation);
    if (!found) {
      return { available: false, reason: 'The sandbox has not seen this conversation yet. Send a first message as the customer.', agentName, participants: [] };
    }
    const customer = found.participants.find((participant) => participant.purpose === 'customer');
    const { firstName, lastName, email } = found.customer ?? {};
    return {
      available: found.state === 'active',
      ...(found.state === 'ended' ? { reason: 'This conversation has ended in the sandbox.' } : {}),
      sandboxConversationId: found.id,
      agentName,
      participants: found.participants.filter((participant) => participant.purpose !== 'customer').map(({ name, purpose, state }) => ({ name, purpose, state })),
      guest: {
        name: customer?.name ?? found.customer?.nickname ?? 'Customer',
        channel: found.channel,
        ...(firstName ? { firstName } : {}),
        ...(lastName ? { lastName } : {}),
        ...(email ? { email } : {}),
        customAttributes: found.customAttributes ?? {},
      },
    };
  }

  async act(conversation: DeskConversation, action: OperatorAction): Promise<OperatorDesk> {
    const current = await this.desk(conversation);
    if (!current.available || !current.sandboxConversationId) throw new ConsoleError('Conflict', current.reason ?? 'The agent desk is not available here.');
    const id = current.sandboxConversationId;
    const nickname = current.agentName;
    switch (action.type) {
      case 'text':
        await this.call('POST conversations/:id/messages', { text: action.text, nickname }, id);
        break;
      case 'quickReplies':
        await this.call('POST conversations/:id/messages', { text: action.text, quickReplies: action.replies.map((text) => ({ text, payload: text })), nickname }, id);
        break;
      case 'card': {
        const actions = [
          ...(action.buttons ?? []).map((text) => ({ text, payload: text })),
          ...(action.link ? [{ text: 'Open link', url: action.link }] : []),
        ];
        const card = { title: action.title, ...(action.description ? { description: action.description } : {}), actions };
        await this.call('POST conversations/:id/messages', { card, nickname }, id);
        break;
      }
      case 'attachment':
        await this.call(
          'POST conversations/:id/messages',
          { ...(action.text ? { text: action.text } : {}), attachment: { filename: action.fileName, mime: action.mime, data: action.data }, nickname },
          id,
        );
        break;
      case 'typing':
        await this.call('POST conversations/:id/typing', { nickname, durationMs: 5000 }, id);
        break;
      case 'join':
        await this.call('POST conversations/:id/join', { nickname }, id);
        break;
      case 'transfer':
        await this.call('POST conversations/:id/transfer', { to: action.to }, id);
        this.agentNames.set(conversation.id, action.to);
        break;
      case 'handBack':
        await this.call('POST conversations/:id/hand-back', {}, id);
        this.agentNames.delete(conversation.id);
        break;
      case 'end':
        await this.call('POST conversations/:id/end', action.wrapup ? { wrapup: { code: action.wrapup } } : {}, id);
        break;
    }
    const after = await this.desk(conversation);
    const [before, now] = [holderOf(current), holderOf(after)];
    if (now && now !== before && (action.type === 'transfer' || action.type === 'join' || action.type === 'handBack')) {
      this.onHandOver(conversation.id, { ...(before ? { left: before } : {}), joined: now, transferred: action.type === 'transfer' });
    }
    return after;
  }

  /** Ends the conversation in the sandbox if it is still open there (Reset demo); never throws. */
  async endIfOpen(conversation: DeskConversation): Promise<void> {
    try {
      const current = await this.desk(conversation);
      if (current.available) await this.act(conversation, { type: 'end' });
    } catch {
      // The sandbox may have stopped or forgotten the conversation; there is nothing left to end then.
    }
  }

  private async find(conversation: DeskConversation): Promise<ConversationSummary | undefined> {
    const { entities } = await this.call('GET conversations', undefined);
    if (conversation.platformConversationId) {
      const direct = entities.find((candidate) => candidate.id === conversation.platformConversationId);
      if (direct) return direct;
    }
    const ids = new Set(conversation.items.flatMap((item) => (item.serverId ? [item.serverId] : [])));
    const sharing = entities.filter((candidate) => candidate.participants.some((participant) => participant.messageIds.some((id) => ids.has(id))));
    // After "Start new" the guest has several sandbox conversations: the open, most recent one is current.
    return sharing.sort((a, b) => Number(b.state === 'active') - Number(a.state === 'active') || (b.lastMessageTime ?? '').localeCompare(a.lastMessageTime ?? ''))[0];
  }

  private async call<R extends ControlRoute>(route: R, body: ControlRequest<R>, conversationId?: string): Promise<ControlResponse<R>> {
    if (!this.control) throw new ConsoleError('Unavailable', 'The built-in sandbox is not running in this console.');
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.control.url}${controlPath(route, conversationId)}`, {
        method: controlMethod(route),
        headers: { Authorization: `Bearer ${this.control.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ConsoleError('Unavailable', `The sandbox could not be reached (${(error as Error).message}).`);
    }
    const answer: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const refusal = ControlErrorBodySchema.safeParse(answer);
      if (!refusal.success) throw new ConsoleError('InvalidRequest', `The sandbox refused: HTTP ${response.status}`);
      throw new ConsoleError(ERROR_KINDS[refusal.data.error.kind], `The sandbox refused: ${refusal.data.error.message}`);
    }
    const parsed = controlRoutes[route].response.safeParse(answer);
    if (!parsed.success) throw new ConsoleError('Unavailable', `The sandbox answered ${route} with something unexpected (${parsed.error.issues[0]?.message ?? ''}).`);
    return parsed.data as ControlResponse<R>;
  }
}

/** The agent or bot holding the conversation: the newest one still connected. */
/** Who speaks for the platform now: the newest connected agent or bot (a queue, `acd`, holds but never speaks). */
function holderOf(desk: OperatorDesk): string | undefined {
  return desk.participants.filter((participant) => participant.state === 'connected' && participant.purpose !== 'acd').at(-1)?.name;
}
