// Typed main → renderer events: every payload is checked against its contract schema on emit, then handed to
// each transport (Electron IPC, the web host's socket), which forwards it to its pages.
import { events, type EventChannel, type EventOf } from '../../shared/contract';

/** Typed main → renderer events; each transport subscribes and forwards to its pages. */
export class EventBus {
  private readonly listeners = new Set<(event: EventChannel, payload: unknown) => void>();

  emit<E extends EventChannel>(event: E, payload: EventOf<E>): void {
    const checked = events[event].parse(payload);
    for (const listener of this.listeners) listener(event, checked);
  }

  subscribe(listener: (event: EventChannel, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
