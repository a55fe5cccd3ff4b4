// Compares a conversation's thread (the contract's `conversations.thread`, i.e. what the UI shows) with the
// sandbox's own record: every server message with text is in the thread exactly once, on the right side,
// with the same text; nothing in the thread claims a server id the server does not have; nothing the guest
// sent reached the server twice; and every message the user sent is either delivered or marked failed.
import type { ThreadItem } from '../../../shared/contract';
import type { ServerMessage } from './server-truth';

export interface UserSend {
  text: string;
  /** The console answered the send request (so the user saw the message in the thread). */
  confirmed: boolean;
}

export interface Reconciliation {
  /** Server messages and user sends checked. */
  checked: number;
  problems: string[];
  /** Guest items the console marked failed (with a reason), to be retried by the caller. */
  failed: ThreadItem[];
}

export function reconcileThread(label: string, items: ThreadItem[], truth: ServerMessage[], sends: UserSend[]): Reconciliation {
  const problems: string[] = [];
  const failed: ThreadItem[] = [];
  const byServerId = new Map<string, ThreadItem[]>();
  for (const item of items) {
    const key = item.serverId ?? (item.from === 'agent' ? item.id : undefined);
    if (key) byServerId.set(key, [...(byServerId.get(key) ?? []), item]);
  }
  for (const message of truth) {
    const found = byServerId.get(message.id) ?? [];
    const side = message.direction === 'Inbound' ? 'guest' : 'agent';
    if (found.length !== 1) problems.push(`${label}: server ${side} message "${message.text}" (${message.id}) is in the thread ${found.length} times`);
    else if (found[0]!.from !== side || (found[0]!.text ?? '') !== message.text) {
      problems.push(`${label}: server message ${message.id} shows as ${found[0]!.from} "${found[0]!.text}" instead of ${side} "${message.text}"`);
    }
  }
  const truthIds = new Set(truth.map((message) => message.id));
  for (const item of items) {
    if (item.from === 'system' || !item.text) continue;
    if (item.from === 'agent' && !truthIds.has(item.serverId ?? item.id)) problems.push(`${label}: agent item "${item.text}" is not on the server`);
    if (item.from === 'guest' && item.delivery === 'sent' && !truthIds.has(item.serverId ?? '')) {
      problems.push(`${label}: guest item "${item.text}" says sent but the server does not have ${item.serverId}`);
    }
  }
  const inboundTexts = truth.filter((message) => message.direction === 'Inbound').map((message) => message.text);
  for (const text of new Set(inboundTexts)) {
    const times = inboundTexts.filter((candidate) => candidate === text).length;
    if (times > 1) problems.push(`${label}: the server received "${text}" ${times} times`);
  }
  for (const send of sends) {
    const shown = items.filter((item) => item.from === 'guest' && item.text === send.text);
    if (shown.length > 1) problems.push(`${label}: "${send.text}" is in the thread ${shown.length} times`);
    if (shown.length === 0) {
      if (send.confirmed) problems.push(`${label}: "${send.text}" was accepted by the console but is not in the thread`);
      continue;
    }
    const item = shown[0]!;
    if (item.delivery === 'sending') problems.push(`${label}: "${send.text}" is still sending`);
    if (item.delivery === 'failed') {
      if (!item.failure) problems.push(`${label}: "${send.text}" failed without a reason`);
      failed.push(item);
    }
  }
  return { checked: truth.length + sends.length, problems, failed };
}
