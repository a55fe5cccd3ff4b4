// What one scenario guest has received, as the engine's event bus reports it: agent messages and lifecycle
// lines in arrival order (not the thread's time order — out-of-order replies stay visible), the guest's own
// messages with their delivery, the conversation's state and platform id. Subscribes before the
// conversation exists and keeps only its events once `attach` names it.
import type { ConversationState, ConversationSummary, EventOf, ThreadItem } from '../../../shared/contract';
import type { Clock } from '../../protocol/clock';
import type { EventBus } from '../event-bus';

export class ConversationObserver {
  readonly log: ThreadItem[] = [];
  readonly guestItems = new Map<string, ThreadItem>();
  state: ConversationState = 'connecting';
  stateDetail: string | undefined;
  platformConversationId: string | undefined;
  /** The console's conversation id, once attached. */
  conversationId: string | undefined;
  private readonly positions = new Map<string, number>();
  private readonly early: EventOf<'conversation.items'>[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(
    bus: EventBus,
    private readonly clock: Clock,
  ) {
    this.unsubscribe = bus.subscribe((event, payload) => {
      if (event === 'conversation.items') this.onItems(payload as EventOf<'conversation.items'>);
      else if (event === 'conversations.changed') {
        const summary = (payload as EventOf<'conversations.changed'>).conversations.find((candidate) => candidate.id === this.conversationId);
        if (summary) this.onSummary(summary);
      }
    });
  }

  /** From now on only this conversation counts; what it reported before (while starting) is taken in. */
  attach(summary: ConversationSummary): void {
    this.conversationId = summary.id;
    for (const event of this.early.splice(0)) this.onItems(event);
    this.onSummary(summary);
  }

  close(): void {
    this.unsubscribe();
    for (const wake of this.waiters) wake();
  }

  /** Resolve with the first defined result of `check`, tried now and on every change; undefined after `timeoutMs`. */
  waitUntil<T>(check: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const finish = (value: T | undefined) => {
        this.waiters.delete(wake);
        this.clock.clearTimeout(timer);
        resolve(value);
      };
      const wake = () => {
        const value = check();
        if (value !== undefined) finish(value);
      };
      const timer = this.clock.setTimeout(() => finish(check()), timeoutMs);
      this.waiters.add(wake);
    });
  }

  private onItems(event: EventOf<'conversation.items'>): void {
    if (this.conversationId === undefined) {
      this.early.push(event);
      return;
    }
    if (event.conversationId !== this.conversationId) return;
    for (const item of event.items) {
      if (item.from === 'guest') {
        this.guestItems.set(item.id, item);
        continue;
      }
      const position = this.positions.get(item.id);
      if (position === undefined) {
        this.positions.set(item.id, this.log.length);
        this.log.push(item);
      } else this.log[position] = item;
    }
    this.changed();
  }

  private onSummary(summary: ConversationSummary): void {
    this.state = summary.state;
    this.stateDetail = summary.stateDetail;
    if (summary.platformConversationId) this.platformConversationId = summary.platformConversationId;
    this.changed();
  }

  private changed(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
