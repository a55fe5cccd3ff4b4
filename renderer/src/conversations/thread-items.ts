// The thread as the page keeps it: items upserted by id and ordered by their time (items with equal times
// keep the order they arrived in), so out-of-order replies land where their timestamps put them.
import type { ThreadItem } from '../../../shared/contract';

export function upsertItems(current: ThreadItem[], incoming: ThreadItem[]): ThreadItem[] {
  if (incoming.length === 0) return current;
  const byId = new Map(current.map((item) => [item.id, item]));
  for (const item of incoming) byId.set(item.id, item);
  return [...byId.values()].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}
