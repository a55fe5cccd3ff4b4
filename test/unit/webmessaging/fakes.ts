// Fakes for the Web Messaging guest's parts: a clock whose timers run only when advanced, a socket factory
// whose sockets the test opens, feeds and drops by hand, and a history endpoint. No server, no real time.
import { serverFrame, type ServerFrame } from '../../../electron/protocol/webmessaging';
import type { GuestSocket, GuestSocketFactory, GuestSocketListener } from '../../../electron/engine/genesys/webmessaging/guest-socket';

/** A clock whose timers run only when advanced: the one the sandbox harness uses. */
export { createFakeClock as fakeClock } from '../../integration/sandbox/openmessaging-harness';

export class FakeSocket implements GuestSocket {
  isOpen = false;
  readonly sent: string[] = [];
  pings = 0;
  closedWith: number | undefined;
  terminated = false;

  constructor(
    readonly url: URL,
    readonly headers: Record<string, string>,
    private readonly listener: GuestSocketListener,
  ) {}

  send(text: string): void {
    this.sent.push(text);
  }

  ping(): void {
    this.pings += 1;
  }

  /** Closes like ws: the close event still comes (the link must ignore it, having asked). */
  close(code: number): void {
    this.closedWith = code;
    this.isOpen = false;
    this.listener.closed(code);
  }

  terminate(): void {
    this.terminated = true;
    this.drop(1006);
  }

  // ---- the test's side ----

  open(): void {
    this.isOpen = true;
    this.listener.open();
  }

  pong(): void {
    this.listener.pong();
  }

  receive(frame: ServerFrame | object): void {
    this.listener.text(JSON.stringify(frame));
  }

  refuse(status: number, retryAfterMs?: number): void {
    this.listener.refused(status, retryAfterMs);
    this.drop(1006);
  }

  fail(error: Error): void {
    this.listener.error(error);
    this.drop(1006);
  }

  drop(code = 1006): void {
    this.isOpen = false;
    this.listener.closed(code);
  }

  /** Sent frames, parsed. */
  frames(): Record<string, unknown>[] {
    return this.sent.map((text) => JSON.parse(text) as Record<string, unknown>);
  }

  actions(): string[] {
    return this.frames().map((frame) => frame.action as string);
  }

  last(action: string): Record<string, unknown> {
    const found = this.frames().filter((frame) => frame.action === action).at(-1);
    if (!found) throw new Error(`no ${action} frame was sent (sent: ${this.actions().join(', ')})`);
    return found;
  }
}

export function fakeSockets(): { factory: GuestSocketFactory; sockets: FakeSocket[]; latest(): FakeSocket } {
  const sockets: FakeSocket[] = [];
  return {
    factory: (url, headers, listener) => {
      const socket = new FakeSocket(url, headers, listener);
      sockets.push(socket);
      return socket;
    },
    sockets,
    latest: () => {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no socket was opened');
      return socket;
    },
  };
}

/** A history endpoint serving `messages` newest first (as Genesys does), or the status set in `failWith`. */
export function fakeHistory(messages: object[] = []) {
  const state = { messages, failWith: undefined as number | undefined, retryAfter: undefined as string | undefined, reads: 0 };
  const fetch = (async (input: URL | string) => {
    state.reads += 1;
    const url = new URL(String(input));
    if (state.failWith) {
      return new Response('{}', { status: state.failWith, headers: state.retryAfter ? { 'Retry-After': state.retryAfter } : {} });
    }
    const size = Number(url.searchParams.get('pageSize'));
    const page = Number(url.searchParams.get('pageNumber'));
    const entities = [...state.messages].reverse().slice((page - 1) * size, page * size);
    return new Response(JSON.stringify({ entities, pageSize: size, pageNumber: page, total: state.messages.length }), { status: 200 });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, state };
}

export const session = (fields: Partial<Parameters<typeof serverFrame.sessionResponse>[0]> = {}) =>
  serverFrame.sessionResponse({ connected: true, newSession: true, ...fields });

export const agentSays = (id: string, text: string) =>
  serverFrame.structuredMessage({ id, type: 'Text', direction: 'Outbound', text, originatingEntity: 'Bot' });

export const echoOf = (id: string, clientId: string, text: string, tracingId: string | undefined = clientId) =>
  serverFrame.structuredMessage({ id, type: 'Text', direction: 'Inbound', text, metadata: { customMessageId: clientId } }, tracingId);

/** Let promise callbacks (configure after sign-in, history reads) run. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 10; round += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
