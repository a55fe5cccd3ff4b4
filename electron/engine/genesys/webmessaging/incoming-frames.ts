// The server's frames in the order they came: most are read at once, field by field (protocol's
// server-frame-reader.ts); the few that need the full schemas wait for them to load on first need and hold back
// what came after them (frames, and the link dropping), so nothing is handled out of order. A load run's
// guests never need the schemas, so they never load zod; the console loads them at start
// (`loadServerFrameSchemas`), so its frames never wait.
import { readServerFrame, type ReadServerFrame } from '../../../protocol/webmessaging/server-frame-reader';
import type { ParsedServerFrame } from '../../../protocol/webmessaging/server-frames';

type Check = (value: unknown) => ParsedServerFrame;

let check: Check | undefined;
let loading: Promise<Check> | undefined;

/** Load the schemas for the frames that need them (once per process). */
export function loadServerFrameSchemas(): Promise<void> {
  loading ??= import('../../../protocol/webmessaging/server-frames').then((schemas) => (check = schemas.checkServerFrame));
  return loading.then(() => undefined);
}

export class IncomingFrames {
  /** What came after a frame that waits for the schemas: frames (read or not yet) and other link events. */
  private heldBack: (ReadServerFrame | (() => void))[] | undefined;
  /** Counts clear(): what was held back before the last clear is dropped when the schemas arrive. */
  private generation = 0;

  constructor(private readonly handle: (parsed: ParsedServerFrame) => void) {}

  push(raw: string): void {
    const read = readServerFrame(raw);
    if (this.heldBack) {
      this.heldBack.push(read);
      return;
    }
    if (read.ok !== 'schemas') return this.handle(read);
    if (check) return this.handle(check(read.value));
    this.heldBack = [read];
    const generation = this.generation;
    void loadServerFrameSchemas().then(() => {
      if (generation !== this.generation) return;
      const held = this.heldBack ?? [];
      this.heldBack = undefined;
      for (const item of held) {
        // Handling one may stop the session (clear()): the rest are dropped then.
        if (generation !== this.generation) return;
        if (typeof item === 'function') item();
        else this.handle(item.ok === 'schemas' ? check!(item.value) : item);
      }
    });
  }

  /** Run `event` (the link dropped …) once every frame that came before it is handled. */
  after(event: () => void): void {
    if (this.heldBack) this.heldBack.push(event);
    else event();
  }

  /** The session stopped: drop whatever is held back. */
  clear(): void {
    this.generation += 1;
    this.heldBack = undefined;
  }
}
