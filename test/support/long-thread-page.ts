// A console page that answers from memory with one long conversation ("Long Thread", 10,000 messages
// unless told otherwise), for the e2e test of the virtualized thread and for bench/thread-render.ts. Passed
// to addInitScript, so it runs in the page before the app and must be self-contained. `window.addOlder(n)`
// adds n messages above.
/** A console page that answers from memory with one `count`-message thread (runs before the app loads). */
export function installLongThread(count = 10_000) {
  type Listener = (payload: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();
  const start = Date.parse('2026-01-05T09:00:00.000Z');
  const items = Array.from({ length: count }, (_, index) => ({
    id: `m${index}`,
    from: index % 3 === 0 ? 'guest' : 'agent',
    senderName: index % 3 === 0 ? undefined : 'Sandy',
    time: new Date(start + index * 7 * 60_000).toISOString(),
    text: `Message number ${index}${index % 10 === 0 ? ' with a somewhat longer text that wraps onto a second line in the bubble, as real messages do' : ''}`,
    content: [],
    ...(index % 3 === 0 ? { delivery: 'sent' } : {}),
  }));
  const summary = { id: 'long', profileId: 'sandbox', profileName: 'Sandbox', channel: 'webmessaging', personaName: 'Long Thread', state: 'live', unread: 0, updatedAt: items.at(-1)!.time, agentTyping: false };
  const reply = (data: unknown) => Promise.resolve({ ok: true, data });
  const handlers: Record<string, () => Promise<unknown>> = {
    'app.info': () => reply({ name: 'Guest Console', version: '0.1.0', host: 'web', platform: 'linux', versions: {}, dataDirectory: '/tmp', sandbox: null, secretProtection: 'memory', notices: [] }),
    'conversations.list': () => reply([summary]),
    'conversations.thread': () => reply({ conversation: summary, items }),
  };
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload));
  (window as unknown as { addOlder: (count: number) => void }).addOlder = (count) =>
    emit('conversation.items', {
      conversationId: 'long',
      items: Array.from({ length: count }, (_, index) => ({ id: `old${index}`, from: 'agent', senderName: 'Sandy', time: new Date(start - (count - index) * 60_000).toISOString(), text: `Older message ${index}`, content: [] })),
    });
  (window as unknown as { guestConsole: unknown }).guestConsole = {
    invoke: (channel: string) => handlers[channel]?.() ?? Promise.resolve({ ok: false, error: { kind: 'Unavailable', message: `not scripted: ${channel}` } }),
    on: (event: string, listener: Listener) => {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}
