// The thread as the page keeps it: items upserted by id and ordered by their time (items with equal times
// keep the order they arrived in), so out-of-order replies land where their timestamps put them. The
// common cases — an update in place, or new items at the end — avoid re-sorting a long thread.
import type { ThreadItem } from '../../../shared/contract';

export function upsertItems(current: ThreadItem[], incoming: ThreadItem[]): ThreadItem[] {
  if (incoming.length === 0) return current;
  const indexById = new Map(current.map((item, index) => [item.id, index]));
  const next = [...current];
  const added: ThreadItem[] = [];
  for (const item of incoming) {
    const index = indexById.get(item.id);
    if (index !== undefined && next[index]?.time === item.time) next[index] = item;
    else if (index !== undefined) return resort(current, incoming);
    else added.push(item);
  }
  const lastTime = next.length > 0 ? Date.parse(next[next.length - 1]!.time) : -Infinity;
  const inOrder = added.every((item, index) => Date.parse(item.time) >= (index === 0 ? lastTime : Date.parse(added[index - 1]!.time)));
  return inOrder ? [...next, ...added] : resort(next, added);
}

function resort(current: ThreadItem[], incoming: ThreadItem[]): ThreadItem[] {
  const byId = new Map(current.map((item) => [item.id, item]));
  for (const item of incoming) byId.set(item.id, item);
  return [...byId.values()]
    .map((item, order) => ({ item, order, time: Date.parse(item.time) }))
    .sort((a, b) => a.time - b.time || a.order - b.order)
    .map(({ item }) => item);
}
