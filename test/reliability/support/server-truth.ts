// The sandbox as ground truth, read the way an outside client would: Web Messaging through the guest's
// own history (test/support/guest-history.ts), Open Messaging through the Platform API conversation read
// (OAuth client credentials, conversation, bulk message read). Only messages with text are compared.
import type { Sandbox } from '../../../electron/sandbox';
import { serverHistory } from '../../support/guest-history';

export interface ServerMessage {
  id: string;
  direction: 'Inbound' | 'Outbound';
  text: string;
}

/** What the truth readers need of a sandbox: where it listens and its org (a child process's sandbox too). */
export type SandboxAddress = Pick<Sandbox, 'baseUrl' | 'wsUrl' | 'org'>;

export async function webMessagingTruth(sandbox: SandboxAddress, guestToken: string): Promise<ServerMessage[]> {
  const history = await serverHistory(sandbox.wsUrl, sandbox.baseUrl, sandbox.org.deploymentId, guestToken);
  return history
    .filter((message) => message.type !== 'Event' && typeof message.text === 'string' && message.text !== '')
    .map((message) => ({ id: message.id, direction: message.direction === 'Inbound' ? 'Inbound' : 'Outbound', text: message.text! }));
}

async function platformToken(sandbox: SandboxAddress): Promise<string> {
  const basic = Buffer.from(`${sandbox.org.clientId}:${sandbox.org.clientSecret}`).toString('base64');
  const response = await fetch(`${sandbox.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (!response.ok) throw new Error(`the sandbox refused the truth reader's login (HTTP ${response.status})`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function platformJson(sandbox: SandboxAddress, token: string, pathname: string, body?: unknown): Promise<unknown> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(`${sandbox.baseUrl}${pathname}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 429 && attempt < 10) {
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('Retry-After') ?? '1') * 1000));
      continue;
    }
    if (!response.ok) throw new Error(`the truth read ${pathname} answered HTTP ${response.status}`);
    return response.json();
  }
}

export async function openMessagingTruth(sandbox: SandboxAddress, conversationId: string): Promise<ServerMessage[]> {
  const token = await platformToken(sandbox);
  const conversation = (await platformJson(sandbox, token, `/api/v2/conversations/messages/${conversationId}`)) as {
    participants: { messages?: { messageId: string }[] }[];
  };
  const ids = conversation.participants.flatMap((participant) => (participant.messages ?? []).map((message) => message.messageId));
  if (ids.length === 0) return [];
  const listing = (await platformJson(sandbox, token, `/api/v2/conversations/messages/${conversationId}/messages/bulk`, ids)) as {
    entities: { id: string; direction?: string; timestamp: string; normalizedMessage?: { text?: string } }[];
  };
  return listing.entities
    .filter((entity) => typeof entity.normalizedMessage?.text === 'string' && entity.normalizedMessage.text !== '')
    .sort((a, b) => a.timestamp.localeCompare(b.timestamp))
    .map((entity) => ({ id: entity.id, direction: entity.direction?.toLowerCase() === 'inbound' ? 'Inbound' : 'Outbound', text: entity.normalizedMessage!.text! }));
}
